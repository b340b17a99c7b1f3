/// A person's search text turned into an SQLite FTS5 match expression. The text is never FTS
/// syntax: it is cut into folded words (letters and digits only), so quotes, `*`, `NEAR`, `-`,
/// column filters and SQL are searched as the plain words they contain. Every word must match
/// (or one of its synonyms); the last word also matches as a prefix, as people type.
public struct FullTextQuery: Sendable, Equatable {
    /// Longer text is refused rather than cut.
    public static let maximumCharacters = 500
    /// More words than this are refused: each adds a lookup to every query.
    public static let maximumWords = 24

    /// The folded words searched for.
    public let words: [String]
    /// The FTS5 expression, built only from `words` and the synonyms' folded words.
    public let expression: String

    /// `nil` when the text holds no words (blank, or only punctuation).
    public init?(_ text: String, synonyms: SynonymTable) throws(SearchError) {
        guard text.count <= Self.maximumCharacters else {
            throw SearchError(.invalidQuery, "search text is longer than \(Self.maximumCharacters) characters")
        }
        let words = SearchText.words(text)
        guard !words.isEmpty else { return nil }
        guard words.count <= Self.maximumWords else {
            throw SearchError(.invalidQuery, "search text has more than \(Self.maximumWords) words")
        }
        self.words = words
        expression = synonyms.terms(words).map { term in
            let phrases = term.alternatives.enumerated().map { index, phrase in
                let quoted = "\"" + phrase.joined(separator: " ") + "\""
                // Only the words as typed match as a prefix, and not a lone letter (it would match
                // nearly everything).
                let prefix = term.isLast && index == 0 && (phrase.last?.count ?? 0) >= 2
                return prefix ? quoted + "*" : quoted
            }
            return phrases.count == 1 ? phrases[0] : "(" + phrases.joined(separator: " OR ") + ")"
        }.joined(separator: " AND ")
    }

    /// An FTS5 expression matching any of `phrases` (folded words) in `column` only:
    /// `credits : ("police officer" OR "cop")`. The words come from ``SearchText`` (letters and
    /// digits), so quoting them is enough.
    public static func anyPhrase(_ phrases: [[Substring]], inColumn column: String) -> String? {
        let quoted = phrases.filter { !$0.isEmpty }.map { "\"" + $0.joined(separator: " ") + "\"" }
        guard !quoted.isEmpty else { return nil }
        return "\(column) : (" + quoted.joined(separator: " OR ") + ")"
    }
}
