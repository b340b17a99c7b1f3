import Foundation
import NollyCrypto
public import NollyModel
import NollyValues
import SwiftProtobuf

/// Why a change's bytes could not be decoded into a ``Change``.
public struct MalformedChange: Error, CustomStringConvertible, Sendable {
    public let reason: String
    public var description: String { "malformed change: \(reason)" }
}

/// Deterministic protobuf encoding of changes (schema in Protocol/proto/nollycrew.proto).
///
/// SwiftProtobuf writes fields in field-number order and this schema has no maps, so the same
/// ``Change`` always encodes to the same bytes. Receivers never re-encode: they verify and
/// hash the bytes they received.
public enum ChangeCodec {
    /// Encodes a change to the bytes its author signs.
    public static func encode(_ change: Change) -> [UInt8] {
        var message = Nollycrew_V1_Change()
        message.schemaVersion = change.schemaVersion
        message.author = Data(change.author.bytes)
        message.seq = change.seq
        message.hlc = change.hlc.rawValue
        message.rows = change.rows.map { rowOps in
            var row = Nollycrew_V1_RowOps()
            row.entity = rowOps.entity.rawValue
            row.row = Data(rowOps.row.bytes)
            row.causalLength = rowOps.causalLength
            row.ops = rowOps.ops.map(encode)
            return row
        }
        return try! Array(message.serializedBytes() as [UInt8])
    }

    /// Decodes signed bytes. Checks the wire shape only; ``ChangeValidator`` checks meaning.
    public static func decode(_ body: [UInt8]) throws(MalformedChange) -> Change {
        let change = try decodeContents(body)
        // One logical change has exactly one encoding, so exactly one id: anything else (unknown
        // fields, fields out of order or repeated, a default value written out, a longer varint) is
        // refused. ``CanonicalForm`` checks the bytes in one pass; re-encoding would agree.
        guard CanonicalForm.isCanonicalChange(body) else {
            throw MalformedChange(
                reason: "not the canonical encoding of its contents (PROTOCOL.md, \"Canonical encoding\")"
            )
        }
        return change
    }

    /// What `body` says, whether or not it is the canonical encoding of it (for checks that
    /// compare encodings, such as the fuzz harness). Changes are read with ``decode(_:)``.
    public static func decodeContents(_ body: [UInt8]) throws(MalformedChange) -> Change {
        let message: Nollycrew_V1_Change
        do {
            message = try Nollycrew_V1_Change(serializedBytes: body)
        } catch {
            throw MalformedChange(reason: "not a protobuf Change (\(error))")
        }
        let author: SigningPublicKey
        do {
            author = try SigningPublicKey(bytes: Array(message.author))
        } catch {
            throw MalformedChange(reason: "author is not a 32-byte Ed25519 key")
        }
        var rows = [RowOps]()
        rows.reserveCapacity(message.rows.count)
        for row in message.rows {
            guard let entity = EntityKind(rawValue: row.entity) else {
                throw MalformedChange(reason: "unknown entity '\(row.entity)'")
            }
            var ops = [FieldOp]()
            ops.reserveCapacity(row.ops.count)
            for op in row.ops { ops.append(try decode(op)) }
            rows.append(
                RowOps(entity: entity, row: RowID(Array(row.row)), causalLength: row.causalLength, ops: ops)
            )
        }
        return Change(
            schemaVersion: message.schemaVersion,
            author: author,
            seq: message.seq,
            hlc: HLC(rawValue: message.hlc),
            rows: rows
        )
    }

    /// Encodes a value on its own: the stored form of field values and set elements.
    public static func encode(_ value: Value) -> [UInt8] {
        try! Array(wire(value).serializedBytes() as [UInt8])
    }

    /// Decodes a value stored by ``encode(_:)-(Value)``.
    public static func decodeValue(_ bytes: [UInt8]) throws(MalformedChange) -> Value {
        do {
            return try value(Nollycrew_V1_Value(serializedBytes: bytes))
        } catch let error as MalformedChange {
            throw error
        } catch {
            throw MalformedChange(reason: "not a protobuf Value")
        }
    }

    private static func encode(_ op: FieldOp) -> Nollycrew_V1_FieldOp {
        var message = Nollycrew_V1_FieldOp()
        message.field = op.field
        message.kind = op.operation.wireKind
        return message
    }

    private static func decode(_ op: Nollycrew_V1_FieldOp) throws(MalformedChange) -> FieldOp {
        guard let kind = op.kind, let operation = try FieldOperations.decode(kind) else {
            throw MalformedChange(reason: "operation on '\(op.field)' has no kind this node understands")
        }
        return FieldOp(op.field, operation)
    }

    /// The wire form of a value.
    static func wire(_ value: Value) -> Nollycrew_V1_Value {
        var message = Nollycrew_V1_Value()
        switch value {
        case .text(let text): message.text = text
        case .integer(let number): message.integer = number
        case .flag(let flag): message.flag = flag
        case .blob(let bytes): message.blob = Data(bytes)
        case .money(let money):
            var wireMoney = Nollycrew_V1_Money()
            wireMoney.minorUnits = money.minorUnits
            wireMoney.currency = money.currency
            message.money = wireMoney
        }
        return message
    }

    /// The value a wire message carries.
    static func value(_ message: Nollycrew_V1_Value) throws(MalformedChange) -> Value {
        switch message.kind {
        case .text(let text): return .text(text)
        case .integer(let number): return .integer(number)
        case .flag(let flag): return .flag(flag)
        case .blob(let bytes): return .blob(Array(bytes))
        case .money(let money):
            do {
                return .money(try Money(minorUnits: money.minorUnits, currency: money.currency))
            } catch {
                throw MalformedChange(reason: error.message)
            }
        case nil: throw MalformedChange(reason: "a value has no kind")
        }
    }
}
