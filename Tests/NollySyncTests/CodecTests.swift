import Foundation
import NollyCrypto
import NollyModel
import NollyValues
import SwiftProtobuf
import Testing

@testable import NollySync

@Suite("Change encoding")
struct CodecTests {
    static func sampleChange(author: SigningPublicKey) throws -> Change {
        Change(
            author: author,
            seq: 1,
            hlc: HLC(milliseconds: 1_767_225_600_000, counter: 0),
            rows: [
                RowOps(
                    entity: .profile,
                    row: RowID(author.bytes),
                    causalLength: 1,
                    ops: [
                        FieldOp("city", .assign(.text("Lagos"))),
                        FieldOp("day_rate", .assign(.money(try Money(minorUnits: 15_000_000)))),
                        FieldOp("skills", .add(.text("dancing"))),
                        FieldOp(
                            "skills",
                            .remove(
                                .text("singing"),
                                observed: [AddTag(change: ChangeID(bytes: Array(repeating: 0xAB, count: 32)), op: 2)]
                            )
                        ),
                    ]
                )
            ]
        )
    }

    @Test("Encoding is deterministic and decodes to the same change")
    func roundTrip() throws {
        let identity = try Identity.generate()
        let change = try Self.sampleChange(author: identity.publicKey)
        let bytes = ChangeCodec.encode(change)
        #expect(ChangeCodec.encode(change) == bytes)
        #expect(try ChangeCodec.decode(bytes) == change)
    }

    @Test("Garbage and unknown entities are malformed, not crashes")
    func malformed() {
        #expect(throws: MalformedChange.self) { try ChangeCodec.decode([0xFF, 0xFF, 0xFF]) }
        #expect(throws: MalformedChange.self) { try ChangeCodec.decode([]) }
        var message = Nollycrew_V1_Change()
        message.author = Data(repeating: 1, count: 32)
        var row = Nollycrew_V1_RowOps()
        row.entity = "spaceship"
        message.rows = [row]
        let bytes = try! Array(message.serializedBytes() as [UInt8])
        #expect(throws: MalformedChange.self) { try ChangeCodec.decode(bytes) }
    }

    @Test("Unknown fields anywhere, repeated or default-valued fields and long varints are not canonical")
    func nonCanonicalVariants() throws {
        let author = try Identity.generate()
        let change = Change(
            author: author.publicKey,
            seq: 1,
            hlc: HLC(rawValue: 1 << 20),
            rows: [
                RowOps(
                    entity: .profile,
                    row: RowID(author.publicKey.bytes),
                    causalLength: 1,
                    ops: [FieldOp("city", .assign(.text("Aba")))]
                )
            ]
        )
        let canonical = ChangeCodec.encode(change)
        #expect(try ChangeCodec.decode(canonical) == change)
        var nested = try Nollycrew_V1_Change(serializedBytes: canonical)
        // Field 15 inside the last Value: the Value message is the end of the body too.
        nested.rows[0].ops[0].assign = try Nollycrew_V1_Value(serializedBytes: [
            0x0A, 0x03, 0x41, 0x62, 0x61, 0x78, 0x01,
        ])
        let withNestedUnknown: [UInt8] = try nested.serializedBytes()
        var defaulted = canonical
        defaulted.insert(contentsOf: [0x18, 0x00], at: 0)  // seq = 0 written out before the real one
        let longVarint = [0x08, 0x81, 0x00] + canonical.dropFirst(2)  // schema_version 1 as two bytes
        for (name, body) in [
            ("nested unknown field", withNestedUnknown), ("default written", defaulted),
            ("long varint", Array(longVarint)),
        ] {
            #expect(throws: MalformedChange.self, "\(name)") { try ChangeCodec.decode(body) }
        }
    }

    @Test("The committed test vector matches this implementation", arguments: ["change-v1.json"])
    func testVector(file: String) throws {
        let url = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Protocol/test-vectors/\(file)")
        let vector = try JSONDecoder().decode([String: String].self, from: Data(contentsOf: url))
        var seed = try #require(Hex.decode(vector["seed"] ?? ""))
        let identity = try Identity(seed: SecretBytes(copying: &seed))
        let signed = SignedChange(signing: try Self.sampleChange(author: identity.publicKey), with: identity.signingKey)
        let computed = [
            "public_key": identity.publicKey.hex,
            "change_bytes": Hex.encode(signed.body),
            "signature": Hex.encode(signed.signature),
            "change_id": signed.id.hex,
        ]
        for (name, value) in computed.sorted(by: { $0.key < $1.key }) {
            #expect(vector[name] == value, "\(name): computed \(value)")
        }
        let body = try #require(Hex.decode(vector["change_bytes"] ?? ""))
        let signature = try #require(Hex.decode(vector["signature"] ?? ""))
        #expect(identity.publicKey.isValidSignature(signature, for: body))
    }
}

@Suite("Hybrid logical clock")
struct ClockTests {
    @Test("Ticks are strictly increasing even when physical time stalls or goes back")
    func monotonic() {
        var clock = HybridClock()
        let first = clock.tick(physicalMilliseconds: 1_000)
        let second = clock.tick(physicalMilliseconds: 1_000)
        let third = clock.tick(physicalMilliseconds: 900)
        #expect(first < second && second < third)
        #expect(third.milliseconds == 1_000 && third.counter == 2)
        clock.observe(HLC(milliseconds: 5_000, counter: 3))
        let fourth = clock.tick(physicalMilliseconds: 1_200)
        #expect(fourth == HLC(milliseconds: 5_000, counter: 4))
        #expect(clock.tick(physicalMilliseconds: 6_000) == HLC(milliseconds: 6_000, counter: 0))
    }

    @Test("Field versions order by causal length, then clock, then author")
    func versionOrder() {
        let early = HLC(milliseconds: 10, counter: 0)
        let late = HLC(milliseconds: 20, counter: 0)
        #expect(
            FieldVersion(causalLength: 1, hlc: late, author: [9])
                < FieldVersion(causalLength: 3, hlc: early, author: [1])
        )
        #expect(
            FieldVersion(causalLength: 1, hlc: early, author: [9])
                < FieldVersion(causalLength: 1, hlc: late, author: [1])
        )
        #expect(
            FieldVersion(causalLength: 1, hlc: early, author: [1])
                < FieldVersion(causalLength: 1, hlc: early, author: [2])
        )
    }
}
