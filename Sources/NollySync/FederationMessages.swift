import Foundation
public import NollyCrypto
public import NollyModel
import NollyValues
import SwiftProtobuf

/// A federation message body that could not be decoded, or that breaks the protocol's limits.
public struct MalformedMessage: Error, CustomStringConvertible, Sendable {
    public let reason: String
    public init(_ reason: String) { self.reason = reason }
    public var description: String { reason }
}

/// Where a peer stands in this node's outbound stream (PROTOCOL.md, "Federation").
///
/// `position` is the last position of the sender's change log the peer has been offered.
/// When scopes are granted after `grantEpoch`, log positions up to `position` are scanned
/// once more for the new scopes only (the backfill); `backfillAfter` is how far that scan has
/// got, and `backfillEpoch` the latest grant that scan covers: a scope granted while a backfill
/// is under way restarts it from the start of the log, so no granted row is skipped. The
/// receiver stores the cursor and sends it back unchanged.
public struct SyncCursor: Sendable, Equatable {
    public var grantEpoch: UInt64
    public var backfillAfter: UInt64
    public var position: UInt64
    public var backfillEpoch: UInt64

    public init(grantEpoch: UInt64 = 0, backfillAfter: UInt64 = 0, position: UInt64 = 0, backfillEpoch: UInt64 = 0) {
        self.grantEpoch = grantEpoch
        self.backfillAfter = backfillAfter
        self.position = position
        self.backfillEpoch = backfillEpoch
    }

    /// The cursor of a peer that has received nothing.
    public static let start = SyncCursor()

    init(_ message: Nollycrew_V1_Cursor) {
        self.init(
            grantEpoch: message.grantEpoch,
            backfillAfter: message.backfillAfter,
            position: message.position,
            backfillEpoch: message.backfillEpoch
        )
    }

    var message: Nollycrew_V1_Cursor {
        var message = Nollycrew_V1_Cursor()
        message.grantEpoch = grantEpoch
        message.backfillAfter = backfillAfter
        message.position = position
        message.backfillEpoch = backfillEpoch
        return message
    }

    /// The cursor's protobuf bytes, as stored beside a peer.
    public func serialized() -> [UInt8] { Federation.encode(message) }

    public init(serialized bytes: [UInt8]) throws(MalformedMessage) {
        self.init(try Federation.decode(Nollycrew_V1_Cursor.self, bytes, what: "cursor"))
    }
}

/// One page of a pull: `POST /v1/pull`.
public struct PullRequest: Sendable, Equatable {
    public var cursor: SyncCursor
    public var limit: Int

    public init(cursor: SyncCursor, limit: Int) {
        self.cursor = cursor
        self.limit = limit
    }

    public func serialized() -> [UInt8] {
        var message = Nollycrew_V1_PullRequest()
        message.cursor = cursor.message
        message.limit = UInt32(clamping: limit)
        return Federation.encode(message)
    }

    public init(serialized bytes: [UInt8]) throws(MalformedMessage) {
        let message = try Federation.decode(Nollycrew_V1_PullRequest.self, bytes, what: "pull request")
        self.init(cursor: SyncCursor(message.cursor), limit: Int(message.limit))
    }
}

/// The changes a peer may see after a cursor, and the cursor to continue from.
public struct OutboundPage: Sendable, Equatable {
    public var changes: [SignedChange]
    public var cursor: SyncCursor
    public var more: Bool
    /// Log positions after `cursor` (an upper bound on what is left), for progress bars.
    public var remaining: UInt64

    public init(changes: [SignedChange], cursor: SyncCursor, more: Bool, remaining: UInt64) {
        self.changes = changes
        self.cursor = cursor
        self.more = more
        self.remaining = remaining
    }

    public func serialized() -> [UInt8] {
        var message = Nollycrew_V1_PullResponse()
        message.changes = changes.map(\.message)
        message.cursor = cursor.message
        message.more = more
        message.remaining = remaining
        return Federation.encode(message)
    }

    public init(serialized bytes: [UInt8]) throws(MalformedMessage) {
        let message = try Federation.decode(Nollycrew_V1_PullResponse.self, bytes, what: "pull response")
        self.init(
            changes: message.changes.map(SignedChange.init),
            cursor: SyncCursor(message.cursor),
            more: message.more,
            remaining: message.remaining
        )
    }
}

