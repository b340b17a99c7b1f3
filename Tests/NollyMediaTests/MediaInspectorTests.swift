import Foundation
import NollyMedia
import NollyRandom
import Testing

/// The repository root, from this file's path.
let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

/// A committed sample from Fixtures/media (made with ImageMagick and ffmpeg; see its README).
func sample(_ name: String) throws -> [UInt8] {
    Array(try Data(contentsOf: repository.appendingPathComponent("Fixtures/media/\(name)")))
}

@Suite("Media types are read from the bytes")
struct MediaInspectorTests {
    /// The figures `file` and `ffprobe` print for each sample (Fixtures/media/README.md).
    @Test(
        "each accepted type, with its dimensions or duration",
        arguments: [
            ("headshot.jpg", MediaType.jpeg, 64, 48, nil),
            ("photo.png", .png, 40, 30, nil),
            ("still.webp", .webp, 32, 20, nil),
            ("lossless.webp", .webp, 24, 16, nil),
            ("alpha.webp", .webp, 20, 10, nil),
            ("reel.mp4", .mp4, 96, 64, 1_500),
            ("reel.mov", .mov, 80, 48, 2_000),
            ("voice.wav", .wav, nil, nil, 1_250),
            ("resume.pdf", .pdf, nil, nil, nil),
        ] as [(String, MediaType, Int?, Int?, Int64?)]
    )
    func recognises(name: String, type: MediaType, width: Int?, height: Int?, milliseconds: Int64?) throws {
        let facts = try MediaInspector.inspect(InMemoryBytes(try sample(name)))
        #expect(facts == MediaFacts(type: type, width: width, height: height, durationMilliseconds: milliseconds))
    }

    @Test("an MP3's duration comes from its Info frame count (ffprobe says 2.534 s; the encoder pads a frame)")
    func mp3Duration() throws {
        let facts = try MediaInspector.inspect(InMemoryBytes(try sample("voice.mp3")))
        #expect(facts.type == .mp3)
        let milliseconds = try #require(facts.durationMilliseconds)
        #expect(abs(milliseconds - 2_534) <= 60, "\(milliseconds) ms")
    }

    @Test("a renamed executable, HTML called .jpg, a script, an archive and an empty file are refused")
    func refusesWhatIsNotMedia() throws {
        let executable = Array(try Data(contentsOf: URL(fileURLWithPath: "/bin/true")))
        let cases: [([UInt8], String)] = [
            (executable, "an ELF executable"),
            (Array("<!DOCTYPE html><html><script>alert(1)</script></html>".utf8), "HTML or XML text"),
            (Array("  \n<html><body>hi</body></html>".utf8), "HTML or XML text"),
            (Array("#!/bin/sh\nrm -rf ~\n".utf8), "a script"),
            ([0x50, 0x4B, 0x03, 0x04] + Array(repeating: 0, count: 40), "a ZIP archive"),
            ([0x4D, 0x5A, 0x90, 0x00] + Array(repeating: 0, count: 60), "a Windows executable"),
            ([], "empty"),
        ]
        for (bytes, found) in cases {
            let error = #expect(throws: MediaError.self) { try MediaInspector.inspect(InMemoryBytes(bytes)) }
            #expect(error?.kind == .unsupportedType)
            #expect(error?.message.contains(found) == true, "\(error?.message ?? "")")
        }
    }

    @Test("every truncation of every sample is refused or read, and never crashes")
    func truncations() throws {
        for name in [
            "headshot.jpg", "photo.png", "still.webp", "alpha.webp", "reel.mp4", "reel.mov", "voice.mp3", "voice.wav",
        ] {
            let bytes = try sample(name)
            let type = try MediaInspector.inspect(InMemoryBytes(bytes)).type
            for length in stride(from: 0, to: bytes.count, by: max(1, bytes.count / 400)) {
                do {
                    let facts = try MediaInspector.inspect(InMemoryBytes(Array(bytes.prefix(length))))
                    #expect(facts.type == type, "\(name) cut at \(length) read as \(facts.type)")
                } catch let error as MediaError {
                    #expect([.malformed, .unsupportedType].contains(error.kind), "\(name) cut at \(length)")
                }
            }
        }
    }

    @Test("seeded byte corruption of every sample is refused or read, and never crashes")
    func corruption() throws {
        let seed = UInt64.random(in: 0...UInt64.max)
        var generator = SplitMix64(seed: seed)
        for name in ["headshot.jpg", "still.webp", "reel.mp4", "reel.mov", "voice.mp3", "voice.wav"] {
            let original = try sample(name)
            for _ in 0..<300 {
                var bytes = original
                for _ in 0..<Int.random(in: 1...8, using: &generator) {
                    let at = Int.random(in: 0..<min(bytes.count, 256), using: &generator)
                    bytes[at] = UInt8.random(in: 0...255, using: &generator)
                }
                do {
                    _ = try MediaInspector.inspect(InMemoryBytes(bytes))
                } catch is MediaError {
                    continue
                } catch {
                    Issue.record("seed \(seed): \(name) threw \(error)")
                }
            }
        }
    }

    @Test("an MP4 box that claims more bytes than the file has is refused")
    func lyingBoxSize() throws {
        var bytes = try sample("reel.mp4")
        // The first box is `ftyp`; make it claim 2 GB.
        bytes.replaceSubrange(0..<4, with: [0x7F, 0xFF, 0xFF, 0xFF])
        let error = #expect(throws: MediaError.self) { try MediaInspector.inspect(InMemoryBytes(bytes)) }
        #expect(error?.kind == .malformed)
        #expect(error?.message.contains("runs past") == true)
    }
}
