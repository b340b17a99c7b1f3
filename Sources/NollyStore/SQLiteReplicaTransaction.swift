import Foundation
import GRDB
import NollyCrypto
import NollyModel
import NollySync

/// Executes the merge decisions of ``ChangeProcessor`` on SQLite, inside the write
/// transaction that ``ReplicaStore/apply(_:processor:)`` opened. Statements only ever take bound
/// parameters. Those the merge runs for every change and operation are prepared once per
/// transaction, on first use, and bound directly (``DirectStatement``).
final class SQLiteReplicaTransaction: ReplicaTransaction {
    let db: Database
    let receivedAt: Int64
    /// The peer that delivered the changes (`nil` for local writes and bundles), and which
    /// changes it delivered (a change released from an earlier rejection came from elsewhere).
    let origin: (peer: SigningPublicKey, delivered: Set<ChangeID>)?

    init(db: Database, receivedAt: Int64, origin: (peer: SigningPublicKey, delivered: Set<ChangeID>)? = nil) {
        self.db = db
        self.receivedAt = receivedAt
        self.origin = origin
    }

    private lazy var findLogged = Prepared(db, "SELECT 1 FROM change_log WHERE id = ?")
    private lazy var findCausalLength = Prepared(
        db,
        "SELECT causal_length FROM row_state WHERE entity = ? AND row = ?"
    )
    private lazy var storeCausalLength = Prepared(
        db,
        """
        INSERT INTO row_state (entity, row, causal_length, scope) VALUES (?, ?, ?, ?)
        ON CONFLICT (entity, row) DO UPDATE SET causal_length = excluded.causal_length
        """
    )
    /// One upsert whose WHERE clause is ``FieldVersion``'s order: causal length, then the
    /// clock (below 2^63, as ``ChangeValidator`` checks), then the author key compared byte by
    /// byte (SQLite compares blobs with memcmp), then, for two writes with equal versions (an
    /// author who equivocates, or a node restored from an old copy), the encoded value bytes.
    private lazy var assignNewer = Prepared(
        db,
        """
        INSERT INTO field_state (entity, row, field, value, causal_length, hlc, author)
        VALUES (?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (entity, row, field) DO UPDATE SET
            value = excluded.value, causal_length = excluded.causal_length,
            hlc = excluded.hlc, author = excluded.author
        WHERE (excluded.causal_length, excluded.hlc, excluded.author, excluded.value)
            > (field_state.causal_length, field_state.hlc, field_state.author, field_state.value)
        """
    )
    private lazy var findRegister = Prepared(
        db,
        "SELECT value, causal_length, hlc, author FROM field_state WHERE entity = ? AND row = ? AND field = ?"
    )
    private lazy var storeRegister = Prepared(
        db,
        """
        INSERT OR REPLACE INTO field_state (entity, row, field, value, causal_length, hlc, author)
        VALUES (?, ?, ?, ?, ?, ?, ?)
        """
    )
    private lazy var insertElement = Prepared(
        db,
        """
        INSERT OR IGNORE INTO set_element (change, op, entity, row, field, element, causal_length)
        VALUES (?, ?, ?, ?, ?, ?, ?)
        """
    )
    private lazy var insertTombstone = Prepared(
        db,
        """
        INSERT OR IGNORE INTO set_tombstone (entity, row, field, change, op, element)
        VALUES (?, ?, ?, ?, ?, ?)
        """
    )
    private lazy var insertLogged = Prepared(
        db,
        """
        INSERT INTO change_log (id, author, author_seq, hlc, body, signature, received_at, scopes, origin)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
        """
    )
    private lazy var forgetRejection = Prepared(db, "DELETE FROM rejection WHERE id = ?")
    private lazy var findAnyRejection = Prepared(db, "SELECT 1 FROM rejection LIMIT 1")
    /// Whether the rejection table holds rows, once asked (``mayHoldRejections()``).
    private var rejectionsKept: Bool?

    func isLogged(_ id: ChangeID) throws -> Bool {
        try findLogged.statement().first({ $0.blob(id.bytes) }, read: { _ in true }) ?? false
    }

    func causalLength(entity: EntityKind, row: RowID) throws -> UInt64 {
        let stored = try findCausalLength.statement().first(
            {
                $0.text(entity.rawValue)
                $0.blob(row.bytes)
            },
            read: { $0.integer(0) }
        )
        return try stored.map { try UInt64(stored: $0, "causal length") } ?? 0
    }

    func setCausalLength(_ length: UInt64, entity: EntityKind, row: RowID, scope: Scope) throws {
        let length = try Int64(storing: length, "causal length")
        try storeCausalLength.statement().execute {
            $0.text(entity.rawValue)
            $0.blob(row.bytes)
            $0.integer(length)
            $0.text(scope.description)
        }
    }

