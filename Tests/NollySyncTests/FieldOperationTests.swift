import Foundation
import NollyCrypto
import NollyModel
import NollyValues
import SwiftProtobuf
import Testing

@testable import NollySync

@Suite("Field operation kinds")
struct FieldOperationTests {
    /// One operation of each kind the build lists.
    static let samples: [any FieldOperation] = [
        FieldAssign(.text("Lagos")),
        SetAdd(.text("dancing")),
        SetRemove(.text("singing"), observed: [AddTag(change: ChangeID(bytes: Array(repeating: 7, count: 32)), op: 3)]),
    ]

    @Test("Every listed kind has a sample, and each wire form is claimed by exactly its own kind")
    func eachWireFormHasOneKind() throws {
        #expect(Set(FieldOperations.kinds.map { ObjectIdentifier($0) }).count == FieldOperations.kinds.count)
        #expect(Set(Self.samples.map { ObjectIdentifier(type(of: $0)) }).count == FieldOperations.kinds.count)
        for sample in Self.samples {
            let claims = try FieldOperations.kinds.compactMap { try $0.decode(sample.wireKind) }
            #expect(claims.count == 1)
            #expect(claims.first.map { AnyHashable($0) } == AnyHashable(sample))
        }
    }

    @Test("Each kind checks its own field shape: assign only single values, add and remove only sets")
    func shapes() throws {
        let city = try EntityKind.profile.schema.field("city")
        let skills = try EntityKind.profile.schema.field("skills")
        #expect(FieldAssign(.text("Lagos")).problem(onField: "city", spec: city) == nil)
        #expect(FieldAssign(.text("x")).problem(onField: "skills", spec: skills)?.kind == .invalidChange)
        #expect(SetAdd(.text("x")).problem(onField: "city", spec: city)?.kind == .invalidChange)
        #expect(SetAdd(.integer(3)).problem(onField: "skills", spec: skills)?.kind == .invalidValue)
        #expect(SetRemove(.text("x"), observed: []).problem(onField: "skills", spec: skills)?.kind == .invalidChange)
        let tags = (0...UInt32(ChangeValidator.maxTagsPerRemoval)).map {
            AddTag(change: ChangeID(bytes: Array(repeating: 1, count: 32)), op: $0)
        }
        #expect(SetRemove(.text("x"), observed: tags).problem(onField: "skills", spec: skills)?.kind == .tooLarge)
    }

    @Test("Only set operations count toward the per-change limit on stored elements")
    func storedElementLimit() {
        #expect(!FieldAssign.leavesStoredElements)
        #expect(SetAdd.leavesStoredElements && SetRemove.leavesStoredElements)
    }

    @Test("A wire operation with no kind is malformed, not a crash")
    func missingKind() throws {
        var message = Nollycrew_V1_Change()
        message.schemaVersion = 1
        message.author = Data(repeating: 1, count: 32)
        message.seq = 1
        var row = Nollycrew_V1_RowOps()
        row.entity = "profile"
        row.row = Data(repeating: 1, count: 32)
        row.causalLength = 1
        var op = Nollycrew_V1_FieldOp()
        op.field = "city"
        row.ops = [op]
        message.rows = [row]
        let bytes = try Array(message.serializedBytes() as [UInt8])
        #expect(throws: MalformedChange.self) { try ChangeCodec.decodeContents(bytes) }
    }
}
