import Foundation
import NollyCrypto
import NollyFederation
import NollyModel
import NollyStore
import NollySync
import Testing

@testable import NollyNode

/// A clock a test moves by hand.
final class TestClock: @unchecked Sendable {
    private let lock = NSLock()
    private var current: Date

    init(_ start: Date = Date()) { current = start }

    var now: Date { lock.withLock { current } }

    func advance(by seconds: TimeInterval) { lock.withLock { current = current.addingTimeInterval(seconds) } }
}

/// A peer that serves whatever pages it was given, the way a hostile node would.
final class HostileTransport: PeerTransport {
    var pages: [OutboundPage]

    init(pages: [OutboundPage]) { self.pages = pages }

    func post(_ path: String, body: [UInt8]) throws -> [UInt8] {
        switch path {
        case "/v1/pull":
            guard !pages.isEmpty else {
                return OutboundPage(changes: [], cursor: .start, more: false, remaining: 0).serialized()
            }
            return pages.removeFirst().serialized()
        case "/v1/push":
            let request = try PushRequest(serialized: body)
            return PushReply(outcomes: request.changes.map { ($0.id, .duplicate) }).serialized()
        default:
            throw PeerTransportError(status: 404, "no route \(path)")
        }
    }
}

/// Changes whose numbers the store cannot hold, each signed by `author`.
func outOfRangeChanges(by author: Identity) -> [(what: String, change: SignedChange)] {
    let profile = RowID(author.publicKey.bytes)
    let now = HLC(milliseconds: UInt64(Date().timeIntervalSince1970 * 1000), counter: 0)
    let edit = [FieldOp("city", .assign(.text("Jos")))]
    func change(seq: UInt64 = 1, hlc: HLC = now, length: UInt64 = 1) -> SignedChange {
        signedChange(
            by: author,
            seq: seq,
            at: hlc,
            [RowOps(entity: .profile, row: profile, causalLength: length, ops: edit)]
        )
    }
    return [
        ("seq 2^63", change(seq: 1 << 63)),
        ("seq 2^64 - 1", change(seq: .max)),
        ("causal length 2^63 + 1", change(length: 1 << 63 | 1)),
        ("causal length 2^64 - 1", change(length: .max)),
        ("clock 2^63", change(hlc: HLC(rawValue: 1 << 63))),
        ("clock 2^64 - 1", change(hlc: HLC(rawValue: .max))),
    ]
}

@Suite("A hostile peer")
struct HostilePeerTests {
    let directory: TemporaryDirectory
    let hub: Node
    let spoke: Node
    let talent: Identity
    let producer: Identity

    init() throws {
        directory = try TemporaryDirectory()
        hub = try directory.node("hub")
        spoke = try directory.node("spoke")
        talent = try Identity.generate()
        producer = try Identity.generate()
        try connect(spoke, to: hub, scopes: [.public])
    }

    /// The replica's canonical export, to compare before and after an attack.
    func digest(_ node: Node) throws -> String { try node.replication.canonicalExport() }

    func reason(_ outcome: ChangeOutcome?) -> String? {
        if case .rejected(let rejection) = outcome { return rejection.message }
        return nil
    }

    @Test("Out-of-range numbers are rejected with a reason: pushed, imported, or served in a pull page")
    func outOfRangeNumbers() throws {
        let before = try digest(hub)
        for (what, change) in outOfRangeChanges(by: talent) {
            let push = try hub.replication.acceptPush(PushRequest(changes: [change]), from: spoke.nodeKey)
            #expect(reason(push.outcomes.first?.1)?.contains("out of range") == true, "\(what) pushed")

            let bundle = directory.url.appendingPathComponent("hostile.bundle")
            try writeBundle([change], to: bundle, origin: talent.publicKey)
            let summary = try hub.replication.importBundle(from: bundle)
            #expect(summary.rejected.first?.reason.contains("out of range") == true, "\(what) imported")
        }
        #expect(try digest(hub) == before, "nothing applied")

        let hostile = HostileTransport(pages: [
            OutboundPage(
                changes: outOfRangeChanges(by: talent).map(\.change),
                cursor: SyncCursor(grantEpoch: 0, backfillAfter: 0, position: 6),
                more: false,
                remaining: 0
            )
        ])
        let spokeBefore = try digest(spoke)
        let summary = try spoke.replication.sync(with: try spoke.peers.find("hub"), over: hostile)
        #expect(summary.rejected.count == 6 && summary.rejected.allSatisfy { $0.reason.contains("out of range") })
        #expect(try digest(spoke) == spokeBefore)
    }

