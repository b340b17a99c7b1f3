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
        return try Int64.fetchOne(statement, arguments: [entity.rawValue, Data(row.bytes)]).map(UInt64.init) ?? 0
    }

    func setCausalLength(_ length: UInt64, entity: EntityKind, row: RowID, scope: Scope) throws {
        let statement = try db.cachedStatement(
            sql: """
                INSERT INTO row_state (entity, row, causal_length, scope) VALUES (?, ?, ?, ?)
                ON CONFLICT (entity, row) DO UPDATE SET causal_length = excluded.causal_length
                """
        )
        try statement.execute(arguments: [entity.rawValue, Data(row.bytes), Int64(length), scope.description])
    }

    func rowExists(entity: EntityKind, row: RowID) throws -> Bool {
        try causalLength(entity: entity, row: row) > 0
    }

    /// One upsert whose WHERE clause is ``FieldVersion``'s order: causal length, then the
    /// clock (stored as the same 64 bits, which stay below 2^63 until the year 6429), then the
    /// author key compared byte by byte (SQLite compares blobs with memcmp).
    func assignIfNewer(_ value: [UInt8], version: FieldVersion, entity: EntityKind, row: RowID, field: String) throws {
        let statement = try db.cachedStatement(
            sql: """
                INSERT INTO field_state (entity, row, field, value, causal_length, hlc, author)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (entity, row, field) DO UPDATE SET
                    value = excluded.value, causal_length = excluded.causal_length,
                    hlc = excluded.hlc, author = excluded.author
                WHERE (excluded.causal_length, excluded.hlc, excluded.author)
                    > (field_state.causal_length, field_state.hlc, field_state.author)
                """
        )
        try statement.execute(arguments: [
            entity.rawValue, Data(row.bytes), field, Data(value), Int64(version.causalLength),
            Int64(bitPattern: version.hlc.rawValue), Data(version.author),
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
            Int64(causalLength),
        ])
    }

    func removeTags(_ tags: [AddTag], entity: EntityKind, row: RowID, field: String) throws {
        let statement = try db.cachedStatement(
            sql: "INSERT OR IGNORE INTO set_tombstone (entity, row, field, change, op) VALUES (?, ?, ?, ?, ?)"
        )
        for tag in tags {
            try statement.execute(arguments: [
                entity.rawValue, Data(row.bytes), field, Data(tag.change.bytes), Int64(tag.op),
            ])
        }
    }

    func appendToLog(_ signed: SignedChange, id: ChangeID, change: Change) throws {
        let statement = try db.cachedStatement(
            sql: """
                INSERT INTO change_log (id, author, author_seq, hlc, body, signature, received_at, scopes, origin)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """
        )
        try statement.execute(arguments: [
            Data(id.bytes), Data(change.author.bytes), Int64(change.seq), Int64(bitPattern: change.hlc.rawValue),
            Data(signed.body), Data(signed.signature), receivedAt, LoggedScopes.text(of: change),
            origin.flatMap { $0.delivered.contains(id) ? Data($0.peer.bytes) : nil },
        ])
        let forgive = try db.cachedStatement(sql: "DELETE FROM rejection WHERE id = ?")
        try forgive.execute(arguments: [Data(id.bytes)])
    }

    func rejectedChanges(awaiting grant: RowID) throws -> [SignedChange] {
        let statement = try db.cachedStatement(
            sql: "SELECT body, signature FROM rejection WHERE awaiting = ? ORDER BY rejected_at, id"
        )
        return try Row.fetchAll(statement, arguments: [Data(grant.bytes)]).map { row in
            SignedChange(body: Array(row[0] as Data), signature: Array(row[1] as Data))
        }
    }

    func recordRejection(
        _ signed: SignedChange,
        id: ChangeID,
        author: SigningPublicKey?,
        reason: String,
        awaiting grant: RowID?
    ) throws {
        let statement = try db.cachedStatement(
            sql: """
                INSERT OR REPLACE INTO rejection (id, author, reason, body, signature, awaiting, rejected_at)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """
        )
        try statement.execute(arguments: [
            Data(id.bytes), author.map { Data($0.bytes) }, reason, Data(signed.body), Data(signed.signature),
            grant.map { Data($0.bytes) }, receivedAt,
        ])
    }
}
