import Foundation
public import GRDB
public import NollyCrypto
public import NollyModel
public import NollySync

/// Counts for `nollycrew status`.
public struct StoreCounts: Sendable, Equatable {
    public var liveRows: [EntityKind: Int] = [:]
    public var loggedChanges = 0
    public var rejectedChanges = 0
    /// Rejected changes kept until what they wait for arrives: a representation grant, the row
    /// they edit, or this node's clock catching up with theirs.
    public var waiting = 0
}

/// Two different changes signed by one author with the same sequence number: a sign of a
/// stolen or copied key, or of a node restored from an old backup.
public struct Equivocation: Sendable, Equatable {
    public let author: SigningPublicKey
    public let seq: UInt64
    public let first: ChangeID
    public let second: ChangeID
}

/// A rejected change, as recorded.
public struct RejectionSummary: Sendable, Equatable {
    public let id: ChangeID
    public let reason: String
    /// The stable code; ``RejectionCode/unspecified`` for rows kept before codes were stored.
    public let code: RejectionCode
    public let rejectedAt: Int64
}

extension ReplicaStore {
    /// The live row, or `nil` when absent or deleted.
    public func snapshot(_ entity: EntityKind, _ row: RowID) throws -> RowSnapshot? {
        try writer.read { db in try Self.liveSnapshot(in: db, entity, row) }
    }

    /// The live row, or `nil` when absent or deleted, read in `db`: for derived tables, which
    /// read the rows they derive from inside the applying transaction.
    public static func liveSnapshot(in db: Database, _ entity: EntityKind, _ row: RowID) throws -> RowSnapshot? {
        guard
            let state = try Row.fetchOne(
                db.cachedStatement(sql: "SELECT causal_length, scope FROM row_state WHERE entity = ? AND row = ?"),
                arguments: [entity.rawValue, Data(row.bytes)]
            )
        else { return nil }
        return try snapshot(db, entity, row, causalLength: state[0], scope: state[1])
    }

    /// Every live row of `entity`, ordered by row id.
    public func liveRows(_ entity: EntityKind) throws -> [RowSnapshot] {
        var rows = [RowSnapshot]()
        try forEachLiveRow(of: [entity]) { rows.append($0) }
        return rows
    }

    /// Visits live rows in canonical order (entity name, then row id bytes).
    public func forEachLiveRow(
        of entities: [EntityKind] = EntityKind.allCases,
        _ body: (RowSnapshot) throws -> Void
    ) throws {
        try writer.read { db in try Self.forEachLiveRow(in: db, of: entities, body) }
    }

    /// Visits live rows in canonical order, read in `db` (a derived table's rebuild).
    public static func forEachLiveRow(
        in db: Database,
        of entities: [EntityKind],
        _ body: (RowSnapshot) throws -> Void
    ) throws {
        for entity in entities.sorted() {
            let cursor = try Row.fetchCursor(
                db,
                sql: """
                    SELECT row, causal_length, scope FROM row_state
                    WHERE entity = ? AND causal_length % 2 = 1 ORDER BY row
                    """,
                arguments: [entity.rawValue]
            )
            while let state = try cursor.next() {
                let row = RowID(Array(state[0] as Data))
                if let snapshot = try snapshot(db, entity, row, causalLength: state[1], scope: state[2]) {
                    try body(snapshot)
                }
            }
        }
    }

