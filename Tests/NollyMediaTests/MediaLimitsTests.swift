import NollyMedia
import Testing

@Suite("Media kinds and size limits")
struct MediaLimitsTests {
    @Test("the defaults are 25 MB for images, 500 MB for video, 50 MB for audio, 20 MB for documents")
    func defaults() {
        let limits = MediaLimits()
        #expect(limits.limit(.image) == 25 * 1_048_576)
        #expect(limits.limit(.video) == 500 * 1_048_576)
        #expect(limits.limit(.audio) == 50 * 1_048_576)
        #expect(limits.limit(.document) == 20 * 1_048_576)
    }

    @Test("a file over its category's limit is refused, and one at the limit is accepted")
    func tooLarge() throws {
        let png = InMemoryBytes(try sample("photo.png"))
        var limits = MediaLimits()
        limits.image = png.count - 1
        let error = #expect(throws: MediaError.self) { try limits.check(png, as: .photo) }
        #expect(error?.kind == .tooLarge)
        limits.image = png.count
        #expect(try limits.check(png, as: .headshot).type == .png)
    }

    @Test("each kind takes one category: a PDF is no headshot, a WAV no reel, a JPEG no document")
    func wrongKind() throws {
        for (name, kind) in [("resume.pdf", MediaKind.headshot), ("voice.wav", .reel), ("headshot.jpg", .document)] {
            let error = #expect(throws: MediaError.self) {
                try MediaLimits().check(InMemoryBytes(try sample(name)), as: kind)
            }
            #expect(error?.kind == .wrongKind, "\(name) as \(kind)")
        }
    }
}
