import Foundation

/// Groups of words and phrases that mean the same thing to a casting director ("DOP",
/// "cinematographer"). A query phrase found in a group also finds the group's other members, and
/// skills are indexed under their group's name, so a `--skill DOP` filter finds cinematographers.
public struct SynonymTable: Sendable {
    /// Each group's phrases as folded words; the first phrase names the group.
    public let groups: [[[String]]]
    /// Group index by a phrase's key.
    private let groupByKey: [String: Int]
    /// The longest phrase, in words, so matching looks no further ahead.
    private let longestPhrase: Int

    /// Builds the table from groups of phrases (folded here); a phrase in two groups keeps the first.
    public init(groups: [[String]]) {
        var folded = [[[String]]]()
        var byKey = [String: Int]()
        for group in groups {
            let phrases = group.map(SearchText.words).filter { !$0.isEmpty }
            guard !phrases.isEmpty else { continue }
            for phrase in phrases where byKey[phrase.joined(separator: " ")] == nil {
                byKey[phrase.joined(separator: " ")] = folded.count
            }
            folded.append(phrases)
        }
        self.groups = folded
        groupByKey = byKey
        longestPhrase = folded.flatMap { $0.map(\.count) }.max() ?? 0
    }

    /// The table shipped with the node (Fixtures/search/synonyms.json, built into the binary).
    public static let builtIn: SynonymTable = {
        struct File: Decodable { let groups: [[String]] }
        let file = try? JSONDecoder().decode(File.self, from: Data(PackageResources.synonyms_json))
        return SynonymTable(groups: file?.groups ?? [])
    }()

    /// The group's name for `key` (a folded phrase), or `key` itself when it is in no group.
    public func canonical(_ key: String) -> String {
        guard let group = groupByKey[key] else { return key }
        return groups[group][0].joined(separator: " ")
    }

    /// The key a filter or facet value is indexed and looked up under: its folded words, under
    /// their group's name (`"Make-up"` and `"MUA"` are both `"makeup artist"`).
    public func key(_ text: String) -> String { canonical(SearchText.key(text)) }

    /// Splits `words` into terms, longest phrase first: each term is the alternatives it stands
    /// for (a phrase in a group stands for every phrase of the group; any other word for itself).
    /// `isLast` marks the term holding the final word, which a query matches as a prefix.
    public func terms(_ words: [String]) -> [(alternatives: [[String]], isLast: Bool)] {
        var terms = [(alternatives: [[String]], isLast: Bool)]()
        var start = 0
        while start < words.count {
            var matched: (length: Int, group: Int)?
            var length = min(longestPhrase, words.count - start)
            while length > 0, matched == nil {
                if let group = groupByKey[words[start..<start + length].joined(separator: " ")] {
                    matched = (length, group)
                }
                length -= 1
            }
            let taken = matched?.length ?? 1
            let original = Array(words[start..<start + taken])
            var alternatives = [original]
            if let group = matched?.group {
                alternatives += groups[group].filter { $0 != original }
            }
            start += taken
            terms.append((alternatives, start == words.count))
        }
        return terms
    }
}
