import Foundation
import NollyCrypto
import NollyModel
import NollySync
import Testing

@testable import NollyNode

/// With the clock and the entropy source injected, a node's whole history is a function of its
/// seed: a failing seeded run replays exactly.
@Suite("Determinism")
struct DeterminismTests {
    /// Runs one workflow on a fresh node with a fixed clock and `SeededEntropy(seed:)`.
    private func run(seed: UInt64, in directory: TemporaryDirectory, name: String) throws -> (Node, [RowID]) {
        let start = Date(timeIntervalSince1970: 1_780_000_000)
        let node = try Node.initialize(
            at: DataDirectory(url: directory.url.appendingPathComponent(name)),
            now: { start },
            entropy: SeededEntropy(seed: seed)
        )
        let producer = try node.users.add(name: "kunle", roles: [.producer])
        let talent = try node.users.add(name: "ada", roles: [.actor])
        let project = try node.projects.create(title: "Harmattan", kind: "movie", by: producer)
        let job = try node.projects.postJob(project: project, title: "Lead", kind: "casting_call", by: producer)
        let application = try node.applications.apply(to: job, note: "I know the part", by: talent)
        let invite = try node.peers.invite(
            scopes: [.public],
            url: "https://a.test:7443",
            fingerprint: [UInt8](repeating: 1, count: 32)
        )
        return (node, [project, job, application, RowID(invite.secret)])
    }

    @Test("The same seed and clock give the same keys, row ids, secrets and state")
    func sameSeedReplays() throws {
        let seed = UInt64.random(in: 0...UInt64.max)
        let directory = try TemporaryDirectory()
        let (first, firstRows) = try run(seed: seed, in: directory, name: "first")
        let (second, secondRows) = try run(seed: seed, in: directory, name: "second")
        #expect(first.nodeKey == second.nodeKey, "seed \(seed)")
        #expect(try first.users.list().map(\.key) == second.users.list().map(\.key), "seed \(seed)")
        #expect(firstRows == secondRows, "seed \(seed)")
        #expect(try first.replication.stateDigest() == second.replication.stateDigest(), "seed \(seed)")

        let (other, otherRows) = try run(seed: seed &+ 1, in: directory, name: "other")
        #expect(other.nodeKey != first.nodeKey, "seed \(seed)")
        #expect(Set(otherRows).isDisjoint(with: firstRows), "seed \(seed)")
    }

    @Test("A seeded source is a stream: each call gives new bytes, and the system source is not seeded")
    func seededStream() {
        let source = SeededEntropy(seed: 42)
        let a = source.bytes(32)
        let b = source.bytes(32)
        #expect(a != b)
        #expect(SeededEntropy(seed: 42).bytes(32) == a)
        #expect(SystemEntropy().bytes(32) != SystemEntropy().bytes(32))
        #expect(source.bytes(0).isEmpty)
    }
}
