import Foundation
public import NollyCrypto
public import NollyFederation
import NollyModel
public import NollyStore
public import NollySync

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
    /// page by page, carrying out a ``SyncSession``'s actions: every page is stored with its
    /// cursor, so an interrupted sync resumes. Pulls are pipelined: page n+1 is fetched and its
    /// signatures checked in the background while page n is merged and stored.
    public func sync(
        with peer: PeerRecord,
        over transport: some PeerTransport,
        pageSize: Int = Node.maxPageChanges,
        progress: (SyncProgress) -> Void = { _ in }
    ) throws -> SyncSummary {
        let processor = processor(fromBundle: false)
        func fetch(_ request: PullRequest) throws -> (OutboundPage, PendingCheck) {
            let answer = try transport.post("/v1/pull", body: request.serialized())
            do {
                let page = try OutboundPage(serialized: answer)
                return (page, PendingCheck(page.changes, processor: processor))
            } catch {
                throw PeerTransportError(status: nil, "\(peer.name) answered a pull with \(error)")
            }
        }
        var session = SyncSession(
            peer: peer.name,
            pullCursor: peer.pullCursor,
            pushCursor: peer.pushCursor,
            pageSize: pageSize,
            pushLimit: Self.maxPushChanges
        )
        var checking: PendingCheck?
        var prefetched: Result<(OutboundPage, PendingCheck), any Error>?
        var action = session.start()
        while true {
            switch action {
            case .fetch(let request):
                let (page, check) = try fetch(request)
                checking = check
                action = session.pageArrived(page)
            case .store(let page, let prefetch):
                if let prefetch { prefetched = Result { try fetch(prefetch) } }
                guard let check = checking else { preconditionFailure("a page is stored after it was fetched") }
                let report = try store.apply(
                    checked: check.wait(),
                    processor: processor,
                    from: peer.nodeKey,
                    advancingPullCursorTo: page.cursor
                )
                action = session.pageStored(report)
                progress(session.progress)
            case .deliverPrefetched:
                guard let next = prefetched else { preconditionFailure("a prefetched page is delivered once") }
                prefetched = nil
                // A lost connection keeps every page stored so far; the next sync resumes after it.
                let (page, check) = try next.get()
                checking = check
                action = session.pageArrived(page)
            case .finishPull:
                // A whole pull from a peer catches a restored node up with what it had signed.
                if try store.restoreHold() { try store.releaseRestoreHold() }
                action = session.pullFinished()
            case .readOutbound(let cursor, let limit):
                action = session.outboundRead(try store.outboundPage(for: peer.nodeKey, after: cursor, limit: limit))
            case .push(let request):
                let answer = try transport.post("/v1/push", body: request.serialized())
                do {
                    action = session.pushAnswered(try PushReply(serialized: answer))
                } catch {
                    throw PeerTransportError(status: nil, "\(peer.name) answered a push with \(error)")
                }
            case .storePushCursor(let cursor):
                try store.setPushCursor(cursor, for: peer.nodeKey, syncedAt: Int64(nowMilliseconds))
                action = session.pushCursorStored()
                progress(session.progress)
            case .finished(let summary):
                return summary
            }
        }
    }
}
