public import Foundation
import GRDB
public import NollyCrypto
import NollyModel
public import NollySync
public import NollyValues
import Synchronization

/// An error opening or using the store, with a stable code and a message for the operator.
public struct StoreError: CodedError, Equatable {
    /// The stable codes of store errors (PROTOCOL.md, "Error codes").
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        public let rawValue: String
        private init(_ rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// The database cannot be opened or migrated.
        public static let databaseUnavailable = Code("database_unavailable")
        /// A local change failed the write path; ``StoreError/rejection`` says why.
        public static let changeRejected = Code("change_rejected")
        /// The node was restored from a backup and must catch up before signing.
        public static let restoreHold = Code("restore_hold")
        /// A number that does not fit, or a stored value that is damaged.
        public static let damagedData = Code("damaged_data")
        /// No such peer, or a peer that conflicts with one already known.
        public static let peerConflict = Code("peer_conflict")
        public static let notFound = Code("not_found")
        /// A local user's name already taken.
        public static let nameTaken = Code("name_taken")
        /// A number too large for the store's signed 64-bit integers.
        public static let outOfRange = Code("out_of_range")
        /// A backup file that cannot be written or read.
        public static let backupFailed = Code("backup_failed")
    }

    public let kind: Code
    public let message: String
    /// For ``Code/changeRejected``: the write path's rejection.
    public let rejection: Rejection?

    public init(_ kind: Code, _ message: String, rejection: Rejection? = nil) {
        self.kind = kind
        self.message = message
        self.rejection = rejection
    }

    public var code: String { kind.rawValue }
    public var hint: String? { rejection?.hint }
}

/// A node's SQLite replica: the change log, the merged state and local bookkeeping.
///
/// Replicated state is written only by ``apply(_:processor:)``; every other writer here
/// touches local, non-replicated tables.
public final class ReplicaStore: Sendable {
    /// How many rejected changes are kept: a hostile peer can send endless junk, so the oldest
    /// permanent rejections are evicted first, then the oldest waiting ones.
    public struct RejectionLimits: Sendable {
        public var total: Int
        public var perPeer: Int

        public init(total: Int = 100_000, perPeer: Int = 20_000) {
            self.total = total
            self.perPeer = perPeer
        }
    }

    let writer: any DatabaseWriter
    let rejectionLimits: RejectionLimits
    /// Subscribers to committed changes (``changes(bufferingNewest:)``).
    let broadcaster = ChangeBroadcaster()
    /// Tables updated inside every applying transaction (``register(_:)``).
    let derivedTables = Mutex<[any DerivedTable]>([])

    /// Opens (creating if needed) the database at `path` in WAL mode and runs migrations.
    public init(path: String, rejectionLimits: RejectionLimits = RejectionLimits()) throws(StoreError) {
        self.rejectionLimits = rejectionLimits
        do {
            var configuration = Configuration()
            configuration.busyMode = .timeout(10)
            configuration.prepareDatabase { db in
                // WAL with NORMAL sync is durable at each checkpoint and never corrupts. The writer
                // gets a 64 MB page cache, which keeps the random-key indexes (change ids, add tags)
                // in memory, and checkpoints every 64 MB of log rather than every 4 MB (each
                // checkpoint is an fsync: this doubled the speed of large syncs). Readers, which
                // mostly stream the change log once, get 16 MB.
                let cacheKiB = db.configuration.readonly ? 16_384 : 65_536
                try db.execute(
                    sql:
                        "PRAGMA synchronous = NORMAL; PRAGMA cache_size = -\(cacheKiB); PRAGMA wal_autocheckpoint = 16384"
                )
            }
            let pool = try DatabasePool(path: path, configuration: configuration)
            try Migrations.migrator.migrate(pool)
            writer = pool
        } catch {
            throw StoreError(.databaseUnavailable, "cannot open the database at \(path): \(error)")
        }
    }

    /// A private in-memory replica, for tests.
    public init(rejectionLimits: RejectionLimits = RejectionLimits()) throws(StoreError) {
        self.rejectionLimits = rejectionLimits
        do {
            let queue = try DatabaseQueue()
            try Migrations.migrator.migrate(queue)
            writer = queue
        } catch {
            throw StoreError(.databaseUnavailable, "cannot open an in-memory database: \(error)")
        }
    }

    /// Names of the migrations applied, in order.
    public func appliedMigrations() throws -> [String] {
        try writer.read { db in try Migrations.migrator.appliedMigrations(db) }
    }

    /// The one write path for replicated data: stateless checks (in parallel), then one
    /// transaction that deduplicates, authorizes, merges and logs, and persists the clock.
    public func apply(_ batch: [SignedChange], processor: ChangeProcessor) throws -> ApplyReport {
        try apply(checked: processor.check(batch), processor: processor)
    }

