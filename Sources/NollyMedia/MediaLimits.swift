/// The largest file accepted per category, in bytes. Nodes may configure their own.
public struct MediaLimits: Sendable, Equatable {
    public var image: Int64 = 25 << 20
    public var video: Int64 = 500 << 20
    public var audio: Int64 = 50 << 20
    public var document: Int64 = 20 << 20

    public init() {}

    public func limit(_ category: MediaType.Category) -> Int64 {
        switch category {
        case .image: return image
        case .video: return video
        case .audio: return audio
        case .document: return document
        }
    }

    /// The largest limit: no file above it needs inspecting.
    public var largest: Int64 { MediaType.Category.allCases.map(limit).max() ?? 0 }

    /// Inspects `source` and checks it against `kind` and these limits: the checks
    /// `media add` and a blob from a peer both go through.
    public func check(_ source: some ByteSource, as kind: MediaKind) throws -> MediaFacts {
        let facts = try MediaInspector.inspect(source)
        guard facts.type.category == kind.category else {
            throw MediaError(
                .wrongKind,
                "a \(kind.rawValue) must be \(kind.category.rawValue) media, but the file is \(facts.type.rawValue.uppercased())",
                hint:
                    "use --kind \(MediaKind.allCases.first { $0.category == facts.type.category }?.rawValue ?? "document")"
            )
        }
        let limit = limit(kind.category)
        guard source.count <= limit else {
            throw MediaError(
                .tooLarge,
                "the file is \(megabytes(source.count)); \(kind.category.rawValue) media may be at most \(megabytes(limit))",
                hint: "the node's limit is the setting media.max_\(kind.category.rawValue)_bytes"
            )
        }
        return facts
    }

    private func megabytes(_ bytes: Int64) -> String {
        let tenths = (bytes * 10 + (1 << 19)) >> 20
        return "\(tenths / 10).\(tenths % 10) MB"
    }
}
