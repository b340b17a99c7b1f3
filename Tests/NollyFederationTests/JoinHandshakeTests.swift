import NollyCrypto
import NollyFederation
import NollyModel
import NollySync
import Testing

/// The joining side's rules, without storage or transport.
@Suite("Join handshake")
struct JoinHandshakeTests {
    let own: SigningPublicKey
    let inviter: SigningPublicKey

    init() throws {
        own = try Identity.generate().publicKey
        inviter = try Identity.generate().publicKey
    }

    func invite(url: String = "https://hub.test:7443", scopes: [Scope] = [.public]) -> PeerInvite {
        PeerInvite(
            url: url,
            nodeKey: inviter,
            fingerprint: [UInt8](repeating: 7, count: 32),
            scopes: scopes,
            secret: [UInt8](repeating: 3, count: 32),
            name: "hub"
        )
    }

    @Test("A node's own invite and an invite that moves a known peer are refused before sending")
    func refusedBeforeSending() {
        var own = invite()
        own.nodeKey = self.own
        let mine = #expect(throws: JoinError.self) { try JoinHandshake(invite: own, ownKey: self.own, known: nil) }
        #expect(mine?.code == "invalid_input")

        let known = JoinHandshake.KnownPeer(
            name: "hub",
            url: "https://hub.test:7443",
            fingerprint: [UInt8](repeating: 7, count: 32)
        )
        let redirect = #expect(throws: JoinError.self) {
            try JoinHandshake(invite: invite(url: "https://evil.test:7443"), ownKey: self.own, known: known)
        }
        #expect(redirect?.code == "peer_conflict")
        // The same address again is a rejoin.
        #expect(throws: Never.self) { try JoinHandshake(invite: invite(), ownKey: self.own, known: known) }
    }

    @Test("The answer must be well formed and made with the invite's key; grants never widen")
    func answerChecked() throws {
        let handshake = try JoinHandshake(invite: invite(), ownKey: own, known: nil)
        #expect(handshake.request(name: "laptop").secret == invite().secret)
        let garbage = #expect(throws: JoinError.self) { try handshake.reply(from: [0xff, 0xff, 0xff]) }
        #expect(garbage?.code == "peer_answer_invalid")
        let impostor = JoinReply(nodeKey: own, name: "hub", scopes: [.public])
        let wrongKey = #expect(throws: JoinError.self) { try handshake.reply(from: impostor.serialized()) }
        #expect(wrongKey?.code == "peer_answer_invalid")

        let widened = JoinReply(nodeKey: inviter, name: "", scopes: [.public, .organisation(RowID(own.bytes))])
        let reply = try handshake.reply(from: widened.serialized())
        #expect(handshake.grants(for: reply, requested: nil) == [.public])
        #expect(handshake.grants(for: reply, requested: []) == [])
        #expect(handshake.peerName(for: reply, requested: nil) == "hub")
        #expect(handshake.peerName(for: reply, requested: "studio") == "studio")
    }
}
