public import Foundation
import NollyCrypto
public import NollyMedia
public import NollyModel
public import NollyReadModels
import NollyStore
import NollySync

/// Portfolios: files checked by their bytes and stored by hash under `media/`, described by a
/// `media` row and listed on the profile, with one primary headshot; and external links.
public struct MediaService: NodeService {
    let context: NodeContext
}

extension MediaService {
    var content: ContentStore { ContentStore(folder: directory.media) }

    /// Adds `file` to `author`'s portfolio as `kind`. The file is copied in and hashed, its type
    /// read from its bytes and checked against `kind` and the node's size limits, and only then
    /// stored and recorded (its `media` row and the profile's reference, in one change). The
    /// first headshot becomes the primary one; `primary` makes this one primary.
    @discardableResult
    public func add(_ file: URL, kind: MediaKind, caption: String? = nil, primary: Bool = false, by author: Author)
        throws -> MediaView
    {
        guard !primary || kind == .headshot else {
            throw NodeError(
                .invalidInput,
                "only a headshot can be the primary one",
                hint: "add it with --kind headshot"
            )
        }
        let caption = caption?.trimmingCharacters(in: .whitespacesAndNewlines)
        if let caption, caption.utf8.count > 300 {
            throw NodeError(.invalidInput, "a caption may be at most 300 bytes")
        }
        let staged = try content.stage(file, maxBytes: settings.mediaLimits.limit(kind.category))
        let facts: MediaFacts
        do {
            facts = try settings.mediaLimits.check(try FileBytes(staged.temporary), as: kind)
        } catch {
            content.discard(staged.temporary)
            throw error
        }
        let hash = staged.hash
        let owner = RowID(author.key.bytes)
        let profile = try store.snapshot(.profile, owner)
        var described: [Edit] = [
            .assign("kind", .text(kind.rawValue)), .assign("type", .text(facts.type.rawValue)),
            .assign("bytes", .integer(staged.count)),
        ]
        if let width = facts.width, let height = facts.height {
            described += [.assign("width", .integer(Int64(width))), .assign("height", .integer(Int64(height)))]
        }
        if let milliseconds = facts.durationMilliseconds {
            described.append(.assign("duration_ms", .integer(milliseconds)))
        }
        if let caption, !caption.isEmpty { described.append(.assign("caption", .text(caption))) }
        var listed = [Edit]()
        if profile?.elements("media").contains(.blob(hash)) != true { listed.append(.add("media", .blob(hash))) }
        if kind == .headshot, primary || primaryHeadshot(of: profile) == nil {
            listed.append(.assign("headshot", .blob(hash)))
        }
        let row = RowID(owner.bytes + hash)
        if listed.isEmpty, let existing = try store.snapshot(.media, row), existing.text("kind") == kind.rawValue,
            caption == nil || existing.text("caption") == caption
        {
            try content.keep(staged)  // already in the portfolio as asked: nothing to sign
            return try view(hash, owner: owner)
        }
        let wasStored = content.contains(hash)
        try content.keep(staged)
        do {
            var rowOps = [try rows.rowOps(.media, row, described)]
            if !listed.isEmpty { rowOps.append(try rows.rowOps(.profile, owner, listed)) }
            try rows.commit(rowOps, by: author)
        } catch {
            if !wasStored { content.remove(hash) }
            throw error
        }
        return try view(hash, owner: owner)
    }

    /// `user`'s portfolio: the primary headshot first, then by kind and hash.
    public func list(of user: RowID) throws -> [MediaView] {
        guard let profile = try store.snapshot(.profile, user) else { return [] }
        let primary = primaryHeadshot(of: profile)
        let kinds = MediaKind.allCases.map(\.rawValue)
        return try hashes(of: profile).map { hash in
            MediaView(
                hash: Hex.encode(hash),
                row: try store.snapshot(.media, RowID(user.bytes + hash)),
                primary: hash == primary,
                stored: content.contains(hash)
            )
        }.sorted {
            ($0.primary ? -1 : kinds.firstIndex(of: $0.kind ?? "") ?? kinds.count, $0.hash)
                < ($1.primary ? -1 : kinds.firstIndex(of: $1.kind ?? "") ?? kinds.count, $1.hash)
        }
    }

