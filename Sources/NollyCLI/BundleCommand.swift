import ArgumentParser
import Foundation
import NollyCrypto
import NollyModel
import NollyNode
import NollyStore
import NollySync

struct BundleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bundle",
        abstract: "Offline sync through files.",
        subcommands: [Export.self, Import.self]
    )

    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write the signed changes a peer may see and lacks to a bundle file.",
            discussion: """
                What leaves the node: with --for PEER, only the changes in the scopes granted to that \
                peer (`nollycrew peer list` shows them); with --all, every change of every scope, \
                project and organisation data included: give such a file only to a node that may see all of it. \
                With --seen, give the receiving node's `nollycrew status --json` output (or just its "seen" \
                object): changes it already holds are left out.
                """
        )

        @OptionGroup var options: NodeOptions

        @Option(name: .shortAndLong, help: "The bundle file to write.")
        var out: String

        @Option(
            name: .customLong("for"),
            help: "The peer the bundle is for (name or node key prefix): its scopes only."
        )
        var peer: String?

        @Flag(help: "Write every scope (project and organisation data included).")
        var all = false

        @Option(name: .customLong("seen"), help: "A JSON file with the receiving node's status or seen vector.")
        var seenFile: String?

        @Flag(help: "Carry the portfolio files this node holds (headshots, reels, …) whose rows may leave.")
        var withMedia = false

        func validate() throws {
            guard (peer == nil) != !all else {
                throw ValidationError("say what may leave this node: --for PEER (its granted scopes) or --all")
            }
        }

        func run() throws {
            let seen = try seenFile.map(Self.readSeen)
            let node = try options.openNode()
            let scopes = try peer.map { Set(try node.peers.find($0).grants.keys) }
            let count = try node.replication.exportBundle(
                to: URL(fileURLWithPath: out),
                for: seen,
                scopes: scopes,
                withMedia: withMedia
            )
            let bytes = (try? FileManager.default.attributesOfItem(atPath: out)[.size] as? Int) ?? 0
            options.emit(
                .object([
                    ("changes", .integer(Int64(count))), ("bytes", .integer(Int64(bytes))), ("file", .string(out)),
                    (
                        "scopes",
                        scopes.map { .array($0.map(\.description).sorted().map(JSONValue.string)) } ?? .string("all")
                    ),
                ]),
                human: "Wrote \(count) changes (\(bytes) bytes) to \(out)"
                    + (scopes.map { " for scopes \($0.map(\.description).sorted().joined(separator: ", "))" }
                        ?? " (all scopes)")
            )
        }

        static func readSeen(_ path: String) throws -> SeenVector {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw ValidationError("--seen: cannot read \(path)")
            }
            guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
                throw ValidationError("--seen: \(path) is not a JSON object")
            }
            let seen = (object["seen"] as? [String: Any]) ?? object
            var members = [String: UInt64]()
            for (key, value) in seen {
                guard let number = value as? NSNumber, number.int64Value >= 0 else {
                    throw ValidationError("--seen: seen[\(key)] must be a non-negative number")
                }
                members[key] = number.uint64Value
            }
            do { return try SeenVector(parsing: members) } catch { throw ValidationError("--seen: \(error)") }
        }
    }

    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Verify and merge a bundle; report applied, duplicate and rejected changes."
        )

        @OptionGroup var options: NodeOptions

        @Argument(help: "The bundle file.")
        var file: String

        func run() throws {
            let summary = try options.openNode().replication.importBundle(from: URL(fileURLWithPath: file))
            let json = JSONValue.object([
                ("read", .integer(Int64(summary.read))),
                ("applied", .integer(Int64(summary.applied))),
                ("duplicates", .integer(Int64(summary.duplicates))),
                ("released", .integer(Int64(summary.released))),
                (
                    "rejected",
                    .array(
                        summary.rejected.map {
                            .object([
                                ("change", .string($0.id.hex)), ("code", .string($0.code.rawValue)),
                                ("reason", .string($0.reason)),
                            ])
                        }
                    )
                ),
                ("operations", .integer(Int64(summary.operations))),
                ("problem", summary.problem.map(JSONValue.string) ?? .null),
                ("media_stored", .integer(Int64(summary.mediaStored))),
                ("media_refused", .array(summary.mediaRefused.map(JSONValue.string))),
            ])
            var lines = [
                "Imported \(file): \(summary.applied) applied, \(summary.duplicates) duplicate, "
                    + "\(summary.rejected.count) rejected"
                    + (summary.released > 0 ? ", \(summary.released) released" : "")
                    + (summary.mediaStored > 0 ? ", \(summary.mediaStored) media files" : "")
            ]
            lines += summary.rejected.prefix(20).map {
                "  rejected \($0.id.hex.prefix(16))…: \($0.reason) [\($0.code.rawValue)]"
            }
            lines += summary.mediaRefused.prefix(20).map { "  media file not stored: \($0)" }
            if let problem = summary.problem { lines.append("error: \(problem)") }
            options.emit(json, human: lines.joined(separator: "\n"))
            if summary.problem != nil { throw ExitCode(2) }
        }
    }
}
