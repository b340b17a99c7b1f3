import Foundation
import NollyFederation
import NollyModel
public import NollyValues

/// An error a person can act on, with a stable code (PROTOCOL.md, "Error codes"): what went
/// wrong and, where possible, what to do.
public struct NodeError: CodedError, Equatable {
    /// The stable machine codes of node errors, in the style of Hummingbird's `PersistError`.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        public let rawValue: String
        private init(_ rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// `init` found a node already in the data directory.
        public static let alreadyInitialized = Code("already_initialized")
        /// No node in the data directory, or one without its key.
        public static let notInitialized = Code("not_initialized")
        /// No row, peer or local user by that name or id (or the prefix matches several).
        public static let notFound = Code("not_found")
        /// Input that is not well formed: a name, a scope list, a setting, a certificate.
        public static let invalidInput = Code("invalid_input")
        /// The acting user may not do this (for example, is not the project's producer).
        public static let notPermitted = Code("not_permitted")
        /// The row is not in a state that allows it (a closed job, a final application, no script).
        public static let invalidState = Code("invalid_state")
        /// An invite or address that would redirect a known peer, or a name already taken.
        public static let peerConflict = Code("peer_conflict")
        /// A local user's name that is already taken.
        public static let nameTaken = Code("name_taken")
        /// A peer's answer does not match what was asked (another key, a malformed reply).
        public static let peerAnswerInvalid = Code("peer_answer_invalid")
        /// A key file that cannot be read, is damaged, or does not unseal.
        public static let keyUnavailable = Code("key_unavailable")
        /// A file or folder that cannot be read or written.
        public static let fileUnavailable = Code("file_unavailable")
        /// Replicated data that cannot be used as asked (for example, an out-of-range amount).
        public static let dataOutOfRange = Code("data_out_of_range")
        /// No peer could supply a copy of a file that matches its hash.
        public static let blobUnavailable = Code("blob_unavailable")
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

extension NodeError {
    /// A join refused by ``JoinHandshake``, with the same code.
    init(_ error: JoinError) {
        switch error.kind {
        case .ownInvite: self.init(.invalidInput, error.message)
        case .redirectsKnownPeer: self.init(.peerConflict, error.message)
        case .answerInvalid: self.init(.peerAnswerInvalid, error.message)
        }
    }
}
