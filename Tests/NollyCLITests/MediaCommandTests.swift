import Foundation
import Testing

@Suite("nollycrew media")
struct MediaCommandTests {
    static let samples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fixtures/media")

    let nodes: ProcessNodes

    init() throws { nodes = try ProcessNodes("media") }

    func sample(_ name: String) -> String { Self.samples.appendingPathComponent(name).path }

    @Test("add, list as JSON, get, link and remove a portfolio through the binary")
    func portfolio() throws {
        defer { nodes.remove() }
        try nodes.run("laptop", ["init"])
        try nodes.run("laptop", ["user", "add", "--name", "ada", "--role", "actor"])
        try nodes.run("laptop", ["media", "add", sample("headshot.jpg"), "--kind", "headshot", "--caption", "Studio"])
        try nodes.run("laptop", ["media", "add", sample("reel.mp4"), "--kind", "reel"])
        try nodes.run("laptop", ["media", "link", "https://youtu.be/dQw4w9WgXcQ"])
        let listed = try nodes.run("laptop", ["media", "list", "ada", "--json"])
        let json = try #require(try JSONSerialization.jsonObject(with: Data(listed.output.utf8)) as? [String: Any])
        let media = try #require(json["media"] as? [[String: Any]])
        #expect(media.map { $0["kind"] as? String } == ["headshot", "reel"])
        #expect(media[0]["primary"] as? Bool == true && media[0]["width"] as? Int == 64)
        #expect(media[1]["duration_ms"] as? Int == 1_500)
        #expect(json["links"] as? [String] == ["https://www.youtube.com/watch?v=dQw4w9WgXcQ"])
        let reel = try #require(media[1]["hash"] as? String)
        let out = nodes.directory.appendingPathComponent("reel-out.mp4")
        try nodes.run("laptop", ["media", "get", String(reel.prefix(10)), "--out", out.path])
        #expect(try Data(contentsOf: out) == Data(contentsOf: URL(fileURLWithPath: sample("reel.mp4"))))
        try nodes.run("laptop", ["media", "remove", reel])
        let after = try nodes.run("laptop", ["media", "list"])
        #expect(!after.output.contains(String(reel.prefix(16))) && after.output.contains("headshot"))
    }

    @Test(
        "refusals are one coded line and a nonzero exit",
        arguments: [
            (["media", "add", "/bin/true", "--kind", "headshot"], "media_type_unsupported"),
            (["media", "add", "RESUME", "--kind", "headshot"], "media_wrong_kind"),
            (["media", "add", "REEL", "--kind", "reel"], "media_too_large"),
            (["media", "add", "/nonexistent.jpg", "--kind", "photo"], "file_unavailable"),
            (["media", "add", "RESUME", "--kind", "poster"], "kind"),
            (["media", "link", "http://example.com/me"], "media_link_invalid"),
            (["media", "remove", "abcdef"], "not_found"),
            (["media", "get", "abcdef", "--out", "/tmp/x"], "not_found"),
        ]
    )
    func refusals(arguments: [String], code: String) throws {
        defer { nodes.remove() }
        try nodes.run("laptop", ["init"])
        try nodes.run("laptop", ["user", "add", "--name", "ada", "--role", "actor"])
        try Data("[media]\nmax_video_bytes = 1000\n".utf8).write(
            to: nodes.dataDir("laptop").appendingPathComponent("config.toml")
        )
        let resolved = arguments.map { $0 == "RESUME" ? sample("resume.pdf") : $0 == "REEL" ? sample("reel.mp4") : $0 }
        let result = try nodes.run("laptop", resolved, expect: 1)
        #expect(result.errors.contains(code), "\(result.errors)")
        #expect(!result.errors.contains("Fatal") && result.errors.split(separator: "\n").count <= 6)
    }

    @Test("bundle export --with-media carries a portfolio to a node with no connection at all")
    func bundleWithMedia() throws {
        defer { nodes.remove() }
        try nodes.run("laptop", ["init"])
        try nodes.run("set", ["init"])
        let ada = try nodes.run("laptop", ["user", "add", "--name", "ada", "--role", "actor", "--json"])
        let key = try #require(
            (try JSONSerialization.jsonObject(with: Data(ada.output.utf8)) as? [String: Any])?["key"] as? String
        )
        try nodes.run("laptop", ["media", "add", sample("voice.wav"), "--kind", "audio"])
        let bundle = nodes.directory.appendingPathComponent("portfolio.bundle").path
        try nodes.run("laptop", ["bundle", "export", "--all", "--with-media", "--out", bundle])
        let imported = try nodes.run("set", ["bundle", "import", bundle, "--json"])
        let summary = try #require(try JSONSerialization.jsonObject(with: Data(imported.output.utf8)) as? [String: Any])
        #expect(summary["media_stored"] as? Int == 1 && (summary["media_refused"] as? [Any])?.isEmpty == true)
        let listed = try nodes.run("set", ["media", "list", key, "--json"])
        let media = try #require(
            (try JSONSerialization.jsonObject(with: Data(listed.output.utf8)) as? [String: Any])?["media"]
                as? [[String: Any]]
        )
        #expect(media.first?["stored"] as? Bool == true, "\(listed.output)")
        let out = nodes.directory.appendingPathComponent("voice.wav")
        let hash = try #require(media.first?["hash"] as? String)
        try nodes.run("set", ["media", "get", hash, "--user", key, "--out", out.path])
        #expect(try Data(contentsOf: out) == Data(contentsOf: URL(fileURLWithPath: sample("voice.wav"))))
    }
}
