public import NollyCrypto
public import NollyModel

/// The id of a change: BLAKE2b-256 of its signed bytes.
public struct ChangeID: Hashable, Sendable, Comparable, CustomStringConvertible {
    public let bytes: [UInt8]

    public init(bytes: [UInt8]) { self.bytes = bytes }

    /// The id of the change whose signed bytes are `body`.
    public init(body: [UInt8]) { bytes = Blake2b.hash(body) }

    public var hex: String { Hex.encode(bytes) }
    public var description: String { hex }
    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.bytes.lexicographicallyPrecedes(rhs.bytes) }
}

/// Names one set-add operation: the change that carried it and its index among the
/// change's operations (rows in order, then operations in order).
public struct AddTag: Hashable, Sendable {
    public let change: ChangeID
    public let op: UInt32

    public init(change: ChangeID, op: UInt32) {
        self.change = change
        self.op = op
    }
}

/// A field name and what to do with it: one of the ``FieldOperations/kinds``.
public struct FieldOp: Hashable, Sendable {
    public let field: String
    public let operation: any FieldOperation

    public init(_ field: String, _ operation: some FieldOperation) {
        self.field = field
        self.operation = operation
    }

    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.field == rhs.field && AnyHashable(lhs.operation) == AnyHashable(rhs.operation)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(field)
        hasher.combine(AnyHashable(operation))
    }
}

/// The operations of one change on one row.
public struct RowOps: Hashable, Sendable {
    public let entity: EntityKind
    public let row: RowID
    /// The row's causal length as the author wrote it: odd = live, even = deleted.
    public let causalLength: UInt64
    public let ops: [FieldOp]

    public init(entity: EntityKind, row: RowID, causalLength: UInt64, ops: [FieldOp] = []) {
        self.entity = entity
        self.row = row
        self.causalLength = causalLength
        self.ops = ops
    }
}

/// A decoded change: who, when, and what.
public struct Change: Hashable, Sendable {
    /// The schema version this build writes and understands.
    public static let currentSchemaVersion: UInt32 = 1

    public let schemaVersion: UInt32
    public let author: SigningPublicKey
    /// Per-author sequence number, from 1 with no gaps.
    public let seq: UInt64
    public let hlc: HLC
    public let rows: [RowOps]

    public init(
        schemaVersion: UInt32 = Change.currentSchemaVersion,
        author: SigningPublicKey,
        seq: UInt64,
        hlc: HLC,
        rows: [RowOps]
    ) {
        self.schemaVersion = schemaVersion
        self.author = author
        self.seq = seq
        self.hlc = hlc
        self.rows = rows
    }

    /// Number of field operations (row-level operations count as one each when a row has none).
    public var operationCount: Int { rows.reduce(0) { $0 + max($1.ops.count, 1) } }
}
