import Foundation
import NollyCrypto
import NollyModel
import NollyStore
import NollySync
import Testing

@testable import NollyNode

@Suite("Who may write what")
struct AuthorizationTests {
    let directory: TemporaryDirectory
    let node: Node
    let owner: Identity
    let stranger: Identity
    let admin: Identity

    init() throws {
        directory = try TemporaryDirectory()
        owner = try Identity.generate()
        stranger = try Identity.generate()
        admin = try Identity.generate()
        node = try directory.node("replica", admins: [admin.publicKey])
    }

    /// Offers one change and returns its outcome, checking that a rejection changed nothing.
    func offer(_ change: SignedChange, fromBundle: Bool = false) throws -> ChangeOutcome {
        let before = try node.replication.canonicalExport()
        let report = try node.replication.receive([change], fromBundle: fromBundle)
        let outcome = try #require(report.outcomes.first?.1)
        if case .rejected(let rejection) = outcome {
            let reason = rejection.message
            #expect(try node.replication.canonicalExport() == before, "a rejected change must apply nothing")
            let recorded = try node.store.rejections().first { $0.id == change.id }
            #expect(recorded?.reason == reason, "the rejection is recorded with its reason")
            #expect(recorded?.code == rejection.kind, "the rejection is recorded with its code")
        }
        return outcome
    }

    func rejectionReason(_ outcome: ChangeOutcome) -> String? {
        if case .rejected(let rejection) = outcome { return rejection.message }
        return nil
    }

    func profileEdit(by author: Identity, of profileOwner: Identity, seq: UInt64 = 1) -> SignedChange {
        signedChange(
            by: author,
            seq: seq,
            [
                RowOps(
                    entity: .profile,
                    row: RowID(profileOwner.publicKey.bytes),
                    causalLength: 1,
                    ops: [FieldOp("city", .assign(.text("Abuja")))]
                )
            ]
        )
    }

    @Test("A flipped byte fails the signature check")
    func badSignature() throws {
        let good = profileEdit(by: owner, of: owner)
        var body = good.body
        body[body.count / 2] ^= 0x01
        let outcome = try offer(SignedChange(body: body, signature: good.signature))
        let reason = try #require(rejectionReason(outcome))
        #expect(reason.contains("bad signature") || reason.contains("malformed"))
        #expect(try offer(good) == .applied)
    }

    @Test("Nobody edits someone else's profile without a representation grant; the grant releases it")
    func someoneElsesProfile() throws {
        // The owner's profile exists: only its owner creates a row (see rowWritersOnly).
        let profile = RowOps(entity: .profile, row: RowID(owner.publicKey.bytes), causalLength: 1)
        #expect(try offer(signedChange(by: owner, seq: 3, [profile])) == .applied)
        let edit = profileEdit(by: stranger, of: owner)
        let reason = try #require(rejectionReason(try offer(edit)))
        #expect(reason.contains("not granted representation"))
        let grant = signedChange(
            by: owner,
            [
                RowOps(
                    entity: .representation,
                    row: RowID(owner.publicKey.bytes + stranger.publicKey.bytes),
                    causalLength: 1
                )
            ]
        )
        let report = try node.replication.receive([grant])
        #expect(report.applied == 1 && report.released == 1)
        #expect(try node.store.snapshot(.profile, RowID(owner.publicKey.bytes))?.text("city") == "Abuja")
        // A grant cannot be revoked by deleting it (it would make authorization order-dependent).
        let revoke = signedChange(
            by: owner,
            seq: 2,
            [
                RowOps(
                    entity: .representation,
                    row: RowID(owner.publicKey.bytes + stranger.publicKey.bytes),
                    causalLength: 2
                )
            ]
        )
        #expect(rejectionReason(try offer(revoke))?.contains("cannot be revoked") == true)
    }

    @Test("Only the project's producer posts jobs on it")
    func anotherProducersJob() throws {
        let project = RowID(owner.publicKey.bytes + [1, 2, 3, 4, 5, 6, 7, 8])
        let job = RowID(project.bytes + [9, 9, 9, 9, 9, 9, 9, 9])
        let ops = [FieldOp("title", .assign(.text("Lead"))), FieldOp("kind", .assign(.text("casting_call")))]
        let forged = signedChange(by: stranger, [RowOps(entity: .job, row: job, causalLength: 1, ops: ops)])
        #expect(rejectionReason(try offer(forged))?.contains("only its owner") == true)
        let genuine = signedChange(by: owner, [RowOps(entity: .job, row: job, causalLength: 1, ops: ops)])
        #expect(try offer(genuine) == .applied)
    }

