import Foundation
import GRDB
import NollyCrypto
import NollyModel
import NollySync

/// Executes the merge decisions of ``ChangeProcessor`` on SQLite, inside the write
/// transaction that ``ReplicaStore/apply(_:processor:)`` opened. Statements are cached
/// per connection and only ever take bound parameters.
struct SQLiteReplicaTransaction: ReplicaTransaction {
    let db: Database
    let receivedAt: Int64
    /// The peer that delivered the changes (`nil` for local writes and bundles), and which
    /// changes it delivered (a change released from an earlier rejection came from elsewhere).
    var origin: (peer: SigningPublicKey, delivered: Set<ChangeID>)? = nil

    func isLogged(_ id: ChangeID) throws -> Bool {
        let statement = try db.cachedStatement(sql: "SELECT 1 FROM change_log WHERE id = ?")
        return try Bool.fetchOne(statement, arguments: [Data(id.bytes)]) != nil
    }

    func causalLength(entity: EntityKind, row: RowID) throws -> UInt64 {
        let statement = try db.cachedStatement(sql: "SELECT causal_length FROM row_state WHERE entity = ? AND row = ?")
        guard let stored = try Int64.fetchOne(statement, arguments: [entity.rawValue, Data(row.bytes)]) else {
            return 0
        }
        return try UInt64(stored: stored, "causal length")
    }

    func setCausalLength(_ length: UInt64, entity: EntityKind, row: RowID, scope: Scope) throws {
        let statement = try db.cachedStatement(
            sql: """
                INSERT INTO row_state (entity, row, causal_length, scope) VALUES (?, ?, ?, ?)
                ON CONFLICT (entity, row) DO UPDATE SET causal_length = excluded.causal_length
                """
        )
        try statement.execute(arguments: [
            entity.rawValue, Data(row.bytes), try Int64(storing: length, "causal length"), scope.description,
        ])
    }

    /// One upsert whose WHERE clause is ``FieldVersion``'s order: causal length, then the
    /// clock (below 2^63, as ``ChangeValidator`` checks), then the author key compared byte by
    /// byte (SQLite compares blobs with memcmp), then, for two writes with equal versions (an
    /// author who equivocates, or a node restored from an old copy), the encoded value bytes.
    func assignIfNewer(_ value: [UInt8], version: FieldVersion, entity: EntityKind, row: RowID, field: String) throws {
        let statement = try db.cachedStatement(
            sql: """
                INSERT INTO field_state (entity, row, field, value, causal_length, hlc, author)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (entity, row, field) DO UPDATE SET
                    value = excluded.value, causal_length = excluded.causal_length,
                    hlc = excluded.hlc, author = excluded.author
                WHERE (excluded.causal_length, excluded.hlc, excluded.author, excluded.value)
                    > (field_state.causal_length, field_state.hlc, field_state.author, field_state.value)
                """
        )
        try statement.execute(arguments: [
            entity.rawValue, Data(row.bytes), field, Data(value),
            try Int64(storing: version.causalLength, "causal length"),
            try Int64(storing: version.hlc.rawValue, "clock"), Data(version.author),
        ])
    }

    func addElement(
        _ element: [UInt8],
        tag: AddTag,
        causalLength: UInt64,
        entity: EntityKind,
        row: RowID,
        field: String
    ) throws {
        let statement = try db.cachedStatement(
            sql: """
                INSERT OR IGNORE INTO set_element (change, op, entity, row, field, element, causal_length)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """
        )
        try statement.execute(arguments: [
            Data(tag.change.bytes), Int64(tag.op), entity.rawValue, Data(row.bytes), field, Data(element),
            try Int64(storing: causalLength, "causal length"),
        ])
    }

    func removeTags(_ tags: [AddTag], of element: [UInt8], entity: EntityKind, row: RowID, field: String) throws {
        let statement = try db.cachedStatement(
            sql: """
                INSERT OR IGNORE INTO set_tombstone (entity, row, field, change, op, element)
                VALUES (?, ?, ?, ?, ?, ?)
                """
        )
        for tag in tags {
            try statement.execute(arguments: [
                entity.rawValue, Data(row.bytes), field, Data(tag.change.bytes), Int64(tag.op), Data(element),
            ])
        }
    }

