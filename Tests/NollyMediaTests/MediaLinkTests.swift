import NollyMedia
import Testing

@Suite("External links")
struct MediaLinkTests {
    @Test(
        "YouTube and Vimeo video links become one canonical URL per video",
        arguments: [
            ("https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=42s", "https://www.youtube.com/watch?v=dQw4w9WgXcQ"),
            ("http://youtube.com/watch?feature=share&v=dQw4w9WgXcQ", "https://www.youtube.com/watch?v=dQw4w9WgXcQ"),
            ("https://youtu.be/dQw4w9WgXcQ?si=abc", "https://www.youtube.com/watch?v=dQw4w9WgXcQ"),
            ("https://m.youtube.com/shorts/dQw4w9WgXcQ", "https://www.youtube.com/watch?v=dQw4w9WgXcQ"),
            ("https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ", "https://www.youtube.com/watch?v=dQw4w9WgXcQ"),
            ("  https://WWW.YOUTUBE.COM/live/dQw4w9WgXcQ  ", "https://www.youtube.com/watch?v=dQw4w9WgXcQ"),
            ("https://vimeo.com/76979871", "https://vimeo.com/76979871"),
            ("https://www.vimeo.com/channels/staffpicks/76979871", "https://vimeo.com/76979871"),
            ("https://player.vimeo.com/video/76979871?autoplay=1", "https://vimeo.com/76979871"),
            ("https://vimeo.com/76979871/A1B2C3D4E5", "https://vimeo.com/76979871/a1b2c3d4e5"),
            ("https://player.vimeo.com/video/76979871?h=a1b2c3d4e5", "https://vimeo.com/76979871/a1b2c3d4e5"),
        ]
    )
    func canonical(given: String, canonical: String) throws {
        #expect(try MediaLink.normalize(given) == canonical)
    }

    @Test("other https links are kept as given; channel pages are not videos and are kept too")
    func keptAsGiven() throws {
        for link in [
            "https://imdb.com/name/nm0000001/", "https://www.youtube.com/@NollyStudios",
            "https://vimeo.com/nollystudios",
        ] {
            #expect(try MediaLink.normalize(link) == link)
        }
    }

    @Test(
        "refused: not https, no video id, a user name, spaces, control characters, too long",
        arguments: [
            "http://imdb.com/name/nm0000001/", "ftp://files.example.com/reel.mp4", "javascript:alert(1)",
            "https://www.youtube.com/watch?v=short", "https://youtu.be/", "https://www.youtube.com/embed/",
            "https://player.vimeo.com/video/abc", "https://vimeo.com/76979871/not-hex!",
            "https://user:secret@example.com/", "https://exa mple.com/", "https://example.com/\u{7}",
            "https://example.com/" + String(repeating: "a", count: 300), "", "not a link",
        ]
    )
    func refused(link: String) {
        let error = #expect(throws: MediaError.self) { try MediaLink.normalize(link) }
        #expect(error?.kind == .invalidLink)
    }
}