    /// ``apply(_:processor:)`` for a page pulled from `peer`: the changes are logged as coming from
    /// it, and `cursor` is stored as the peer's pull cursor in the same transaction, so an
    /// interrupted sync resumes exactly after the last page stored.
    public func apply(
        _ batch: [SignedChange],
        processor: ChangeProcessor,
        from peer: SigningPublicKey,
        advancingPullCursorTo cursor: SyncCursor?
    ) throws -> ApplyReport {
        try apply(checked: processor.check(batch), processor: processor, from: peer, advancingPullCursorTo: cursor)
    }

    /// The transaction half of ``apply(_:processor:from:advancingPullCursorTo:)``, for changes
    /// already checked (in the background while the previous page was stored).
    public func apply(
        checked: [CheckedChange],
        processor: ChangeProcessor,
        from peer: SigningPublicKey,
        advancingPullCursorTo cursor: SyncCursor?
    ) throws -> ApplyReport {
        let receivedAt = Int64(processor.now().timeIntervalSince1970 * 1000)
        let (report, changes) = try writer.write { db in
            let applied = try self.apply(checked, processor: processor, db: db, receivedAt: receivedAt, origin: peer)
            if let cursor { try Self.setCursor(db, column: "pull_cursor", peer: peer, cursor: cursor) }
            return applied
        }
        broadcaster.publish(changes)
        return report
    }

    /// ``apply(_:processor:)`` for changes a peer pushed: the transaction commits with
    /// `synchronous = FULL`, so the push is on disk before it is acknowledged (with the
    /// store's usual NORMAL, a WAL commit reaches the disk only at the next checkpoint).
    public func applyDurably(_ batch: [SignedChange], processor: ChangeProcessor, from peer: SigningPublicKey) throws
        -> ApplyReport
    {
        let checked = processor.check(batch)
        let receivedAt = Int64(processor.now().timeIntervalSince1970 * 1000)
        let (report, changes) = try writer.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
            defer { try? db.execute(sql: "PRAGMA synchronous = NORMAL") }
            var applied = (ApplyReport(), CommittedChanges(rows: [], changes: [], origin: .peer(peer)))
            try db.inTransaction {
                applied = try self.apply(checked, processor: processor, db: db, receivedAt: receivedAt, origin: peer)
                return .commit
            }
            return applied
        }
        broadcaster.publish(changes)
        return report
    }

    /// The transaction half of ``apply(_:processor:)``, for changes already checked by
    /// ``ChangeProcessor/check(_:)`` (for example in the background, see ``PendingCheck``).
    public func apply(checked: [CheckedChange], processor: ChangeProcessor) throws -> ApplyReport {
        let receivedAt = Int64(processor.now().timeIntervalSince1970 * 1000)
        let (report, changes) = try writer.write { db in
            try self.apply(checked, processor: processor, db: db, receivedAt: receivedAt)
        }
        broadcaster.publish(changes)
        return report
    }

    /// The merge inside an open transaction, then the node's clock moved past what was seen and
    /// the derived tables brought up to date; returns what to publish once it commits.
    private func apply(
        _ checked: [CheckedChange],
        processor: ChangeProcessor,
        db: Database,
        receivedAt: Int64,
        origin: SigningPublicKey? = nil,
        local: Bool = false
    ) throws -> (ApplyReport, CommittedChanges) {
        let report = try processor.apply(
            checked,
            in: SQLiteReplicaTransaction(
                db: db,
                receivedAt: receivedAt,
                origin: origin.map { (peer: $0, delivered: Set(checked.map(\.id))) }
            )
        )
        try Self.observe(report.latestClock, db)
        if !report.rejected.isEmpty { try evictRejections(db, from: origin) }
        let source: CommittedChanges.Origin = local ? .local : origin.map { .peer($0) } ?? .unattributed
        return (report, try derive(report, origin: source, db: db))
    }

    /// Keeps the rejection table within ``rejectionLimits``: per delivering peer, then in total;
    /// permanent rejections go first (oldest first), then waiting ones (oldest first).
    private func evictRejections(_ db: Database, from peer: SigningPublicKey?) throws {
        let order = "(awaiting IS NOT NULL OR awaiting_clock IS NOT NULL), rowid"
        if let peer {
            let count =
                try Int.fetchOne(
                    db,
                    sql: "SELECT COUNT(*) FROM rejection WHERE peer = ?",
                    arguments: [Data(peer.bytes)]
                ) ?? 0
            if count > rejectionLimits.perPeer {
                try db.execute(
                    sql: """
                        DELETE FROM rejection WHERE rowid IN (
                            SELECT rowid FROM rejection WHERE peer = ? ORDER BY \(order) LIMIT ?)
                        """,
                    arguments: [Data(peer.bytes), count - rejectionLimits.perPeer]
                )
            }
        }
        let total = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM rejection") ?? 0
        if total > rejectionLimits.total {
            try db.execute(
                sql: "DELETE FROM rejection WHERE rowid IN (SELECT rowid FROM rejection ORDER BY \(order) LIMIT ?)",
                arguments: [total - rejectionLimits.total]
            )
        }
    }

    // MARK: Local bookkeeping

    /// The latest hybrid logical clock issued or observed by this node.
    public func clock() throws -> HLC { try writer.read(Self.clock) }

    private static func observe(_ clock: HLC?, _ db: Database) throws {
        guard let clock, clock > (try Self.clock(db)) else { return }
        try setCounter(db, "hlc", clock.rawValue)
    }

    private static func clock(_ db: Database) throws -> HLC { HLC(rawValue: try counter(db, "hlc")) }

    /// A 64-bit local value kept in `node_meta`, big-endian; 0 when absent.
    static func counter(_ db: Database, _ key: String) throws -> UInt64 {
        guard let data = try Data.fetchOne(db, sql: "SELECT value FROM node_meta WHERE key = ?", arguments: [key]),
            data.count == 8
        else { return 0 }
        return data.reduce(0) { $0 << 8 | UInt64($1) }
    }

    static func setCounter(_ db: Database, _ key: String, _ value: UInt64) throws {
        try setMeta(db, key, Data(withUnsafeBytes(of: value.bigEndian, Array.init)))
    }

    private static func setMeta(_ db: Database, _ key: String, _ value: Data) throws {
        try db.execute(sql: "INSERT OR REPLACE INTO node_meta (key, value) VALUES (?, ?)", arguments: [key, value])
    }

    /// A local (non-replicated) setting.
    public func meta(_ key: String) throws -> Data? {
        try writer.read { db in
            try Data.fetchOne(db, sql: "SELECT value FROM node_meta WHERE key = ?", arguments: [key])
        }
    }

    public func setMeta(_ key: String, _ value: Data) throws {
        try writer.write { db in try Self.setMeta(db, key, value) }
    }

    /// Keys whose changes to admin-only rows and fields are accepted.
    public func trustedAdmins() throws -> Set<SigningPublicKey> {
        try writer.read { db in
            Set(
                try Data.fetchAll(db, sql: "SELECT public_key FROM trusted_admin").compactMap {
                    try? SigningPublicKey(bytes: Array($0))
                }
            )
        }
    }

    public func trustAdmin(_ key: SigningPublicKey) throws {
        try writer.write { db in
            try db.execute(
                sql: "INSERT OR IGNORE INTO trusted_admin (public_key) VALUES (?)",
                arguments: [Data(key.bytes)]
            )
        }
    }
}

