import Foundation
import NollyCrypto
import NollyMedia

/// The node's content-addressed files under `media/`, each named by the hex BLAKE2b-256 hash
/// of its bytes, so the same file added twice is stored once. A file is copied in under a
/// temporary name while it is hashed, checked there (never the caller's copy, which could
/// change in between), and renamed into place only when accepted.
struct ContentStore: Sendable {
    let folder: URL

    /// Bytes read and hashed at a time.
    static let chunkSize = 1 << 20

    /// A file copied in and hashed, not yet under its name.
    struct Staged {
        let temporary: URL
        let hash: [UInt8]
        let count: Int64
    }

    func url(_ hash: [UInt8]) -> URL { folder.appendingPathComponent(Hex.encode(hash)) }

    func contains(_ hash: [UInt8]) -> Bool { FileManager.default.fileExists(atPath: url(hash).path) }

    /// Copies `file` in under a temporary name, hashing it, and refuses it beyond `maxBytes`
    /// (without reading further).
    func stage(_ file: URL, maxBytes: Int64) throws -> Staged {
        let input: FileHandle
        do {
            input = try FileHandle(forReadingFrom: file)
        } catch {
            throw NodeError(.fileUnavailable, "cannot read \(file.path): \(error.localizedDescription)")
        }
        defer { try? input.close() }
        let temporary = try newTemporary()
        do {
            let output = try FileHandle(forWritingTo: temporary)
            defer { try? output.close() }
            let hasher = Blake2b.Hasher()
            var count: Int64 = 0
            while let chunk = try input.read(upToCount: Self.chunkSize), !chunk.isEmpty {
                count += Int64(chunk.count)
                guard count <= maxBytes else {
                    throw MediaError(.tooLarge, "\(file.lastPathComponent) is larger than \(maxBytes >> 20) MB")
                }
                hasher.update(Array(chunk))
                try output.write(contentsOf: chunk)
            }
            return Staged(temporary: temporary, hash: hasher.finalize(), count: count)
        } catch {
            discard(temporary)
            throw error
        }
    }

    /// Moves a staged file under its hash; if that file is already here, the copy is dropped.
    func keep(_ staged: Staged) throws {
        if contains(staged.hash) { return discard(staged.temporary) }
        do {
            try FileManager.default.moveItem(at: staged.temporary, to: url(staged.hash))
        } catch {
            discard(staged.temporary)
            guard contains(staged.hash) else { throw fileError(error) }
        }
    }

    func discard(_ temporary: URL) { try? FileManager.default.removeItem(at: temporary) }

    /// Stores bytes already in memory (a script being added); returns their hash.
    @discardableResult
    func put(_ bytes: [UInt8]) throws -> [UInt8] {
        let hash = Blake2b.hash(bytes)
        guard !contains(hash) else { return hash }
        let temporary = try newTemporary()
        do {
            try Data(bytes).write(to: temporary)
        } catch {
            discard(temporary)
            throw fileError(error)
        }
        try keep(Staged(temporary: temporary, hash: hash, count: Int64(bytes.count)))
        return hash
    }

    /// Where a file being fetched from peers collects its ranges until it is whole and checked;
    /// named by the hash it should have, so a later attempt resumes it.
    func partial(_ hash: [UInt8]) -> URL { folder.appendingPathComponent(".partial-\(Hex.encode(hash))") }

    /// Creates `partial` (owner-only) unless a previous attempt left it.
    func openPartial(_ partial: URL) throws {
        guard !FileManager.default.fileExists(atPath: partial.path) else { return }
        guard
            FileManager.default.createFile(atPath: partial.path, contents: nil, attributes: [.posixPermissions: 0o600])
        else { throw NodeError(.fileUnavailable, "cannot write in \(folder.path)") }
    }

    func remove(_ hash: [UInt8]) { try? FileManager.default.removeItem(at: url(hash)) }

    func newTemporary() throws -> URL {
        let temporary = folder.appendingPathComponent(".incoming-\(UUID().uuidString)")
        guard
            FileManager.default.createFile(
                atPath: temporary.path,
                contents: nil,
                attributes: [.posixPermissions: 0o600]
            )
        else { throw NodeError(.fileUnavailable, "cannot write in \(folder.path)") }
        return temporary
    }

    private func fileError(_ error: any Error) -> NodeError {
        NodeError(.fileUnavailable, "cannot store a file in \(folder.path): \(error.localizedDescription)")
    }
}
