public import NollyMatching
import NollyRandom
public import NollyValues

/// One generated talent or crew member: what their user and profile rows hold, as plain values.
public struct GeneratedTalent: Sendable, Equatable {
    public let index: Int
    public let displayName: String
    /// User roles (`actor`, `crew`, `voice_artist`, …).
    public let roles: [String]
    public let headline: String
    public let bio: String
    public let city: String
    public let point: GeoPoint
    public let dayRate: Money?
    public let playingAges: ClosedRange<Int>?
    public let heightCm: Int?
    public let gender: String
    public let skills: [String]
    public let instruments: [String]
    public let departments: [String]
    public let languages: [String]
    public let accents: [String]
    public let credits: [String]
    public let bookedDates: [CivilDate]
    /// One generated rater's stars.
    public struct Rating: Sendable, Equatable {
        /// The rater's index (below ``RosterGenerator/raterCount``).
        public let rater: Int
        /// 1 to 5.
        public let stars: Int
    }

    /// Stars from the generated raters, one rating per rater at most.
    public let ratings: [Rating]
    /// Whether the generated verification desk attests them.
    public let verified: Bool
    /// Whether they have a headshot (a media hash).
    public let hasHeadshot: Bool
}

/// Generates realistic, varied talent and crew for tests, benchmarks and demos; the same seed
/// always gives the same roster. Nigerian cities are weighted as the industry is (Lagos first),
/// with a tenth abroad.
public struct RosterGenerator: Sendable {
    /// How many rater identities the ratings come from.
    public static let raterCount = 20
    private var random: SplitMix64
    private var nextIndex = 0
    /// Booked dates fall in the 180 days from this one.
    public let firstDay: CivilDate
    private let gazetteer: Gazetteer

    public init(seed: UInt64, firstDay: CivilDate, gazetteer: Gazetteer = .builtIn) {
        random = SplitMix64(seed: seed)
        self.firstDay = firstDay
        self.gazetteer = gazetteer
    }

    /// Cities and their weights out of 100.
    static let cityWeights: [(String, Int)] = [
        ("Lagos", 30), ("Lekki", 5), ("Abuja", 12), ("Enugu", 8), ("Port Harcourt", 6), ("Ibadan", 6), ("Asaba", 5),
        ("Kano", 4), ("Calabar", 3), ("Benin City", 3), ("Owerri", 2), ("Jos", 2), ("Kaduna", 2), ("Uyo", 2),
        ("Accra", 4), ("London", 2), ("Johannesburg", 1), ("Nairobi", 1), ("Atlanta", 1), ("Houston", 1),
    ]

    private mutating func chance(_ percent: Int) -> Bool { Int.random(in: 0..<100, using: &random) < percent }

    private mutating func some<T>(_ values: [T], _ range: ClosedRange<Int>) -> [T] {
        Array(values.shuffled(using: &random).prefix(Int.random(in: range, using: &random)))
    }

    private mutating func pick<T>(_ values: [T]) -> T { values[Int.random(in: 0..<values.count, using: &random)] }

    private mutating func city() -> String {
        var roll = Int.random(in: 0..<Self.cityWeights.reduce(0) { $0 + $1.1 }, using: &random)
        for (name, weight) in Self.cityWeights {
            if roll < weight { return name }
            roll -= weight
        }
        return "Lagos"
    }

