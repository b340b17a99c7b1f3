/// Durations from MP3 frame headers (with the Xing, Info or VBRI frame count when there is one)
/// and from WAV's format and data chunks.
enum AudioHeaders {
    /// One MPEG audio layer III frame header.
    struct MP3Frame {
        let isMPEG1: Bool
        let bitrate: Int  // bits per second
        let sampleRate: Int
        let isMono: Bool
        let length: Int

        var samplesPerFrame: Int { isMPEG1 ? 1_152 : 576 }

        private static let mpeg1Bitrates = [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320]
        private static let mpeg2Bitrates = [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160]

        /// Parses the four header bytes at the start of `header`, or nil when they are not a
        /// layer III frame header.
        init?(_ header: HeaderBytes) {
            guard header.byte(0) == 0xFF, let b1 = header.byte(1), let b2 = header.byte(2), let b3 = header.byte(3),
                b1 & 0xE0 == 0xE0
            else { return nil }
            let version = (b1 >> 3) & 3  // 0: MPEG 2.5, 2: MPEG 2, 3: MPEG 1
            let layer = (b1 >> 1) & 3  // 1: layer III
            let bitrateIndex = Int(b2 >> 4)
            let rateIndex = Int((b2 >> 2) & 3)
            guard version != 1, layer == 1, (1...14).contains(bitrateIndex), rateIndex != 3 else { return nil }
            isMPEG1 = version == 3
            bitrate = (isMPEG1 ? Self.mpeg1Bitrates : Self.mpeg2Bitrates)[bitrateIndex] * 1_000
            let rates = [[11_025, 12_000, 8_000], [], [22_050, 24_000, 16_000], [44_100, 48_000, 32_000]]
            sampleRate = rates[Int(version)][rateIndex]
            isMono = b3 >> 6 == 3
            length = (isMPEG1 ? 144 : 72) * bitrate / sampleRate + Int((b2 >> 1) & 1)
        }
    }

    static func mp3(_ source: some ByteSource) throws -> MediaFacts {
        let start = try mp3AudioStart(source)
        let first = HeaderBytes(try source.bytes(at: start, count: 192))
        guard let frame = MP3Frame(first), frame.length > 4 else {
            throw malformed(.mp3, "no MPEG audio frame follows the tag")
        }
        // A lone 0xFFF sync is common in random bytes: a second frame must follow the first.
        let next = start + Int64(frame.length)
        if next + 4 <= source.count, MP3Frame(HeaderBytes(try source.bytes(at: next, count: 4))) == nil {
            throw malformed(.mp3, "its first frame is not followed by another")
        }
        let frames = vbrFrameCount(first, frame)
        let milliseconds: Int64
        if let frames {
            milliseconds = Int64(frames) * Int64(frame.samplesPerFrame) * 1_000 / Int64(frame.sampleRate)
        } else {
            milliseconds = (source.count - start) * 8 * 1_000 / Int64(frame.bitrate)
        }
        return MediaFacts(type: .mp3, durationMilliseconds: milliseconds)
    }

    /// Where the audio starts: after an ID3v2 tag (whose size is four 7-bit bytes), if any.
    static func mp3AudioStart(_ source: some ByteSource) throws -> Int64 {
        let tag = HeaderBytes(try source.bytes(at: 0, count: 10))
        guard tag.starts(with: Array("ID3".utf8)) else { return 0 }
        guard let flags = tag.byte(5), let size = tag.bigEndian(6, width: 4), size & 0x8080_8080 == 0 else {
            throw malformed(.mp3, "its ID3 tag header is damaged")
        }
        let length = (size & 0x7F) | (size >> 8 & 0x7F) << 7 | (size >> 16 & 0x7F) << 14 | (size >> 24 & 0x7F) << 21
        let footer: Int64 = flags & 0x10 != 0 ? 10 : 0
        return 10 + Int64(length) + footer
    }

    /// The frame count of a Xing or Info header (in the side-information gap of the first frame)
    /// or of a VBRI header (32 bytes in), when the encoder wrote one.
    private static func vbrFrameCount(_ header: HeaderBytes, _ frame: MP3Frame) -> UInt64? {
        let sideInformation = frame.isMPEG1 ? (frame.isMono ? 17 : 32) : (frame.isMono ? 9 : 17)
        let xing = 4 + sideInformation
        if let tag = header.fourCC(xing), tag == "Xing" || tag == "Info",
            let flags = header.bigEndian(xing + 4, width: 4), flags & 1 == 1,
            let frames = header.bigEndian(xing + 8, width: 4), frames > 0
        {
            return frames
        }
        if header.fourCC(36) == "VBRI", let frames = header.bigEndian(36 + 14, width: 4), frames > 0 {
            return frames
        }
        return nil
    }

    /// `RIFF ssss WAVE`, then chunks: `fmt ` gives the byte rate, `data` the length of the sound.
    static func wav(_ source: some ByteSource) throws -> MediaFacts {
        var offset: Int64 = 12
        var byteRate: UInt64?
        for _ in 0..<MovieHeaders.maxBoxes where offset + 8 <= source.count {
            let header = HeaderBytes(try source.bytes(at: offset, count: 24))
            guard let name = header.fourCC(0), let size = header.littleEndian(4, width: 4) else { break }
            if name == "fmt " {
                byteRate = header.littleEndian(16, width: 4)
            } else if name == "data" {
                guard let byteRate, byteRate > 0 else {
                    throw malformed(.wav, "the data chunk comes before the format")
                }
                let available = UInt64(max(0, source.count - offset - 8))
                return MediaFacts(type: .wav, durationMilliseconds: Int64(min(size, available) * 1_000 / byteRate))
            }
            offset += 8 + Int64(size) + Int64(size & 1)
        }
        throw malformed(.wav, "it has no format and data chunks")
    }
}
