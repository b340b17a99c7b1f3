import Foundation
public import NollyCrypto
public import NollyFederation
public import NollyMedia
public import NollyModel
import NollyStore
public import NollySync

/// A peer that may hold portfolio files, and the transport that reaches it.
public struct BlobSource {
    public let name: String
    public let transport: any PeerTransport

    public init(name: String, transport: any PeerTransport) {
        self.name = name
        self.transport = transport
    }
}

/// How fetching one file went.
public struct BlobFetch: Sendable, Equatable {
    /// The file's hash, hex.
    public let hash: String
    /// The peer it came from; `nil` when this node held it already.
    public let source: String?
    public let bytes: Int64
    /// Peers whose copy did not match the hash, and were not used.
    public let refusedFrom: [String]
}

/// What fetching the missing portfolio files did.
public struct MissingMediaFetch: Sendable {
    public var fetched: [BlobFetch] = []
    /// Files no peer supplied, or whose bytes were refused, each with the reason.
    public var failed: [(hash: String, reason: String)] = []
}

extension MediaService {
    // MARK: Serving

    /// A byte range of a portfolio file for a peer (`POST /v1/blob`). Only a file whose live
    /// `media` row the request names, that this node holds, and whose scope the peer is granted
    /// is served;
    /// anything else is the same `not_found`, so a peer cannot probe for other files here
    /// (script versions, which share the folder, are never served).
    public func blob(_ request: BlobRequest, for peer: SigningPublicKey) throws -> [UInt8] {
        let granted = try store.peer(peer)?.grants.keys ?? [:].keys
        guard granted.contains(EntityKind.media.schema.scope(of: request.row)),
            try store.snapshot(.media, request.row) != nil, content.contains(request.hash)
        else {
            throw FederationRefusal(.notFound, "this node holds no media file \(Hex.encode(request.hash).prefix(16))…")
        }
        let file = try FileBytes(content.url(request.hash))
        guard request.offset < UInt64(file.count) else {
            throw FederationRefusal(
                .rangeNotSatisfiable,
                "the file is \(file.count) bytes; the range starts at \(request.offset)"
            )
        }
        return try file.bytes(at: Int64(request.offset), count: Int(request.length))
    }

    // MARK: Fetching

    /// Fetches the file that the `media` row `row` (owner key ‖ hash) describes from the first of `sources` that supplies a copy
    /// matching the hash, range by range, into a partial file that a later attempt resumes.
    /// A copy that does not match (corrupt or substituted in transit, or by the peer) is
    /// dropped and the next source asked. A matching copy is still checked by its bytes
    /// against the type its `media` row declares and this node's size limits before it is
    /// kept. Does nothing when the file is here already. `rangeBytes` is the most asked for at
    /// a time (tests ask for little, to exercise resuming).
    @discardableResult
    public func fetch(_ row: RowID, from sources: [BlobSource], rangeBytes: UInt32 = BlobRequest.maxLength)
        throws -> BlobFetch
    {
        let expected = try expectation(for: row)
        let hash = expected.hash
        if content.contains(hash) {
            return BlobFetch(hash: Hex.encode(hash), source: nil, bytes: expected.size, refusedFrom: [])
        }
        let size = expected.size
        var refused = [String]()
        var failures = [String]()
        for source in sources {
            let partial = content.partial(hash)
            do {
                var received = try download(
                    row,
                    size: size,
                    from: source.transport,
                    into: partial,
                    rangeBytes: rangeBytes
                )
                if received.hash != hash, received.resumedAt > 0 {
                    // The start came from another peer and may be the bad part: ask this one for all of it.
                    content.discard(partial)
                    received = try download(
                        row,
                        size: size,
                        from: source.transport,
                        into: partial,
                        rangeBytes: rangeBytes
                    )
                }
                guard try keepChecked(partial, computed: received.hash, as: expected) else {
                    refused.append(source.name)
                    failures.append("\(source.name): its copy does not match the hash")
                    continue
                }
                return BlobFetch(hash: Hex.encode(hash), source: source.name, bytes: size, refusedFrom: refused)
            } catch let error as PeerTransportError {
                // Transient or not, the bytes so far stay in the partial file for the next source.
                failures.append("\(source.name): \(error)")
            }
        }
        throw NodeError(
            .blobUnavailable,
            "no peer supplied \(Hex.encode(hash).prefix(16))…"
                + (failures.isEmpty ? " (no peer with an address to ask)" : ": " + failures.joined(separator: "; ")),
            hint: "sync again when a peer that holds it is reachable, or import a bundle made with --with-media"
        )
    }

    /// The `media` rows of `kinds` (all kinds when `nil`) whose files this node does not hold,
    /// one per file.
    public func missing(kinds: Set<MediaKind>? = nil) throws -> [RowID] {
        var seen = Set<[UInt8]>()
        return try store.liveRows(.media).compactMap { row in
            let hash = Array(row.row.bytes.suffix(32))
            guard kinds?.contains(where: { $0.rawValue == row.text("kind") }) ?? true, !content.contains(hash),
                seen.insert(hash).inserted
            else { return nil }
            return row.row
        }
    }

