import Foundation
import GRDB
public import NollyCrypto
import NollyModel
public import NollySync

extension ReplicaStore {
    /// The next page of this node's log for `peer`: changes whose every scope the peer is
    /// granted, that did not come from the peer itself, in log order (PROTOCOL.md, "Pull").
    ///
    /// Two phases. While scopes granted after `cursor.grantEpoch` exist, positions up to
    /// `cursor.position` are scanned again for changes in those scopes only (the backfill);
    /// then positions after `cursor.position`. At most `limit` changes and `scanLimit` log rows
    /// per page, so a peer that may see little of a large log still gets bounded answers.
    public func outboundPage(
        for peer: SigningPublicKey,
        after cursor: SyncCursor,
        limit: Int,
        scanLimit: Int = 20_000
    ) throws -> OutboundPage {
        try writer.read { db in
            guard
                let epochValue = try Int64.fetchOne(
                    db,
                    sql: "SELECT grant_epoch FROM peer WHERE node_key = ?",
                    arguments: [Data(peer.bytes)]
                )
            else { throw StoreError(.notFound, "\(peer.hex.prefix(12)) is not a peer of this node") }
            let grants = try Self.grants(db, Data(peer.bytes))
            let newest = UInt64(try Int64.fetchOne(db, sql: "SELECT MAX(position) FROM change_log") ?? 0)
            var scan = OutboundScan(
                db: db,
                peer: Data(peer.bytes),
                newest: newest,
                filter: ReplicationFilter(granted: Set(grants.keys)),
                limit: max(1, limit),
                scanLimit: max(1, scanLimit)
            )
            var cursor = cursor
            let epoch = UInt64(epochValue)
            if cursor.grantEpoch > epoch || cursor.backfillEpoch > epoch || cursor.position > newest {
                // A cursor from before this node's data was replaced: start again (all duplicates are harmless).
                cursor = .start
            }
            if cursor.grantEpoch < epoch {
                // The backfill under way covers the grants up to `backfillEpoch`; a newer grant
                // restarts it from the start of the log, for every scope granted since `grantEpoch`
                // (rows resent are duplicates, which are harmless).
                if cursor.backfillEpoch != epoch {
                    cursor.backfillEpoch = epoch
                    cursor.backfillAfter = 0
                }
                let fresh = Set(grants.filter { $0.value > cursor.grantEpoch }.keys)
                if !fresh.isEmpty, cursor.backfillAfter < cursor.position {
                    let finished = try scan.run(
                        after: cursor.backfillAfter,
                        through: cursor.position,
                        onlyTouching: fresh
                    )
                    guard finished else {
                        cursor.backfillAfter = scan.lastPosition ?? cursor.backfillAfter
                        return scan.page(cursor: cursor, backfilling: true)
                    }
                }
                cursor.grantEpoch = epoch
                cursor.backfillAfter = 0
                cursor.backfillEpoch = 0
                if scan.isFull { return scan.page(cursor: cursor, backfilling: false) }
            }
            _ = try scan.run(after: cursor.position, through: nil, onlyTouching: nil)
            cursor.position = scan.lastPosition ?? cursor.position
            return scan.page(cursor: cursor, backfilling: false)
        }
    }
}

/// One page's walk over `change_log`.
private struct OutboundScan {
    let db: Database
    let peer: Data
    /// The last position in the log when the page was started.
    let newest: UInt64
    let filter: ReplicationFilter
    let limit: Int
    var scanLimit: Int
    var changes: [SignedChange] = []
    var lastPosition: UInt64?
    var scopeCache: [Substring: Scope] = [:]

    init(db: Database, peer: Data, newest: UInt64, filter: ReplicationFilter, limit: Int, scanLimit: Int) {
        self.db = db
        self.peer = peer
        self.newest = newest
        self.filter = filter
        self.limit = limit
        self.scanLimit = scanLimit
    }

    var isFull: Bool { changes.count >= limit || scanLimit <= 0 }

    /// Walks positions in `(after, through]`; returns whether the range was walked to its end.
    mutating func run(after: UInt64, through: UInt64?, onlyTouching fresh: Set<Scope>?) throws -> Bool {
        guard !isFull else { return false }
        let rows = try Row.fetchCursor(
            db,
            sql: """
                SELECT position, body, signature, scopes, origin FROM change_log
                WHERE position > ? AND position <= ? ORDER BY position LIMIT ?
                """,
            arguments: [Int64(after), Int64(clamping: through ?? UInt64(Int64.max)), scanLimit]
        )
        while let row = try rows.next() {
            lastPosition = UInt64(row[0] as Int64)
            defer { scanLimit -= 1 }
            if let origin = row[4] as Data?, origin == peer { continue }
            let body = Array(row[1] as Data)
            guard let scopes = LoggedScopes.scopes(column: row[3], body: body, cache: &scopeCache),
                filter.allows(scopes: scopes)
            else { continue }
            if let fresh, !scopes.contains(where: fresh.contains) { continue }
            changes.append(SignedChange(body: body, signature: Array(row[2] as Data)))
            if changes.count >= limit { return try !hasRows(after: lastPosition!, through: through) }
        }
        if scanLimit > 0 { return true }
        return try !hasRows(after: lastPosition ?? after, through: through)
    }

    func hasRows(after position: UInt64, through: UInt64?) throws -> Bool {
        try Bool.fetchOne(
            db,
            sql: "SELECT 1 FROM change_log WHERE position > ? AND position <= ? LIMIT 1",
            arguments: [Int64(position), Int64(clamping: through ?? UInt64(Int64.max))]
        ) ?? false
    }

    func page(cursor: SyncCursor, backfilling: Bool) -> OutboundPage {
        let remaining = newest > cursor.position ? newest - cursor.position : 0
        let backlog = backfilling && cursor.position > cursor.backfillAfter ? cursor.position - cursor.backfillAfter : 0
        return OutboundPage(
            changes: changes,
            cursor: cursor,
            more: backfilling || remaining > 0,
            remaining: remaining + backlog
        )
    }
}