/// A batch of signed changes sent to a peer: `POST /v1/push`.
public struct PushRequest: Sendable, Equatable {
    public var changes: [SignedChange]

    public init(changes: [SignedChange]) { self.changes = changes }

    public func serialized() -> [UInt8] {
        var message = Nollycrew_V1_PushRequest()
        message.changes = changes.map(\.message)
        return Federation.encode(message)
    }

    public init(serialized bytes: [UInt8]) throws(MalformedMessage) {
        let message = try Federation.decode(Nollycrew_V1_PushRequest.self, bytes, what: "push request")
        self.init(changes: message.changes.map(SignedChange.init))
    }
}

/// What the receiving node did with each pushed change, in the order they were sent.
public struct PushReply: Sendable, Equatable {
    public var outcomes: [(id: ChangeID, outcome: ChangeOutcome)]

    public init(outcomes: [(id: ChangeID, outcome: ChangeOutcome)]) { self.outcomes = outcomes }

    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.outcomes.elementsEqual(rhs.outcomes) { $0.id == $1.id && $0.outcome == $1.outcome }
    }

    public func serialized() -> [UInt8] {
        var message = Nollycrew_V1_PushResponse()
        message.results = outcomes.map { id, outcome in
            var result = Nollycrew_V1_PushResult()
            result.changeID = Data(id.bytes)
            switch outcome {
            case .applied: result.status = .applied
            case .duplicate: result.status = .duplicate
            case .rejected(let rejection):
                result.status = .rejected
                result.reason = rejection.message
                result.code = rejection.kind.wire
            }
            return result
        }
        return Federation.encode(message)
    }

    public init(serialized bytes: [UInt8]) throws(MalformedMessage) {
        let message = try Federation.decode(Nollycrew_V1_PushResponse.self, bytes, what: "push response")
        var outcomes = [(id: ChangeID, outcome: ChangeOutcome)]()
        for result in message.results {
            guard result.changeID.count == 32 else { throw MalformedMessage("a push result has no 32-byte change id") }
            let outcome: ChangeOutcome
            switch result.status {
            case .applied: outcome = .applied
            case .duplicate: outcome = .duplicate
            case .rejected: outcome = .rejected(Rejection(RejectionCode(wire: result.code), result.reason))
            case .UNRECOGNIZED(let value): throw MalformedMessage("a push result has unknown status \(value)")
            }
            outcomes.append((ChangeID(bytes: Array(result.changeID)), outcome))
        }
        self.init(outcomes: outcomes)
    }
}

/// `POST /v1/join`: the invited node presents the invite's secret, signed with its own key.
public struct JoinRequest: Sendable, Equatable {
    public var secret: [UInt8]
    public var name: String

    public init(secret: [UInt8], name: String) {
        self.secret = secret
        self.name = name
    }

    public func serialized() -> [UInt8] {
        var message = Nollycrew_V1_JoinRequest()
        message.inviteSecret = Data(secret)
        message.name = name
        return Federation.encode(message)
    }

    public init(serialized bytes: [UInt8]) throws(MalformedMessage) {
        let message = try Federation.decode(Nollycrew_V1_JoinRequest.self, bytes, what: "join request")
        self.init(secret: Array(message.inviteSecret), name: message.name)
    }
}

/// The inviting node's answer to a join: who it is and what it grants.
public struct JoinReply: Sendable, Equatable {
    public var nodeKey: SigningPublicKey
    public var name: String
    public var scopes: [Scope]

    public init(nodeKey: SigningPublicKey, name: String, scopes: [Scope]) {
        self.nodeKey = nodeKey
        self.name = name
        self.scopes = scopes
    }

    public func serialized() -> [UInt8] {
        var message = Nollycrew_V1_JoinResponse()
        message.nodeKey = Data(nodeKey.bytes)
        message.name = name
        message.scopes = scopes.map(\.description)
        return Federation.encode(message)
    }

