import Foundation
public import NollyCrypto
public import NollyFederation
public import NollyModel
public import NollyStore
public import NollySync

/// The nodes this node federates with: invites, joins, addresses, and the scopes each way.
public struct PeerService: NodeService {
    let context: NodeContext
}

extension PeerService {
    /// How long an invite token can be redeemed.
    public static let inviteLifetime: Duration = .seconds(7 * 86_400)

    /// The name this node gives itself to peers (`--name`, else the host name).
    public var name: String {
        if let data = try? store.meta("node_name"), let name = String(data: data, encoding: .utf8), !name.isEmpty {
            return name
        }
        return ProcessInfo.processInfo.hostName
    }

    public func setName(_ name: String) throws {
        try store.setMeta("node_name", Data(Self.validatedPeerName(name).utf8))
    }

    /// The node's own keys, which sign its requests to peers.
    public func nodeIdentity() throws -> Identity {
        try KeyFile.read(directory.nodeKeyFile, passphrase: context.passphrase)
    }

    /// Whether `key` is one of this node's peers (the federation routes accept only their keys).
    public func isPeer(_ key: SigningPublicKey) throws -> Bool { try store.isPeer(key) }

    /// Creates a one-time invite granting `scopes` to whichever node redeems it.
    public func invite(scopes: [Scope], url: String, fingerprint: [UInt8]) throws -> PeerInvite {
        guard !scopes.isEmpty else {
            throw NodeError(.invalidInput, "an invite needs at least one scope (--scopes public,...)")
        }
        let secret = entropy.bytes(32)
        let expires = now().addingTimeInterval(TimeInterval(Self.inviteLifetime.components.seconds))
        try store.addInvite(
            secretHash: Blake2b.hash(secret),
            scopes: scopes,
            expiresAt: Int64(expires.timeIntervalSince1970 * 1000)
        )
        return PeerInvite(
            url: url,
            nodeKey: nodeKey,
            fingerprint: fingerprint,
            scopes: scopes,
            secret: secret,
            name: name
        )
    }

    /// Redeems an invite for the node whose key signed the join request.
    public func acceptJoin(_ request: JoinRequest, from key: SigningPublicKey) throws -> JoinReply {
        guard key != nodeKey else { throw FederationRefusal(.joinSelf, "a node cannot join itself") }
        let peerName = (try? Self.validatedPeerName(request.name)) ?? "peer-\(key.hex.prefix(8))"
        guard
            let scopes = try store.redeemInvite(
                secretHash: Blake2b.hash(request.secret),
                now: Int64(nowMilliseconds),
                peer: PeerRecord(nodeKey: key, name: peerName, addedAt: Int64(nowMilliseconds))
            )
        else { throw FederationRefusal(.inviteInvalid, "the invite is unknown, already used or expired") }
        return JoinReply(nodeKey: nodeKey, name: name, scopes: scopes)
    }

    /// Joins the node that printed `invite`: sends the invite's one-time secret in a request
    /// signed with this node's key, over a transport that checks the answer is signed by the
    /// invite's node key, and records the peer. The rules are ``JoinHandshake``'s: an invite
    /// never redirects a known peer (``setAddress(_:url:fingerprint:over:)`` does that, once the
    /// peer proves its key), and a new invite from a known peer at the same address redeems its
    /// new scopes.
    @discardableResult
    public func join(_ invite: PeerInvite, over transport: some PeerTransport, name: String?, granting: [Scope]?)
        throws -> (peer: PeerRecord, reply: JoinReply)
    {
        let handshake = try handshake(for: invite)
        let answer = try transport.post("/v1/join", body: handshake.request(name: self.name).serialized())
        let reply = try coded { try handshake.reply(from: answer) }
        return (try record(handshake, reply: reply, name: name, granting: granting), reply)
    }

    /// Records the node that answered our join: its address, pinned certificate, what it
    /// grants us, and what we grant it. Without `granting`, it is granted back the scopes it grants
    /// us, but never more than the invite showed.
    @discardableResult
    public func addPeer(invite: PeerInvite, reply: JoinReply, name: String?, granting: [Scope]?) throws -> PeerRecord {
        try record(try handshake(for: invite), reply: reply, name: name, granting: granting)
    }

    private func handshake(for invite: PeerInvite) throws -> JoinHandshake {
        let known = try store.peer(invite.nodeKey).map {
            JoinHandshake.KnownPeer(name: $0.name, url: $0.url, fingerprint: $0.fingerprint)
        }
        return try coded { try JoinHandshake(invite: invite, ownKey: nodeKey, known: known) }
    }

