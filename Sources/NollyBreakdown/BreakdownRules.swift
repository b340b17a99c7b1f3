public import Foundation

/// The lexicon and crew rules, as data (`Resources/breakdown-rules.json`, built into the binary;
/// a producer extends a copy and passes it with `nollycrew script breakdown --rules FILE`).
public struct BreakdownRules: Decodable, Sendable {
    public struct CrewRule: Decodable, Sendable {
        public var role: String
        public var count: Int
        /// `night`, `dialogue`, `cast`, `action_sequence`, `always`, `extras`, `exterior`, or
        /// `category:<name>`.
        public var when: String
        public var why: String
    }

    public var categories: [String: [String]]
    public var extras: [String]
    public var actionCues: [String]
    public var crewRules: [CrewRule]

    enum CodingKeys: String, CodingKey {
        case categories, extras
        case actionCues = "action_cues"
        case crewRules = "crew_rules"
    }

    /// The rules built into the binary.
    public static func builtIn() -> BreakdownRules { try! decode(Data(PackageResources.breakdown_rules_json)) }

    public static func decode(_ data: Data) throws(BreakdownError) -> BreakdownRules {
        do {
            return try JSONDecoder().decode(BreakdownRules.self, from: data)
        } catch {
            throw BreakdownError("the breakdown rules file is not valid: \(error)")
        }
    }

    /// These rules with another file's words and rules added (a producer's extension).
    public func extended(with other: BreakdownRules) -> BreakdownRules {
        var merged = self
        for (category, words) in other.categories { merged.categories[category, default: []] += words }
        merged.extras += other.extras
        merged.actionCues += other.actionCues
        merged.crewRules += other.crewRules
        return merged
    }
}
