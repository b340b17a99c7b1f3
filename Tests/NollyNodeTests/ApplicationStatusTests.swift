import Foundation
import NollyCrypto
import NollyModel
import NollyRandom
import NollyStore
import NollySync
import Testing

@testable import NollyNode

@Suite("Application status")
struct ApplicationStatusTests {
    let directory: TemporaryDirectory
    let applicant: Identity
    let producer: Identity
    let application: RowID

    init() throws {
        directory = try TemporaryDirectory()
        applicant = try Identity.generate()
        producer = try Identity.generate()
        application = RowID(applicant.publicKey.bytes + producer.publicKey.bytes + Array(repeating: 2, count: 16))
    }

    func status(_ status: ApplicationStatus, seq: UInt64, at milliseconds: UInt64) -> SignedChange {
        signedChange(
            by: status.setBy == .applicant ? applicant : producer,
            seq: seq,
            at: HLC(milliseconds: milliseconds, counter: 0),
            [
                RowOps(
                    entity: .application,
                    row: application,
                    causalLength: 1,
                    ops: [FieldOp("status", .assign(.text(status.rawValue)))]
                )
            ]
        )
    }

    func final(after changes: [SignedChange], on name: String) throws -> String? {
        let node = try directory.node(name)
        for change in changes { _ = try node.replication.receive([change]) }
        return try node.store.snapshot(.application, application)?.text("status")
    }

    let base = UInt64(Date().timeIntervalSince1970 * 1000) - 100_000

    @Test("Neither party undoes the other's decision")
    func decisionsAreFinal() throws {
        let submitted = status(.submitted, seq: 1, at: base)
        // The applicant tries to reset a hire, then a decline, to submitted.
        let hired = status(.hired, seq: 1, at: base + 10)
        #expect(try final(after: [submitted, hired, status(.submitted, seq: 2, at: base + 20)], on: "a") == "hired")
        let declined = status(.declined, seq: 1, at: base + 10)
        #expect(
            try final(after: [submitted, declined, status(.withdrawn, seq: 2, at: base + 20)], on: "b") == "declined"
        )
        // The producer tries to hire someone who withdrew.
        let withdrawn = status(.withdrawn, seq: 2, at: base + 10)
        #expect(
            try final(after: [submitted, withdrawn, status(.hired, seq: 1, at: base + 20)], on: "c") == "withdrawn"
        )
        // Open statuses only move forward.
        let shortlisted = status(.shortlisted, seq: 1, at: base + 10)
        #expect(
            try final(after: [submitted, shortlisted, status(.viewed, seq: 2, at: base + 20)], on: "d") == "shortlisted"
        )
    }

    @Test("Concurrent offline transitions: the first decision stands, and a decision beats an open status")
    func concurrentTransitions() throws {
        let submitted = status(.submitted, seq: 1, at: base)
        let hire = status(.hired, seq: 1, at: base + 30)
        let withdraw = status(.withdrawn, seq: 2, at: base + 40)
        #expect(try final(after: [submitted, withdraw, hire], on: "e") == "hired")
        #expect(try final(after: [submitted, hire, withdraw], on: "f") == "hired")
        let offer = status(.offered, seq: 1, at: base + 50)
        let decline = status(.declined, seq: 2, at: base + 20)
        #expect(try final(after: [submitted, offer, decline], on: "g") == "declined")
        #expect(try final(after: [submitted, decline, offer], on: "h") == "declined")
    }

    @Test("Every replica reaches the same status for any delivery order", arguments: [UInt64(3), 17, 2026, 90_210])
    func seededConvergence(seed: UInt64) throws {
        var random = SplitMix64(seed: seed)
        var changes = [status(.submitted, seq: 1, at: base)]
        var sequence = (applicant: UInt64(1), producer: UInt64(0))
        for _ in 0..<12 {
            let next = ApplicationStatus.allCases[Int(random.next() % UInt64(ApplicationStatus.allCases.count))]
            let seq: UInt64
            if next.setBy == .applicant {
                sequence.applicant += 1
                seq = sequence.applicant
            } else {
                sequence.producer += 1
                seq = sequence.producer
            }
            changes.append(status(next, seq: seq, at: base + random.next() % 50))
        }
        var results = Set<String?>()
        for replica in 0..<4 {
            var order = changes
            for index in order.indices.reversed() {
                order.swapAt(index, Int(random.next() % UInt64(index + 1)))
            }
            order += order.prefix(Int(random.next() % 4))  // duplicates
            results.insert(try final(after: order, on: "replica-\(seed)-\(replica)"))
        }
        #expect(results.count == 1, "seed \(seed): replicas ended at \(results)")
    }

    @Test("The merge order of statuses is a strict total order", arguments: [UInt64(5), 77])
    func strictTotalOrder(seed: UInt64) throws {
        var random = SplitMix64(seed: seed)
        let authors = [applicant.publicKey.bytes, producer.publicKey.bytes]
        let entries = (0..<40).map { _ in
            let status = ApplicationStatus.allCases[Int(random.next() % 7)]
            return (
                value: ChangeCodec.encode(.text(status.rawValue)),
                version: FieldVersion(
                    causalLength: 1 + 2 * (random.next() % 2),
                    hlc: HLC(milliseconds: random.next() % 4, counter: 0),
                    author: authors[Int(random.next() % 2)]
                )
            )
        }
        let order = RegisterMerge.applicationStatus
        for a in entries {
            for b in entries {
                let same = a.value == b.value && a.version == b.version
                #expect(same || order.prefers(a, over: b) != order.prefers(b, over: a), "seed \(seed): not total")
                for c in entries where order.prefers(a, over: b) && order.prefers(b, over: c) {
                    #expect(order.prefers(a, over: c), "seed \(seed): not transitive")
                }
            }
        }
    }

    @Test("The node refuses a move the state machine does not allow, and says why")
    func localMovesAreChecked() throws {
        let node = try directory.node("studio")
        let producer = try node.users.add(name: "producer", roles: [.producer])
        let talent = try node.users.add(name: "talent", roles: [.actor])
        let project = try node.projects.create(title: "Harmattan", kind: "movie", by: producer)
        let job = try node.projects.postJob(project: project, title: "Lead", kind: "casting_call", by: producer)
        let row = try node.applications.apply(to: job, note: nil, by: talent)
        try node.applications.setStatus(row, to: .shortlisted, by: producer)
        #expect(throws: NodeError.self) { try node.applications.setStatus(row, to: .viewed, by: producer) }
        try node.applications.setStatus(row, to: .hired, by: producer)
        let error = #expect(throws: NodeError.self) { try node.applications.setStatus(row, to: .withdrawn, by: talent) }
        #expect(error?.message.contains("final") == true)
        #expect(try node.store.snapshot(.application, row)?.text("status") == "hired")
    }
}
