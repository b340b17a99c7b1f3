import Foundation
import NollyMatching
import NollyRandom
import Testing

@Suite("Search text is never query syntax")
struct FullTextQueryTests {
    /// Checks an FTS5 expression has only the shape `FullTextQuery` builds: quoted phrases of
    /// letters, digits and spaces, joined by AND and OR, grouped by parentheses, with `*` after a
    /// closing quote. Anything else means user text leaked into the syntax.
    static func isBuiltShape(_ expression: String) -> Bool {
        var inQuote = false
        var outside = ""
        var previous: Character = " "
        for character in expression {
            if character == "\"" {
                inQuote.toggle()
                outside.append(" ")
            } else if inQuote {
                guard character.isLetter || character.isNumber || character == " " else { return false }
            } else if character == "*" {
                guard previous == "\"" else { return false }
                outside.append(" ")
            } else {
                outside.append(character)
            }
            previous = character
        }
        guard !inQuote else { return false }
        let words = outside.replacingOccurrences(of: "(", with: " ").replacingOccurrences(of: ")", with: " ")
            .split(separator: " ")
        return words.allSatisfy { $0 == "AND" || $0 == "OR" }
    }

    @Test("operators, quotes and SQL are searched as plain words")
    func hostileText() throws {
        let cases: [(String, [String])] = [
            ("\"voice", ["voice"]), ("act*", ["act"]), ("NEAR(ada bola, 2)", ["near", "ada", "bola", "2"]),
            ("-dancer", ["dancer"]), ("name:ada", ["name", "ada"]),
            ("'); DROP TABLE search_text; --", ["drop", "table", "search", "text"]),
            ("ada OR bola NOT chi", ["ada", "or", "bola", "not", "chi"]),
            ("^start {name} [x]", ["start", "name", "x"]),
        ]
        for (text, words) in cases {
            let query = try #require(try FullTextQuery(text, synonyms: SynonymTable(groups: [])))
            #expect(query.words == words, "\(text)")
            #expect(Self.isBuiltShape(query.expression), "\(text) -> \(query.expression)")
        }
        #expect(try FullTextQuery("\" * - ( ) : ^", synonyms: .builtIn) == nil)
    }

    @Test("random text always gives a built expression or none", arguments: [UInt64(11), 12, 13])
    func randomText(seed: UInt64) throws {
        var random = SplitMix64(seed: seed)
        let pieces = [
            "\"", "*", "-", "(", ")", ":", "^", "+", "NEAR", "AND", "OR", "NOT", "'", ";", "--", "/*", " ", "  ",
            "ada", "Adébáyọ̀", "voice", "over", "dop", "make", "up", "ẹ", "ß", "東京", "١٢", "\u{0301}", "\u{200B}",
            "\t", "\n", "\\", "%", "_", "{", "}", "[", "]", "0", "x",
        ]
        for _ in 0..<2_000 {
            let text = (0..<Int.random(in: 0...16, using: &random)).map { _ in pieces.randomElement(using: &random)! }
                .joined()
            do {
                if let query = try FullTextQuery(text, synonyms: .builtIn) {
                    #expect(Self.isBuiltShape(query.expression), "seed \(seed): \(text) -> \(query.expression)")
                    #expect(!query.words.isEmpty, "seed \(seed): \(text)")
                }
            } catch {
                #expect(error.kind == .invalidQuery, "seed \(seed): \(text)")
            }
        }
    }

    @Test("synonyms become OR groups; only the typed last word is a prefix")
    func expressionShape() throws {
        let table = SynonymTable(groups: [["voice artist", "voice over"]])
        let query = try #require(try FullTextQuery("Yoruba voice over", synonyms: table))
        #expect(query.expression == #""yoruba" AND ("voice over"* OR "voice artist")"#)
        #expect(try FullTextQuery("a", synonyms: table)?.expression == #""a""#)
    }

    @Test("too long or too many words is refused, not cut")
    func bounds() {
        #expect(throws: SearchError.self) {
            try FullTextQuery(String(repeating: "a", count: FullTextQuery.maximumCharacters + 1), synonyms: .builtIn)
        }
        #expect(throws: SearchError.self) {
            try FullTextQuery(
                Array(repeating: "ab", count: FullTextQuery.maximumWords + 1).joined(separator: " "),
                synonyms: .builtIn
            )
        }
    }
}