    private static func snapshot(
        _ db: Database,
        _ entity: EntityKind,
        _ row: RowID,
        causalLength: Int64,
        scope: String
    ) throws -> RowSnapshot? {
        guard causalLength % 2 == 1 else { return nil }
        var fields = [String: FieldContent]()
        let singles = try db.cachedStatement(
            sql: "SELECT field, value FROM field_state WHERE entity = ? AND row = ? AND causal_length = ?"
        )
        for found in try Row.fetchAll(singles, arguments: [entity.rawValue, Data(row.bytes), causalLength]) {
            fields[found[0]] = .single(try ChangeCodec.decodeValue(Array(found[1] as Data)))
        }
        let elements = try db.cachedStatement(
            sql: """
                SELECT DISTINCT field, element FROM set_element e
                WHERE entity = ? AND row = ? AND causal_length = ? AND NOT EXISTS (
                    SELECT 1 FROM set_tombstone t WHERE t.entity = e.entity AND t.row = e.row AND t.field = e.field
                    AND t.change = e.change AND t.op = e.op AND (t.element IS NULL OR t.element = e.element))
                ORDER BY field, element
                """
        )
        for found in try Row.fetchAll(elements, arguments: [entity.rawValue, Data(row.bytes), causalLength]) {
            let name: String = found[0]
            let element = try ChangeCodec.decodeValue(Array(found[1] as Data))
            if case .set(let existing) = fields[name] {
                fields[name] = .set(existing + [element])
            } else {
                fields[name] = .set([element])
            }
        }
        return RowSnapshot(
            entity: entity,
            row: row,
            causalLength: try UInt64(stored: causalLength, "causal length"),
            scope: scope,
            fields: fields
        )
    }

    /// The canonical dump of the replicated state: live rows in (entity, id) order, each as
    /// canonical JSON with sorted keys. Two replicas with the same state produce the same bytes.
    public func canonicalExport() throws -> String {
        var out = "{\"format\":\"nollycrew-export-1\",\"rows\":["
        var first = true
        try forEachLiveRow { row in
            if !first { out += "," }
            first = false
            out += row.json.canonical
        }
        return out + "]}\n"
    }

    /// The clock of the latest change that added an element to a set field of a row (`nil` when
    /// none did): when a profile's booked dates were last updated, for instance.
    public func lastAddition(_ entity: EntityKind, _ row: RowID, field: String) throws -> HLC? {
        try writer.read { db in
            try Int64.fetchOne(
                db,
                sql: """
                    SELECT max(c.hlc) FROM set_element e JOIN change_log c ON c.id = e.change
                    WHERE e.entity = ? AND e.row = ? AND e.field = ?
                    """,
                arguments: [entity.rawValue, Data(row.bytes), field]
            ).map { HLC(rawValue: UInt64(bitPattern: $0)) }
        }
    }

    /// The current causal length of a row (0 when never seen).
    public func causalLength(_ entity: EntityKind, _ row: RowID) throws -> UInt64 {
        try writer.read { db in
            try SQLiteReplicaTransaction(db: db, receivedAt: 0).causalLength(entity: entity, row: row)
        }
    }