    @Test("A producer cannot fabricate an application, and nobody but its writers revives a row")
    func rowWritersOnly() throws {
        let job = RowID(producer.publicKey.bytes + Array(repeating: 4, count: 16))
        let application = RowID(talent.publicKey.bytes + job.bytes)
        let hired = signedChange(
            by: producer,
            [
                RowOps(
                    entity: .application,
                    row: application,
                    causalLength: 1,
                    ops: [FieldOp("status", .assign(.text("hired")))]
                )
            ]
        )
        let before = try digest(hub)
        let outcome = try hub.replication.receive([hired]).outcomes.first?.1
        #expect(reason(outcome)?.contains("only its owner creates") == true)
        #expect(try hub.store.snapshot(.application, application) == nil, "no application the talent never made")
        #expect(try digest(hub) == before)
        #expect(try hub.store.counts().waiting == 1)

        // The talent applies: the producer's decision, which waited for the row, now applies.
        let applied = signedChange(
            by: talent,
            [
                RowOps(
                    entity: .application,
                    row: application,
                    causalLength: 1,
                    ops: [FieldOp("status", .assign(.text("submitted")))]
                )
            ]
        )
        let report = try hub.replication.receive([applied])
        #expect(report.applied == 1 && report.released == 1)
        #expect(try hub.store.snapshot(.application, application)?.text("status") == "hired")

        // The talent deletes it; a producer's write at a higher causal length can neither revive
        // it nor make it undeletable.
        let deleted = signedChange(
            by: talent,
            seq: 2,
            [RowOps(entity: .application, row: application, causalLength: 2)]
        )
        #expect(try hub.replication.receive([deleted]).applied == 1)
        let revive = signedChange(
            by: producer,
            seq: 2,
            [
                RowOps(
                    entity: .application,
                    row: application,
                    causalLength: 999,
                    ops: [FieldOp("status", .assign(.text("offered")))]
                )
            ]
        )
        #expect(reason(try hub.replication.receive([revive]).outcomes.first?.1)?.contains("waiting") == true)
        #expect(try hub.store.causalLength(.application, application) == 2)
        #expect(try hub.store.snapshot(.application, application) == nil)
    }

    @Test("A representative edits a profile but never revives it")
    func representativeCannotRevive() throws {
        let agent = try Identity.generate()
        let profile = RowID(talent.publicKey.bytes)
        let grant = RowOps(
            entity: .representation,
            row: RowID(talent.publicKey.bytes + agent.publicKey.bytes),
            causalLength: 1
        )
        let created = RowOps(
            entity: .profile,
            row: profile,
            causalLength: 1,
            ops: [FieldOp("city", .assign(.text("Enugu")))]
        )
        let deleted = RowOps(entity: .profile, row: profile, causalLength: 2)
        _ = try hub.replication.receive([
            signedChange(by: talent, seq: 1, [grant, created]), signedChange(by: talent, seq: 2, [deleted]),
        ])
        let revival = signedChange(
            by: agent,
            [RowOps(entity: .profile, row: profile, causalLength: 3, ops: [FieldOp("city", .assign(.text("Kano")))])]
        )
        #expect(reason(try hub.replication.receive([revival]).outcomes.first?.1)?.contains("waiting") == true)
        #expect(try hub.store.snapshot(.profile, profile) == nil, "a deleted profile does not come back")
    }

    @Test("A change parked for its clock applies once the clock catches up, over HTTPS pages and bundles")
    func clockDriftIsNotFinal() throws {
        let clock = TestClock()
        let node = try directory.node("slow", clock: clock)
        try connect(node, to: hub, scopes: [.public])
        let tenMinutesAhead = HLC(milliseconds: UInt64(clock.now.timeIntervalSince1970 * 1000) + 600_000, counter: 0)
        let ahead = signedChange(
            by: talent,
            at: tenMinutesAhead,
            [RowOps(entity: .profile, row: RowID(talent.publicKey.bytes), causalLength: 1)]
        )
        let page = OutboundPage(
            changes: [ahead],
            cursor: SyncCursor(grantEpoch: 0, backfillAfter: 0, position: 1),
            more: false,
            remaining: 0
        )
        let summary = try node.replication.sync(with: try node.peers.find("hub"), over: HostileTransport(pages: [page]))
        #expect(summary.rejected.first?.reason.contains("ahead") == true)
        #expect(try node.store.counts().waiting == 1)
        #expect(try node.peers.find("hub").pullCursor.position == 1, "the cursor moved on, the change is kept")

        clock.advance(by: 6 * 60)
        // Any later transaction (here an empty pull page) reconsiders it.
        _ = try node.replication.sync(with: try node.peers.find("hub"), over: HostileTransport(pages: []))
        #expect(try node.store.snapshot(.profile, RowID(talent.publicKey.bytes)) != nil)
        #expect(try node.store.counts().waiting == 0)
    }