    func assignIfNewer(_ value: [UInt8], version: FieldVersion, entity: EntityKind, row: RowID, field: String) throws {
        try write(assignNewer, value, version: version, entity: entity, row: row, field: field)
    }

    func addElement(
        _ element: [UInt8],
        tag: AddTag,
        causalLength: UInt64,
        entity: EntityKind,
        row: RowID,
        field: String
    ) throws {
        let length = try Int64(storing: causalLength, "causal length")
        try insertElement.statement().execute {
            $0.blob(tag.change.bytes)
            $0.integer(Int64(tag.op))
            $0.text(entity.rawValue)
            $0.blob(row.bytes)
            $0.text(field)
            $0.blob(element)
            $0.integer(length)
        }
    }

    func removeTags(_ tags: [AddTag], of element: [UInt8], entity: EntityKind, row: RowID, field: String) throws {
        let statement = try insertTombstone.statement()
        for tag in tags {
            try statement.execute {
                $0.text(entity.rawValue)
                $0.blob(row.bytes)
                $0.text(field)
                $0.blob(tag.change.bytes)
                $0.integer(Int64(tag.op))
                $0.blob(element)
            }
        }
    }

    func register(entity: EntityKind, row: RowID, field: String) throws -> (value: [UInt8], version: FieldVersion)? {
        try findRegister.statement().first(
            {
                $0.text(entity.rawValue)
                $0.blob(row.bytes)
                $0.text(field)
            },
            read: { columns in
                let version = FieldVersion(
                    causalLength: try UInt64(stored: columns.integer(1), "causal length"),
                    hlc: HLC(rawValue: try UInt64(stored: columns.integer(2), "clock")),
                    author: columns.blob(3)
                )
                return (columns.blob(0), version)
            }
        )
    }

    func setRegister(_ value: [UInt8], version: FieldVersion, entity: EntityKind, row: RowID, field: String) throws {
        try write(storeRegister, value, version: version, entity: entity, row: row, field: field)
    }

    /// Runs one of the two register writes, which take the same parameters.
    private func write(
        _ prepared: Prepared,
        _ value: [UInt8],
        version: FieldVersion,
        entity: EntityKind,
        row: RowID,
        field: String
    ) throws {
        let length = try Int64(storing: version.causalLength, "causal length")
        let clock = try Int64(storing: version.hlc.rawValue, "clock")
        try prepared.statement().execute {
            $0.text(entity.rawValue)
            $0.blob(row.bytes)
            $0.text(field)
            $0.blob(value)
            $0.integer(length)
            $0.integer(clock)
            $0.blob(version.author)
        }
    }

    func appendToLog(_ signed: SignedChange, id: ChangeID, change: Change) throws {
        let sequence = try Int64(storing: change.seq, "sequence number")
        let clock = try Int64(storing: change.hlc.rawValue, "clock")
        let deliveredBy = deliveringPeer(of: id)
        try insertLogged.statement().execute {
            $0.blob(id.bytes)
            $0.blob(change.author.bytes)
            $0.integer(sequence)
            $0.integer(clock)
            $0.blob(signed.body)
            $0.blob(signed.signature)
            $0.integer(receivedAt)
            $0.text(LoggedScopes.text(of: change))
            $0.blob(deliveredBy)
        }
        if try mayHoldRejections() { try forgetRejection.statement().execute { $0.blob(id.bytes) } }
    }

    /// Whether the rejection table may hold a record to forget: asked once per transaction, then
    /// kept up to date by ``recordRejection(_:id:author:rejection:awaiting:verified:)``. An import
    /// into a node with no rejections then runs one statement fewer per change.
    private func mayHoldRejections() throws -> Bool {
        if let known = rejectionsKept { return known }
        let kept = try findAnyRejection.statement().first({ _ in }, read: { _ in true }) ?? false
        rejectionsKept = kept
        return kept
    }

    /// The peer that delivered change `id`, when it came in this peer's batch.
    private func deliveringPeer(of id: ChangeID) -> [UInt8]? {
        origin.flatMap { $0.delivered.contains(id) ? $0.peer.bytes : nil }
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
        rejectionsKept = true
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
            deliveringPeer(of: id).map { Data($0) },
        ])
    }
}

/// A statement prepared on first use and kept for the rest of the transaction; a failure to
/// prepare is kept too, and thrown at each use.
private struct Prepared {
    private let prepared: Result<DirectStatement, any Error>

    init(_ db: Database, _ sql: String) {
        prepared = Result { try DirectStatement(db, sql) }
    }

    func statement() throws -> DirectStatement { try prepared.get() }
}