extension ReplicaStore {
    /// Applies changes written on this node, all or none: a local change that would be
    /// rejected rolls the transaction back and throws. `build` receives the author's next sequence
    /// number and the node's latest clock inside the write transaction, so two processes
    /// writing as the same user can never reuse a sequence number; the changes it returns go
    /// through the same checks, authorization and merge as remote ones.
    public func applyLocal(
        author: SigningPublicKey,
        processor: ChangeProcessor,
        build: (_ nextSequence: UInt64, _ clock: HLC) throws -> [SignedChange]
    ) throws -> ApplyReport {
        let receivedAt = Int64(processor.now().timeIntervalSince1970 * 1000)
        let (report, changes) = try writer.write { db in
            guard try Self.counter(db, Self.restoreHoldKey) == 0 else {
                throw StoreError(
                    .restoreHold,
                    "this node was restored from a backup and has not caught up: run `nollycrew sync` or import a "
                        + "bundle first, so its users do not sign new changes with sequence numbers already used"
                )
            }
            let latest = try Int64.fetchOne(
                db,
                sql: "SELECT MAX(author_seq) FROM change_log WHERE author = ?",
                arguments: [Data(author.bytes)]
            )
            let batch = try build(UInt64(latest ?? 0) + 1, try Self.clock(db))
            let (report, changes) = try self.apply(
                batch.map(ChangeProcessor.check),
                processor: processor,
                db: db,
                receivedAt: receivedAt,
                local: true
            )
            // Throwing rolls the whole transaction back: a local change is stored whole or not at all.
            for (_, outcome) in report.outcomes {
                switch outcome {
                case .applied: continue
                case .duplicate:
                    throw StoreError(.changeRejected, "change rejected: it duplicates one already logged")
                case .rejected(let rejection):
                    throw StoreError(.changeRejected, "change rejected: \(rejection.message)", rejection: rejection)
                }
            }
            return (report, changes)
        }
        broadcaster.publish(changes)
        return report
    }
}

extension ReplicaStore {
    /// Whether the database answers and every migration has run (the server's readiness).
    public func isReady() -> Bool {
        (try? writer.read { db in try Migrations.migrator.hasCompletedMigrations(db) }) ?? false
    }
}
