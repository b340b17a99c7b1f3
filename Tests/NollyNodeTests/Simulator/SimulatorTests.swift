import Foundation
import NollyCrypto
import NollyModel
import NollyStore
import NollySync
import Testing

@Suite("Deterministic simulation")
struct SimulatorTests {
    /// `make test` runs 200 seeds; `make soak` sets NOLLYCREW_SIM_SEEDS=10000 (and a first seed
    /// with NOLLYCREW_SIM_FIRST_SEED, to replay one).
    static let seeds: [UInt64] = {
        let environment = ProcessInfo.processInfo.environment
        let count = environment["NOLLYCREW_SIM_SEEDS"].flatMap(UInt64.init) ?? 200
        let first = environment["NOLLYCREW_SIM_FIRST_SEED"].flatMap(UInt64.init) ?? 1
        return Array(first..<(first + count))
    }()

    @Test("Honest nodes converge, and none accepts a forged write, under a hostile node", arguments: seeds)
    func honestNodesConverge(seed: UInt64) throws {
        var simulation = try Simulation(seed: seed)
        try simulation.run(steps: 120)
        let exports = try simulation.replicas.map { try $0.store.canonicalExport() }
        // Not vacuous: edits landed everywhere, and the hostile node's changes were refused.
        let counts = try simulation.replicas.map { try $0.store.counts() }
        #expect(counts.allSatisfy { $0.loggedChanges >= 20 && !$0.liveRows.isEmpty }, "seed \(seed): \(counts)")
        #expect(counts.contains { $0.rejectedChanges > 0 }, "seed \(seed): no attack was refused")
        for (index, export) in exports.enumerated().dropFirst() where export != exports[0] {
            Issue.record("seed \(seed): node \(index) diverged from node 0")
        }
        for (index, replica) in simulation.replicas.enumerated() {
            try replica.store.forEachChange(notCoveredBy: nil) { signed in
                guard case .success(let change) = ChangeProcessor.check(signed).verdict else {
                    Issue.record("seed \(seed): node \(index) logged a change that does not verify")
                    return
                }
                if change.author == simulation.hostile.publicKey {
                    let foreign = change.rows.filter { $0.row.ownerKey != simulation.hostile.publicKey.bytes }
                    #expect(foreign.isEmpty, "seed \(seed): node \(index) accepted a hostile write to another's row")
                }
            }
        }
    }

    @Test("A seed replays exactly", arguments: [UInt64(7), 4_242])
    func replays(seed: UInt64) throws {
        func finalState() throws -> [String] {
            var simulation = try Simulation(seed: seed)
            try simulation.run(steps: 120)
            return try simulation.replicas.map { try $0.store.canonicalExport() }
        }
        #expect(try finalState() == finalState(), "seed \(seed)")
    }
}
