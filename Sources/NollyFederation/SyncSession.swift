public import NollySync

/// One sync with a peer as a pure state machine, in SwiftNIO's style: each event the node
/// reports returns the next ``Action``, and the node carries it out (network, store). The
/// session holds the protocol's rules (pull until the peer says there is no more or stops
/// moving, pipeline the next page while one is stored, then push page by page) and the
/// running summary; it does no I/O, so tests drive it with scripted events.
public struct SyncSession: Sendable {
    /// What the node does next.
    public enum Action: Sendable, Equatable {
        /// POST `/v1/pull` with this request, then report ``pageArrived(_:)``.
        case fetch(PullRequest)
        /// Store the page with its cursor in one transaction. When `prefetch` is set, first send
        /// that pull, so the next page travels (and its signatures are checked) while this one is
        /// stored. Then report ``pageStored(_:)``.
        case store(OutboundPage, prefetch: PullRequest?)
        /// Hand the prefetched page to ``pageArrived(_:)``; if its fetch failed, stop with that error
        /// (every page stored so far stays stored, and the next sync resumes after it).
        case deliverPrefetched
        /// The pull is complete (a restored node may sign again); then report ``pullFinished()``.
        case finishPull
        /// Read at most `limit` of this node's changes for the peer after `cursor`, then report
        /// ``outboundRead(_:)``.
        case readOutbound(after: SyncCursor, limit: Int)
        /// POST `/v1/push` with this request, then report ``pushAnswered(_:)``.
        case push(PushRequest)
        /// Store the push cursor, then report ``pushCursorStored()``.
        case storePushCursor(SyncCursor)
        /// The sync is over.
        case finished(SyncSummary)
    }

    private enum State: Sendable, Equatable {
        case idle
        case awaitingPage
        case storing(OutboundPage, prefetching: Bool)
        case awaitingPrefetched
        case finishingPull
        case readingOutbound
        case pushing(OutboundPage)
        case storingPushCursor(OutboundPage)
        case finished
    }

    public let peer: String
    public let pageSize: Int
    public let pushLimit: Int
    public private(set) var summary: SyncSummary
    public private(set) var progress = SyncProgress(phase: .pulling, done: 0, total: 0)
    private var pullCursor: SyncCursor
    private var pushCursor: SyncCursor
    private var state = State.idle

    public init(peer: String, pullCursor: SyncCursor, pushCursor: SyncCursor, pageSize: Int, pushLimit: Int) {
        self.peer = peer
        self.pullCursor = pullCursor
        self.pushCursor = pushCursor
        self.pageSize = pageSize
        self.pushLimit = pushLimit
        summary = SyncSummary(peer: peer)
    }

    /// Begins with a pull after the stored pull cursor.
    public mutating func start() -> Action {
        precondition(state == .idle, "a sync session starts once")
        state = .awaitingPage
        return .fetch(PullRequest(cursor: pullCursor, limit: pageSize))
    }

    /// A pulled page arrived (its signatures are being checked).
    public mutating func pageArrived(_ page: OutboundPage) -> Action {
        precondition(state == .awaitingPage, "a page arrives only when one was fetched")
        // A page that says more but does not move the cursor would loop forever: stop after it.
        let prefetch = page.more && page.cursor != pullCursor ? PullRequest(cursor: page.cursor, limit: pageSize) : nil
        state = .storing(page, prefetching: prefetch != nil)
        return .store(page, prefetch: prefetch)
    }

    /// The page is stored with its cursor; `report` is what the store did with its changes.
    public mutating func pageStored(_ report: ApplyReport) -> Action {
        guard case .storing(let page, let prefetching) = state else {
            preconditionFailure("a page is stored only after it arrived")
        }
        summary.pulled += page.changes.count
        summary.applied += report.applied
        summary.duplicates += report.duplicates
        summary.rejected += report.rejected.map { RejectedChange(id: $0.0, rejection: $0.1) }
        progress.done += page.changes.count
        progress.total = progress.done + Int(clamping: page.remaining)
        pullCursor = page.cursor
        if prefetching {
            state = .awaitingPage
            return .deliverPrefetched
        }
        state = .finishingPull
        return .finishPull
    }

    /// The node has done what a complete pull allows; the push begins.
    public mutating func pullFinished() -> Action {
        precondition(state == .finishingPull, "the pull finishes once, after its last page")
        progress = SyncProgress(phase: .pushing, done: 0, total: 0)
        state = .readingOutbound
        return .readOutbound(after: pushCursor, limit: min(pageSize, pushLimit))
    }

    /// This node's next changes for the peer were read.
    public mutating func outboundRead(_ page: OutboundPage) -> Action {
        precondition(state == .readingOutbound, "outbound changes are read when asked for")
        if page.changes.isEmpty {
            state = .storingPushCursor(page)
            return .storePushCursor(page.cursor)
        }
        state = .pushing(page)
        return .push(PushRequest(changes: page.changes))
    }

    /// The peer answered the push, one outcome per change.
    public mutating func pushAnswered(_ reply: PushReply) -> Action {
        guard case .pushing(let page) = state else { preconditionFailure("a push is answered only after it was sent") }
        summary.pushed += page.changes.count
        for (id, outcome) in reply.outcomes {
            switch outcome {
            case .applied: summary.applied += 1
            case .duplicate: summary.duplicates += 1
            case .rejected(let rejection):
                summary.rejected.append(RejectedChange(id: id, rejection: rejection, side: peer))
            }
        }
        state = .storingPushCursor(page)
        return .storePushCursor(page.cursor)
    }

    /// The push cursor is stored: push the next page, or finish.
    public mutating func pushCursorStored() -> Action {
        guard case .storingPushCursor(let page) = state else {
            preconditionFailure("the push cursor is stored only after a page was read")
        }
        progress.done += page.changes.count
        progress.total = progress.done + Int(clamping: page.remaining)
        guard page.more, page.cursor != pushCursor else {
            state = .finished
            return .finished(summary)
        }
        pushCursor = page.cursor
        state = .readingOutbound
        return .readOutbound(after: pushCursor, limit: min(pageSize, pushLimit))
    }
}
