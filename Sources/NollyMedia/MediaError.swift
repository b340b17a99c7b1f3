import Foundation
public import NollyValues

/// A file or link refused by the media checks, with a stable code (PROTOCOL.md, "Error codes").
public struct MediaError: CodedError, Equatable {
    public enum Kind: String, Sendable {
        /// The bytes are none of the accepted types (an executable, HTML, an archive, …).
        case unsupportedType = "media_type_unsupported"
        /// The type is accepted, but not for this kind (a PDF as a headshot).
        case wrongKind = "media_wrong_kind"
        /// Larger than the limit of its category.
        case tooLarge = "media_too_large"
        /// It starts like an accepted type but its headers are damaged or truncated.
        case malformed = "media_malformed"
        /// A link that is not https, or a video link that names no video.
        case invalidLink = "media_link_invalid"
    }

    public let kind: Kind
    public let message: String
    public let hint: String?

    public init(_ kind: Kind, _ message: String, hint: String? = nil) {
        self.kind = kind
        self.message = message
        self.hint = hint
    }

    public var code: String { kind.rawValue }
}
