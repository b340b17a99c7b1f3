import Foundation
public import NollyCrypto
public import NollyModel
public import NollySync
public import NollyValues

/// The joining side of the invite protocol, with no storage and no transport: the node looks up
/// what it already knows, asks the handshake what to send and what to accept, and carries it out.
///
/// The rules it enforces: a node never joins itself; an invite never redirects a known peer to
/// another address or certificate (moving a peer needs the peer to prove its key, see
/// `peer set-address`); the answer must come from the key the invite names; and the joiner grants
/// back no more than the invite showed unless its operator asks.
public struct JoinHandshake: Sendable {
    /// What this node already knows about the invite's node, if it is a peer.
    public struct KnownPeer: Sendable, Equatable {
        public let name: String
        public let url: String?
        public let fingerprint: [UInt8]?

        public init(name: String, url: String?, fingerprint: [UInt8]?) {
            self.name = name
            self.url = url
            self.fingerprint = fingerprint
        }
    }

    public let invite: PeerInvite

    /// Checks `invite` before anything is sent: refuses this node's own invite and one that would
    /// move `known` to another address or certificate. A new invite from a known peer at the same
    /// address is a rejoin, which redeems its new scopes.
    public init(invite: PeerInvite, ownKey: SigningPublicKey, known: KnownPeer?) throws(JoinError) {
        guard invite.nodeKey != ownKey else { throw JoinError(.ownInvite, "the invite is this node's own") }
        if let known, known.url != invite.url || known.fingerprint != invite.fingerprint {
            throw JoinError(
                .redirectsKnownPeer,
                "node \(invite.nodeKey.hex.prefix(16))… is already the peer '\(known.name)'; "
                    + "to change where it is reached, run `nollycrew peer set-address \(known.name) URL --fingerprint HEX`"
            )
        }
        self.invite = invite
    }

    /// The request that redeems the invite; the transport signs it with the joining node's key.
    public func request(name: String) -> JoinRequest { JoinRequest(secret: invite.secret, name: name) }

    /// Decodes and checks the inviting node's answer.
    public func reply(from answer: [UInt8]) throws(JoinError) -> JoinReply {
        let reply: JoinReply
        do { reply = try JoinReply(serialized: answer) } catch {
            throw JoinError(.answerInvalid, "\(invite.url) answered: \(error)")
        }
        try check(reply)
        return reply
    }

    /// Refuses an answer made with another key than the invite names.
    public func check(_ reply: JoinReply) throws(JoinError) {
        guard reply.nodeKey == invite.nodeKey else {
            throw JoinError(.answerInvalid, "the node at \(invite.url) answered with another key than the invite names")
        }
    }

    /// What the joiner grants its new peer: `requested`, or else the scopes the peer grants it,
    /// but never more than the invite showed (a hostile server cannot widen them by claiming more).
    public func grants(for reply: JoinReply, requested: [Scope]?) -> [Scope] {
        requested ?? reply.scopes.filter(invite.scopes.contains)
    }

    /// The name to record the peer under: the operator's choice, else the name it gives itself.
    public func peerName(for reply: JoinReply, requested: String?) -> String {
        requested ?? (reply.name.isEmpty ? invite.name : reply.name)
    }
}

/// Why a join was refused, with a stable code (PROTOCOL.md, "Error codes").
public struct JoinError: CodedError, Equatable {
    public enum Kind: String, Sendable {
        /// The invite was printed by this very node.
        case ownInvite = "invalid_input"
        /// The invite names a known peer at another address or certificate.
        case redirectsKnownPeer = "peer_conflict"
        /// The answer is malformed or made with another key than the invite names.
        case answerInvalid = "peer_answer_invalid"
    }

    public let kind: Kind
    public let message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var code: String { kind.rawValue }
}