    private func record(_ handshake: JoinHandshake, reply: JoinReply, name: String?, granting: [Scope]?) throws
        -> PeerRecord
    {
        try coded { try handshake.check(reply) }
        let invite = handshake.invite
        let peerName = try Self.validatedPeerName(handshake.peerName(for: reply, requested: name))
        let record = PeerRecord(
            nodeKey: invite.nodeKey,
            name: peerName,
            url: invite.url,
            fingerprint: invite.fingerprint,
            grantedToUs: reply.scopes.map(\.description),
            addedAt: Int64(nowMilliseconds)
        )
        let grants = handshake.grants(for: reply, requested: granting)
        do {
            if try store.peer(invite.nodeKey) != nil {
                try store.rejoin(invite.nodeKey, grantedToUs: record.grantedToUs, granting: grants)
            } else {
                try store.addPeer(record, granting: grants)
            }
        } catch let error as StoreError {
            throw NodeError(.peerConflict, "cannot add peer '\(peerName)': \(error.message)")
        }
        guard let saved = try store.peer(invite.nodeKey) else {
            throw NodeError(.peerConflict, "peer '\(peerName)' was not stored")
        }
        return saved
    }

    /// Runs a handshake step, reporting its refusal as a node error with the same code.
    private func coded<T>(_ step: () throws -> T) throws -> T {
        do { return try step() } catch let error as JoinError { throw NodeError(error) }
    }

    /// Moves a known peer to a new address and certificate. `transport` must reach the new
    /// address with the new pin and check answers against the peer's node key: the peer proves
    /// it holds that key by signing its answer to a `/v1/hello` before anything is changed.
    public func setAddress(
        _ nameOrKey: String,
        url: String,
        fingerprint: [UInt8],
        over transport: some PeerTransport
    )
        throws -> PeerRecord
    {
        let peer = try find(nameOrKey)
        let reply: JoinReply
        do {
            reply = try JoinReply(serialized: try transport.post("/v1/hello", body: []))
        } catch let error as MalformedMessage {
            throw NodeError(.peerAnswerInvalid, "\(url) answered: \(error)")
        }
        guard reply.nodeKey == peer.nodeKey else {
            throw NodeError(
                .peerAnswerInvalid,
                "the node at \(url) is not \(peer.name): it answered as \(reply.nodeKey.hex.prefix(16))…"
            )
        }
        try store.setPeerAddress(peer.nodeKey, url: url, fingerprint: fingerprint)
        return try find(peer.nodeKey.hex)
    }

    /// Answers a peer's `/v1/hello`: this node's key and name, and the scopes it grants the peer.
    public func hello(from key: SigningPublicKey) throws -> JoinReply {
        let grants = try store.peer(key)?.grants.keys.sorted { $0.description < $1.description } ?? []
        return JoinReply(nodeKey: nodeKey, name: name, scopes: grants)
    }

    /// Every peer, by name.
    public func list() throws -> [PeerRecord] { try store.peers() }

    /// The peer named `nameOrKey` (a name, or a node key or its hex prefix).
    public func find(_ nameOrKey: String) throws -> PeerRecord {
        let peers = try store.peers()
        if let peer = peers.first(where: { $0.name.lowercased() == nameOrKey.lowercased() }) { return peer }
        let matches = peers.filter { $0.nodeKey.hex.hasPrefix(nameOrKey.lowercased()) }
        guard matches.count == 1, !nameOrKey.isEmpty else {
            let known = peers.map(\.name).joined(separator: ", ")
            throw NodeError(.notFound, "no peer '\(nameOrKey)' (peers: \(known.isEmpty ? "none" : known))")
        }
        return matches[0]
    }

    public func remove(_ nameOrKey: String) throws -> PeerRecord {
        let peer = try find(nameOrKey)
        try store.removePeer(peer.nodeKey)
        return peer
    }

    /// Grants scopes to a peer; new ones are backfilled on its next sync.
    public func grant(_ scopes: [Scope], to nameOrKey: String) throws -> PeerRecord {
        let peer = try find(nameOrKey)
        try store.grant(scopes, to: peer.nodeKey)
        return try find(peer.nodeKey.hex)
    }

    /// Withdraws scopes from a peer; nothing more of them flows to it.
    public func revoke(_ scopes: [Scope], from nameOrKey: String) throws -> PeerRecord {
        let peer = try find(nameOrKey)
        try store.revoke(scopes, from: peer.nodeKey)
        return try find(peer.nodeKey.hex)
    }

    /// Peer names are short labels typed on the command line.
    static func validatedPeerName(_ name: String) throws -> String {
        let trimmed = name.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty, trimmed.count <= 64,
            trimmed.allSatisfy({ $0.isLetter || $0.isNumber || "-_.".contains($0) })
        else {
            throw NodeError(
                .invalidInput,
                "'\(name)' is not a usable peer name: use 1 to 64 letters, digits, '-', '_' or '.'"
            )
        }
        return trimmed
    }
}

extension Scope {
    /// Parses a comma-separated list such as `--scopes public,org:<hex>,project:<hex>`.
    public static func parseList(_ text: String) throws -> [Scope] {
        var scopes = [Scope]()
        for part in text.split(separator: ",") where !part.trimmingCharacters(in: .whitespaces).isEmpty {
            let scope = try Scope(parsing: String(part))
            if !scopes.contains(scope) { scopes.append(scope) }
        }
        guard !scopes.isEmpty else {
            throw NodeError(.invalidInput, "no scopes given: use public, org:<hex> or project:<hex>")
        }
        return scopes
    }
}
