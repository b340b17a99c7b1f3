import Foundation
import NollyCrypto
import NollyModel
import NollyRandom
import NollyValues
import SwiftProtobuf
import Testing

@testable import NollySync

@Suite("Canonical encodings")
struct CanonicalFormTests {
    /// A random change using every kind of operation and value, zero and negative numbers and
    /// empty texts included.
    static func randomChange(_ random: inout SplitMix64, author: SigningPublicKey) -> Change {
        func value() -> Value {
            switch random.next() % 6 {
            case 0: return .text(["", "Lagos", "Ìbàdàn"][Int(random.next() % 3)])
            case 1: return .integer(Int64(bitPattern: random.next()) >> Int64(random.next() % 64))
            case 2: return .flag(random.next() % 2 == 0)
            case 3: return .blob((0..<Int(random.next() % 33)).map { _ in UInt8(truncatingIfNeeded: random.next()) })
            case 4: return .money(try! Money(minorUnits: Int64(random.next() % 2_000_000) - 1_000_000, currency: "NGN"))
            default: return .integer(0)
            }
        }
        let rows = (0..<(1 + Int(random.next() % 3))).map { _ in
            RowOps(
                entity: EntityKind.allCases[Int(random.next() % UInt64(EntityKind.allCases.count))],
                row: RowID((0..<40).map { _ in UInt8(truncatingIfNeeded: random.next()) }),
                causalLength: random.next() % 5,
                ops: (0..<Int(random.next() % 4)).map { index in
                    switch random.next() % 3 {
                    case 0: return FieldOp("field\(index)", .assign(value()))
                    case 1: return FieldOp("", .add(value()))
                    default:
                        let tags = (0..<Int(random.next() % 3)).map { _ in
                            AddTag(
                                change: ChangeID(bytes: Array(repeating: 7, count: 32)),
                                op: UInt32(random.next() % 3)
                            )
                        }
                        return FieldOp("skills", .remove(value(), observed: tags))
                    }
                }
            )
        }
        return Change(
            schemaVersion: UInt32(random.next() % 3),
            author: author,
            seq: random.next() % 4,
            hlc: HLC(rawValue: random.next() % 3),
            rows: rows
        )
    }

    /// The reference verdict: decode with SwiftProtobuf, re-serialize, no unknown fields anywhere.
    static func referenceCanonical(_ bytes: [UInt8]) -> Bool? {
        guard let message = try? Nollycrew_V1_Change(serializedBytes: bytes) else { return nil }
        return !message.hasUnknownFields && (try? message.serializedBytes() as [UInt8]) == bytes
    }

    @Test("Every encoding this implementation writes is canonical", arguments: [UInt64(1), 2, 3])
    func ownEncodingsAreCanonical(seed: UInt64) throws {
        var random = SplitMix64(seed: seed)
        let author = try Identity.generate().publicKey
        for _ in 0..<500 {
            let bytes = ChangeCodec.encode(Self.randomChange(&random, author: author))
            #expect(CanonicalForm.isCanonicalChange(bytes), "seed \(seed): \(Hex.encode(bytes))")
        }
    }

    @Test("On mutated bytes, the one-pass check agrees with decoding and re-encoding", arguments: [UInt64(4), 5, 6])
    func agreesWithReencoding(seed: UInt64) throws {
        var random = SplitMix64(seed: seed)
        let author = try Identity.generate().publicKey
        var compared = 0
        for _ in 0..<3_000 {
            var bytes = ChangeCodec.encode(Self.randomChange(&random, author: author))
            for _ in 0..<(1 + Int(random.next() % 3)) {
                let position = Int(random.next() % UInt64(bytes.count + 1))
                switch random.next() % 4 {
                case 0 where position < bytes.count: bytes[position] ^= UInt8(1 << (random.next() % 8))
                case 1: bytes.insert(UInt8(truncatingIfNeeded: random.next()), at: position)
                case 2 where position < bytes.count: bytes.remove(at: position)
                default:
                    bytes.insert(
                        contentsOf: [0x78, 0x00, 0x18, 0x00, 0x08, 0x81, 0x00][Int(random.next() % 7)...],
                        at: position
                    )
                }
            }
            guard let reference = Self.referenceCanonical(bytes) else { continue }
            compared += 1
            #expect(CanonicalForm.isCanonicalChange(bytes) == reference, "seed \(seed): \(Hex.encode(bytes))")
        }
        #expect(compared > 200, "seed \(seed): enough mutations still decode to compare")
    }
}

extension Nollycrew_V1_Change {
    /// Whether this message or any message inside it carries fields this schema does not know.
    var hasUnknownFields: Bool {
        !unknownFields.data.isEmpty
            || rows.contains { row in !row.unknownFields.data.isEmpty || row.ops.contains(where: \.hasUnknownFields) }
    }
}

extension Nollycrew_V1_FieldOp {
    var hasUnknownFields: Bool {
        guard unknownFields.data.isEmpty else { return true }
        switch kind {
        case .assign(let value), .add(let value): return value.hasUnknownFields
        case .remove(let removal):
            return !removal.unknownFields.data.isEmpty || removal.element.hasUnknownFields
                || removal.tags.contains { !$0.unknownFields.data.isEmpty }
        case nil: return false
        }
    }
}

extension Nollycrew_V1_Value {
    var hasUnknownFields: Bool {
        guard unknownFields.data.isEmpty else { return true }
        if case .money(let money) = kind { return !money.unknownFields.data.isEmpty }
        return false
    }
}
