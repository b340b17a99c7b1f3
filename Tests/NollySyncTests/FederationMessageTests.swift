import Foundation
import NollyCrypto
import NollyModel
import NollySync
import Testing

@Suite("Federation messages")
struct FederationMessageTests {
    let key = try! Identity.generate().signingKey

    @Test("Signature header fields round-trip into the same signature base")
    func headersRoundTrip() throws {
        let body: [UInt8] = Array("pull".utf8)
        let signed = RequestSignature(
            signing: "POST",
            target: "https://studio.example:7443/v1/pull",
            authority: "studio.example:7443",
            body: body,
            now: 1_800_000_000,
            with: key
        )
        let fields = Dictionary(uniqueKeysWithValues: signed.headerFields.map { ($0.name.lowercased(), $0.value) })
        let parsed = try RequestSignature(
            method: "POST",
            target: "https://studio.example:7443/v1/pull",
            authority: "studio.example:7443",
            header: { fields[$0] }
        )
        #expect(parsed == signed)
        var verifier = RequestVerifier(trustedPeers: [key.publicKey], authority: "studio.example:7443")
        try verifier.verify(parsed, body: body, now: 1_800_000_010)
    }

    @Test(
        "Missing or garbled signature fields are refused as unsigned",
        arguments: ["content-digest", "signature-input", "signature"]
    )
    func garbledHeaders(field: String) throws {
        let signed = RequestSignature(
            signing: "POST",
            target: "https://a:1/v1/pull",
            authority: "a:1",
            body: [],
            now: 1,
            with: key
        )
        var fields = Dictionary(uniqueKeysWithValues: signed.headerFields.map { ($0.name.lowercased(), $0.value) })
        for value in [nil, "garbage", "sig1=:zz:"] as [String?] {
            fields[field] = value
            #expect(throws: RequestRefusal.self) {
                try RequestSignature(method: "POST", target: "https://a:1/v1/pull", authority: "a:1") { fields[$0] }
            }
        }
    }

    @Test("Messages round-trip, and bad bytes give an error, not a crash")
    func messages() throws {
        let cursor = SyncCursor(grantEpoch: 3, backfillAfter: 10, position: 99)
        #expect(try SyncCursor(serialized: cursor.serialized()) == cursor)
        let change = SignedChange(body: [1, 2, 3], signature: [4, 5])
        let page = OutboundPage(changes: [change], cursor: cursor, more: true, remaining: 7)
        #expect(try OutboundPage(serialized: page.serialized()) == page)
        let reply = PushReply(outcomes: [
            (change.id, .applied), (change.id, .rejected(Rejection(.notAuthorized, "no"))),
        ])
        #expect(try PushReply(serialized: reply.serialized()) == reply)
        let join = JoinReply(
            nodeKey: key.publicKey,
            name: "studio",
            scopes: [.public, .project(RowID(Array(repeating: 1, count: 40)))]
        )
        #expect(try JoinReply(serialized: join.serialized()) == join)
        for garbage in [[0xFF], [0x0A, 0x05, 0x01], Array(repeating: 0x12, count: 9)] as [[UInt8]] {
            #expect(throws: MalformedMessage.self) { try PushRequest(serialized: garbage) }
            #expect(throws: MalformedMessage.self) { try OutboundPage(serialized: garbage) }
        }
        #expect(throws: (any Error).self) { try Scope(parsing: "project:abcd") }
        #expect(try Scope(parsing: " public ") == .public)
    }
}
