public import NollyModel

/// One file in a portfolio, as the CLI, the API and the web app show it. Everything but the
/// hash comes from the owner's `media` row; a hash the profile lists without a row (its row has
/// not arrived yet) shows with only what the profile says.
public struct MediaView: Codable, Sendable, Equatable {
    /// The BLAKE2b-256 hash of the file, hex: its name in every node's `media/` folder.
    public let hash: String
    public let kind: String?
    public let type: String?
    public let bytes: Int64?
    public let width: Int64?
    public let height: Int64?
    public let durationMs: Int64?
    public let caption: String?
    /// The profile's primary headshot.
    public let primary: Bool
    /// Whether this node holds the file's bytes (a peer's media is fetched on demand).
    public let stored: Bool

    public init(hash: String, row: RowSnapshot?, primary: Bool, stored: Bool) {
        self.hash = hash
        kind = row?.text("kind")
        type = row?.text("type")
        bytes = row?.integer("bytes")
        width = row?.integer("width")
        height = row?.integer("height")
        durationMs = row?.integer("duration_ms")
        caption = row?.text("caption")
        self.primary = primary
        self.stored = stored
    }
}
