import Foundation
public import NollyValues

/// What profile strength looks at, drawn from a profile row by the node.
public struct ProfileFacts: Sendable, Equatable {
    public var mediaCount = 0
    public var links: [String] = []
    public var bio = ""
    public var hasDayRate = false
    /// The day booked dates were last added, if ever.
    public var availabilityUpdated: CivilDate?
    public var skills: [String] = []
    public var languages: [String] = []
    public var hasPlace = false
    public var credits = 0

    public init() {}
}

/// A score from 0 to 100 and what to do next, most valuable first: the offline stand-in for
/// an AI profile review. Each factor is worth the points below; a suggestion says how many
/// points it would add.
public struct ProfileStrength: Sendable, Equatable, Encodable {
    /// One thing to improve.
    public struct Suggestion: Sendable, Equatable, Encodable {
        /// A stable name (`no_headshot`, `short_bio`, …).
        public let code: String
        /// The points it would add.
        public let points: Int
        public let message: String
    }

    public let score: Int
    public let suggestions: [Suggestion]

    /// Points by factor; they sum to 100.
    public static let weights: [String: Int] = [
        "headshot": 20, "bio": 15, "reel": 15, "day_rate": 10, "availability": 10, "languages": 10, "skills": 10,
        "place": 5, "credits": 5,
    ]
    public static let bioTarget = 200
    public static let staleAvailabilityDays = 60
    /// Hosts whose links count as a reel.
    static let reelHosts = ["youtube.com", "youtu.be", "vimeo.com", "tiktok.com", "instagram.com/reel"]

    /// Assesses `facts` on `today` against the known skills.
    public init(_ facts: ProfileFacts, today: CivilDate, vocabulary: SkillVocabulary = .builtIn) {
        var score = 0
        var suggestions = [Suggestion]()
        func factor(_ name: String, earned fraction: Double, _ code: String, _ message: @autoclosure () -> String) {
            let weight = Self.weights[name]!
            let earned = Int((Double(weight) * min(1, max(0, fraction))).rounded(.down))
            score += earned
            if earned < weight {
                suggestions.append(Suggestion(code: code, points: weight - earned, message: message()))
            }
        }
        factor("headshot", earned: facts.mediaCount > 0 ? 1 : 0, "no_headshot", "add a headshot")
        let bioLength = facts.bio.trimmingCharacters(in: .whitespacesAndNewlines).count
        factor(
            "bio",
            earned: Double(bioLength) / Double(Self.bioTarget),
            "short_bio",
            bioLength == 0
                ? "write a bio of at least \(Self.bioTarget) characters"
                : "the bio is \(bioLength) characters; write at least \(Self.bioTarget)"
        )
        let hasReelLink = facts.links.contains { link in Self.reelHosts.contains { link.lowercased().contains($0) } }
        factor(
            "reel",
            earned: hasReelLink || facts.mediaCount >= 2 ? 1 : 0,
            "no_reel",
            "add a reel (a showreel link or video)"
        )
        factor("day_rate", earned: facts.hasDayRate ? 1 : 0, "no_day_rate", "set a day rate")
        let age = facts.availabilityUpdated.map { today.day - $0.day }
        factor(
            "availability",
            earned: (age ?? Int.max) <= Self.staleAvailabilityDays ? 1 : 0,
            "stale_availability",
            age.map { "availability not updated in \($0) days; add your booked dates" }
                ?? "availability never set; add your booked dates"
        )
        factor("languages", earned: facts.languages.isEmpty ? 0 : 1, "no_languages", "add the languages you speak")
        let unknown = facts.skills.filter { !vocabulary.knows($0) }
        factor(
            "skills",
            earned: facts.skills.isEmpty ? 0 : Double(facts.skills.count - unknown.count) / Double(facts.skills.count),
            facts.skills.isEmpty ? "no_skills" : "unknown_skills",
            facts.skills.isEmpty
                ? "add your skills"
                : unknown.map { skill in
                    "'\(skill)' is not a skill the vocabulary knows"
                        + (vocabulary.nearest(to: skill).map { "; did you mean '\($0)'?" } ?? "")
                }.joined(separator: "; ")
        )
        factor(
            "place",
            earned: facts.hasPlace ? 1 : 0,
            "no_place",
            "add your city and map position (latitude_e6, longitude_e6)"
        )
        factor(
            "credits",
            earned: facts.credits > 0 ? 1 : 0,
            "no_credits",
            "add credits (\"Police officer, Eko Nights (2019)\")"
        )
        self.score = score
        self.suggestions = suggestions.enumerated().sorted {
            ($1.element.points, $0.offset) < ($0.element.points, $1.offset)
        }
        .map(\.element)
    }
}

/// The skills profile strength knows: Fixtures/search/skills.json and every synonym phrase.
public struct SkillVocabulary: Sendable {
    private let keys: Set<String>
    private let names: [String]

    public init(skills: [String], synonyms: SynonymTable) {
        let phrases = synonyms.groups.flatMap { $0.map { $0.joined(separator: " ") } }
        names = Array(Set(skills.map(SearchText.key) + phrases)).sorted()
        keys = Set(names)
    }

    public static let builtIn: SkillVocabulary = {
        struct File: Decodable { let skills: [String] }
        let file = try? JSONDecoder().decode(File.self, from: Data(PackageResources.skills_json))
        return SkillVocabulary(skills: file?.skills ?? [], synonyms: .builtIn)
    }()

    public func knows(_ skill: String) -> Bool { keys.contains(SearchText.key(skill)) }

    /// The known skill nearest by spelling, when it is close (at most a third of the letters differ).
    public func nearest(to skill: String) -> String? {
        let key = Array(SearchText.key(String(skill.prefix(60))))
        guard !key.isEmpty else { return nil }
        let best = names.map { ($0, EditDistance.between(key, Array($0))) }.min { ($0.1, $0.0) < ($1.1, $1.0) }
        guard let best, best.1 <= max(1, key.count / 3) else { return nil }
        return best.0
    }
}
