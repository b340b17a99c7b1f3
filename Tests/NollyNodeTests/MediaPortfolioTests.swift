import Foundation
import NollyCrypto
import NollyMedia
import NollyModel
import NollyReadModels
import NollyStore
import NollyValues
import Testing

@testable import NollyNode

@Suite("Media portfolios")
struct MediaPortfolioTests {
    static let samples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fixtures/media")

    func sample(_ name: String) -> URL { Self.samples.appendingPathComponent(name) }

    /// The regular files in the node's media folder (temporary copies included).
    func storedFiles(_ node: Node) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: node.directory.media.path).sorted()
    }

    @Test("a file is stored once under its BLAKE2b hash, described by its row, and listed on the profile")
    func storedByHash() throws {
        let directory = try TemporaryDirectory()
        defer { withExtendedLifetime(directory) {} }
        let node = try directory.node("laptop")
        let ada = try node.users.add(name: "ada", roles: [.actor])
        let added = try node.media.add(sample("headshot.jpg"), kind: .headshot, caption: "Studio", by: ada)
        let bytes = Array(try Data(contentsOf: sample("headshot.jpg")))
        #expect(added.hash == Hex.encode(Blake2b.hash(bytes)))
        #expect(added.type == "jpeg" && added.width == 64 && added.height == 48 && added.bytes == Int64(bytes.count))
        #expect(added.primary && added.stored && added.caption == "Studio")
        let changes = try node.store.counts().loggedChanges
        // The same file again (under another name) is stored once and signs nothing new.
        let copy = directory.url.appendingPathComponent("copy-of-headshot.jpeg")
        try FileManager.default.copyItem(at: sample("headshot.jpg"), to: copy)
        #expect(try node.media.add(copy, kind: .headshot, by: ada).hash == added.hash)
        #expect(try node.store.counts().loggedChanges == changes)
        #expect(try storedFiles(node) == [added.hash])
        let row = try #require(try node.store.snapshot(.media, RowID(ada.key.bytes + Blake2b.hash(bytes))))
        #expect(row.text("kind") == "headshot" && row.integer("width") == 64)
        let profile = try #require(try node.store.snapshot(.profile, RowID(ada.key.bytes)))
        #expect(profile.elements("media") == [.blob(Blake2b.hash(bytes))])
    }

    @Test("one primary headshot: the first, or the one added with primary; removing it leaves none primary")
    func primaryHeadshot() throws {
        let directory = try TemporaryDirectory()
        defer { withExtendedLifetime(directory) {} }
        let node = try directory.node("laptop")
        let ada = try node.users.add(name: "ada", roles: [.actor])
        let first = try node.media.add(sample("headshot.jpg"), kind: .headshot, by: ada)
        let second = try node.media.add(sample("photo.png"), kind: .headshot, by: ada)
        #expect(first.primary && !second.primary)
        try node.media.add(sample("photo.png"), kind: .headshot, primary: true, by: ada)
        let owner = RowID(ada.key.bytes)
        #expect(try node.media.list(of: owner).filter(\.primary).map(\.hash) == [second.hash])
        #expect(try node.media.list(of: owner).first?.hash == second.hash, "the primary is listed first")
        _ = try node.media.remove(String(second.hash.prefix(12)), by: ada)
        #expect(try node.media.list(of: owner).map(\.hash) == [first.hash])
        #expect(try node.media.list(of: owner).allSatisfy { !$0.primary })
        #expect(try storedFiles(node) == [first.hash], "the removed file's bytes are gone from this node")
        let error = #expect(throws: NodeError.self) {
            try node.media.add(sample("reel.mp4"), kind: .reel, primary: true, by: ada)
        }
        #expect(error?.kind == .invalidInput)
    }

    @Test(
        "refused, with nothing stored or signed: a renamed executable, HTML as .jpg, a PDF headshot, an oversize file"
    )
    func refusals() throws {
        let directory = try TemporaryDirectory()
        defer { withExtendedLifetime(directory) {} }
        var settings = NodeSettings()
        settings.mediaLimits.video = 10_000
        let node = try Node.initialize(
            at: DataDirectory(url: directory.url.appendingPathComponent("n")),
            settings: settings
        )
        let ada = try node.users.add(name: "ada", roles: [.actor])
        let changes = try node.store.counts().loggedChanges
        let executable = directory.url.appendingPathComponent("headshot.jpg")
        try FileManager.default.copyItem(at: URL(fileURLWithPath: "/bin/true"), to: executable)
        let page = directory.url.appendingPathComponent("photo.jpg")
        try Data("<html><body><script>steal()</script></body></html>".utf8).write(to: page)
        let cases: [(URL, MediaKind, String)] = [
            (executable, .headshot, "media_type_unsupported"),
            (page, .photo, "media_type_unsupported"),
            (sample("resume.pdf"), .headshot, "media_wrong_kind"),
            (sample("reel.mp4"), .reel, "media_too_large"),
            (directory.url.appendingPathComponent("missing.jpg"), .photo, "file_unavailable"),
        ]
        for (file, kind, code) in cases {
            do {
                try node.media.add(file, kind: kind, by: ada)
                Issue.record("\(file.lastPathComponent) as \(kind) was accepted")
            } catch let error as any CodedError {
                #expect(error.code == code, "\(file.lastPathComponent): \(error.message)")
            }
        }
        #expect(try node.store.counts().loggedChanges == changes)
        #expect(try storedFiles(node).isEmpty, "no temporary copy is left behind")
    }

    @Test("media get copies the stored bytes out, and refuses a damaged copy")
    func export() throws {
        let directory = try TemporaryDirectory()
        defer { withExtendedLifetime(directory) {} }
        let node = try directory.node("laptop")
        let ada = try node.users.add(name: "ada", roles: [.actor])
        let reel = try node.media.add(sample("reel.mp4"), kind: .reel, by: ada)
        let out = directory.url.appendingPathComponent("out.mp4")
        try node.media.export(String(reel.hash.prefix(8)), of: RowID(ada.key.bytes), to: out)
        #expect(try Data(contentsOf: out) == Data(contentsOf: sample("reel.mp4")))
        #expect(throws: NodeError.self) { try node.media.export(reel.hash, of: RowID(ada.key.bytes), to: out) }
        let stored = node.directory.media.appendingPathComponent(reel.hash)
        var bytes = try Data(contentsOf: stored)
        bytes[100] ^= 0xFF
        try bytes.write(to: stored)
        let damaged = #expect(throws: NodeError.self) {
            try node.media.export(
                reel.hash,
                of: RowID(ada.key.bytes),
                to: directory.url.appendingPathComponent("again.mp4")
            )
        }
        #expect(damaged?.kind == .dataOutOfRange)
        #expect(!FileManager.default.fileExists(atPath: directory.url.appendingPathComponent("again.mp4").path))
    }

    @Test("links are normalised and stored once; the media row and references sync to a peer")
    func linksAndSync() throws {
        let directory = try TemporaryDirectory()
        defer { withExtendedLifetime(directory) {} }
        let laptop = try directory.node("laptop")
        let studio = try directory.node("studio")
        let ada = try laptop.users.add(name: "ada", roles: [.actor])
        #expect(
            try laptop.media.addLink("https://youtu.be/dQw4w9WgXcQ", by: ada)
                == "https://www.youtube.com/watch?v=dQw4w9WgXcQ"
        )
        _ = try laptop.media.addLink("https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=1", by: ada)
        #expect(try laptop.profiles.links(of: RowID(ada.key.bytes)) == ["https://www.youtube.com/watch?v=dQw4w9WgXcQ"])
        let audio = try laptop.media.add(sample("voice.wav"), kind: .audio, caption: "Yoruba monologue", by: ada)
        try studio.pullAll(from: laptop)
        let synced = try studio.media.list(of: RowID(ada.key.bytes))
        #expect(synced.map(\.hash) == [audio.hash])
        #expect(synced[0].durationMs == 1_250 && synced[0].caption == "Yoruba monologue")
        #expect(!synced[0].stored, "the bytes travel apart from the row")
        _ = try laptop.media.removeLink("https://youtu.be/dQw4w9WgXcQ", by: ada)
        #expect(try laptop.profiles.links(of: RowID(ada.key.bytes)).isEmpty)
    }
}
