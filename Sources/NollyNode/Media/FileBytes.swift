import Foundation
import NollyMedia

/// A file opened for the media checks' random reads.
final class FileBytes: ByteSource {
    private let handle: FileHandle
    let count: Int64

    init(_ url: URL) throws {
        do {
            handle = try FileHandle(forReadingFrom: url)
            count = Int64(try handle.seekToEnd())
        } catch {
            throw NodeError(.fileUnavailable, "cannot read \(url.path): \(error.localizedDescription)")
        }
    }

    deinit { try? handle.close() }

    func bytes(at offset: Int64, count: Int) throws -> [UInt8] {
        guard offset >= 0, offset < self.count, count > 0 else { return [] }
        try handle.seek(toOffset: UInt64(offset))
        return Array(try handle.read(upToCount: count) ?? Data())
    }
}
