import Foundation
import NollyCrypto
import NollyModel
import NollyStore
import NollySync
import NollyValues

extension MediaService {
    /// The portfolio files a bundle may carry: held here, named by a live `media` row in a
    /// scope `filter` passes (every scope when `nil`); each once, with its size.
    func bundledFiles(passing filter: ReplicationFilter?) throws -> [BundleFormat.BlobHeader] {
        var seen = Set<[UInt8]>()
        return try store.liveRows(.media).compactMap { row in
            let hash = Array(row.row.bytes.suffix(32))
            guard filter?.allows(scopes: [EntityKind.media.schema.scope(of: row.row)]) ?? true,
                content.contains(hash), seen.insert(hash).inserted,
                let size = try FileManager.default.attributesOfItem(atPath: content.url(hash).path)[.size] as? Int
            else { return nil }
            return BundleFormat.BlobHeader(row: row.row, count: UInt64(size))
        }
    }

    /// Writes the files of ``bundledFiles(passing:)`` as the bundle's media section.
    func writeMediaSection(to writer: inout BundleWriter, passing filter: ReplicationFilter?) throws -> Int {
        let files = try bundledFiles(passing: filter)
        writer.beginMedia()
        for file in files {
            let handle = try FileHandle(forReadingFrom: content.url(file.hash))
            defer { try? handle.close() }
            try writer.appendBlob(file, from: handle)
        }
        return files.count
    }

    /// Takes one file of a bundle's media section, read in chunks into a temporary copy while
    /// it is hashed, and keeps it under the checks every arriving file gets (``keepChecked``).
    /// A file no row here names, over this node's limit, of another size than its row declares,
    /// or whose bytes do not match, is read past; returns why, or `nil` when it is stored (or
    /// was here already).
    func receive(_ header: BundleFormat.BlobHeader, from reader: inout BundleReader) throws -> String? {
        func skip() throws { while !(try reader.nextBlobBytes(upTo: ContentStore.chunkSize)).isEmpty {} }
        let name = "\(Hex.encode(header.hash).prefix(16))…"
        if content.contains(header.hash) {
            try skip()
            return nil
        }
        let expected: ExpectedBlob
        do {
            expected = try expectation(for: header.row)
        } catch let error as any CodedError {
            try skip()
            return "\(name): \(error.message)"
        }
        guard UInt64(expected.size) == header.count else {
            try skip()
            return "\(name): \(header.count) bytes, its row says \(expected.size)"
        }
        let temporary = try content.newTemporary()
        let hasher = Blake2b.Hasher()
        do {
            let output = try FileHandle(forWritingTo: temporary)
            defer { try? output.close() }
            while case let chunk = try reader.nextBlobBytes(upTo: ContentStore.chunkSize), !chunk.isEmpty {
                hasher.update(chunk)
                try output.write(contentsOf: chunk)
            }
        } catch {
            content.discard(temporary)
            throw error
        }
        do {
            return try keepChecked(temporary, computed: hasher.finalize(), as: expected)
                ? nil : "\(name): its bytes do not match the hash"
        } catch let error as any CodedError {
            return "\(name): \(error.message)"
        }
    }
}
