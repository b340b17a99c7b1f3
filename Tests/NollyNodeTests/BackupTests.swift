import Foundation
import NollyCrypto
import NollyModel
import NollyStore
import NollySync
import Testing

@testable import NollyNode

@Suite("Backups and restores")
struct BackupTests {
    @Test("A restored node signs nothing until it has caught up, so no sequence number is used twice")
    func restoreNeverReusesSequenceNumbers() throws {
        let directory = try TemporaryDirectory()
        let node = try directory.node("studio")
        let peer = try directory.node("peer")
        let ada = try node.users.add(name: "ada", roles: [.actor])
        let profile = RowID(ada.key.bytes)
        try node.rows.edit(.profile, profile, [.assign("city", .text("Lagos"))], by: ada)
        let backup = directory.url.appendingPathComponent("studio.backup")
        try node.backup(to: backup)
        #expect(throws: (any Error).self, "a backup never overwrites a file") { try node.backup(to: backup) }
        // After the backup, ada signs more, and a peer receives it.
        try node.rows.edit(.profile, profile, [.assign("city", .text("Enugu"))], by: ada)
        try peer.pullAll(from: node)

        try node.restore(from: backup)
        #expect(try node.isHeldAfterRestore())
        #expect(try node.store.snapshot(.profile, profile)?.text("city") == "Lagos", "the backup's state")
        let refused = #expect(throws: StoreError.self) {
            try node.rows.edit(.profile, profile, [.assign("city", .text("Kano"))], by: ada)
        }
        #expect(refused?.message.contains("restored from a backup") == true)

        // Caught up from the peer's bundle: ada's later change is back, and signing resumes after it.
        let bundle = directory.url.appendingPathComponent("from-peer.bundle")
        try peer.replication.exportBundle(to: bundle, for: nil, scopes: nil)
        _ = try node.replication.importBundle(from: bundle)
        #expect(try !node.isHeldAfterRestore())
        try node.rows.edit(.profile, profile, [.assign("city", .text("Kano"))], by: ada)
        try peer.pullAll(from: node)
        #expect(try node.status().equivocations.isEmpty && peer.status().equivocations.isEmpty)
        #expect(try peer.store.snapshot(.profile, profile)?.text("city") == "Kano")
    }

    @Test("A file that is not a backup is refused and the replica is left as it was")
    func notABackup() throws {
        let directory = try TemporaryDirectory()
        let node = try directory.node("studio")
        _ = try node.users.add(name: "ada", roles: [.actor])
        let before = try node.replication.canonicalExport()
        let junk = directory.url.appendingPathComponent("junk.db")
        try Data("not a database".utf8).write(to: junk)
        #expect(throws: StoreError.self) { try node.restore(from: junk) }
        #expect(try node.replication.canonicalExport() == before)
        #expect(try !node.isHeldAfterRestore())
    }
}
