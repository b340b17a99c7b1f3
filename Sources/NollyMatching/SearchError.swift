import Foundation
public import NollyValues

/// A search or match request that cannot be answered as asked, with a stable code.
public struct SearchError: CodedError, Equatable {
    /// The stable codes (PROTOCOL.md, "Error codes").
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        public let rawValue: String
        private init(_ rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// A filter value that is malformed or out of range (a date, an amount, a limit).
        public static let invalidFilter = Code("invalid_filter")
        /// A range whose start is after its end.
        public static let invertedRange = Code("inverted_range")
        /// `--near` names a place the table does not have.
        public static let unknownPlace = Code("unknown_place")
        /// Search text that is too long or has too many words.
        public static let invalidQuery = Code("invalid_query")
        /// A cursor that is damaged or belongs to another query.
        public static let invalidCursor = Code("invalid_cursor")
        /// A role to match that is malformed: not JSON, a missing kind, a value too long.
        public static let invalidRole = Code("invalid_role")
    }

    public let kind: Code
    public let message: String
    public let hint: String?

    public init(_ kind: Code, _ message: String, hint: String? = nil) {
        self.kind = kind
        self.message = message
        self.hint = hint
    }

    public var code: String { kind.rawValue }
}
