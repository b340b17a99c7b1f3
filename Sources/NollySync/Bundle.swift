public import Foundation
public import NollyCrypto
public import NollyModel
import SwiftProtobuf

/// Why a bundle file could not be read.
public struct BundleError: Error, CustomStringConvertible, Sendable {
    public let message: String
    public var description: String { message }
}

/// The bundle file format (Protocol/PROTOCOL.md, "Bundles"): the magic `NOLLYCB1`, then a
/// varint-length-prefixed ``Nollycrew_V1_BundleHeader``, then varint-length-prefixed
/// ``SignedChange`` records. Each record is independently signed, so a damaged record
/// spoils only itself.
public enum BundleFormat {
    public static let magic = Array("NOLLYCB1".utf8)
    public static let version: UInt32 = 1
    /// A record larger than this is refused rather than buffered.
    public static let maxRecordBytes = 4 << 20
    /// Starts the optional media section after the change records (`bundle export --with-media`).
    public static let mediaMagic = Array("NOLLYMB1".utf8)
    /// The largest file the media section may carry (readers check their own, smaller limits).
    public static let maxBlobBytes: UInt64 = 1 << 40

    /// One file in the media section: the id of the `media` row describing it (owner key ‖
    /// BLAKE2b-256 hash) and its length; its bytes follow.
    public struct BlobHeader: Sendable, Equatable {
        public let row: RowID
        public let count: UInt64

        public init(row: RowID, count: UInt64) {
            self.row = row
            self.count = count
        }

        /// The file's hash: the last 32 bytes of the row id.
        public var hash: [UInt8] { Array(row.bytes.suffix(32)) }

        var serialized: [UInt8] {
            row.bytes + (0..<8).reversed().map { UInt8(truncatingIfNeeded: count >> ($0 * 8)) }
        }
    }

    /// The decoded header.
    public struct Header: Sendable, Equatable {
        public let originNode: SigningPublicKey
        public let createdAt: UInt64
        public let changeCount: UInt64

        public init(originNode: SigningPublicKey, createdAt: UInt64, changeCount: UInt64) {
            self.originNode = originNode
            self.createdAt = createdAt
            self.changeCount = changeCount
        }
    }

    static func appendVarint(_ value: UInt64, to out: inout [UInt8]) {
        var rest = value
        while rest >= 0x80 {
            out.append(UInt8(rest & 0x7F) | 0x80)
            rest >>= 7
        }
        out.append(UInt8(rest))
    }
}

/// Writes a bundle to a file handle, buffering records.
public struct BundleWriter: ~Copyable {
    private let handle: FileHandle
    private var buffer: [UInt8] = []

    /// Starts a bundle with its header.
    public init(handle: FileHandle, header: BundleFormat.Header) throws {
        self.handle = handle
        var message = Nollycrew_V1_BundleHeader()
        message.formatVersion = BundleFormat.version
        message.originNode = Data(header.originNode.bytes)
        message.createdAt = header.createdAt
        message.changeCount = header.changeCount
        buffer = BundleFormat.magic
        append(record: try Array(message.serializedBytes() as [UInt8]))
    }

    /// Appends one signed change.
    public mutating func append(_ change: SignedChange) throws {
        append(record: change.serialized())
        if buffer.count >= 1 << 20 { try flush() }
    }

    private mutating func append(record: [UInt8]) {
        BundleFormat.appendVarint(UInt64(record.count), to: &buffer)
        buffer += record
    }

    /// Starts the media section; call after the last change.
    public mutating func beginMedia() { buffer += BundleFormat.mediaMagic }

    /// Appends one file of the media section: its header record, then `header.count` bytes read
    /// from `file` in chunks.
    public mutating func appendBlob(_ header: BundleFormat.BlobHeader, from file: FileHandle) throws {
        append(record: header.serialized)
        var left = header.count
        while left > 0, let chunk = try file.read(upToCount: Int(min(left, 1 << 20))), !chunk.isEmpty {
            buffer += chunk
            left -= UInt64(chunk.count)
            if buffer.count >= 1 << 20 { try flush() }
        }
        guard left == 0 else { throw BundleError(message: "a media file changed size while it was written") }
    }

