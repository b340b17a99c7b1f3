/// Recognises a file's type from its leading bytes and reads its dimensions or duration.
///
/// Only the formats a portfolio accepts are recognised; everything else is refused with what
/// it appears to be, so a renamed executable or an HTML page called `.jpg` never gets in.
/// Every header field is bounds-checked: a damaged file is refused, never trusted.
public enum MediaInspector {
    /// Inspects `source`. Throws ``MediaError`` for anything that is not an accepted type, or
    /// whose headers are damaged; rethrows the source's read errors.
    public static func inspect(_ source: some ByteSource) throws -> MediaFacts {
        let head = HeaderBytes(try source.bytes(at: 0, count: 16))
        if head.starts(with: [0xFF, 0xD8, 0xFF]) { return try ImageHeaders.jpeg(source) }
        if head.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return try ImageHeaders.png(source) }
        if head.fourCC(0) == "RIFF", head.fourCC(8) == "WEBP" { return try ImageHeaders.webp(source) }
        if head.fourCC(0) == "RIFF", head.fourCC(8) == "WAVE" { return try AudioHeaders.wav(source) }
        if head.starts(with: Array("%PDF-".utf8)), let digit = head.byte(5), (0x30...0x39).contains(digit) {
            return MediaFacts(type: .pdf)
        }
        if let movie = movieType(head) { return try MovieHeaders.movie(source, type: movie) }
        if head.starts(with: Array("ID3".utf8)) || AudioHeaders.MP3Frame(head) != nil {
            return try AudioHeaders.mp3(source)
        }
        throw MediaError(
            .unsupportedType,
            "the file is \(describe(head)), which is not an accepted type",
            hint: "accepted: JPEG, PNG or WebP images, MP4 or MOV video, MP3 or WAV audio, PDF documents"
        )
    }

    /// MP4 starts with an `ftyp` box; QuickTime's brand is `qt  `, and older movies start
    /// straight with a `moov`, `mdat`, `wide` or `free` atom.
    private static func movieType(_ head: HeaderBytes) -> MediaType? {
        switch head.fourCC(4) {
        case "ftyp": return head.fourCC(8) == "qt  " ? .mov : .mp4
        case "moov", "mdat", "wide", "free": return .mov
        default: return nil
        }
    }

    /// A few common things that are not media, named so the refusal says what was found.
    private static func describe(_ head: HeaderBytes) -> String {
        if head.bytes.isEmpty { return "empty" }
        if head.starts(with: [0x7F, 0x45, 0x4C, 0x46]) { return "an ELF executable" }
        if head.starts(with: Array("MZ".utf8)) { return "a Windows executable" }
        if head.starts(with: [0xCF, 0xFA, 0xED, 0xFE]) || head.starts(with: [0xCA, 0xFE, 0xBA, 0xBE]) {
            return "a macOS executable"
        }
        if head.starts(with: Array("#!".utf8)) { return "a script" }
        if head.starts(with: Array("PK".utf8)) { return "a ZIP archive" }
        if head.starts(with: [0x1F, 0x8B]) { return "a gzip archive" }
        let text = String(decoding: head.bytes, as: UTF8.self).drop { $0.isWhitespace || $0 == "\u{FEFF}" }
        if text.hasPrefix("<") { return "HTML or XML text" }
        if head.bytes.allSatisfy({ (0x20...0x7E).contains($0) || [0x09, 0x0A, 0x0D].contains($0) }) {
            return "plain text"
        }
        return "of an unrecognised type"
    }
}
