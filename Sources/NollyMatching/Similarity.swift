import Foundation

/// Scores how close each candidate's profile text is to a role's, from 0 (nothing in common)
/// to 1. The recommender depends only on this, so a node can plug in an embedding model later
/// (computing vectors at index time and comparing them here) without touching the factors.
public protocol SimilarityProvider: Sendable {
    /// One score in 0...1 per candidate, in the candidates' order.
    func similarities(of role: CastingRole, to candidates: [CandidateProfile]) -> [Double]
}

/// BM25 over the role's words, with synonyms, normalised to 0...1.
///
/// Why BM25 rather than TF-IDF cosine: profiles differ a lot in length (a one-line headline, a
/// page of bio), and BM25's length normalisation and term saturation stop a long bio that
/// repeats a word from outranking a short profile that has it once. The corpus statistics (how
/// rare each word is, the average length) come from the candidates compared, so a word every
/// one of them has ("actor") weighs nothing while a rare one ("steadicam") weighs most.
/// The score is divided by its ceiling (every role word present, saturated), so it is
/// comparable across roles.
public struct BM25Similarity: SimilarityProvider {
    let synonyms: SynonymTable
    /// Term-frequency saturation and length normalisation, the usual values.
    let k1 = 1.2
    let b = 0.75

    public init(synonyms: SynonymTable = .builtIn) { self.synonyms = synonyms }

    /// Words too common in role descriptions to say anything about the role.
    static let stopWords: Set<Substring> = [
        "a", "an", "and", "are", "as", "at", "be", "but", "by", "for", "from", "has", "have", "he", "her", "his", "in",
        "is", "it", "its", "of", "on", "or", "she", "that", "the", "their", "they", "this", "to", "who", "with",
    ]

    /// The role's terms: each a set of alternative phrases (a synonym group's phrases, or one word).
    func terms(of role: CastingRole) -> [[[Substring]]] {
        let text =
            [role.title, role.roleName, role.description, role.department ?? ""] + role.requiredSkills
            + role.preferredSkills
        var seen = Set<[String]>()
        var terms = [[[Substring]]]()
        for term in synonyms.terms(text.flatMap(SearchText.words)) {
            let alternatives = term.alternatives.sorted { $0.lexicographicallyPrecedes($1) }
            let isStopWord = alternatives.count == 1 && Self.stopWords.contains(Substring(alternatives[0][0]))
            let key = alternatives.map { $0.joined(separator: " ") }
            guard !isStopWord, seen.insert(key).inserted else { continue }
            terms.append(alternatives.map { phrase in phrase.map { Substring($0) } })
        }
        return terms
    }

    public func similarities(of role: CastingRole, to candidates: [CandidateProfile]) -> [Double] {
        let terms = terms(of: role)
        guard !terms.isEmpty, !candidates.isEmpty else { return candidates.map { _ in 0 } }
        // Phrases by first word, so each candidate word costs one lookup.
        var byFirstWord = [Substring: [(term: Int, phrase: [Substring])]]()
        for (index, alternatives) in terms.enumerated() {
            for phrase in alternatives { byFirstWord[phrase[0], default: []].append((index, phrase)) }
        }
        var frequencies = [[Int]]()
        frequencies.reserveCapacity(candidates.count)
        var documentFrequency = [Int](repeating: 0, count: terms.count)
        var totalLength = 0
        for candidate in candidates {
            let words = candidate.words
            var counts = [Int](repeating: 0, count: terms.count)
            for position in words.indices {
                guard let phrases = byFirstWord[words[position]] else { continue }
                for (term, phrase) in phrases
                where phrase.count == 1
                    || (position + phrase.count <= words.count
                        && zip(phrase, words[position..<position + phrase.count]).allSatisfy { $0 == $1 })
                {
                    counts[term] += 1
                }
            }
            for term in counts.indices where counts[term] > 0 { documentFrequency[term] += 1 }
            totalLength += words.count
            frequencies.append(counts)
        }
        let count = Double(candidates.count)
        let averageLength = max(1, Double(totalLength) / count)
        let weights = documentFrequency.map { frequency in
            log(1 + (count - Double(frequency) + 0.5) / (Double(frequency) + 0.5))
        }
        let ceiling = weights.reduce(0, +) * (k1 + 1)
        return zip(candidates, frequencies).map { candidate, counts in
            let lengthRatio = Double(candidate.words.count) / averageLength
            var score = 0.0
            for term in counts.indices where counts[term] > 0 {
                let frequency = Double(counts[term])
                score += weights[term] * frequency * (k1 + 1) / (frequency + k1 * (1 - b + b * lengthRatio))
            }
            return ceiling > 0 ? min(1, score / ceiling) : 0
        }
    }
}
