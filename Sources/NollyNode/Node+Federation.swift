import Foundation
public import NollyCrypto
import NollyModel
public import NollyStore
public import NollySync

/// Carries signed requests to one peer. The node decides what to send and what to do with
/// the answers; an adapter (libcurl in NollyClient, or an in-process one in tests) moves bytes.
public protocol PeerTransport {
    /// POSTs `body` to `path` (for example `/v1/pull`) as a request signed with the node key;
    /// returns the body of a 2xx answer and throws ``PeerTransportError`` otherwise.
    func post(_ path: String, body: [UInt8]) throws -> [UInt8]
}

/// A request to a peer that failed.
public struct PeerTransportError: Error, CustomStringConvertible, Sendable {
    /// The HTTP status the peer answered with; `nil` when no answer arrived.
    public let status: Int?
    public let message: String

    public init(status: Int?, _ message: String) {
        self.status = status
        self.message = message
    }

    /// Whether trying again later may help (no answer, or a server-side problem).
    public var isTransient: Bool { status == nil || status! >= 500 || status == 429 }

    public var description: String { status.map { "HTTP \($0): \(message)" } ?? message }
}

/// Where a sync with one peer stands, for progress bars.
public struct SyncProgress: Sendable {
    public enum Phase: Sendable { case pulling, pushing }
    public var phase: Phase
    public var done: Int
    /// An estimate of the total (log positions), which may shrink as the sync goes.
    public var total: Int
}

/// What a sync with one peer did.
public struct SyncSummary: Sendable {
    public var peer: String
    public var pulled = 0
    public var pushed = 0
    /// Changes applied here (pulled) and there (pushed).
    public var applied = 0
    public var duplicates = 0
    public var rejected: [RejectedChange] = []

    public init(peer: String) { self.peer = peer }
}

extension Node {
    /// The most changes one pull page carries, whatever the peer asks for.
    public static let maxPageChanges = 2_000
    /// The most changes a push carries.
    public static let maxPushChanges = 2_000

    // MARK: Serving

    /// A page of our log for a peer (`POST /v1/pull`).
    public func pull(_ request: PullRequest, for peer: SigningPublicKey) throws -> OutboundPage {
        let limit = request.limit <= 0 ? Self.maxPageChanges : min(request.limit, Self.maxPageChanges)
        let page = try store.outboundPage(for: peer, after: request.cursor, limit: limit)
        if !page.more { try store.setLastSync(of: peer, at: Int64(nowMilliseconds)) }
        return page
    }

    /// Changes pushed by a peer (`POST /v1/push`), through the one write path; one outcome per
    /// change in the order sent.
    public func acceptPush(_ request: PushRequest, from peer: SigningPublicKey) throws -> PushReply {
        guard request.changes.count <= Self.maxPushChanges else {
            throw FederationRefusal(.tooManyChanges, "a push carries at most \(Self.maxPushChanges) changes")
        }
        let report = try store.applyDurably(request.changes, processor: processor(fromBundle: false), from: peer)
        let outcomes = Dictionary(report.outcomes, uniquingKeysWith: { first, _ in first })
        return PushReply(
            outcomes: request.changes.map { change in
                let id = change.id
                return (id, outcomes[id] ?? .rejected(Rejection(.notProcessed, "not processed")))
            }
        )
    }

    // MARK: Syncing with a peer

    /// Pulls everything the peer lets us see after our cursor, then pushes what we grant it,
    /// page by page; every page is stored with its cursor, so an interrupted sync resumes.
    public func sync(
        with peer: PeerRecord,
        over transport: some PeerTransport,
        pageSize: Int = Node.maxPageChanges,
        progress: (SyncProgress) -> Void = { _ in }
    ) throws -> SyncSummary {
        var summary = SyncSummary(peer: peer.name)
        let processor = processor(fromBundle: false)
        // Pull, pipelined: page n+1 is fetched and its signatures checked in the background
        // while page n is merged and stored (with its cursor, in one transaction).
        func fetch(after cursor: SyncCursor) throws -> (OutboundPage, PendingCheck) {
            let answer = try transport.post("/v1/pull", body: PullRequest(cursor: cursor, limit: pageSize).serialized())
            do {
                let page = try OutboundPage(serialized: answer)
                return (page, PendingCheck(page.changes, processor: processor))
            } catch {
                throw PeerTransportError(status: nil, "\(peer.name) answered a pull with \(error)")
            }
        }
        var cursor = peer.pullCursor
        var (page, checking) = try fetch(after: cursor)
        var done = 0
        while true {
            var next: (OutboundPage, PendingCheck)?
            var interruption: (any Error)?
            if page.more, page.cursor != cursor {
                do { next = try fetch(after: page.cursor) } catch { interruption = error }
            }
            let report = try store.apply(
                checked: checking.wait(),
                processor: processor,
                from: peer.nodeKey,
                advancingPullCursorTo: page.cursor
            )
            summary.pulled += page.changes.count
            summary.applied += report.applied
            summary.duplicates += report.duplicates
            summary.rejected += report.rejected.map { RejectedChange(id: $0.0, rejection: $0.1) }
            done += page.changes.count
            progress(SyncProgress(phase: .pulling, done: done, total: done + Int(clamping: page.remaining)))
            // A lost connection keeps every page stored so far; the next sync resumes after it.
            if let interruption { throw interruption }
            guard let next else { break }
            cursor = page.cursor
            (page, checking) = next
        }
        // A whole pull from a peer catches a restored node up with what it had signed.
        if try store.restoreHold() { try store.releaseRestoreHold() }
        // Push.
        var pushCursor = peer.pushCursor
        done = 0
        while true {
            let page = try store.outboundPage(
                for: peer.nodeKey,
                after: pushCursor,
                limit: min(pageSize, Self.maxPushChanges)
            )
            if !page.changes.isEmpty {
                let answer = try transport.post("/v1/push", body: PushRequest(changes: page.changes).serialized())
                let reply: PushReply
                do {
                    reply = try PushReply(serialized: answer)
                } catch {
                    throw PeerTransportError(status: nil, "\(peer.name) answered a push with \(error)")
                }
                summary.pushed += page.changes.count
                for (id, outcome) in reply.outcomes {
                    switch outcome {
                    case .applied: summary.applied += 1
                    case .duplicate: summary.duplicates += 1
                    case .rejected(let rejection):
                        summary.rejected.append(RejectedChange(id: id, rejection: rejection, side: peer.name))
                    }
                }
            }
            try store.setPushCursor(page.cursor, for: peer.nodeKey, syncedAt: Int64(nowMilliseconds))
            done += page.changes.count
            progress(SyncProgress(phase: .pushing, done: done, total: done + Int(clamping: page.remaining)))
            guard page.more, page.cursor != pushCursor else { break }
            pushCursor = page.cursor
        }
        return summary
    }
}