    /// Fetches what ``missing(kinds:)`` lists, each from the first source that has it; a file
    /// no source supplies is reported and the rest still fetched.
    public func fetchMissing(kinds: Set<MediaKind>?, from sources: [BlobSource]) throws -> MissingMediaFetch {
        var result = MissingMediaFetch()
        for row in try missing(kinds: kinds) {
            let hash = row.bytes.suffix(32)
            do {
                result.fetched.append(try fetch(row, from: sources))
            } catch let error as NodeError where error.kind == .blobUnavailable {
                result.failed.append((Hex.encode(hash), "\(error.message) [\(error.code)]"))
            } catch let error as MediaError {
                result.failed.append((Hex.encode(hash), "\(error.message) [\(error.code)]"))
            }
        }
        return result
    }

    /// What a file arriving from elsewhere must be: what its `media` row declares.
    struct ExpectedBlob {
        let hash: [UInt8]
        let kind: MediaKind
        let type: String?
        let size: Int64
    }

    /// The declared kind, type and size of the file that the live `media` row `row` (owner key ‖
    /// hash) describes; refused when there is no such row or the file is over this node's limit.
    func expectation(for row: RowID) throws -> ExpectedBlob {
        let hash = Array(row.bytes.suffix(32))
        guard row.bytes.count == 64, let media = try store.snapshot(.media, row),
            let kind = media.text("kind").flatMap(MediaKind.init(rawValue:)), let size = media.integer("bytes")
        else {
            throw NodeError(.notFound, "no portfolio on this node lists \(Hex.encode(hash).prefix(16))…")
        }
        guard size <= settings.mediaLimits.limit(kind.category) else {
            throw MediaError(.tooLarge, "\(Hex.encode(hash).prefix(16))… is \(size) bytes, over this node's limit")
        }
        return ExpectedBlob(hash: hash, kind: kind, type: media.text("type"), size: size)
    }

    /// Keeps a complete copy that hashed to `computed` if that is the expected hash and its bytes
    /// are the declared type within this node's limits; returns `false` (the copy deleted) on a
    /// hash mismatch, and throws (the copy deleted) on a wrong type.
    func keepChecked(_ file: URL, computed: [UInt8], as expected: ExpectedBlob) throws -> Bool {
        guard computed == expected.hash else {
            content.discard(file)
            return false
        }
        do {
            let facts = try settings.mediaLimits.check(try FileBytes(file), as: expected.kind)
            guard facts.type.rawValue == expected.type else {
                throw MediaError(.wrongKind, "the file's bytes are \(facts.type.rawValue), its row says otherwise")
            }
        } catch {
            content.discard(file)
            throw error
        }
        try content.keep(ContentStore.Staged(temporary: file, hash: expected.hash, count: expected.size))
        return true
    }

    /// The live `media` rows, of any owner, naming `hash` (their ids end in it).
    func mediaRows(naming hash: [UInt8]) throws -> [RowSnapshot] {
        guard hash.count == 32 else { return [] }
        return try store.liveRows(.media).filter { $0.row.bytes.suffix(32).elementsEqual(hash) }
    }

    /// Appends the ranges the partial file lacks, hashing everything it holds; returns the
    /// whole file's hash and how many bytes were there before. An answer that is empty, longer than asked, or runs past `size` ends
    /// the transfer as the peer's fault.
    private func download(
        _ row: RowID,
        size: Int64,
        from transport: any PeerTransport,
        into partial: URL,
        rangeBytes: UInt32
    ) throws -> (hash: [UInt8], resumedAt: Int64) {
        try content.openPartial(partial)
        let handle: FileHandle
        do {
            handle = try FileHandle(forUpdating: partial)
        } catch {
            throw NodeError(.fileUnavailable, "cannot write \(partial.path): \(error.localizedDescription)")
        }
        defer { try? handle.close() }
        let hasher = Blake2b.Hasher()
        var count: Int64 = 0
        while let chunk = try handle.read(upToCount: ContentStore.chunkSize), !chunk.isEmpty, count < size {
            let kept = chunk.prefix(Int(size - count))
            hasher.update(Array(kept))
            count += Int64(kept.count)
        }
        let resumedAt = count
        if count == size { return (hasher.finalize(), resumedAt) }
        try handle.truncate(atOffset: UInt64(count))
        while count < size {
            let wanted = UInt32(min(Int64(max(1, min(rangeBytes, BlobRequest.maxLength))), size - count))
            let request = try BlobRequest(row: row, offset: UInt64(count), length: wanted)
            let answer = try transport.post("/v1/blob", body: request.serialized())
            guard !answer.isEmpty, answer.count <= Int(wanted) else {
                throw PeerTransportError(status: nil, "answered \(answer.count) bytes for a range of \(wanted)")
            }
            hasher.update(answer)
            try handle.write(contentsOf: answer)
            count += Int64(answer.count)
        }
        try handle.synchronize()
        return (hasher.finalize(), resumedAt)
    }
}
