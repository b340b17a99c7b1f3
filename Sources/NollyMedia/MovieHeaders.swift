/// Duration and picture size from ISO base media files (MP4) and QuickTime movies (MOV): the
/// movie header (`moov/mvhd`) and the first track header (`moov/trak/tkhd`) with a picture.
enum MovieHeaders {
    /// The most boxes walked at one level; real files have a handful at the top.
    static let maxBoxes = 4_096

    struct Box {
        let type: String
        /// Where the box's content starts, and where the box ends.
        let contentStart: Int64
        let end: Int64
    }

    /// The boxes in `start..<end`, refusing any whose size runs past its parent.
    static func boxes(_ source: some ByteSource, from start: Int64, to end: Int64, type: MediaType) throws -> [Box] {
        var boxes = [Box]()
        var offset = start
        while offset + 8 <= end {
            guard boxes.count < maxBoxes else { throw malformed(type, "it has too many boxes") }
            let header = HeaderBytes(try source.bytes(at: offset, count: 16))
            guard let size32 = header.bigEndian(0, width: 4), let name = header.fourCC(4) else {
                throw malformed(type, "a box header is truncated")
            }
            var headerLength: Int64 = 8
            var size = Int64(size32)
            if size32 == 1 {
                guard let large = header.bigEndian(8, width: 8), large <= UInt64(Int64.max) else {
                    throw malformed(type, "a box's 64-bit size is truncated")
                }
                size = Int64(large)
                headerLength = 16
            } else if size32 == 0 {
                size = end - offset
            }
            guard size >= headerLength, size <= end - offset else {
                throw malformed(type, "the box '\(name.filter(\.isASCII))' runs past its container")
            }
            boxes.append(Box(type: name, contentStart: offset + headerLength, end: offset + size))
            offset += size
        }
        return boxes
    }

    static func movie(_ source: some ByteSource, type: MediaType) throws -> MediaFacts {
        let top = try boxes(source, from: 0, to: source.count, type: type)
        guard let moov = top.first(where: { $0.type == "moov" }) else {
            throw malformed(type, "it has no movie header ('moov' box)")
        }
        let inMovie = try boxes(source, from: moov.contentStart, to: moov.end, type: type)
        guard let mvhd = inMovie.first(where: { $0.type == "mvhd" }) else {
            throw malformed(type, "it has no 'mvhd' box")
        }
        var facts = MediaFacts(type: type, durationMilliseconds: try duration(source, mvhd, type: type))
        for trak in inMovie where trak.type == "trak" {
            let inTrack = try boxes(source, from: trak.contentStart, to: trak.end, type: type)
            if let tkhd = inTrack.first(where: { $0.type == "tkhd" }), let size = try pictureSize(source, tkhd) {
                (facts.width, facts.height) = size
                break
            }
        }
        return facts
    }

    /// `mvhd`: version and flags, then (32- or 64-bit) times, the timescale and the duration.
    private static func duration(_ source: some ByteSource, _ mvhd: Box, type: MediaType) throws -> Int64 {
        let content = HeaderBytes(try source.bytes(at: mvhd.contentStart, count: 32))
        let wide = content.byte(0) == 1
        let timescale = content.bigEndian(wide ? 20 : 12, width: 4)
        let units = content.bigEndian(wide ? 24 : 16, width: wide ? 8 : 4)
        guard let timescale, let units, timescale > 0 else { throw malformed(type, "the movie header is damaged") }
        let (milliseconds, overflow) = units.multipliedReportingOverflow(by: 1_000)
        guard !overflow, milliseconds / timescale <= UInt64(Int64.max) else {
            throw malformed(type, "the movie's duration is out of range")
        }
        return Int64(milliseconds / timescale)
    }

    /// `tkhd` ends with the track's width and height in 16.16 fixed point; zero for sound.
    private static func pictureSize(_ source: some ByteSource, _ tkhd: Box) throws -> (Int, Int)? {
        let content = HeaderBytes(try source.bytes(at: tkhd.contentStart, count: 96))
        let sizeOffset = content.byte(0) == 1 ? 88 : 76
        guard let width = content.bigEndian(sizeOffset, width: 4),
            let height = content.bigEndian(sizeOffset + 4, width: 4)
        else { return nil }
        let (w, h) = (Int(width >> 16), Int(height >> 16))
        return w > 0 && h > 0 ? (w, h) : nil
    }
}
