/// Random access to a file's bytes, so headers can be read where the format puts them (an MP4's
/// movie header may sit after hundreds of megabytes of video) without loading the file.
public protocol ByteSource {
    /// The file's length in bytes.
    var count: Int64 { get }
    /// Up to `count` bytes from `offset`: fewer at the end of the file, none past it.
    func bytes(at offset: Int64, count: Int) throws -> [UInt8]
}

/// Bytes already in memory: tests, fuzzing, and blobs received from a peer.
public struct InMemoryBytes: ByteSource {
    public let storage: [UInt8]

    public init(_ storage: [UInt8]) { self.storage = storage }

    public var count: Int64 { Int64(storage.count) }

    public func bytes(at offset: Int64, count: Int) -> [UInt8] {
        guard offset >= 0, offset < Int64(storage.count), count > 0 else { return [] }
        let start = Int(offset)
        return Array(storage[start..<min(storage.count, start + count)])
    }
}

/// Bounds-checked big- and little-endian reads from a header already read; every read past the
/// end answers nil, so a truncated or lying header can only be refused, never crash.
struct HeaderBytes {
    let bytes: [UInt8]

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    func byte(_ at: Int) -> UInt8? { at >= 0 && at < bytes.count ? bytes[at] : nil }

    func bigEndian(_ at: Int, width: Int) -> UInt64? {
        guard at >= 0, width > 0, at + width <= bytes.count else { return nil }
        return bytes[at..<at + width].reduce(0) { $0 << 8 | UInt64($1) }
    }

    func littleEndian(_ at: Int, width: Int) -> UInt64? {
        guard at >= 0, width > 0, at + width <= bytes.count else { return nil }
        return bytes[at..<at + width].reversed().reduce(0) { $0 << 8 | UInt64($1) }
    }

    /// Four bytes as ASCII (a chunk or box type), or nil.
    func fourCC(_ at: Int) -> String? {
        guard at >= 0, at + 4 <= bytes.count else { return nil }
        return String(decoding: bytes[at..<at + 4], as: UTF8.self)
    }

    func starts(with prefix: [UInt8], at offset: Int = 0) -> Bool {
        offset >= 0 && offset + prefix.count <= bytes.count && Array(bytes[offset..<offset + prefix.count]) == prefix
    }
}
