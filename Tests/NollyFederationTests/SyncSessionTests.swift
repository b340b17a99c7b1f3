import NollyCrypto
import NollyFederation
import NollyModel
import NollyRandom
import NollySync
import Testing

/// The sync session driven by scripted events, with no network and no store.
@Suite("The sync session as a pure state machine")
struct SyncSessionTests {
    static func change(_ byte: UInt8) -> SignedChange {
        SignedChange(body: [byte], signature: Array(repeating: byte, count: 64))
    }

    static func page(_ changes: Int, at position: UInt64, more: Bool, remaining: UInt64 = 0) -> OutboundPage {
        OutboundPage(
            changes: (0..<changes).map { change(UInt8(truncatingIfNeeded: $0)) },
            cursor: SyncCursor(position: position),
            more: more,
            remaining: remaining
        )
    }

    static func report(applied: Int, rejected: [Rejection] = []) -> ApplyReport {
        var report = ApplyReport()
        report.outcomes = (0..<applied).map { (change(UInt8($0)).id, .applied) }
        report.outcomes += rejected.enumerated().map { (change(UInt8(100 + $0.offset)).id, .rejected($0.element)) }
        return report
    }

    func session(pageSize: Int = 2) -> SyncSession {
        SyncSession(
            peer: "studio",
            pullCursor: SyncCursor(),
            pushCursor: SyncCursor(),
            pageSize: pageSize,
            pushLimit: 2_000
        )
    }

    @Test("Pull pipelines the next page while one is stored, then pushes page by page, then finishes")
    func wholeSync() {
        var sync = session()
        #expect(sync.start() == .fetch(PullRequest(cursor: SyncCursor(), limit: 2)))
        let first = Self.page(2, at: 2, more: true, remaining: 1)
        #expect(
            sync.pageArrived(first) == .store(first, prefetch: PullRequest(cursor: SyncCursor(position: 2), limit: 2))
        )
        #expect(sync.pageStored(Self.report(applied: 2)) == .deliverPrefetched)
        #expect(sync.progress == SyncProgress(phase: .pulling, done: 2, total: 3))
        let last = Self.page(1, at: 3, more: false)
        #expect(sync.pageArrived(last) == .store(last, prefetch: nil))
        let refused = Rejection(.notAuthorized, "not authorized: no")
        #expect(sync.pageStored(Self.report(applied: 0, rejected: [refused])) == .finishPull)
        #expect(sync.pullFinished() == .readOutbound(after: SyncCursor(), limit: 2))
        let outbound = Self.page(2, at: 9, more: true)
        #expect(sync.outboundRead(outbound) == .push(PushRequest(changes: outbound.changes)))
        let reply = PushReply(outcomes: [
            (outbound.changes[0].id, .applied), (outbound.changes[1].id, .rejected(Rejection(.awaitingRow, "waiting"))),
        ])
        #expect(sync.pushAnswered(reply) == .storePushCursor(SyncCursor(position: 9)))
        #expect(sync.pushCursorStored() == .readOutbound(after: SyncCursor(position: 9), limit: 2))
        #expect(sync.outboundRead(Self.page(0, at: 9, more: false)) == .storePushCursor(SyncCursor(position: 9)))
        guard case .finished(let summary) = sync.pushCursorStored() else {
            Issue.record("the sync did not finish")
            return
        }
        #expect(summary.pulled == 3 && summary.pushed == 2 && summary.applied == 3 && summary.duplicates == 0)
        #expect(summary.rejected.map(\.code) == [.notAuthorized, .awaitingRow])
        #expect(summary.rejected.map(\.side) == ["here", "studio"])
    }

    @Test("A page that says more but does not move the cursor ends the pull (no endless loop)")
    func stalledPeer() {
        var sync = session()
        _ = sync.start()
        let stuck = Self.page(0, at: 0, more: true)
        #expect(sync.pageArrived(stuck) == .store(stuck, prefetch: nil))
        #expect(sync.pageStored(ApplyReport()) == .finishPull)
        _ = sync.pullFinished()
        let outbound = Self.page(0, at: 0, more: true)
        #expect(sync.outboundRead(outbound) == .storePushCursor(SyncCursor()))
        guard case .finished = sync.pushCursorStored() else {
            Issue.record("a push cursor that does not move must end the push")
            return
        }
    }

    @Test("Push pages are never larger than a push may carry")
    func pushLimit() {
        var sync = SyncSession(
            peer: "p",
            pullCursor: SyncCursor(),
            pushCursor: SyncCursor(position: 5),
            pageSize: 2_000,
            pushLimit: 500
        )
        _ = sync.start()
        _ = sync.pageArrived(Self.page(0, at: 0, more: false))
        _ = sync.pageStored(ApplyReport())
        #expect(sync.pullFinished() == .readOutbound(after: SyncCursor(position: 5), limit: 500))
    }

    @Test("Random page sequences: the session fetches each page once, in order, and counts every change")
    func randomSequences() {
        for seed in UInt64(1)...200 {
            var random = SplitMix64(seed: seed)
            let pages = Int.random(in: 1...12, using: &random)
            var sync = session(pageSize: 50)
            var action = sync.start()
            var position: UInt64 = 0
            var sent = 0
            var fetched = 0
            var prefetchPending = false
            for index in 0..<pages {
                let count = Int.random(in: 0...50, using: &random)
                position += UInt64(count) + 1
                let page = Self.page(count, at: position, more: index < pages - 1)
                if !prefetchPending {
                    guard case .fetch = action else {
                        Issue.record("seed \(seed): expected a fetch, got \(action)")
                        return
                    }
                }
                fetched += 1
                sent += count
                action = sync.pageArrived(page)
                guard case .store(_, let prefetch) = action else {
                    Issue.record("seed \(seed): expected a store")
                    return
                }
                #expect(prefetch?.cursor == (page.more ? page.cursor : nil), "seed \(seed)")
                prefetchPending = prefetch != nil
                action = sync.pageStored(Self.report(applied: count))
                #expect(action == (prefetchPending ? .deliverPrefetched : .finishPull), "seed \(seed)")
            }
            #expect(fetched == pages && sync.summary.pulled == sent && sync.summary.applied == sent, "seed \(seed)")
        }
    }
}