    /// The add tags under which `element` is present in a set field: what a removal must name.
    public func observedTags(_ entity: EntityKind, _ row: RowID, _ field: String, element: Value) throws -> [AddTag] {
        try writer.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT change, op FROM set_element e
                    WHERE entity = ? AND row = ? AND field = ? AND element = ? AND NOT EXISTS (
                        SELECT 1 FROM set_tombstone t WHERE t.entity = e.entity AND t.row = e.row
                        AND t.field = e.field AND t.change = e.change AND t.op = e.op
                        AND (t.element IS NULL OR t.element = e.element))
                    ORDER BY change, op
                    """,
                arguments: [entity.rawValue, Data(row.bytes), field, Data(ChangeCodec.encode(element))]
            ).map { AddTag(change: ChangeID(bytes: Array($0[0] as Data)), op: UInt32($0[1] as Int64)) }
        }
    }

    /// For each author, the highest sequence number held with no gap below it.
    public func seenVector() throws -> SeenVector {
        try writer.read { db in
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT author, MIN(author_seq) FROM change_log c
                    WHERE NOT EXISTS (
                        SELECT 1 FROM change_log d WHERE d.author = c.author AND d.author_seq = c.author_seq + 1)
                    AND EXISTS (SELECT 1 FROM change_log f WHERE f.author = c.author AND f.author_seq = 1)
                    GROUP BY author
                    """
            )
            var vector = SeenVector()
            for row in rows {
                if let key = try? SigningPublicKey(bytes: Array(row[0] as Data)) {
                    vector.contiguous[key] = UInt64(row[1] as Int64)
                }
            }
            return vector
        }
    }

    /// Logged changes a peer with `seen` lacks (all when `nil`), in log order; with `filter`, only
    /// those whose every row is in a scope it grants.
    public func forEachChange(
        notCoveredBy seen: SeenVector?,
        passing filter: ReplicationFilter? = nil,
        _ body: (SignedChange) throws -> Void
    ) throws {
        try writer.read { db in
            let cursor = try Row.fetchCursor(
                db,
                sql: "SELECT author, author_seq, body, signature, scopes FROM change_log ORDER BY position"
            )
            var scopeCache = [Substring: Scope]()
            while let row = try cursor.next() {
                if let seen, let author = try? SigningPublicKey(bytes: Array(row[0] as Data)),
                    seen.covers(author: author, seq: try UInt64(stored: row[1], "sequence number"))
                {
                    continue
                }
                let bytes = Array(row[2] as Data)
                if let filter {
                    guard let scopes = LoggedScopes.scopes(column: row[4], body: bytes, cache: &scopeCache),
                        filter.allows(scopes: scopes)
                    else { continue }
                }
                try body(SignedChange(body: bytes, signature: Array(row[3] as Data)))
            }
        }
    }

    /// Number of changes ``forEachChange(notCoveredBy:passing:_:)`` would visit.
    public func countChanges(notCoveredBy seen: SeenVector?, passing filter: ReplicationFilter? = nil) throws -> Int {
        var count = 0
        try forEachChange(notCoveredBy: seen, passing: filter) { _ in count += 1 }
        return count
    }

    /// Live rows per entity, log size and rejected changes.
    public func counts() throws -> StoreCounts {
        try writer.read { db in
            var counts = StoreCounts()
            for row in try Row.fetchAll(
                db,
                sql: "SELECT entity, COUNT(*) FROM row_state WHERE causal_length % 2 = 1 GROUP BY entity"
            ) {
                if let entity = EntityKind(rawValue: row[0]) { counts.liveRows[entity] = row[1] }
            }
            counts.loggedChanges = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM change_log") ?? 0
            counts.waiting =
                try Int.fetchOne(
                    db,
                    sql: "SELECT COUNT(*) FROM rejection WHERE awaiting IS NOT NULL OR awaiting_clock IS NOT NULL"
                ) ?? 0
            counts.rejectedChanges = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM rejection") ?? 0
            return counts
        }
    }

    /// Authors that signed two different changes with one sequence number. Derived from the log
    /// itself (both changes are kept there), so detecting them costs nothing when changes arrive:
    /// one scan of the `(author, author_seq)` index when asked.
    public func equivocations() throws -> [Equivocation] {
        try writer.read { db in
            let pairs = try Row.fetchAll(
                db,
                sql: """
                    SELECT author, author_seq FROM change_log
                    GROUP BY author, author_seq HAVING COUNT(*) > 1 ORDER BY author, author_seq
                    """
            )
            var found = [Equivocation]()
            for pair in pairs {
                let ids = try Data.fetchAll(
                    db,
                    sql: "SELECT id FROM change_log WHERE author = ? AND author_seq = ? ORDER BY position",
                    arguments: [pair[0] as Data, pair[1] as Int64]
                )
                guard let author = try? SigningPublicKey(bytes: Array(pair[0] as Data)), ids.count >= 2 else {
                    continue
                }
                let seq = try UInt64(stored: pair[1], "sequence number")
                for second in ids.dropFirst() {
                    found.append(
                        Equivocation(
                            author: author,
                            seq: seq,
                            first: ChangeID(bytes: Array(ids[0])),
                            second: ChangeID(bytes: Array(second))
                        )
                    )
                }
            }
            return found
        }
    }

    /// The most recent rejections, newest first.
    public func rejections(limit: Int = 20) throws -> [RejectionSummary] {
        try writer.read { db in
            try Row.fetchAll(
                db,
                sql: "SELECT id, reason, code, rejected_at FROM rejection ORDER BY rejected_at DESC, id LIMIT ?",
                arguments: [limit]
            ).map { row in
                RejectionSummary(
                    id: ChangeID(bytes: Array(row[0] as Data)),
                    reason: row[1],
                    code: (row[2] as String?).flatMap(RejectionCode.init(rawValue:)) ?? .unspecified,
                    rejectedAt: row[3]
                )
            }
        }
    }
}