    /// Writes what is buffered.
    public mutating func flush() throws {
        try handle.write(contentsOf: buffer)
        buffer.removeAll(keepingCapacity: true)
    }
}

/// Reads a bundle record by record from a file handle, holding at most one chunk and one
/// record in memory.
public struct BundleReader: ~Copyable {
    private let handle: FileHandle
    private var buffer: [UInt8] = []
    private var position = 0
    private var exhausted = false
    /// Records read so far, for error messages.
    public private(set) var recordsRead = 0
    public let header: BundleFormat.Header
    /// Whether a media section follows the changes (known once ``nextRecord()`` returns `nil`).
    public private(set) var hasMedia = false
    /// Bytes of the current media file not yet read by ``nextBlobBytes(upTo:)``.
    private var blobLeft: UInt64 = 0

    /// Opens a bundle and reads its header.
    public init(handle: FileHandle) throws(BundleError) {
        self.handle = handle
        let magic = try Self.read(handle, count: BundleFormat.magic.count)
        guard magic == BundleFormat.magic else {
            throw BundleError(message: "not a NollyCrew bundle (the file does not start with NOLLYCB1)")
        }
        var headerReader = RecordCursor()
        guard let headerBytes = try headerReader.next(from: handle) else {
            throw BundleError(message: "bundle is truncated: no header")
        }
        buffer = headerReader.buffer
        position = headerReader.position
        let message: Nollycrew_V1_BundleHeader
        do {
            message = try Nollycrew_V1_BundleHeader(serializedBytes: headerBytes)
        } catch {
            throw BundleError(message: "bundle header is not valid")
        }
        guard message.formatVersion == BundleFormat.version else {
            throw BundleError(message: "bundle format version \(message.formatVersion) is not supported")
        }
        guard let origin = try? SigningPublicKey(bytes: Array(message.originNode)) else {
            throw BundleError(message: "bundle header has no valid origin node key")
        }
        header = BundleFormat.Header(originNode: origin, createdAt: message.createdAt, changeCount: message.changeCount)
    }

    /// The next record's bytes, or `nil` at the end of the file. A truncated or oversized
    /// record throws.
    public mutating func nextRecord() throws(BundleError) -> [UInt8]? {
        var cursor = RecordCursor(buffer: buffer, position: position)
        defer {
            buffer = cursor.buffer
            position = cursor.position
        }
        if recordsRead == header.changeCount, !hasMedia,
            try cursor.take(BundleFormat.mediaMagic.count, from: handle, ifEqualTo: BundleFormat.mediaMagic)
        {
            hasMedia = true
            return nil
        }
        guard !hasMedia else { return nil }
        let record: [UInt8]?
        do {
            record = try cursor.next(from: handle)
        } catch {
            throw BundleError(message: "\(error.message) after \(recordsRead) complete records")
        }
        guard let record else {
            // A file cut exactly between two records looks whole but for the header's count.
            guard recordsRead == header.changeCount else {
                throw BundleError(
                    message: "bundle is incomplete: its header counts \(header.changeCount) changes, the file holds "
                        + "\(recordsRead)"
                )
            }
            return nil
        }
        recordsRead += 1
        guard recordsRead <= header.changeCount else {
            throw BundleError(message: "bundle holds more records than the \(header.changeCount) its header counts")
        }
        return record
    }

