import Foundation
import GRDB
import NollySync

extension ReplicaStore {
    /// The `node_meta` key set by ``restore(from:)`` and cleared once the node has caught up.
    static let restoreHoldKey = "restored_from_backup"

    /// Writes an online, consistent copy of the database to `path` with SQLite's backup API;
    /// writers may go on meanwhile. Keys are not in it: they stay in the data directory's keys/.
    public func backup(to path: String) throws {
        guard !FileManager.default.fileExists(atPath: path) else {
            throw StoreError(.backupFailed, "\(path) already exists; choose a new file for the backup")
        }
        do {
            let destination = try DatabaseQueue(path: path)
            try writer.backup(to: destination)
            try destination.close()
        } catch {
            try? FileManager.default.removeItem(atPath: path)
            throw StoreError(.backupFailed, "cannot back up to \(path): \(error)")
        }
    }

    /// Replaces this replica with the backup at `path`, migrates it, and holds local signing
    /// (``restoreHold``) until the node has caught up from a peer or a bundle: the backup may
    /// predate changes this node's users signed and sent out, and signing again from the old
    /// sequence numbers would reuse them.
    public func restore(from path: String) throws {
        do {
            var configuration = Configuration()
            configuration.readonly = true
            let source = try DatabaseQueue(path: path, configuration: configuration)
            guard try source.read({ db in try db.tableExists("change_log") && db.tableExists("node_meta") }) else {
                throw StoreError(.backupFailed, "\(path) is not a nollycrew database backup")
            }
            try source.backup(to: writer)
            try source.close()
            try Migrations.migrator.migrate(writer)
            try writer.write { db in try Self.setCounter(db, Self.restoreHoldKey, 1) }
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError(.backupFailed, "cannot restore from \(path): \(error)")
        }
    }

    /// Whether this node was restored from a backup and has not caught up since.
    public func restoreHold() throws -> Bool {
        try writer.read { db in try Self.counter(db, Self.restoreHoldKey) != 0 }
    }

    /// Ends the hold once the node has caught up (a full pull from a peer, or a bundle imported).
    public func releaseRestoreHold() throws {
        try writer.write { db in
            try db.execute(sql: "DELETE FROM node_meta WHERE key = ?", arguments: [Self.restoreHoldKey])
        }
    }
}
