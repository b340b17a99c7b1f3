public import GRDB
public import NollyCrypto
public import NollySync
import Synchronization

/// What one committed transaction changed in replicated state, published after the commit.
public struct CommittedChanges: Sendable, Equatable {
    /// Where the changes came from.
    public enum Origin: Sendable, Equatable {
        /// Signed on this node.
        case local
        /// Pulled from, or pushed by, this peer.
        case peer(SigningPublicKey)
        /// Imported from a bundle file (or applied with no peer named).
        case unattributed
    }

    /// The rows the transaction's applied changes touched, each once.
    public let rows: [TouchedRow]
    /// The ids of the changes applied, in the order applied.
    public let changes: [ChangeID]
    public let origin: Origin
}

/// A table derived from replicated rows (a search index, a notification feed), kept current
/// inside the same transaction as the rows it derives from. Register it with
/// ``ReplicaStore/register(_:)``; every apply then calls ``update(for:in:)`` before it commits, so
/// the derived table is never behind and never ahead of the rows.
public protocol DerivedTable: Sendable {
    /// A stable name, under which its version is kept.
    var name: String { get }
    /// Bumped when the derived rows must be rebuilt (a new column, a new rule).
    var version: Int { get }
    /// Creates or migrates its tables (run at registration, in a transaction).
    func migrate(_ db: Database) throws
    /// Rebuilds every derived row from the replicated state (at registration, when `version` changed).
    func rebuild(_ db: Database) throws
    /// Brings the derived rows for `changes` up to date, inside the applying transaction; throwing
    /// rolls the whole transaction back.
    func update(for changes: CommittedChanges, in db: Database) throws
}

/// Fans committed changes out to every subscriber's `AsyncStream`.
final class ChangeBroadcaster: Sendable {
    private let subscribers = Mutex<[Int: AsyncStream<CommittedChanges>.Continuation]>([:])
    private let nextID = Mutex(0)

    func subscribe(bufferingNewest limit: Int) -> AsyncStream<CommittedChanges> {
        let id = nextID.withLock { id in
            defer { id += 1 }
            return id
        }
        let (stream, continuation) = AsyncStream.makeStream(
            of: CommittedChanges.self,
            bufferingPolicy: .bufferingNewest(limit)
        )
        continuation.onTermination = { [weak self] _ in
            _ = self?.subscribers.withLock { $0.removeValue(forKey: id) }
        }
        subscribers.withLock { $0[id] = continuation }
        return stream
    }

    func publish(_ changes: CommittedChanges) {
        guard !changes.changes.isEmpty else { return }
        for continuation in subscribers.withLock({ Array($0.values) }) { continuation.yield(changes) }
    }
}

extension ReplicaStore {
    /// Committed changes as they happen, for live updates, search indexes and feeds. Each
    /// element is one committed transaction; a subscriber slower than `limit` transactions loses
    /// the oldest (it can re-read the state). Transactions that roll back publish nothing.
    public func changes(bufferingNewest limit: Int = 1_024) -> AsyncStream<CommittedChanges> {
        broadcaster.subscribe(bufferingNewest: limit)
    }

    /// Registers a derived table: migrates it, rebuilds it if its version changed, and from then
    /// on updates it inside every applying transaction.
    public func register(_ table: some DerivedTable) throws {
        try writer.write { db in
            try table.migrate(db)
            let key = "derived_table_version:\(table.name)"
            if try Self.counter(db, key) != UInt64(table.version) {
                try table.rebuild(db)
                try Self.setCounter(db, key, UInt64(table.version))
            }
        }
        derivedTables.withLock { $0.append(table) }
    }

    /// Rebuilds every registered derived table from the replicated rows, in one transaction (a
    /// repair, or a check that the kept tables equal rebuilt ones).
    public func rebuildDerivedTables() throws {
        let tables = derivedTables.withLock { $0 }
        try writer.write { db in
            for table in tables { try table.rebuild(db) }
        }
    }

    /// Reads the database, for the owners of derived tables (a search reads its index).
    /// Replicated tables are read through the typed reads instead.
    public func readDerived<T>(_ body: (Database) throws -> T) throws -> T { try writer.read(body) }

    /// Updates the derived tables inside the applying transaction; returns what to publish.
    func derive(_ report: ApplyReport, origin: CommittedChanges.Origin, db: Database) throws -> CommittedChanges {
        let changes = CommittedChanges(rows: report.touchedRows, changes: report.appliedChanges, origin: origin)
        guard !changes.changes.isEmpty else { return changes }
        for table in derivedTables.withLock({ $0 }) { try table.update(for: changes, in: db) }
        return changes
    }
}
