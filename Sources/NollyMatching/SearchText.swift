import Foundation

/// How search compares words: case and diacritics folded, so "Adebayo" finds "Adébáyọ̀" and
/// "ADEBAYO"; everything that is not a letter or a digit separates words. Indexing and queries
/// both go through it, so they always agree.
public enum SearchText {
    /// Letters that carry no combining mark to strip (Hausa's hooked letters, ß, ø), folded by hand.
    private static let plainLetters: [Unicode.Scalar: String] = [
        "ɓ": "b", "Ɓ": "b", "ɗ": "d", "Ɗ": "d", "ƙ": "k", "Ƙ": "k", "ƴ": "y", "Ƴ": "y",
        "ß": "ss", "ø": "o", "Ø": "o", "đ": "d", "Đ": "d", "ł": "l", "Ł": "l", "æ": "ae", "Æ": "ae",
        "œ": "oe", "Œ": "oe",
    ]

    /// `text` in lower case with its diacritics removed.
    public static func fold(_ text: String) -> String {
        var folded = String.UnicodeScalarView()
        for scalar in text.decomposedStringWithCanonicalMapping.unicodeScalars {
            if scalar.properties.generalCategory == .nonspacingMark { continue }
            if let plain = plainLetters[scalar] {
                folded.append(contentsOf: plain.unicodeScalars)
            } else {
                folded.append(contentsOf: scalar.properties.lowercaseMapping.unicodeScalars)
            }
        }
        return String(folded)
    }

    /// The folded words of `text`, in order.
    public static func words(_ text: String) -> [String] {
        if text.utf8.allSatisfy({ $0 < 0x80 }) { return asciiWords(text) }
        var words = [String]()
        var current = String.UnicodeScalarView()
        for scalar in fold(text).unicodeScalars {
            if scalar.properties.isAlphabetic || scalar.properties.numericType != nil {
                current.append(scalar)
            } else if !current.isEmpty {
                words.append(String(current))
                current = String.UnicodeScalarView()
            }
        }
        if !current.isEmpty { words.append(String(current)) }
        return words
    }

    /// The folded words joined by single spaces: the form facet values and filters compare in
    /// ("Stage  Combat" and "stage-combat" are both "stage combat").
    public static func key(_ text: String) -> String { words(text).joined(separator: " ") }

    /// The same as ``words(_:)`` for ASCII text, on bytes: most headlines and bios are ASCII, and
    /// folding them scalar by scalar dominated indexing.
    private static func asciiWords(_ text: String) -> [String] {
        var words = [String]()
        var current = [UInt8]()
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"): current.append(byte)
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): current.append(byte + 32)
            default:
                if !current.isEmpty {
                    words.append(String(decoding: current, as: UTF8.self))
                    current.removeAll(keepingCapacity: true)
                }
            }
        }
        if !current.isEmpty { words.append(String(decoding: current, as: UTF8.self)) }
        return words
    }
}
