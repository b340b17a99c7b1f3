import Foundation
import NollyModel
public import NollyValues

/// Why a change was rejected, as a stable code. It crosses the wire as the protobuf enum
/// `RejectionCode` (PROTOCOL.md, "Error codes") and is stored with the rejection.
public enum RejectionCode: String, CaseIterable, Sendable, Codable {
    /// From a peer that gave no code, or a code this node does not know.
    case unspecified
    case malformed
    case badSignature = "bad_signature"
    case unsupportedSchema = "unsupported_schema"
    case outOfRange = "out_of_range"
    case tooLarge = "too_large"
    case invalidChange = "invalid_change"
    case invalidValue = "invalid_value"
    case notAuthorized = "not_authorized"
    case awaitingGrant = "awaiting_grant"
    case awaitingRow = "awaiting_row"
    case clockAhead = "clock_ahead"
    case notProcessed = "not_processed"

    /// Whether the change is kept and reconsidered when what it waits for arrives.
    public var isWaiting: Bool { self == .awaitingGrant || self == .awaitingRow || self == .clockAhead }

    /// What a person can do about it.
    public var hint: String? {
        switch self {
        case .unsupportedSchema: return "upgrade nollycrew on this node"
        case .awaitingGrant, .awaitingRow: return "sync again once the peer that holds the grant or the row has synced"
        case .clockAhead:
            return "check the sending machine's clock; the change applies once this node's clock catches up"
        case .notProcessed: return "sync again"
        case .badSignature, .malformed: return "the sender is damaged or hostile; the change is not kept"
        default: return nil
        }
    }
}

/// A change's rejection: its code and a message for a person.
public struct Rejection: CodedError, Equatable {
    public let kind: RejectionCode
    public let message: String

    public init(_ kind: RejectionCode, _ message: String) {
        self.kind = kind
        self.message = message
    }

    /// An ``RejectionCode/invalidValue`` rejection when `value` does not fit `spec`, or nil.
    static func ifInvalid(_ value: Value, for spec: FieldSpec) -> Rejection? {
        do {
            try spec.validate(value)
            return nil
        } catch {
            return Rejection(.invalidValue, error.message)
        }
    }

    public var code: String { kind.rawValue }
    public var hint: String? { kind.hint }
}

extension RejectionCode {
    /// The wire form.
    var wire: Nollycrew_V1_RejectionCode {
        switch self {
        case .unspecified: return .rejectionUnspecified
        case .malformed: return .rejectionMalformed
        case .badSignature: return .rejectionBadSignature
        case .unsupportedSchema: return .rejectionUnsupportedSchema
        case .outOfRange: return .rejectionOutOfRange
        case .tooLarge: return .rejectionTooLarge
        case .invalidChange: return .rejectionInvalidChange
        case .invalidValue: return .rejectionInvalidValue
        case .notAuthorized: return .rejectionNotAuthorized
        case .awaitingGrant: return .rejectionAwaitingGrant
        case .awaitingRow: return .rejectionAwaitingRow
        case .clockAhead: return .rejectionClockAhead
        case .notProcessed: return .rejectionNotProcessed
        }
    }

    /// From the wire: a value this node does not know reads as ``unspecified``.
    init(wire: Nollycrew_V1_RejectionCode) {
        self = Self.allCases.first { $0.wire == wire } ?? .unspecified
    }
}

/// A change rejected during an import or a sync, and where: `side` is "here" for this node, or
/// the peer's name when the peer refused a pushed change.
public struct RejectedChange: Sendable, Equatable {
    public let id: ChangeID
    public let rejection: Rejection
    public let side: String

    public init(id: ChangeID, rejection: Rejection, side: String = "here") {
        self.id = id
        self.rejection = rejection
        self.side = side
    }

    /// The message, for a person.
    public var reason: String { rejection.message }
    public var code: RejectionCode { rejection.kind }
}