    public init(serialized bytes: [UInt8]) throws(MalformedMessage) {
        let message = try Federation.decode(Nollycrew_V1_JoinResponse.self, bytes, what: "join response")
        guard let key = try? SigningPublicKey(bytes: Array(message.nodeKey)) else {
            throw MalformedMessage("the join response has no valid node key")
        }
        self.init(nodeKey: key, name: message.name, scopes: try Federation.scopes(message.scopes))
    }
}

/// The token `nollycrew peer invite` prints: `nollycrew-invite:` and the base64url of a
/// protobuf `PeerInvite`.
public struct PeerInvite: Sendable, Equatable {
    public static let prefix = "nollycrew-invite:"

    public var url: String
    public var nodeKey: SigningPublicKey
    /// SHA-256 of the DER SubjectPublicKeyInfo of the inviting node's TLS certificate.
    public var fingerprint: [UInt8]
    public var scopes: [Scope]
    public var secret: [UInt8]
    public var name: String

    public init(
        url: String,
        nodeKey: SigningPublicKey,
        fingerprint: [UInt8],
        scopes: [Scope],
        secret: [UInt8],
        name: String
    ) {
        self.url = url
        self.nodeKey = nodeKey
        self.fingerprint = fingerprint
        self.scopes = scopes
        self.secret = secret
        self.name = name
    }

    public var token: String {
        var message = Nollycrew_V1_PeerInvite()
        message.url = url
        message.nodeKey = Data(nodeKey.bytes)
        message.fingerprint = Data(fingerprint)
        message.scopes = scopes.map(\.description)
        message.secret = Data(secret)
        message.name = name
        let base64 = Data(Federation.encode(message)).base64EncodedString()
        return Self.prefix
            + base64.replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    public init(token: String) throws(MalformedMessage) {
        let text = token.trimmingCharacters(in: .whitespacesAndNewlines)
        guard text.hasPrefix(Self.prefix) else {
            throw MalformedMessage("an invite token starts with '\(Self.prefix)'; was it copied whole?")
        }
        var base64 = text.dropFirst(Self.prefix.count).replacingOccurrences(of: "-", with: "+")
            .replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        guard let data = Data(base64Encoded: base64) else {
            throw MalformedMessage("the invite token is not valid base64url; was it copied whole?")
        }
        let message = try Federation.decode(Nollycrew_V1_PeerInvite.self, Array(data), what: "invite token")
        guard let key = try? SigningPublicKey(bytes: Array(message.nodeKey)) else {
            throw MalformedMessage("the invite token has no valid node key")
        }
        guard message.fingerprint.count == 32, message.secret.count >= 16 else {
            throw MalformedMessage("the invite token lacks its certificate fingerprint or secret")
        }
        guard let url = URL(string: message.url), url.scheme == "https", url.host != nil else {
            throw MalformedMessage("the invite token's address '\(message.url)' is not an https URL")
        }
        self.init(
            url: message.url,
            nodeKey: key,
            fingerprint: Array(message.fingerprint),
            scopes: try Federation.scopes(message.scopes),
            secret: Array(message.secret),
            name: message.name
        )
    }
}

/// Protobuf encoding shared by the federation messages.
enum Federation {
    static func encode(_ message: some SwiftProtobuf.Message) -> [UInt8] {
        // Serializing a message built in memory cannot fail for this schema (no required fields, no Any).
        (try? message.serializedBytes()) ?? []
    }

    static func decode<M: SwiftProtobuf.Message>(_: M.Type, _ bytes: [UInt8], what: String) throws(MalformedMessage)
        -> M
    {
        do {
            return try M(serializedBytes: bytes)
        } catch {
            throw MalformedMessage("the \(what) is not valid protobuf (\(bytes.count) bytes)")
        }
    }

    static func scopes(_ texts: [String]) throws(MalformedMessage) -> [Scope] {
        var scopes = [Scope]()
        for text in texts {
            do {
                scopes.append(try Scope(parsing: text))
            } catch {
                throw MalformedMessage(error.message)
            }
        }
        return scopes
    }
}

extension SignedChange {
    var message: Nollycrew_V1_SignedChange {
        var message = Nollycrew_V1_SignedChange()
        message.body = Data(body)
        message.signature = Data(signature)
        return message
    }

    init(_ message: Nollycrew_V1_SignedChange) {
        self.init(body: Array(message.body), signature: Array(message.signature))
    }
}