    /// Removes the file named by `hashOrPrefix` from `author`'s portfolio (its row and the
    /// profile's reference, in one change), and its bytes from this node when nothing else here
    /// refers to them.
    public func remove(_ hashOrPrefix: String, by author: Author) throws -> String {
        let owner = RowID(author.key.bytes)
        let hash = try resolve(hashOrPrefix, in: owner)
        var changes = [try rows.rowOps(.profile, owner, [.remove("media", .blob(hash))])]
        let row = RowID(owner.bytes + hash)
        let length = try store.causalLength(.media, row)
        if CausalLength.isLive(length) {
            changes.append(RowOps(entity: .media, row: row, causalLength: CausalLength.forDelete(current: length)))
        }
        try rows.commit(changes, by: author)
        if try !isReferenced(hash) { content.remove(hash) }
        return Hex.encode(hash)
    }

    /// Copies the stored file named by `hashOrPrefix` (in `user`'s portfolio) to `destination`,
    /// checking its bytes against the hash on the way: a damaged copy on disk is never handed out.
    public func export(_ hashOrPrefix: String, of user: RowID, to destination: URL) throws {
        let hash = try resolve(hashOrPrefix, in: user)
        guard content.contains(hash) else {
            throw NodeError(
                .notFound,
                "this node does not hold the bytes of \(Hex.encode(hash).prefix(16))…",
                hint: "sync with a peer that has them, or import a bundle made with --with-media"
            )
        }
        guard !FileManager.default.fileExists(atPath: destination.path) else {
            throw NodeError(.invalidInput, "\(destination.path) exists; give a new file name")
        }
        let staged = try ContentStore(folder: destination.deletingLastPathComponent())
            .stage(content.url(hash), maxBytes: .max)
        guard staged.hash == hash else {
            ContentStore(folder: destination.deletingLastPathComponent()).discard(staged.temporary)
            throw NodeError(.dataOutOfRange, "the stored copy of \(Hex.encode(hash).prefix(16))… is damaged")
        }
        do {
            try FileManager.default.moveItem(at: staged.temporary, to: destination)
        } catch {
            try? FileManager.default.removeItem(at: staged.temporary)
            throw NodeError(.fileUnavailable, "cannot write \(destination.path): \(error.localizedDescription)")
        }
    }

    /// Adds an external link to `author`'s profile, normalised (``MediaLink``); returns it.
    public func addLink(_ text: String, by author: Author) throws -> String {
        let link = try MediaLink.normalize(text)
        let owner = RowID(author.key.bytes)
        if try store.snapshot(.profile, owner)?.texts("links").contains(link) != true {
            try rows.edit(.profile, owner, [.add("links", .text(link))], by: author)
        }
        return link
    }

    /// Removes an external link, given as stored or in any form that normalises to it.
    public func removeLink(_ text: String, by author: Author) throws -> String {
        let link = (try? MediaLink.normalize(text)) ?? text
        try rows.edit(.profile, RowID(author.key.bytes), [.remove("links", .text(link))], by: author)
        return link
    }

    /// The primary headshot: the profile's `headshot`, if it is still one of its media.
    private func primaryHeadshot(of profile: RowSnapshot?) -> [UInt8]? {
        guard let profile, case .blob(let hash) = profile.value("headshot"),
            profile.elements("media").contains(.blob(hash))
        else { return nil }
        return hash
    }

    private func hashes(of profile: RowSnapshot) -> [[UInt8]] {
        profile.elements("media").compactMap { if case .blob(let hash) = $0 { hash } else { nil } }
    }

    private func view(_ hash: [UInt8], owner: RowID) throws -> MediaView {
        try list(of: owner).first { $0.hash == Hex.encode(hash) }
            ?? MediaView(hash: Hex.encode(hash), row: nil, primary: false, stored: content.contains(hash))
    }

    /// The hash in `user`'s portfolio that `hashOrPrefix` names (a unique hex prefix will do).
    public func resolve(_ hashOrPrefix: String, in user: RowID) throws -> [UInt8] {
        let prefix = hashOrPrefix.lowercased()
        let matches = try store.snapshot(.profile, user).map(hashes)?.filter { Hex.encode($0).hasPrefix(prefix) } ?? []
        guard !prefix.isEmpty, matches.count == 1 else {
            throw NodeError(
                .notFound,
                matches.isEmpty
                    ? "no media starting '\(hashOrPrefix)' in this portfolio"
                    : "'\(hashOrPrefix)' matches \(matches.count) files; give more of the hash",
                hint: "`nollycrew media list` shows the hashes"
            )
        }
        return matches[0]
    }

    /// Whether a live row on this node still names `hash`: a portfolio or a script version.
    private func isReferenced(_ hash: [UInt8]) throws -> Bool {
        try !mediaRows(naming: hash).isEmpty
            || store.liveRows(.script).contains { $0.value("content") == .blob(hash) }
    }
}
