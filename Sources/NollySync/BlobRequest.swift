public import NollyModel

/// The body of `POST /v1/blob` (PROTOCOL.md, "Media blobs"): which stored media file, and
/// which byte range of it. Fixed at 76 bytes: the id of the `media` row that describes the file
/// (the owner's key, then the file's BLAKE2b-256 hash), the offset of the first byte wanted
/// (big-endian `u64`) and the most bytes wanted (big-endian `u32`, 1 to ``maxLength``). The
/// answer is the bytes from `offset`, up to `length` of them and never past the end of the file.
public struct BlobRequest: Sendable, Equatable {
    /// The encoded size.
    public static let byteCount = 76
    /// The most bytes one answer carries.
    public static let maxLength: UInt32 = 4 << 20

    /// The `media` row: owner key ‖ file hash.
    public let row: RowID
    public let offset: UInt64
    public let length: UInt32

    /// The file's hash: the last 32 bytes of the row id.
    public var hash: [UInt8] { Array(row.bytes.suffix(32)) }

    /// A request for `length` bytes, from `offset`, of the file the `media` row `row` describes.
    public init(row: RowID, offset: UInt64, length: UInt32) throws(MalformedMessage) {
        guard row.bytes.count == 64 else {
            throw MalformedMessage("a blob is named by its 64-byte media row id (owner key and hash)")
        }
        guard (1...Self.maxLength).contains(length) else {
            throw MalformedMessage("a blob range asks for 1 to \(Self.maxLength) bytes")
        }
        self.row = row
        self.offset = offset
        self.length = length
    }

    /// Reads the 76-byte body; anything else is malformed.
    public init(serialized bytes: [UInt8]) throws(MalformedMessage) {
        guard bytes.count == Self.byteCount else {
            throw MalformedMessage("a blob request is \(Self.byteCount) bytes, not \(bytes.count)")
        }
        let offset = bytes[64..<72].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        let length = bytes[72..<76].reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        try self.init(row: RowID(Array(bytes[0..<64])), offset: offset, length: length)
    }

    /// The 76-byte body.
    public func serialized() -> [UInt8] {
        row.bytes + (0..<8).reversed().map { UInt8(truncatingIfNeeded: offset >> ($0 * 8)) }
            + (0..<4).reversed().map { UInt8(truncatingIfNeeded: length >> ($0 * 8)) }
    }
}