    /// The next file of the media section, whose bytes ``nextBlobBytes(upTo:)`` then reads;
    /// `nil` at the end. Call once ``nextRecord()`` has returned `nil` with ``hasMedia`` set.
    public mutating func nextBlob() throws(BundleError) -> BundleFormat.BlobHeader? {
        guard hasMedia else { return nil }
        guard blobLeft == 0 else { throw BundleError(message: "the previous media file was not read to its end") }
        var cursor = RecordCursor(buffer: buffer, position: position)
        defer {
            buffer = cursor.buffer
            position = cursor.position
        }
        guard let record = try cursor.next(from: handle) else { return nil }
        guard record.count == 72 else { throw BundleError(message: "a media file header is not 72 bytes") }
        let count = record[64..<72].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        guard count <= BundleFormat.maxBlobBytes else {
            throw BundleError(message: "a media file of \(count) bytes is over the bundle format's limit")
        }
        blobLeft = count
        return BundleFormat.BlobHeader(row: RowID(Array(record[0..<64])), count: count)
    }

    /// Up to `limit` more bytes of the current media file; empty once it is all read. A file
    /// that ends first throws.
    public mutating func nextBlobBytes(upTo limit: Int) throws(BundleError) -> [UInt8] {
        guard blobLeft > 0 else { return [] }
        var cursor = RecordCursor(buffer: buffer, position: position)
        defer {
            buffer = cursor.buffer
            position = cursor.position
        }
        let wanted = Int(min(blobLeft, UInt64(max(1, limit))))
        guard let bytes = try cursor.take(wanted, from: handle) else {
            throw BundleError(message: "bundle is truncated inside a media file")
        }
        blobLeft -= UInt64(bytes.count)
        return bytes
    }

    private static func read(_ handle: FileHandle, count: Int) throws(BundleError) -> [UInt8] {
        do {
            return Array(try handle.read(upToCount: count) ?? Data())
        } catch {
            throw BundleError(message: "cannot read bundle: \(error.localizedDescription)")
        }
    }
}

/// Splits a byte stream into varint-length-prefixed records, refilling from a file handle.
private struct RecordCursor {
    var buffer: [UInt8] = []
    var position = 0

    mutating func next(from handle: FileHandle) throws(BundleError) -> [UInt8]? {
        guard try ensure(1, from: handle) else { return nil }
        var length: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard try ensure(1, from: handle) else { throw BundleError(message: "bundle is truncated inside a length") }
            let byte = buffer[position]
            position += 1
            length |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 { break }
            shift += 7
            guard shift < 35 else { throw BundleError(message: "bundle has a malformed record length") }
        }
        guard length <= UInt64(BundleFormat.maxRecordBytes) else {
            throw BundleError(
                message: "bundle record of \(length) bytes is over the \(BundleFormat.maxRecordBytes)-byte limit"
            )
        }
        guard try ensure(Int(length), from: handle) else {
            throw BundleError(message: "bundle is truncated inside a record")
        }
        let record = Array(buffer[position..<position + Int(length)])
        position += Int(length)
        return record
    }

    /// The next `count` raw bytes, or `nil` if the file ends first.
    mutating func take(_ count: Int, from handle: FileHandle) throws(BundleError) -> [UInt8]? {
        guard try ensure(count, from: handle) else { return nil }
        defer { position += count }
        return Array(buffer[position..<position + count])
    }

    /// Consumes the next `count` bytes if they are `expected`; otherwise leaves them unread.
    mutating func take(_ count: Int, from handle: FileHandle, ifEqualTo expected: [UInt8]) throws(BundleError)
        -> Bool
    {
        guard try ensure(count, from: handle), buffer[position..<position + count].elementsEqual(expected) else {
            return false
        }
        position += count
        return true
    }

    /// Makes sure `count` unread bytes are buffered; `false` if the file ends first.
    mutating func ensure(_ count: Int, from handle: FileHandle) throws(BundleError) -> Bool {
        while buffer.count - position < count {
            if position > 0 {
                buffer.removeFirst(position)
                position = 0
            }
            let chunk: Data?
            do {
                chunk = try handle.read(upToCount: max(1 << 16, count))
            } catch {
                throw BundleError(message: "cannot read bundle: \(error.localizedDescription)")
            }
            guard let chunk, !chunk.isEmpty else { return false }
            buffer += chunk
        }
        return true
    }
}
