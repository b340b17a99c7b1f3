import Foundation
import NollyCrypto
import NollyModel
import NollyStore
import NollySync
import Testing

@testable import NollyNode

@Suite("Crash safety")
struct KillDuringImportTests {
    @Test("kill -9 during a large import leaves a consistent database that a re-import completes")
    func killDuringImport() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("nollycrew-kill-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let origin = try Node.initialize(at: DataDirectory(url: root.appendingPathComponent("origin")))
        let ada = try origin.users.add(name: "ada", roles: [.actor])
        let profile = RowID(ada.key.bytes)
        let total = 20_000
        for batch in 0..<(total / 1_000) {
            let changes = (0..<1_000).map { index -> [RowOps] in
                let n = batch * 1_000 + index
                return [
                    RowOps(
                        entity: .profile,
                        row: profile,
                        causalLength: 1,
                        ops: [
                            FieldOp("headline", .assign(.text("Edit \(n)"))),
                            FieldOp("skills", .add(.text("skill \(n % 50)"))),
                        ]
                    )
                ]
            }
            try origin.rows.commit(changes, by: ada)
        }
        let bundle = root.appendingPathComponent("big.bundle")
        try origin.replication.exportBundle(to: bundle, for: nil, scopes: nil)
        let targetDirectory = DataDirectory(url: root.appendingPathComponent("target"))
        _ = try Node.initialize(at: targetDirectory)

        let importer = Process()
        importer.executableURL = NollyCrewProcess.executable
        importer.arguments = ["bundle", "import", bundle.path, "--data-dir", targetDirectory.url.path]
        importer.standardOutput = FileHandle.nullDevice
        importer.standardError = FileHandle.nullDevice
        try importer.run()
        // Wait until some batches are committed, then kill without warning.
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline {
            Thread.sleep(forTimeInterval: 0.05)
            if (try? ReplicaStore(path: targetDirectory.database.path).counts().loggedChanges) ?? 0 >= 2_000 { break }
        }
        kill(importer.processIdentifier, SIGKILL)
        importer.waitUntilExit()
        #expect(importer.terminationReason == .uncaughtSignal)

        let target = try Node.open(at: targetDirectory)
        let logged = try target.store.counts().loggedChanges
        #expect(logged > 0 && logged < total + 1, "the kill landed mid-import (\(logged) of \(total + 1) logged)")
        // Consistent: the state is exactly the merge of the changes that were logged.
        let witness = try Node.initialize(at: DataDirectory(url: root.appendingPathComponent("witness")))
        _ = try witness.replication.receive(try target.replication.changes(notCoveredBy: nil), fromBundle: true)
        #expect(try witness.replication.canonicalExport() == target.replication.canonicalExport())
        // And a re-import completes it.
        let summary = try target.replication.importBundle(from: bundle)
        #expect(summary.applied + logged == total + 1 && summary.duplicates == logged)
        #expect(try target.replication.stateDigest() == origin.replication.stateDigest())
    }
}
