import NollyCrypto
import NollyModel
import Testing

@testable import NollySync

@Suite("Signed requests between peers")
struct RequestSignatureTests {
    let peer: Identity
    let verifier: RequestVerifier
    let body = Array("{\"since\": 0}".utf8)
    let now: UInt64 = 1_800_000_000

    init() throws {
        peer = try Identity.generate()
        verifier = RequestVerifier(
            trustedPeers: [peer.publicKey],
            authority: "studio.example:7443",
            maxBodyBytes: 1_024
        )
    }

    func signed(
        authority: String = "studio.example:7443",
        at time: UInt64? = nil,
        lifetime: UInt64 = 60,
        nonce: [UInt8] = [1, 2, 3],
        by identity: Identity? = nil
    ) -> RequestSignature {
        RequestSignature(
            signing: "POST",
            target: "https://studio.example:7443/v1/pull",
            authority: authority,
            body: body,
            now: time ?? now,
            lifetime: lifetime,
            nonce: nonce,
            with: (identity ?? peer).signingKey
        )
    }

    func refusal(_ request: RequestSignature, body: [UInt8]? = nil, at time: UInt64? = nil) -> RequestRefusal? {
        var verifier = verifier
        do {
            try verifier.verify(request, body: body ?? self.body, now: time ?? now)
            return nil
        } catch {
            return error
        }
    }

    @Test("A well-signed request passes once; the same nonce again is a replay")
    func acceptsThenRefusesReplay() throws {
        var verifier = verifier
        try verifier.verify(signed(), body: body, now: now)
        #expect(throws: RequestRefusal.replayedNonce) { try verifier.verify(signed(), body: body, now: now + 1) }
        try verifier.verify(signed(nonce: [9]), body: body, now: now + 1)
    }

    @Test("Each refusal has its reason and status")
    func refusals() throws {
        let stranger = try Identity.generate()
        #expect(refusal(signed(by: stranger)) == .unknownKey)
        #expect(refusal(signed(), at: now + 61) == .expired)
        #expect(refusal(signed(at: now + 3_600)) == .expired)
        #expect(refusal(signed(lifetime: 3_600)) == nil, "lifetimes are capped at 5 minutes when signing")
        #expect(
            refusal(signed(authority: "elsewhere:7443"))
                == .wrongDestination(expected: "studio.example:7443", got: "elsewhere:7443")
        )
        #expect(refusal(signed(), body: Array("{\"since\": 9}".utf8)) == .bodyDigestMismatch)
        #expect(refusal(signed(), body: [UInt8](repeating: 0, count: 2_000)) == .bodyTooLarge(limit: 1_024))
        let good = signed()
        var forged = good.signature
        forged[0] ^= 1
        let tampered = RequestSignature(
            method: good.method,
            target: good.target,
            authority: good.authority,
            bodyDigest: good.bodyDigest,
            created: good.created,
            expires: good.expires,
            nonce: good.nonce,
            keyID: good.keyID,
            signature: forged
        )
        #expect(refusal(tampered) == .badSignature)
        let retargeted = RequestSignature(
            method: good.method,
            target: "https://studio.example:7443/v1/push",
            authority: good.authority,
            bodyDigest: good.bodyDigest,
            created: good.created,
            expires: good.expires,
            nonce: good.nonce,
            keyID: good.keyID,
            signature: good.signature
        )
        #expect(refusal(retargeted) == .badSignature)
        let longLived = RequestSignature(
            method: good.method,
            target: good.target,
            authority: good.authority,
            bodyDigest: good.bodyDigest,
            created: good.created,
            expires: good.created + 3_600,
            nonce: good.nonce,
            keyID: good.keyID,
            signature: good.signature
        )
        #expect(refusal(longLived) == .lifetimeTooLong)
        #expect(RequestRefusal.replayedNonce.status == 409 && RequestRefusal.unknownKey.status == 401)
    }

    @Test("The replay cache forgets expired nonces as time passes, so it stays bounded")
    func replayCacheIsBounded() throws {
        var verifier = self.verifier
        for index in 0..<500 {
            let nonce = withUnsafeBytes(of: UInt64(index).bigEndian, Array.init)
            try verifier.verify(
                signed(at: now + UInt64(index / 10), nonce: nonce),
                body: body,
                now: now + UInt64(index / 10)
            )
        }
        #expect(verifier.rememberedNonces == 500)
        // 61 s after the last request (lifetime 60 s), every nonce has expired and is forgotten.
        try verifier.verify(signed(at: now + 110, nonce: Array(repeating: 9, count: 16)), body: body, now: now + 110)
        #expect(verifier.rememberedNonces < 500)
        try verifier.verify(
            signed(at: now + 1_000, nonce: Array(repeating: 8, count: 16)),
            body: body,
            now: now + 1_000
        )
        #expect(verifier.rememberedNonces == 1)
    }

    @Test("A request signed before the server started is refused, so a restart opens no replay window")
    func signedBeforeStart() throws {
        var restarted = RequestVerifier(
            trustedPeers: [peer.publicKey],
            authority: "studio.example:7443",
            maxBodyBytes: 1_024,
            startedAt: now
        )
        #expect(throws: RequestRefusal.signedBeforeStart) {
            try restarted.verify(signed(at: now - 10), body: body, now: now)
        }
        try restarted.verify(signed(at: now), body: body, now: now)
    }

    @Test("Nonces longer than 64 bytes and oversized header fields are refused unparsed")
    func boundedHeaderFields() throws {
        let long = signed(nonce: Array(repeating: 7, count: 65)).headerFields
        let fields = Dictionary(uniqueKeysWithValues: long.map { ($0.name.lowercased(), $0.value) })
        #expect(throws: RequestRefusal.self) {
            try RequestSignature(
                method: "POST",
                target: "https://studio.example:7443/v1/pull",
                authority: "studio.example:7443"
            ) {
                fields[$0]
            }
        }
        var padded = fields
        padded["signature-input"] = (fields["signature-input"] ?? "") + String(repeating: ";x=1", count: 400)
        #expect(throws: RequestRefusal.self) {
            try RequestSignature(
                method: "POST",
                target: "https://studio.example:7443/v1/pull",
                authority: "studio.example:7443"
            ) {
                padded[$0]
            }
        }
    }
}

@Suite("Partial replication")
struct ReplicationFilterTests {
    @Test("A peer receives a change only when every row is in a granted scope")
    func scopes() throws {
        let producer = try Identity.generate()
        let project = RowID(producer.publicKey.bytes + [1, 1, 1, 1, 1, 1, 1, 1])
        func change(_ rows: [RowOps]) -> Change {
            Change(author: producer.publicKey, seq: 1, hlc: HLC(rawValue: 1), rows: rows)
        }
        let profile = change([RowOps(entity: .profile, row: RowID(producer.publicKey.bytes), causalLength: 1)])
        let script = change([
            RowOps(entity: .script, row: RowID(project.bytes + [2, 2, 2, 2, 2, 2, 2, 2]), causalLength: 1)
        ])
        let both = change(profile.rows + script.rows)
        let publicOnly = ReplicationFilter(granted: [.public])
        #expect(publicOnly.allows(profile) && !publicOnly.allows(script) && !publicOnly.allows(both))
        let member = ReplicationFilter(granted: [.public, .project(project)])
        #expect(member.allows(script) && member.allows(both))
        let otherProject = ReplicationFilter(granted: [.public, .project(RowID(Array(repeating: 9, count: 40)))])
        #expect(!otherProject.allows(script))
    }

}
