import Foundation
import NollyModel
import NollyValues
import Testing

@testable import NollyCrypto
@testable import NollySync

/// The protocol-2 test vectors (Protocol/test-vectors/protocol-v2.json): every value is rebuilt
/// here from fixed inputs and must equal the committed one. `check_vectors.py` checks the same
/// file with Python's standard library and the `cryptography` package alone.
///
/// To write the file anew after a deliberate protocol change, run the test with
/// `NOLLYCREW_WRITE_VECTORS=1`, review the diff, and bump the protocol version.
@Suite("Protocol test vectors")
struct ProtocolVectorTests {
    static let url = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Protocol/test-vectors/protocol-v2.json")

    static func identity() throws -> Identity {
        var seed = (0..<32).map { UInt8($0) }
        return try Identity(seed: SecretBytes(copying: &seed))
    }

    /// Signs `rows` at a fixed clock.
    static func change(_ identity: Identity, seq: UInt64, _ rows: [RowOps]) -> SignedChange {
        SignedChange(
            signing: Change(
                author: identity.publicKey,
                seq: seq,
                hlc: HLC(milliseconds: 1_796_083_200_000, counter: 1),
                rows: rows
            ),
            with: identity.signingKey
        )
    }

    static func describe(_ signed: SignedChange) -> [String: Any] {
        ["bytes": Hex.encode(signed.body), "signature": Hex.encode(signed.signature), "id": signed.id.hex]
    }

    static func vectors() throws -> [String: Any] {
        let identity = try identity()
        let key = identity.publicKey
        let profile = RowID(key.bytes)
        let encryptionSeed = Identity.derive(.encryption, from: identity.seed).withUnsafeBytes { Array($0) }

        // Oneof members that hold zero are written; a negative sint64 is zigzag-encoded.
        let zeros = change(
            identity,
            seq: 1,
            [
                RowOps(
                    entity: .profile,
                    row: profile,
                    causalLength: 1,
                    ops: [
                        FieldOp("headline", .assign(.text(""))), FieldOp("height_cm", .assign(.integer(30))),
                        FieldOp("latitude_e6", .assign(.integer(0))),
                    ]
                )
            ]
        )
        let negative = change(
            identity,
            seq: 2,
            [
                RowOps(
                    entity: .profile,
                    row: profile,
                    causalLength: 1,
                    ops: [
                        FieldOp("longitude_e6", .assign(.integer(-3_379_205))),
                        FieldOp("day_rate", .assign(.money(try Money(minorUnits: -150_050, currency: "NGN")))),
                    ]
                )
            ]
        )
        // Operation indexes run across rows: the user row's add is index 0, the profile's two are 1 and 2.
        let indexed = change(
            identity,
            seq: 3,
            [
                RowOps(entity: .user, row: profile, causalLength: 1, ops: [FieldOp("roles", .add(.text("actor")))]),
                RowOps(
                    entity: .representation,
                    row: RowID(key.bytes + Array(repeating: 0xAB, count: 32)),
                    causalLength: 1
                ),
                RowOps(
                    entity: .profile,
                    row: profile,
                    causalLength: 1,
                    ops: [FieldOp("skills", .add(.text("dance"))), FieldOp("languages", .add(.text("Igbo")))]
                ),
            ]
        )

        let body = PullRequest(cursor: SyncCursor(grantEpoch: 1, position: 4), limit: 500).serialized()
        let request = RequestSignature(
            signing: "POST",
            target: "https://studio.example:7443/v1/pull",
            authority: "studio.example:7443",
            body: body,
            now: 1_796_083_200,
            lifetime: 60,
            nonce: Array(0x10..<0x20),
            with: identity.signingKey
        )
        let answer = OutboundPage(
            changes: [zeros],
            cursor: SyncCursor(grantEpoch: 1, position: 5),
            more: false,
            remaining: 0
        )
        .serialized()

        let bundleFile = FileManager.default.temporaryDirectory.appendingPathComponent("vector-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: bundleFile) }
        _ = FileManager.default.createFile(atPath: bundleFile.path, contents: nil)
        do {
            let handle = try FileHandle(forWritingTo: bundleFile)
            var writer = try BundleWriter(
                handle: handle,
                header: BundleFormat.Header(originNode: key, createdAt: 1_796_083_200_000, changeCount: 2)
            )
            try writer.append(zeros)
            try writer.append(negative)
            try writer.flush()
            try handle.close()
        }
        let invite = PeerInvite(
            url: "https://studio.example:7443",
            nodeKey: key,
            fingerprint: Array(repeating: 0x5A, count: 32),
            scopes: [.public, .project(RowID(key.bytes + Array(repeating: 1, count: 8)))],
            secret: Array(repeating: 0x33, count: 32),
            name: "studio"
        )
        return [
            "seed": Hex.encode(identity.seed.withUnsafeBytes { Array($0) }),
            "signing_public_key": key.hex,
            "x25519_subkey": Hex.encode(encryptionSeed),
            "x25519_public_key": Hex.encode(identity.encryptionKey.publicKey.bytes),
            "change_zero_oneofs": describe(zeros),
            "change_negative_sint64": describe(negative),
            "change_op_indexes": describe(indexed).merging(
                ["add_tags": [[indexed.id.hex, 0], [indexed.id.hex, 1], [indexed.id.hex, 2]]],
                uniquingKeysWith: { $1 }
            ),
            "request": [
                "method": "POST", "target": request.target, "authority": request.authority,
                "body": Hex.encode(body), "signature_base": String(decoding: request.signatureBase, as: UTF8.self),
                "headers": Dictionary(uniqueKeysWithValues: request.headerFields.map { ($0.name, $0.value) }),
            ] as [String: Any],
            "response": [
                "status": 200, "body": Hex.encode(answer),
                "signature_base": String(
                    decoding: ResponseSignature.base(answering: request.signature, status: 200, body: answer),
                    as: UTF8.self
                ),
                "header": ResponseSignature.headerValue(
                    answering: request.signature,
                    status: 200,
                    body: answer,
                    with: identity.signingKey
                ),
            ] as [String: Any],
            "bundle": [
                "bytes": Hex.encode(Array(try Data(contentsOf: bundleFile))), "change_count": 2,
                "origin_node": key.hex, "created_at": 1_796_083_200_000,
            ] as [String: Any],
            "invite": ["token": invite.token, "secret": Hex.encode(invite.secret), "name": invite.name]
                as [String: Any],
        ]
    }

    static func json(_ object: Any) throws -> Data {
        try JSONSerialization.data(
            withJSONObject: object,
            options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        )
    }

    @Test("Every committed protocol-2 vector is what this implementation computes")
    func vectorsMatch() throws {
        let computed = try Self.json(try Self.vectors())
        if ProcessInfo.processInfo.environment["NOLLYCREW_WRITE_VECTORS"] == "1" {
            try (computed + Data("\n".utf8)).write(to: Self.url)
        }
        let committed = try Data(contentsOf: Self.url)
        let expected = try JSONSerialization.jsonObject(with: committed) as? NSDictionary
        let actual = try JSONSerialization.jsonObject(with: computed) as? NSDictionary
        #expect(expected != nil && expected == actual, "Protocol/test-vectors/protocol-v2.json differs from the code")
    }

    @Test("The committed request vector parses and verifies, and a request from protocol 1 is refused")
    func requestVectorVerifies() throws {
        let vectors = try JSONSerialization.jsonObject(with: Data(contentsOf: Self.url)) as? [String: Any]
        let request = try #require(vectors?["request"] as? [String: Any])
        let headers = try #require(request["headers"] as? [String: String])
        let lowered = Dictionary(uniqueKeysWithValues: headers.map { ($0.key.lowercased(), $0.value) })
        let parsed = try RequestSignature(
            method: "POST",
            target: try #require(request["target"] as? String),
            authority: try #require(request["authority"] as? String)
        ) { lowered[$0] }
        var verifier = RequestVerifier(trustedPeers: [parsed.keyID], authority: "studio.example:7443")
        try verifier.verify(
            parsed,
            body: try #require(Hex.decode(request["body"] as? String ?? "")),
            now: parsed.created
        )

        var old = lowered
        old["signature-input"] = old["signature-input"]?.replacingOccurrences(of: ";tag=\"nollycrew/2\"", with: "")
        let refusal = #expect(throws: RequestRefusal.self) {
            try RequestSignature(
                method: "POST",
                target: "https://studio.example:7443/v1/pull",
                authority: "studio.example:7443"
            ) {
                old[$0]
            }
        }
        #expect(refusal?.description.contains("upgraded") == true)
    }

