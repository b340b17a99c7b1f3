import ArgumentParser
import Foundation
import NollyClient
import NollyCrypto
import NollyFederation
import NollyModel
import NollyNode
import NollyStore
import NollySync

struct SyncCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sync",
        abstract: "Pull from and push to peers over HTTPS (all peers with an address, or PEER).",
        discussion: """
            Pulls everything the peer lets this node see, then pushes what this node grants the peer, \
            page by page; an interrupted sync resumes where it stopped. With --watch, syncs again every \
            --interval seconds and, while a peer is unreachable, retries with growing waits (up to 5 minutes).
            """
    )

    @OptionGroup var options: NodeOptions

    @Argument(help: "The peer's name or node key prefix (default: every peer with an address).")
    var peer: String?

    @Flag(name: .long, help: "Keep syncing while connected; back off and retry when offline.")
    var watch = false

    @Option(name: .long, help: "Seconds between syncs under --watch.")
    var interval = 10

    @Option(name: .long, help: "Seconds a request may take.")
    var timeout = 60

    @Option(name: .long, help: "Changes per page.")
    var pageSize = ReplicationService.maxPageChanges

    func validate() throws {
        guard interval >= 1 else { throw ValidationError("--interval must be at least 1 second") }
        guard timeout >= 1 else { throw ValidationError("--timeout must be at least 1 second") }
        guard (1...ReplicationService.maxPageChanges).contains(pageSize) else {
            throw ValidationError("--page-size must be between 1 and \(ReplicationService.maxPageChanges)")
        }
    }

    func run() throws {
        let node = try options.openNode()
        let key = try node.peers.nodeIdentity().signingKey
        var policy = RetryPolicy(intervalSeconds: interval)
        // Peers that refused this node (a 401 or 403): asking again will not change their answer.
        var setAside = Set<String>()
        while true {
            let outcomes = try syncOnce(node: node, key: key, skipping: setAside)
            for (name, outcome) in outcomes where outcome == .failedPermanently {
                setAside.insert(name)
                if watch { Self.note("\(name) is not retried: fix what it refused, then run `nollycrew sync` again") }
            }
            if outcomes.contains(where: { $0.outcome == .succeeded }) { try fetchEagerMedia(node) }
            let failed = outcomes.contains { $0.outcome != .succeeded }
            guard watch else {
                if failed { throw ExitCode(1) }
                return
            }
            if !outcomes.isEmpty, outcomes.allSatisfy({ $0.outcome == .failedPermanently }) { throw ExitCode(1) }
            let transient = outcomes.contains { $0.outcome == .failedTransiently }
            guard case .retry(let seconds) = policy.next(after: transient ? .failedTransiently : .succeeded) else {
                throw ExitCode(1)
            }
            if transient { Self.note("retrying in \(seconds) s") }
            sleep(UInt32(seconds))
        }
    }

    /// Fetches the portfolio files of the kinds in `media.fetch_eagerly` that the sync brought
    /// rows for; a file no peer supplies now is reported and left for `media fetch`.
    private func fetchEagerMedia(_ node: Node) throws {
        let kinds = node.settings.eagerMediaKinds
        guard !kinds.isEmpty, try !node.media.missing(kinds: kinds).isEmpty else { return }
        let result = try node.media.fetchMissing(kinds: kinds, from: try node.blobSources(timeout: timeout))
        for fetch in result.fetched where fetch.source != nil {
            Self.note("fetched \(fetch.hash.prefix(16))… (\(fetch.bytes) bytes) from \(fetch.source ?? "")")
        }
        for failure in result.failed {
            Self.note("could not fetch \(failure.hash.prefix(16))…: \(failure.reason); `nollycrew media fetch` retries")
        }
    }

    /// Syncs with each chosen peer but those set aside; returns how each attempt ended.
    private func syncOnce(node: Node, key: SigningKey, skipping setAside: Set<String>) throws
        -> [(peer: String, outcome: RetryPolicy.Outcome)]
    {
        let peers = try (peer.map { [try node.peers.find($0)] } ?? node.peers.list().filter { $0.url != nil })
            .filter { !setAside.contains($0.name) }
        if peers.isEmpty && setAside.isEmpty {
            Self.note("no peers with an address: add one with `nollycrew peer add TOKEN`")
        }
        var outcomes = [(peer: String, outcome: RetryPolicy.Outcome)]()
        for peer in peers {
            guard let url = peer.url, let fingerprint = peer.fingerprint else {
                Self.note("\(peer.name) connects to this node; it has no address to sync with")
                continue
            }
            let bar = ProgressBar(enabled: !options.json && isatty(STDERR_FILENO) == 1, label: peer.name)
            do {
                let transport = try CurlPeerTransport(
                    url: url,
                    fingerprint: fingerprint,
                    key: key,
                    responder: peer.nodeKey,
                    timeout: timeout
                )
                let started = Date()
                let summary = try node.replication.sync(
                    with: peer,
                    over: transport,
                    pageSize: pageSize,
                    progress: bar.update
                )
                bar.finish()
                // Written unbuffered, so `--watch` output reaches a file or pipe as it happens.
                let text = Self.describe(summary, seconds: Date().timeIntervalSince(started), json: options.json)
                FileHandle.standardOutput.write(Data((text + "\n").utf8))
                outcomes.append((peer.name, .succeeded))
            } catch {
                bar.finish()
                outcomes.append((peer.name, RetryPolicy.outcome(of: error)))
                Self.note("sync with \(peer.name) failed: \(error)")
            }
        }
        return outcomes
    }

    static func describe(_ summary: SyncSummary, seconds: Double, json: Bool) -> String {
        if json {
            return JSONValue.object([
                ("peer", .string(summary.peer)),
                ("pulled", .integer(Int64(summary.pulled))),
                ("pushed", .integer(Int64(summary.pushed))),
                ("applied", .integer(Int64(summary.applied))),
                ("duplicates", .integer(Int64(summary.duplicates))),
                (
                    "rejected",
                    .array(
                        summary.rejected.map {
                            .object([
                                ("change", .string($0.id.hex)), ("code", .string($0.code.rawValue)),
                                ("reason", .string($0.reason)),
                                ("by", .string($0.side)),
                            ])
                        }
                    )
                ),
                ("seconds", .string(String(format: "%.3f", seconds))),
            ]).canonical
        }
        var lines = [
            "Synced with \(summary.peer): pulled \(summary.pulled), pushed \(summary.pushed), "
                + "applied \(summary.applied), duplicates \(summary.duplicates), rejected \(summary.rejected.count) "
                + "(\(String(format: "%.2f", seconds)) s)"
        ]
        lines += summary.rejected.prefix(20).map {
            "  rejected \($0.id.hex.prefix(16))… by \($0.side): \($0.reason) [\($0.code.rawValue)]"
        }
        return lines.joined(separator: "\n")
    }

    static func note(_ text: String) {
        FileHandle.standardError.write(Data("nollycrew: \(text)\n".utf8))
    }
}

/// A one-line progress bar on standard error, redrawn at most ten times a second.
final class ProgressBar {
    let enabled: Bool
    let label: String
    private var lastDraw = Date.distantPast
    private var drawn = false

    init(enabled: Bool, label: String) {
        self.enabled = enabled
        self.label = label
    }

    func update(_ progress: SyncProgress) {
        guard enabled, Date().timeIntervalSince(lastDraw) >= 0.1 || progress.done >= progress.total else { return }
        lastDraw = Date()
        let total = max(progress.total, progress.done, 1)
        let filled = progress.done * 30 / total
        let phase = progress.phase == .pulling ? "pull" : "push"
        let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: 30 - filled)
        FileHandle.standardError.write(Data("\r\(label) \(phase) [\(bar)] \(progress.done)/\(total)".utf8))
        drawn = true
    }

    func finish() {
        if drawn { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
        drawn = false
    }
}