    @Test("Badges are stored whatever this node trusts, and verified only when their attester is trusted")
    func badgesAreNodePolicy() throws {
        let ops = [FieldOp("kind", .assign(.text("badge"))), FieldOp("status", .assign(.text("verified")))]
        func badge(by attester: Identity, nonce: UInt8) -> SignedChange {
            let row = RowID(attester.publicKey.bytes + owner.publicKey.bytes + Array(repeating: nonce, count: 8))
            return signedChange(by: attester, [RowOps(entity: .verification, row: row, causalLength: 1, ops: ops)])
        }
        #expect(try offer(badge(by: owner, nonce: 1)) == .applied, "a self-issued badge is stored")
        #expect(try offer(badge(by: admin, nonce: 2)) == .applied)
        let strangerBadge = badge(by: stranger, nonce: 3)
        #expect(try offer(strangerBadge) == .applied)
        let shown = try node.users.badges(of: owner.publicKey)
        #expect(shown.count == 3)
        #expect(shown.filter(\.isVerified).map(\.attester) == [admin.publicKey], "only the trusted attester verifies")
        // Another node that trusts nobody holds the same replica: policy is applied when reading.
        let other = try directory.node("untrusting")
        try other.pullAll(from: node)
        #expect(try other.replication.canonicalExport() == node.replication.canonicalExport())
        #expect(try other.users.badges(of: owner.publicKey).allSatisfy { !$0.isVerified })
        // Trusting the stranger later needs no replay.
        try node.users.trustAdmin(stranger.publicKey)
        #expect(try node.users.badges(of: owner.publicKey).filter(\.isVerified).count == 2)
        // Nobody writes another attester's badge.
        let forgedRow = RowID(admin.publicKey.bytes + owner.publicKey.bytes + Array(repeating: 2, count: 8))
        let forged = signedChange(
            by: stranger,
            seq: 2,
            [
                RowOps(
                    entity: .verification,
                    row: forgedRow,
                    causalLength: 1,
                    ops: [FieldOp("status", .assign(.text("revoked")))]
                )
            ]
        )
        #expect(rejectionReason(try offer(forged))?.contains("only its owner") == true)
    }

    @Test("Nobody writes the admin role: administrators are each node's policy")
    func adminRole() throws {
        let row = RowID(owner.publicKey.bytes)
        let selfPromotion = signedChange(
            by: owner,
            [RowOps(entity: .user, row: row, causalLength: 1, ops: [FieldOp("roles", .add(.text("admin")))])]
        )
        #expect(rejectionReason(try offer(selfPromotion))?.contains("admin role") == true)
        let ordinary = signedChange(
            by: owner,
            seq: 2,
            [RowOps(entity: .user, row: row, causalLength: 1, ops: [FieldOp("roles", .add(.text("actor")))])]
        )
        #expect(try offer(ordinary) == .applied)
    }

    @Test("Applicants submit and withdraw; only the producer moves an application along")
    func applicationStatus() throws {
        let job = RowID(owner.publicKey.bytes + Array(repeating: 1, count: 16))
        let application = RowID(stranger.publicKey.bytes + job.bytes)
        func status(_ value: String, by author: Identity, seq: UInt64) -> SignedChange {
            signedChange(
                by: author,
                seq: seq,
                [
                    RowOps(
                        entity: .application,
                        row: application,
                        causalLength: 1,
                        ops: [FieldOp("status", .assign(.text(value)))]
                    )
                ]
            )
        }
        #expect(try offer(status("submitted", by: stranger, seq: 1)) == .applied)
        #expect(rejectionReason(try offer(status("hired", by: stranger, seq: 2)))?.contains("producer") == true)
        #expect(rejectionReason(try offer(status("withdrawn", by: owner, seq: 1)))?.contains("applicant") == true)
        #expect(try offer(status("shortlisted", by: owner, seq: 2)) == .applied)
        #expect(try node.store.snapshot(.application, application)?.text("status") == "shortlisted")
    }

    @Test("A clock too far ahead is rejected; bundles allow more drift")
    func clockDrift() throws {
        let now = UInt64(Date().timeIntervalSince1970 * 1000)
        let tenMinutesAhead = HLC(milliseconds: now + 600_000, counter: 0)
        let change = signedChange(
            by: owner,
            at: tenMinutesAhead,
            [RowOps(entity: .profile, row: RowID(owner.publicKey.bytes), causalLength: 1)]
        )
        #expect(rejectionReason(try offer(change))?.contains("ahead") == true)
        #expect(try offer(change, fromBundle: true) == .applied, "a rejected change is reconsidered when offered again")
        let twoDaysAhead = HLC(milliseconds: now + 2 * 86_400_000, counter: 0)
        let far = signedChange(
            by: stranger,
            at: twoDaysAhead,
            [RowOps(entity: .profile, row: RowID(stranger.publicKey.bytes), causalLength: 1)]
        )
        #expect(rejectionReason(try offer(far, fromBundle: true))?.contains("ahead") == true)
    }

    @Test("A change from a newer schema version is refused with a clear reason")
    func newerSchema() throws {
        let change = signedChange(
            by: owner,
            schemaVersion: Change.currentSchemaVersion + 1,
            [RowOps(entity: .profile, row: RowID(owner.publicKey.bytes), causalLength: 1)]
        )
        #expect(rejectionReason(try offer(change))?.contains("unknown newer schema version") == true)
    }

    @Test("Values are validated against the schema")
    func invalidValues() throws {
        let row = RowID(owner.publicKey.bytes)
        let badRating = signedChange(
            by: owner,
            [
                RowOps(
                    entity: .rating,
                    row: RowID(owner.publicKey.bytes + stranger.publicKey.bytes),
                    causalLength: 1,
                    ops: [FieldOp("stars", .assign(.integer(9)))]
                )
            ]
        )
        #expect(rejectionReason(try offer(badRating))?.contains("between 1 and 5") == true)
        let wrongKind = signedChange(
            by: owner,
            [RowOps(entity: .profile, row: row, causalLength: 1, ops: [FieldOp("skills", .assign(.text("x")))])]
        )
        #expect(rejectionReason(try offer(wrongKind))?.contains("is a set") == true)
        let shortRow = signedChange(by: owner, [RowOps(entity: .profile, row: RowID([1, 2, 3]), causalLength: 1)])
        #expect(rejectionReason(try offer(shortRow))?.contains("32 bytes") == true)
    }
}
