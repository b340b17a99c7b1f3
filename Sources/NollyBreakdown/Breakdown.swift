/// What a line producer and a first AD work from (documented in Fixtures/breakdown/README.md).
public struct Breakdown: Codable, Sendable, Equatable {
    public struct Scene: Codable, Sendable, Equatable {
        public var number: String
        public var heading: String
        /// INT, EXT or INT/EXT.
        public var setting: String
        public var location: String
        /// DAY, NIGHT, DAWN, DUSK, ... with CONTINUOUS, LATER and SAME resolved from the scene before.
        public var time: String
        /// The time as written when it was resolved (CONTINUOUS, LATER, ...).
        public var timeAsWritten: String?
        public var eighths: Int
        public var pages: String
        public var speakingCharacters: [String]
        public var nonSpeakingCharacters: [String]
        public var extras: [String]
        public var elements: [String: [String]]
        public var synopsis: [String]
        public var notes: [String]
        public var hasDialogue: Bool
        public var isActionSequence: Bool
    }

    public struct Character: Codable, Sendable, Equatable {
        public var name: String
        public var speaking: Bool
        public var speeches: Int
        public var dialogueLines: Int
        public var scenes: [String]
    }

    public struct Element: Codable, Sendable, Equatable {
        public var name: String
        public var scenes: [String]
    }

    public struct CrewNeed: Codable, Sendable, Equatable {
        public var role: String
        public var count: Int
        public var reason: String
        public var scenes: [String]
    }

    public struct Location: Codable, Sendable, Equatable {
        public var name: String
        public var scenes: [String]
    }

    public struct Totals: Codable, Sendable, Equatable {
        public var scenes: Int
        public var eighths: Int
        public var pages: String
        public var bySetting: [String: Int]
        public var byTime: [String: Int]
        public var locations: [Location]
    }

    public var title: String?
    public var scenes: [Scene]
    public var characters: [Character]
    public var extras: [Element]
    public var elements: [String: [Element]]
    public var crew: [CrewNeed]
    public var totals: Totals
}
