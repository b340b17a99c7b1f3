/// The body of `POST /v1/blob` (PROTOCOL.md, "Media blobs"): which stored media file, and
/// which byte range of it. Fixed at 44 bytes: the file's BLAKE2b-256 hash, the offset of the
/// first byte wanted (big-endian `u64`) and the most bytes wanted (big-endian `u32`, 1 to
/// ``maxLength``). The answer is the bytes from `offset`, up to `length` of them and never past
/// the end of the file.
public struct BlobRequest: Sendable, Equatable {
    /// The encoded size.
    public static let byteCount = 44
    /// The most bytes one answer carries.
    public static let maxLength: UInt32 = 4 << 20

    public let hash: [UInt8]
    public let offset: UInt64
    public let length: UInt32

    /// A request for `length` bytes of the file named by `hash`, from `offset`.
    public init(hash: [UInt8], offset: UInt64, length: UInt32) throws(MalformedMessage) {
        guard hash.count == 32 else { throw MalformedMessage("a blob is named by a 32-byte hash") }
        guard (1...Self.maxLength).contains(length) else {
            throw MalformedMessage("a blob range asks for 1 to \(Self.maxLength) bytes")
        }
        self.hash = hash
        self.offset = offset
        self.length = length
    }

    /// Reads the 44-byte body; anything else is malformed.
    public init(serialized bytes: [UInt8]) throws(MalformedMessage) {
        guard bytes.count == Self.byteCount else {
            throw MalformedMessage("a blob request is \(Self.byteCount) bytes, not \(bytes.count)")
        }
        let offset = bytes[32..<40].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        let length = bytes[40..<44].reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        try self.init(hash: Array(bytes[0..<32]), offset: offset, length: length)
    }

    /// The 44-byte body.
    public func serialized() -> [UInt8] {
        hash + (0..<8).reversed().map { UInt8(truncatingIfNeeded: offset >> ($0 * 8)) }
            + (0..<4).reversed().map { UInt8(truncatingIfNeeded: length >> ($0 * 8)) }
    }
}