@Suite("The retry policy tells transient failures from permanent ones")
struct RetryPolicyTests {
    @Test("Transient failures back off, doubling up to five minutes; success returns to the interval")
    func backoff() {
        var policy = RetryPolicy(intervalSeconds: 10)
        var waits = [Int]()
        for _ in 0..<12 {
            guard case .retry(let seconds) = policy.next(after: .failedTransiently) else {
                Issue.record("a transient failure is retried")
                return
            }
            waits.append(seconds)
        }
        #expect(waits == [2, 4, 8, 16, 32, 64, 128, 256, 300, 300, 300, 300])
        #expect(policy.next(after: .succeeded) == .retry(afterSeconds: 10))
        #expect(policy.next(after: .failedTransiently) == .retry(afterSeconds: 20))
    }

    @Test("A 401 or 403 is not retried; no answer, a 5xx, a 429 or a 409 is")
    func classification() {
        let permanent = [401, 403, 400, 413, 495]
        let transient: [Int?] = [nil, 500, 502, 503, 429, 409]
        for status in permanent {
            #expect(RetryPolicy.outcome(of: PeerTransportError(status: status, "no")) == .failedPermanently)
        }
        for status in transient {
            #expect(RetryPolicy.outcome(of: PeerTransportError(status: status, "later")) == .failedTransiently)
        }
        var policy = RetryPolicy(intervalSeconds: 10)
        #expect(policy.next(after: .failedPermanently) == .giveUp)
    }
}