    @Test("Parameters are signed as written: another order verifies, an edited one does not")
    func parametersSignedVerbatim() throws {
        let identity = try Self.identity()
        let body = Array("{}".utf8)
        let digest = SHA256.hash(body)
        let reordered =
            "(\"@method\" \"@target-uri\" \"@authority\" \"content-digest\");keyid=\"\(identity.publicKey.hex)\";"
            + "alg=\"ed25519\";tag=\"nollycrew/2\";nonce=\"\(Hex.encode(Array(0..<16)))\";created=100;expires=160"
        let base = RequestSignature.base(
            method: "POST",
            target: "https://studio.example:7443/v1/pull",
            authority: "studio.example:7443",
            bodyDigest: digest,
            parameters: reordered
        )
        let fields = [
            "content-digest": RequestSignature.contentDigest(digest),
            "signature-input": "sig1=\(reordered)",
            "signature": "sig1=:\(Data(identity.signingKey.signature(for: base)).base64EncodedString()):",
        ]
        let parsed = try RequestSignature(
            method: "POST",
            target: "https://studio.example:7443/v1/pull",
            authority: "studio.example:7443"
        ) { fields[$0] }
        var verifier = RequestVerifier(trustedPeers: [identity.publicKey], authority: "studio.example:7443")
        try verifier.verify(parsed, body: body, now: 120)
        var edited = fields
        edited["signature-input"] = fields["signature-input"]?.replacingOccurrences(
            of: "expires=160",
            with: "expires=170"
        )
        let tampered = try RequestSignature(
            method: "POST",
            target: "https://studio.example:7443/v1/pull",
            authority: "studio.example:7443"
        ) { edited[$0] }
        #expect(throws: RequestRefusal.badSignature) { try verifier.verify(tampered, body: body, now: 121) }
    }
}
