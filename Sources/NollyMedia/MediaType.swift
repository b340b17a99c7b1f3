/// A file type a portfolio accepts, recognised from the file's bytes (never from its name).
public enum MediaType: String, CaseIterable, Sendable, Codable {
    case jpeg, png, webp, mp4, mov, mp3, wav, pdf

    /// What the type is for; each category has its own size limit.
    public enum Category: String, CaseIterable, Sendable {
        case image, video, audio, document
    }

    public var category: Category {
        switch self {
        case .jpeg, .png, .webp: return .image
        case .mp4, .mov: return .video
        case .mp3, .wav: return .audio
        case .pdf: return .document
        }
    }

    /// The MIME type a browser or a peer is told.
    public var mime: String {
        switch self {
        case .jpeg: return "image/jpeg"
        case .png: return "image/png"
        case .webp: return "image/webp"
        case .mp4: return "video/mp4"
        case .mov: return "video/quicktime"
        case .mp3: return "audio/mpeg"
        case .wav: return "audio/wav"
        case .pdf: return "application/pdf"
        }
    }
}

/// What a piece of media is in a portfolio. Each kind takes one category of file.
public enum MediaKind: String, CaseIterable, Sendable, Codable {
    case headshot, photo, reel, audio, document

    /// The category of file this kind takes.
    public var category: MediaType.Category {
        switch self {
        case .headshot, .photo: return .image
        case .reel: return .video
        case .audio: return .audio
        case .document: return .document
        }
    }

    /// The kinds, for help text and errors: `headshot|photo|reel|audio|document`.
    public static var list: String { allCases.map(\.rawValue).joined(separator: "|") }
}

/// What was read from a file's headers: its type and, where the format states them cheaply,
/// its dimensions and duration.
public struct MediaFacts: Sendable, Equatable {
    public var type: MediaType
    public var width: Int?
    public var height: Int?
    /// Whole milliseconds, for audio and video.
    public var durationMilliseconds: Int64?

    public init(type: MediaType, width: Int? = nil, height: Int? = nil, durationMilliseconds: Int64? = nil) {
        self.type = type
        self.width = width
        self.height = height
        self.durationMilliseconds = durationMilliseconds
    }
}
