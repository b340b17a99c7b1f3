import ArgumentParser
import Foundation
import NollyCrypto
import NollyModel
import NollyNode
import NollyStore
import NollySync

struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create a node: a data directory, a node key and an empty replica."
    )

    @OptionGroup var options: NodeOptions

    @Option(name: .long, help: "Trust this public key as an administrator (repeatable).")
    var admin: [SigningPublicKey] = []

    @Option(name: .long, help: "The name this node gives itself to peers (default: the host name).")
    var name: String?

    func run() throws {
        let node = try Node.initialize(
            at: options.directory,
            settings: try options.configuration().settings,
            passphrase: .standard
        )
        for key in admin { try node.users.trustAdmin(key) }
        if let name { try node.peers.setName(name) }
        options.emit(
            .object([("node_key", .string(node.nodeKey.hex)), ("data_dir", .string(node.directory.url.path))]),
            human: "Initialized node \(node.nodeKey.hex) in \(node.directory.url.path)"
        )
    }
}

struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show the node id, what it holds and what it has seen."
    )

    @OptionGroup var options: NodeOptions

    func run() throws {
        let status = try options.openNode().status()
        let counts = status.counts
        let json = JSONValue.object([
            ("node_key", .string(status.nodeKey.hex)),
            ("data_dir", .string(status.dataDirectory)),
            (
                "users",
                .array(status.localUsers.map { .object([("name", .string($0.name)), ("key", .string($0.key.hex))]) })
            ),
            ("rows", .object(counts.liveRows.map { ($0.key.rawValue, .integer(Int64($0.value))) })),
            ("changes", .integer(Int64(counts.loggedChanges))),
            ("waiting", .integer(Int64(counts.waiting))),
            (
                "equivocations",
                .array(
                    status.equivocations.map {
                        .object([
                            ("author", .string($0.author.hex)), ("seq", .integer(Int64(clamping: $0.seq))),
                            ("first", .string($0.first.hex)), ("second", .string($0.second.hex)),
                        ])
                    }
                )
            ),
            ("rejected", .integer(Int64(counts.rejectedChanges))),
            ("clock", .string(status.clock.description)),
            ("seen", status.seen.json),
            ("trusted_admins", .array(status.trustedAdmins.map { .string($0.hex) })),
        ])
        var lines = [
            "Node      \(status.nodeKey.hex)",
            "Data      \(status.dataDirectory)",
            "Users     "
                + (status.localUsers.isEmpty
                    ? "none"
                    : status.localUsers.map { "\($0.name) (\($0.key.hex.prefix(12)))" }.joined(separator: ", ")),
            "Rows      "
                + (counts.liveRows.isEmpty
                    ? "none"
                    : counts.liveRows.sorted { $0.key < $1.key }.map { "\($0.key.rawValue) \($0.value)" }.joined(
                        separator: ", "
                    )),
            "Changes   \(counts.loggedChanges) logged, \(counts.rejectedChanges) rejected "
                + "(\(counts.waiting) kept until a grant, a row or this node's clock arrives)",
            "Seen      \(status.seen.contiguous.count) authors",
        ]
        for equivocation in status.equivocations {
            lines.append(
                "WARNING   \(equivocation.author.hex.prefix(16))… signed two different changes as number "
                    + "\(equivocation.seq) (\(equivocation.first.hex.prefix(12))…, \(equivocation.second.hex.prefix(12))…): "
                    + "a copied key, or a node restored from an old backup"
            )
        }
        for (author, seq) in status.seen.contiguous.sorted(by: { $0.key < $1.key }) {
            lines.append("  \(author.hex.prefix(16))… up to \(seq)")
        }
        options.emit(json, human: lines.joined(separator: "\n"))
    }
}

struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Print the canonical dump of the replicated state (stable order, byte-comparable)."
    )

    @OptionGroup var options: NodeOptions

    @Flag(name: .long, help: "Print only the state digest (BLAKE2b-256 of the dump).")
    var digest = false

    func run() throws {
        let node = try options.openNode()
        if digest {
            print(try node.replication.stateDigest())
        } else {
            print(try node.replication.canonicalExport(), terminator: "")
        }
    }
}
