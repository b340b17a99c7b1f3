import Foundation
import NollyModel
public import NollyValues
import SwiftProtobuf

/// Why a federation request was refused, as a stable code. The answer's body is a protobuf
/// `Refusal` carrying it (PROTOCOL.md, "Error codes").
public enum RefusalCode: String, CaseIterable, Sendable, Codable {
    /// From a peer that gave no code (or a body that is not a `Refusal`).
    case unspecified
    case unsigned
    case unknownKey = "unknown_key"
    case badSignature = "bad_signature"
    case expired
    case lifetimeTooLong = "lifetime_too_long"
    case replayedNonce = "replayed_nonce"
    case wrongDestination = "wrong_destination"
    case bodyDigestMismatch = "body_digest_mismatch"
    case bodyTooLarge = "body_too_large"
    case signedBeforeStart = "signed_before_start"
    case rateLimited = "rate_limited"
    case malformedMessage = "malformed_message"
    case inviteInvalid = "invite_invalid"
    case joinSelf = "join_self"
    case tooManyChanges = "too_many_changes"
    case notReady = "not_ready"
    case `internal`
    case notFound = "not_found"
    case rangeNotSatisfiable = "range_not_satisfiable"

    /// The HTTP status a refusal with this code is answered with.
    public var status: Int {
        switch self {
        case .unsigned, .unknownKey, .badSignature, .expired, .lifetimeTooLong: return 401
        case .wrongDestination, .inviteInvalid: return 403
        case .replayedNonce: return 409
        case .bodyDigestMismatch, .malformedMessage, .joinSelf, .unspecified: return 400
        case .bodyTooLarge, .tooManyChanges: return 413
        case .rateLimited: return 429
        case .signedBeforeStart, .notReady: return 503
        case .internal: return 500
        case .notFound: return 404
        case .rangeNotSatisfiable: return 416
        }
    }

    var wire: Nollycrew_V1_RefusalCode {
        switch self {
        case .unspecified: return .refusalUnspecified
        case .unsigned: return .refusalUnsigned
        case .unknownKey: return .refusalUnknownKey
        case .badSignature: return .refusalBadSignature
        case .expired: return .refusalExpired
        case .lifetimeTooLong: return .refusalLifetimeTooLong
        case .replayedNonce: return .refusalReplayedNonce
        case .wrongDestination: return .refusalWrongDestination
        case .bodyDigestMismatch: return .refusalBodyDigestMismatch
        case .bodyTooLarge: return .refusalBodyTooLarge
        case .signedBeforeStart: return .refusalSignedBeforeStart
        case .rateLimited: return .refusalRateLimited
        case .malformedMessage: return .refusalMalformedMessage
        case .inviteInvalid: return .refusalInviteInvalid
        case .joinSelf: return .refusalJoinSelf
        case .tooManyChanges: return .refusalTooManyChanges
        case .notReady: return .refusalNotReady
        case .internal: return .refusalInternal
        case .notFound: return .refusalNotFound
        case .rangeNotSatisfiable: return .refusalRangeNotSatisfiable
        }
    }

    init(wire: Nollycrew_V1_RefusalCode) {
        self = Self.allCases.first { $0.wire == wire } ?? .unspecified
    }
}

/// A refusal of a federation request by this node: a code, which gives the HTTP status, and a
/// message for the operator at the other end.
public struct FederationRefusal: CodedError, Equatable {
    public let kind: RefusalCode
    public let message: String
    /// Seconds to wait before trying again (429 and 503 answers carry it as `Retry-After`).
    public let retryAfter: UInt64?

    public init(_ kind: RefusalCode, _ message: String, retryAfter: UInt64? = nil) {
        self.kind = kind
        self.message = message
        self.retryAfter = retryAfter
    }

    public var code: String { kind.rawValue }
    public var status: Int { kind.status }

    /// The answer's body: a protobuf `Refusal`.
    public func serialized() -> [UInt8] {
        var message = Nollycrew_V1_Refusal()
        message.code = kind.wire
        message.message = self.message
        return (try? message.serializedBytes()) ?? []
    }

    /// Reads a refusal body; `nil` when it is not one (a proxy's page, an older node's text).
    public init?(serialized bytes: [UInt8]) {
        guard bytes.count <= 64 << 10, let message = try? Nollycrew_V1_Refusal(serializedBytes: bytes) else {
            return nil
        }
        self.init(RefusalCode(wire: message.code), String(message.message.prefix(1_000)))
    }
}

extension RequestRefusal {
    /// The refusal code of a request refused on its signature.
    public var refusalCode: RefusalCode {
        switch self {
        case .unsigned: return .unsigned
        case .unknownKey: return .unknownKey
        case .badSignature: return .badSignature
        case .expired: return .expired
        case .lifetimeTooLong: return .lifetimeTooLong
        case .replayedNonce: return .replayedNonce
        case .wrongDestination: return .wrongDestination
        case .bodyDigestMismatch: return .bodyDigestMismatch
        case .bodyTooLarge: return .bodyTooLarge
        case .signedBeforeStart: return .signedBeforeStart
        }
    }

    /// The refusal answered for it.
    public var refusal: FederationRefusal {
        FederationRefusal(refusalCode, description, retryAfter: self == .signedBeforeStart ? 1 : nil)
    }
}