    /// The next talent.
    public mutating func next() -> GeneratedTalent {
        let index = nextIndex
        nextIndex += 1
        let name = "\(pick(RosterVocabulary.firstNames)) \(pick(RosterVocabulary.lastNames))"
        let roll = Int.random(in: 0..<100, using: &random)
        var roles = [
            roll < 40 ? "actor" : roll < 65 ? "crew" : roll < 75 ? "musician" : roll < 87 ? "voice_artist" : "model"
        ]
        if roles[0] == "actor", chance(15) { roles.append(pick(["voice_artist", "musician", "model"])) }
        var skills = [String]()
        var departments = [String]()
        var instruments = [String]()
        for role in roles {
            switch role {
            case "crew":
                let department = pick(RosterVocabulary.crewSkills)
                departments.append(department.department)
                skills += some(department.skills, 1...2)
            case "musician":
                instruments += some(RosterVocabulary.instruments, 1...2)
                if chance(50) { skills.append("singing") }
            case "voice_artist": skills += some(RosterVocabulary.voiceSkills, 1...3)
            case "model": skills += some(RosterVocabulary.modelSkills, 1...2)
            default: skills += some(RosterVocabulary.actorSkills, 1...4)
            }
        }
        let cityName = city()
        let centre = gazetteer.place(named: cityName)?.point ?? GeoPoint(latitudeE6: 6_524_400, longitudeE6: 3_379_200)!
        let point = GeoPoint(
            latitudeE6: centre.latitudeE6 + Int64.random(in: -150_000...150_000, using: &random),
            longitudeE6: centre.longitudeE6 + Int64.random(in: -150_000...150_000, using: &random)
        )!
        let performs = roles.contains { $0 != "crew" }
        let rateSteps = performs ? Int64.random(in: 6...100, using: &random) : Int64.random(in: 4...50, using: &random)
        let youngest = Int.random(in: 16...60, using: &random)
        let credits = (0..<Int.random(in: performs ? 0...5 : 0...3, using: &random)).map { _ in
            let title = pick(RosterVocabulary.titleWords)
            let role =
                performs
                ? pick(RosterVocabulary.characterRoles).capitalizedFirst : (skills.first ?? "crew").capitalizedFirst
            return "\(role), \(title.0) \(title.1) (\(Int.random(in: 2008...2026, using: &random)))"
        }
        var languages = chance(92) ? ["English"] : []
        languages += some(RosterVocabulary.languages, (languages.isEmpty ? 1 : 0)...2)
        let booked = Set(
            (0..<Int.random(in: 0...10, using: &random)).map { _ in
                CivilDate(day: firstDay.day + Int.random(in: 0..<180, using: &random))
            }
        ).sorted()
        let headlineRole =
            roles[0] == "crew" ? (skills.first ?? "crew").capitalizedFirst : roles[0].replacingUnderscores
        let headline = "\(headlineRole) based in \(cityName)" + (credits.isEmpty ? "" : ", \(credits.count) credits")
        var bio = pick(RosterVocabulary.bioOpenings)
        for detail in some(RosterVocabulary.bioDetails, 0...4) { bio += " " + detail }
        return GeneratedTalent(
            index: index,
            displayName: name,
            roles: roles,
            headline: headline,
            bio: bio,
            city: cityName,
            point: point,
            dayRate: chance(90) ? try? Money(minorUnits: rateSteps * 5_000 * 100) : nil,
            playingAges: performs && chance(85) ? youngest...(youngest + Int.random(in: 4...12, using: &random)) : nil,
            heightCm: performs && chance(80) ? Int.random(in: 150...200, using: &random) : nil,
            gender: chance(50) ? "female" : "male",
            skills: skills,
            instruments: instruments,
            departments: departments,
            languages: languages,
            accents: chance(60) ? some(RosterVocabulary.accents, 1...2) : [],
            credits: credits,
            bookedDates: booked,
            ratings: chance(40)
                ? some(Array(0..<Self.raterCount), 1...6).map {
                    GeneratedTalent.Rating(rater: $0, stars: [3, 4, 4, 5, 5, 2][Int.random(in: 0..<6, using: &random)])
                }
                : [],
            verified: chance(15),
            hasHeadshot: chance(70)
        )
    }
}

extension String {
    var capitalizedFirst: String { prefix(1).uppercased() + dropFirst() }
    var replacingUnderscores: String { split(separator: "_").joined(separator: " ").capitalizedFirst }
}
