/// Image dimensions from JPEG, PNG and WebP headers.
enum ImageHeaders {
    /// The most JPEG segments walked before the frame header; real files have a dozen or so.
    static let maxJPEGSegments = 512

    static func jpeg(_ source: some ByteSource) throws -> MediaFacts {
        var offset: Int64 = 2
        for _ in 0..<maxJPEGSegments {
            let header = HeaderBytes(try source.bytes(at: offset, count: 9))
            guard header.byte(0) == 0xFF, let marker = header.byte(1) else {
                throw malformed(.jpeg, "a segment does not start with a marker")
            }
            if marker == 0xFF {  // fill byte before a marker
                offset += 1
                continue
            }
            if marker == 0x01 || (0xD0...0xD7).contains(marker) {  // markers without a length
                offset += 2
                continue
            }
            if marker == 0xD9 || marker == 0xDA { break }  // end of image, or scan data before any frame
            guard let length = header.bigEndian(2, width: 2), length >= 2 else {
                throw malformed(.jpeg, "a segment has no valid length")
            }
            let isFrame = (0xC0...0xCF).contains(marker) && ![0xC4, 0xC8, 0xCC].contains(marker)
            if isFrame {
                guard let height = header.bigEndian(5, width: 2), let width = header.bigEndian(7, width: 2),
                    width > 0, height > 0
                else { throw malformed(.jpeg, "the frame header has no dimensions") }
                return MediaFacts(type: .jpeg, width: Int(width), height: Int(height))
            }
            offset += 2 + Int64(length)
            guard offset < source.count else { break }
        }
        throw malformed(.jpeg, "no frame header")
    }

    static func png(_ source: some ByteSource) throws -> MediaFacts {
        let header = HeaderBytes(try source.bytes(at: 8, count: 16))
        guard header.fourCC(4) == "IHDR", let width = header.bigEndian(8, width: 4),
            let height = header.bigEndian(12, width: 4), width > 0, height > 0, width < 1 << 31, height < 1 << 31
        else { throw malformed(.png, "the IHDR chunk is missing or damaged") }
        return MediaFacts(type: .png, width: Int(width), height: Int(height))
    }

    /// `RIFF ssss WEBP` then the first chunk: lossy (`VP8 `), lossless (`VP8L`) or extended (`VP8X`).
    static func webp(_ source: some ByteSource) throws -> MediaFacts {
        let header = HeaderBytes(try source.bytes(at: 12, count: 18))
        let dimensions: (UInt64, UInt64)?
        switch header.fourCC(0) {
        case "VP8 ":
            // A key frame: 3 bytes of frame tag, the start code 9d 01 2a, then 14-bit sizes.
            guard header.starts(with: [0x9D, 0x01, 0x2A], at: 11), let width = header.littleEndian(14, width: 2),
                let height = header.littleEndian(16, width: 2)
            else { throw malformed(.webp, "the VP8 frame header is damaged") }
            dimensions = (width & 0x3FFF, height & 0x3FFF)
        case "VP8L":
            guard header.byte(8) == 0x2F, let bits = header.littleEndian(9, width: 4) else {
                throw malformed(.webp, "the VP8L header is damaged")
            }
            dimensions = ((bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1)
        case "VP8X":
            guard let width = header.littleEndian(12, width: 3), let height = header.littleEndian(15, width: 3) else {
                throw malformed(.webp, "the VP8X header is damaged")
            }
            dimensions = (width + 1, height + 1)
        default:
            dimensions = nil
        }
        guard let (width, height) = dimensions, width > 0, height > 0 else {
            throw malformed(.webp, "no VP8, VP8L or VP8X chunk")
        }
        return MediaFacts(type: .webp, width: Int(width), height: Int(height))
    }
}

func malformed(_ type: MediaType, _ detail: String) -> MediaError {
    MediaError(.malformed, "the file starts like \(type.rawValue.uppercased()) but \(detail)")
}