    @Test("A bundle from a fast laptop never moves this node's clock past now plus the network allowance")
    func bundleClockIsCapped() throws {
        let clock = TestClock()
        let node = try directory.node("studio", clock: clock)
        let nowMilliseconds = UInt64(clock.now.timeIntervalSince1970 * 1000)
        let twentyHoursAhead = HLC(milliseconds: nowMilliseconds + 20 * 3_600_000, counter: 0)
        let fast = signedChange(
            by: talent,
            at: twentyHoursAhead,
            [RowOps(entity: .profile, row: RowID(talent.publicKey.bytes), causalLength: 1)]
        )
        let bundle = directory.url.appendingPathComponent("fast.bundle")
        try writeBundle([fast], to: bundle, origin: talent.publicKey)
        #expect(try node.replication.importBundle(from: bundle).applied == 1, "bundles allow 24 hours of drift")
        #expect(try node.store.clock().milliseconds <= nowMilliseconds + 300_000)
        let author = try node.users.add(name: "ada", roles: [.actor])
        let own = try #require(try node.replication.changes(notCoveredBy: nil).last)
        let change = try ChangeCodec.decode(own.body)
        #expect(change.author == author.key && change.hlc.milliseconds <= nowMilliseconds + 300_000)
    }

    @Test("A copy of a waiting change with a bad signature never replaces the good one")
    func badCopyOfWaitingChange() throws {
        let agent = try Identity.generate()
        let profile = RowID(talent.publicKey.bytes)
        _ = try hub.replication.receive([
            signedChange(by: talent, [RowOps(entity: .profile, row: profile, causalLength: 1)])
        ])
        let edit = signedChange(
            by: agent,
            [RowOps(entity: .profile, row: profile, causalLength: 1, ops: [FieldOp("city", .assign(.text("Ibadan")))])]
        )
        #expect(reason(try hub.replication.receive([edit]).outcomes.first?.1)?.contains("representation") == true)
        let unsigned = SignedChange(body: edit.body, signature: [])
        let forged = SignedChange(body: edit.body, signature: Array(repeating: 0xAB, count: 64))
        #expect(
            reason(try hub.replication.receive([unsigned, forged]).outcomes.first?.1)?.contains("signature") == true
        )
        let grant = representationGrant(by: talent, to: agent, seq: 2)
        let report = try hub.replication.receive([grant])
        #expect(report.released == 1, "the good copy was kept and is released by the grant")
        #expect(try hub.store.snapshot(.profile, profile)?.text("city") == "Ibadan")
    }

    @Test("Two writes with equal versions end the same on every replica, and the equivocation shows")
    func equalVersionsAndEquivocation() throws {
        let other = try directory.node("other")
        let at = HLC(milliseconds: UInt64(Date().timeIntervalSince1970 * 1000), counter: 3)
        func city(_ name: String) -> SignedChange {
            signedChange(
                by: talent,
                seq: 1,
                at: at,
                [
                    RowOps(
                        entity: .profile,
                        row: RowID(talent.publicKey.bytes),
                        causalLength: 1,
                        ops: [FieldOp("city", .assign(.text(name)))]
                    )
                ]
            )
        }
        let (first, second) = (city("Aba"), city("Owerri"))
        _ = try hub.replication.receive([first])
        _ = try hub.replication.receive([second])
        _ = try other.replication.receive([second])
        _ = try other.replication.receive([first])
        #expect(try hub.replication.canonicalExport() == other.replication.canonicalExport())
        for node in [hub, other] {
            let equivocations = try node.status().equivocations
            #expect(
                equivocations.count == 1 && equivocations.first?.author == talent.publicKey
                    && equivocations.first?.seq == 1
            )
        }
    }

    @Test("A removal removes only the element it names, whatever tags it lists")
    func removalScopedToElement() throws {
        let profile = RowID(talent.publicKey.bytes)
        let agent = try Identity.generate()
        let grant = RowOps(
            entity: .representation,
            row: RowID(talent.publicKey.bytes + agent.publicKey.bytes),
            causalLength: 1
        )
        let created = signedChange(
            by: talent,
            [
                grant,
                RowOps(entity: .profile, row: profile, causalLength: 1, ops: [FieldOp("skills", .add(.text("dance")))]),
            ]
        )
        let added = signedChange(
            by: agent,
            [RowOps(entity: .profile, row: profile, causalLength: 1, ops: [FieldOp("skills", .add(.text("stunts")))])]
        )
        _ = try hub.replication.receive([created, added])
        // A removal that names "stunts" but lists the tag of "dance" removes neither.
        let danceTag = AddTag(change: created.id, op: 0)
        let sneaky = signedChange(
            by: agent,
            seq: 2,
            [
                RowOps(
                    entity: .profile,
                    row: profile,
                    causalLength: 1,
                    ops: [FieldOp("skills", .remove(.text("stunts"), observed: [danceTag]))]
                )
            ]
        )
        #expect(try hub.replication.receive([sneaky]).applied == 1)
        let skills = try #require(try hub.store.snapshot(.profile, profile)?.elements("skills"))
        #expect(Set(skills) == [.text("dance"), .text("stunts")])
    }

    @Test("An invite cannot redirect a known peer, nor widen what the joiner grants back")
    func joinCannotTakeOver() throws {
        let hostile = HostileTransport(pages: [])
        var redirect = try hub.peers.invite(
            scopes: [.public],
            url: "https://evil.test:7443",
            fingerprint: Array(repeating: 9, count: 32)
        )
        redirect.nodeKey = hub.nodeKey
        let refusal = #expect(throws: NodeError.self) {
            try spoke.peers.join(redirect, over: hostile, name: nil, granting: nil)
        }
        #expect(refusal?.message.contains("already the peer") == true)
        #expect(try spoke.peers.find("hub").url == "https://hub.test:7443")

        // A hostile server claims to grant more than its token showed, hoping to get more back.
        let invite = try hub.peers.invite(
            scopes: [.public],
            url: "https://hub.test:7443",
            fingerprint: Array(repeating: 7, count: 32)
        )
        let widened = JoinReply(
            nodeKey: hub.nodeKey,
            name: "hub",
            scopes: [.public, .organisation(RowID(talent.publicKey.bytes))]
        )
        let joiner = try directory.node("joiner")
        let peer = try joiner.peers.addPeer(invite: invite, reply: widened, name: nil, granting: nil)
        #expect(Array(peer.grants.keys) == [.public])
    }

    @Test("A bundle for a peer carries only the scopes granted to it")
    func bundleRespectsScopes() throws {
        let producer = try hub.users.add(name: "kunle", roles: [.producer])
        let project = try hub.projects.create(title: "Secret", kind: "movie", by: producer)
        let peer = try hub.peers.find(spoke.nodeKey.hex)
        #expect(Set(peer.grants.keys) == [.public])
        let file = directory.url.appendingPathComponent("for-spoke.bundle")
        #expect(try hub.replication.exportBundle(to: file, for: nil, scopes: Set(peer.grants.keys)) == 1)
        let receiver = try directory.node("receiver")
        #expect(try receiver.replication.importBundle(from: file).applied == 1)
        #expect(try receiver.store.snapshot(.user, RowID(producer.key.bytes)) != nil)
        #expect(try receiver.store.snapshot(.project, project) == nil, "project data stays home")
        #expect(try hub.replication.exportBundle(to: file, for: nil, scopes: nil) == 2, "--all writes every scope")
    }

    @Test("Rejected changes are kept up to a cap per peer and in total; junk goes first, without its bytes")
    func rejectionsAreBounded() throws {
        let store = try ReplicaStore(rejectionLimits: .init(total: 50, perPeer: 20))
        let processor = ChangeProcessor()
        let hostile = try Identity.generate().publicKey
        // A change that waits for a grant: valid, and worth keeping longer than junk.
        let agent = try Identity.generate()
        let profile = RowID(talent.publicKey.bytes)
        _ = try store.apply(
            [signedChange(by: talent, [RowOps(entity: .profile, row: profile, causalLength: 1)])],
            processor: processor
        )
        let waiting = signedChange(
            by: agent,
            [RowOps(entity: .profile, row: profile, causalLength: 1, ops: [FieldOp("city", .assign(.text("Yola")))])]
        )
        _ = try store.apply([waiting], processor: processor)
        func junk(_ index: Int) -> SignedChange {
            SignedChange(
                body: Array(repeating: UInt8(truncatingIfNeeded: index), count: 100_000) + [UInt8(index % 7)],
                signature: []
            )
        }
        for round in 0..<5 {
            let batch = (0..<30).map { junk(round * 30 + $0) }
            _ = try store.apply(batch, processor: processor, from: hostile, advancingPullCursorTo: nil)
        }
        #expect(try store.counts().rejectedChanges <= 21, "at most 20 from the hostile peer, plus the waiting change")
        for round in 0..<5 {
            _ = try store.apply((0..<30).map { junk(1_000 + round * 30 + $0) }, processor: processor)
        }
        #expect(try store.counts().rejectedChanges <= 50)
        #expect(try store.counts().waiting == 1, "the waiting change outlived the junk")
        let grant = representationGrant(by: talent, to: agent, seq: 2)
        #expect(try store.apply([grant], processor: processor).released == 1)
    }

    @Test("A long chain of waiting changes is released in one go, without deep recursion")
    func longChainOfWaitingChanges() throws {
        let store = try ReplicaStore()
        let processor = ChangeProcessor()
        let users = try (0..<1_500).map { _ in try Identity.generate() }
        // Each user grants the next one representation ...
        let grants = users.indices.dropLast().map { representationGrant(by: users[$0], to: users[$0 + 1]) }
        _ = try store.apply(grants, processor: processor)
        // ... and each change creates its author's profile and edits the previous user's, so it
        // waits for the change before it. Delivered last to first, all of them wait.
        let chain = users.indices.map { index in
            var rows = [RowOps(entity: .profile, row: RowID(users[index].publicKey.bytes), causalLength: 1)]
            if index > 0 {
                let previous = RowID(users[index - 1].publicKey.bytes)
                rows.append(
                    RowOps(
                        entity: .profile,
                        row: previous,
                        causalLength: 1,
                        ops: [FieldOp("headline", .assign(.text("next")))]
                    )
                )
            }
            return signedChange(by: users[index], seq: 2, rows)
        }
        _ = try store.apply(Array(chain.dropFirst().reversed()), processor: processor)
        #expect(try store.counts().waiting == users.count - 1)
        let report = try store.apply([chain[0]], processor: processor)
        #expect(report.applied == 1 && report.released == users.count - 1)
        #expect(try store.counts().waiting == 0)
    }

    @Test("A change with unknown fields or another encoding of the same contents is refused")
    func nonCanonicalEncodings() throws {
        let change = Change(
            author: talent.publicKey,
            seq: 1,
            hlc: HLC(milliseconds: UInt64(Date().timeIntervalSince1970 * 1000), counter: 0),
            rows: [RowOps(entity: .profile, row: RowID(talent.publicKey.bytes), causalLength: 1)]
        )
        let canonical = ChangeCodec.encode(change)
        // Field 15 as a varint (an unknown field), and field 3 (seq) written twice, which a
        // protobuf parser accepts as the last value.
        let variants: [[UInt8]] = [canonical + [0x78, 0x01], canonical + [0x18, 0x01]]
        let before = try digest(hub)
        for body in variants {
            let signed = SignedChange(body: body, signature: talent.signingKey.signature(for: body))
            let outcome = try hub.replication.receive([signed]).outcomes.first?.1
            #expect(reason(outcome)?.contains("canonical") == true)
        }
        #expect(try digest(hub) == before)
        #expect(try hub.replication.receive([SignedChange(signing: change, with: talent.signingKey)]).applied == 1)
    }
}

/// `owner`'s grant of representation to `agent`.
func representationGrant(by owner: Identity, to agent: Identity, seq: UInt64 = 1) -> SignedChange {
    signedChange(
        by: owner,
        seq: seq,
        [RowOps(entity: .representation, row: RowID(owner.publicKey.bytes + agent.publicKey.bytes), causalLength: 1)]
    )
}

extension TemporaryDirectory {
    /// A new node whose clock is `clock`.
    func node(_ name: String, clock: TestClock) throws -> Node {
        try Node.initialize(at: DataDirectory(url: url.appendingPathComponent(name)), now: { clock.now })
    }
}

/// Writes `changes` as a bundle file, as a peer's `bundle export` would.
func writeBundle(_ changes: [SignedChange], to url: URL, origin: SigningPublicKey) throws {
    _ = FileManager.default.createFile(atPath: url.path, contents: nil)
    let handle = try FileHandle(forWritingTo: url)
    defer { try? handle.close() }
    var writer = try BundleWriter(
        handle: handle,
        header: BundleFormat.Header(originNode: origin, createdAt: 0, changeCount: UInt64(changes.count))
    )
    for change in changes { try writer.append(change) }
    try writer.flush()
}