    func register(entity: EntityKind, row: RowID, field: String) throws -> (value: [UInt8], version: FieldVersion)? {
        let statement = try db.cachedStatement(
            sql: "SELECT value, causal_length, hlc, author FROM field_state WHERE entity = ? AND row = ? AND field = ?"
        )
        guard let found = try Row.fetchOne(statement, arguments: [entity.rawValue, Data(row.bytes), field]) else {
            return nil
        }
        let version = FieldVersion(
            causalLength: try UInt64(stored: found[1], "causal length"),
            hlc: HLC(rawValue: try UInt64(stored: found[2], "clock")),
            author: Array(found[3] as Data)
        )
        return (Array(found[0] as Data), version)
    }

    func setRegister(_ value: [UInt8], version: FieldVersion, entity: EntityKind, row: RowID, field: String) throws {
        let statement = try db.cachedStatement(
            sql: """
                INSERT OR REPLACE INTO field_state (entity, row, field, value, causal_length, hlc, author)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """
        )
        try statement.execute(arguments: [
            entity.rawValue, Data(row.bytes), field, Data(value),
            try Int64(storing: version.causalLength, "causal length"),
            try Int64(storing: version.hlc.rawValue, "clock"), Data(version.author),
        ])
    }

    func appendToLog(_ signed: SignedChange, id: ChangeID, change: Change) throws {
        let statement = try db.cachedStatement(
            sql: """
                INSERT INTO change_log (id, author, author_seq, hlc, body, signature, received_at, scopes, origin)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """
        )
        try statement.execute(arguments: [
            Data(id.bytes), Data(change.author.bytes), try Int64(storing: change.seq, "sequence number"),
            try Int64(storing: change.hlc.rawValue, "clock"),
            Data(signed.body), Data(signed.signature), receivedAt, LoggedScopes.text(of: change),
            origin.flatMap { $0.delivered.contains(id) ? Data($0.peer.bytes) : nil },
        ])
        let forgive = try db.cachedStatement(sql: "DELETE FROM rejection WHERE id = ?")
        try forgive.execute(arguments: [Data(id.bytes)])
    }

    func rejectedChanges(awaitingRow entity: EntityKind, _ row: RowID, reaching length: UInt64) throws
        -> [SignedChange]
    {
        let statement = try db.cachedStatement(
            sql: """
                SELECT body, signature FROM rejection
                WHERE awaiting = ? AND awaiting_entity = ? AND awaiting_length <= ?
                ORDER BY rejected_at, id
                """
        )
        return try Self.signedChanges(
            statement,
            [Data(row.bytes), entity.rawValue, try Int64(storing: length, "causal length")]
        )
    }

    func rejectedChanges(awaitingClockThrough milliseconds: UInt64) throws -> [SignedChange] {
        let statement = try db.cachedStatement(
            sql: "SELECT body, signature FROM rejection WHERE awaiting_clock <= ? ORDER BY awaiting_clock, id"
        )
        return try Self.signedChanges(statement, [Int64(clamping: milliseconds)])
    }

    private static func signedChanges(_ statement: Statement, _ arguments: StatementArguments) throws
        -> [SignedChange]
    {
        try Row.fetchAll(statement, arguments: arguments).map { row in
            SignedChange(body: Array(row[0] as Data), signature: Array(row[1] as Data))
        }
    }

    func recordRejection(
        _ signed: SignedChange,
        id: ChangeID,
        author: SigningPublicKey?,
        rejection: Rejection,
        awaiting: Awaited?,
        verified: Bool
    ) throws {
        // Only a verified change is kept whole and may replace an earlier record of its id; junk
        // (undecodable, or a bad signature) is recorded by id and reason, without its bytes.
        let statement = try db.cachedStatement(
            sql: """
                INSERT OR \(verified ? "REPLACE" : "IGNORE") INTO rejection
                    (id, author, reason, code, body, signature, awaiting, awaiting_entity, awaiting_length,
                     awaiting_clock, rejected_at, peer)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """
        )
        var row: (entity: String, bytes: Data, length: Int64)?
        var clock: Int64?
        switch awaiting {
        case .row(let entity, let id, let length):
            row = (entity.rawValue, Data(id.bytes), try Int64(storing: length, "causal length"))
        case .clock(let milliseconds):
            clock = try Int64(storing: milliseconds, "clock")
        case nil:
            break
        }
        try statement.execute(arguments: [
            Data(id.bytes), author.map { Data($0.bytes) }, rejection.message, rejection.code,
            Data(verified ? signed.body : []),
            Data(verified ? signed.signature : []), row?.bytes, row?.entity, row?.length, clock, receivedAt,
            origin.flatMap { $0.delivered.contains(id) ? Data($0.peer.bytes) : nil },
        ])
    }
}
