/// Byte-level helpers for the parsers' hot paths: screenplays are mostly ASCII, so work on
/// UTF-8 bytes and touch Unicode properties only for the rare non-ASCII word.
enum TextScanning {
    /// CRLF and CR become LF, and a leading byte-order mark is dropped, in one pass.
    /// The UTF-8 bytes of `text`, copied in one go (faster than iterating the view).
    static func bytes(_ text: String) -> [UInt8] {
        var text = text
        return text.withUTF8 { Array($0) }
    }

    /// Whether `text` contains the ASCII byte `byte`.
    static func contains(_ byte: UInt8, in text: String) -> Bool {
        var text = text
        return text.withUTF8 { buffer in buffer.contains(byte) }
    }

    static func normalizeNewlines(_ text: String) -> String {
        var bytes = Self.bytes(text)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        guard bytes.contains(13) else { return String(decoding: bytes, as: UTF8.self) }
        var output = [UInt8]()
        output.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            if bytes[index] == 13 {
                output.append(10)
                if index + 1 < bytes.count && bytes[index + 1] == 10 { index += 1 }
            } else {
                output.append(bytes[index])
            }
            index += 1
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// Removes `/* ... */` in one pass; an unclosed opener and what follows stay as text.
    static func removeBoneyard(_ text: String) -> String {
        let bytes = Self.bytes(text)
        guard let first = find([47, 42], in: bytes, from: 0) else { return text }
        var output = [UInt8](bytes[..<first])
        var position = first
        while let open = find([47, 42], in: bytes, from: position) {
            guard let close = find([42, 47], in: bytes, from: open + 2) else { break }
            output += bytes[position..<open]
            position = close + 2
        }
        output += bytes[position...]
        return String(decoding: output, as: UTF8.self)
    }

    static func find(_ needle: [UInt8], in bytes: [UInt8], from start: Int) -> Int? {
        guard needle.count == 2, start < bytes.count else { return nil }
        var index = start
        while index + 1 < bytes.count {
            if bytes[index] == needle[0] && bytes[index + 1] == needle[1] { return index }
            index += 1
        }
        return nil
    }

    /// Lines of `text`, split on LF.
    static func lines(_ text: String) -> [String] {
        var text = text
        return text.withUTF8 { bytes in
            var lines = [String]()
            var start = 0
            for index in 0..<bytes.count where bytes[index] == 10 {
                lines.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self))
                start = index + 1
            }
            lines.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[start...]), as: UTF8.self))
            return lines
        }
    }

    /// Whether every letter is upper case (no lower-case letter) and there is at least one.
    static func isUpperCase(_ text: some StringProtocol) -> Bool {
        var letters = 0
        for byte in text.utf8 {
            if byte >= 97 && byte <= 122 { return false }
            if byte >= 65 && byte <= 90 { letters += 1 }
            if byte >= 0x80 { return text.contains(where: \.isLetter) && text == text.uppercased() }
        }
        return letters > 0
    }
}

extension StringProtocol {
    /// Trims white space; ASCII fast path.
    func trimmingWhitespace() -> String {
        let whole = Substring(self)
        let bytes = whole.utf8
        var start = bytes.startIndex
        var end = bytes.endIndex
        while start < end, Self.isSpace(bytes[start]) { start = bytes.index(after: start) }
        while end > start, Self.isSpace(bytes[bytes.index(before: end)]) { end = bytes.index(before: end) }
        guard start != bytes.startIndex || end != bytes.endIndex else { return String(whole) }
        return String(whole[start..<end])
    }

    func trimmingTrailingWhitespace() -> String {
        let whole = Substring(self)
        let bytes = whole.utf8
        var end = bytes.endIndex
        while end > bytes.startIndex, Self.isSpace(bytes[bytes.index(before: end)]) { end = bytes.index(before: end) }
        return String(whole[bytes.startIndex..<end])
    }

    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == 32 || byte == 9 || byte == 10 || byte == 13 || byte == 12
    }
}
