public import NollyMatching
import NollyRandom
public import NollyValues

/// One evaluation role and the talents planted for it.
public struct EvaluationCase: Sendable {
    public let role: CastingRole
    /// Talents who fit every requirement and score well on every factor: they belong in the top 10.
    public let ideal: [Int]
    /// Talents like an ideal one but worse on exactly one factor (booked, over budget, far away,
    /// no similar credits, poorly rated), by talent index: they must rank below every ideal one.
    public let nearMisses: [Int: String]
    /// Talents like an ideal one but failing a requirement (language, kind, age or skill): they
    /// must not be recommended at all.
    public let excluded: [Int: String]
}

/// A casting evaluation made by the generator: roles, each with planted ideal candidates, near
/// misses and excluded look-alikes, to be written into a node beside an ordinary roster. The
/// same seed always gives the same set.
public struct CastingEvaluation: Sendable {
    public let cases: [EvaluationCase]
    /// Every planted talent, indices from ``firstIndex`` on (clear of any roster's).
    public let talents: [GeneratedTalent]
    /// Ideal candidates per role: precision@10 counts them in the top 10.
    public static let idealPerRole = 10
    public static let firstIndex = 50_000_000

    /// `roles` roles (a fifth of them crew) with shooting dates within the 180 days from
    /// `firstDay`, where the roster books its dates.
    public init(seed: UInt64, roles: Int = 50, firstDay: CivilDate, gazetteer: Gazetteer = .builtIn) {
        var builder = Builder(random: SplitMix64(seed: seed), gazetteer: gazetteer, firstDay: firstDay)
        cases = (0..<roles).map { builder.makeCase(crew: $0 % 5 == 4) }
        talents = builder.talents
    }

    /// Builds cases and their talents, numbering the talents as it goes.
    private struct Builder {
        var random: SplitMix64
        let gazetteer: Gazetteer
        let firstDay: CivilDate
        var talents = [GeneratedTalent]()
        static let cities = ["Lagos", "Enugu", "Abuja", "Port Harcourt", "Ibadan", "Asaba", "Kano", "Calabar"]
        static let traits = ["tough", "streetwise", "warm", "scheming", "weary", "fearless", "gentle", "proud"]

        mutating func pick<T>(_ values: [T]) -> T { values[Int.random(in: 0..<values.count, using: &random)] }

        mutating func makeCase(crew: Bool) -> EvaluationCase {
            let city = pick(Self.cities)
            let centre = gazetteer.place(named: city)!.point
            let language = pick(["Yoruba", "Igbo", "Hausa", "Pidgin", "Efik"])
            let start = firstDay.day + Int.random(in: 20...150, using: &random)
            let dates = CivilDate(day: start)...CivilDate(day: start + Int.random(in: 3...20, using: &random))
            let budget = Int64.random(in: 10...40, using: &random) * 10_000 * 100
            let department = pick(RosterVocabulary.crewSkills)
            let part = crew ? pick(department.skills) : pick(RosterVocabulary.characterRoles)
            let trait = pick(Self.traits)
            let youngest = Int.random(in: 20...50, using: &random)
            var role = CastingRole(kind: crew ? "crew" : "actor")
            role.title = crew ? part.capitalizedFirst : "\(trait.capitalizedFirst) \(part)"
            role.roleName = part
            role.description = "A \(trait) \(part) for a feature shooting in \(city)."
            role.languages = [language]
            if crew {
                role.department = department.department
                role.requiredSkills = [part]
            } else {
                role.playingAges = youngest...(youngest + 10)
            }
            role.place = centre
            role.placeLabel = city
            role.shootingDates = dates
            role.budgetPerDay = try? Money(minorUnits: budget)

            let template = Template(
                role: role,
                part: part,
                trait: trait,
                city: city,
                centre: centre,
                language: language,
                department: department.department
            )
            let ideal = (0..<CastingEvaluation.idealPerRole).map { _ in add(template.talent(&random, index: nextIndex))
            }
            var nearMisses = [Int: String]()
            var excluded = [Int: String]()
            for miss in Miss.allCases {
                let index = add(template.talent(&random, index: nextIndex, miss: miss))
                if miss.excludes { excluded[index] = miss.rawValue } else { nearMisses[index] = miss.rawValue }
            }
            return EvaluationCase(role: role, ideal: ideal, nearMisses: nearMisses, excluded: excluded)
        }

        var nextIndex: Int { CastingEvaluation.firstIndex + talents.count }

        mutating func add(_ talent: GeneratedTalent) -> Int {
            talents.append(talent)
            return talent.index
        }
    }

    /// How a planted look-alike differs from an ideal candidate.
    enum Miss: String, CaseIterable {
        case booked = "booked on every shooting day"
        case overBudget = "twice the budget"
        case farAway = "500 km away"
        case noSimilarCredits = "no credits in the part"
        case poorlyRated = "rated 1 to 2 stars"
        case wrongLanguage = "does not speak the language"
        case wrongKind = "another kind of talent"
        case outOfRange = "outside the playing age, or without the skill"

        var excludes: Bool {
            switch self {
            case .wrongLanguage, .wrongKind, .outOfRange: return true
            default: return false
            }
        }
    }

    /// What every candidate planted for one role shares.
    struct Template {
        let role: CastingRole
        let part: String
        let trait: String
        let city: String
        let centre: GeoPoint
        let language: String
        let department: String

        func talent(_ random: inout SplitMix64, index: Int, miss: Miss? = nil) -> GeneratedTalent {
            let crew = role.kind == "crew"
            let dates = role.shootingDates!
            let budget = role.budgetPerDay!.minorUnits
            func pick<T>(_ values: [T]) -> T { values[Int.random(in: 0..<values.count, using: &random)] }
            // Three different films: credits are a set, so a repeated one would count once.
            let titles = RosterVocabulary.titleWords.shuffled(using: &random).prefix(3).map { title in
                "\(title.0) \(title.1) (\(Int.random(in: 2010...2026, using: &random)))"
            }
            let otherPart = pick(RosterVocabulary.characterRoles.filter { $0 != part })
            let credited = miss == .noSimilarCredits ? otherPart : part
            let credits = [
                "\(credited.capitalizedFirst), \(titles[0])", "\(credited.capitalizedFirst), \(titles[1])",
                "\(otherPart.capitalizedFirst), \(titles[2])",
            ]
            let shift = miss == .farAway ? 4_500_000 : Int64.random(in: -100_000...100_000, using: &random)
            let point = GeoPoint(
                latitudeE6: centre.latitudeE6 + shift,
                longitudeE6: centre.longitudeE6 + Int64.random(in: -100_000...100_000, using: &random)
            )!
            let rate = miss == .overBudget ? budget * 2 : budget * Int64.random(in: 50...90, using: &random) / 100
            let booked =
                miss == .booked
                ? (dates.lowerBound.day...dates.upperBound.day).map(CivilDate.init(day:))
                : [CivilDate(day: dates.upperBound.day + Int.random(in: 1...30, using: &random))]
            let stars = miss == .poorlyRated ? [1, 2] : [4, 5]
            let ratings = (0..<Int.random(in: 3...6, using: &random)).map {
                GeneratedTalent.Rating(rater: $0, stars: pick(stars))
            }
            var kind = role.kind
            if miss == .wrongKind { kind = crew ? "actor" : "model" }
            let languages = miss == .wrongLanguage ? ["English"] : ["English", language]
            let ages = role.playingAges.map { ages in
                miss == .outOfRange
                    ? (ages.upperBound + 20)...(ages.upperBound + 30) : (ages.lowerBound - 2)...(ages.upperBound - 3)
            }
            // For crew, "out of range" is a craft from another department.
            let elsewhere = RosterVocabulary.crewSkills.first { $0.department != department }!
            let skill = miss == .outOfRange && crew ? elsewhere.skills[0] : part
            return GeneratedTalent(
                index: index,
                displayName: "\(pick(RosterVocabulary.firstNames)) \(pick(RosterVocabulary.lastNames))",
                roles: [kind],
                headline: "\(crew ? part.capitalizedFirst : "Actor") based in \(city)",
                bio: "Known for \(trait) parts, on stage and screen. \(pick(RosterVocabulary.bioDetails))",
                city: city,
                point: point,
                dayRate: try? Money(minorUnits: rate / 500_000 * 500_000),
                playingAges: crew ? nil : ages,
                heightCm: crew ? nil : Int.random(in: 155...195, using: &random),
                gender: pick(["female", "male"]),
                skills: crew ? [skill] : ["stage combat"],
                instruments: [],
                departments: crew ? [miss == .outOfRange ? elsewhere.department : department] : [],
                languages: languages,
                accents: [],
                credits: credits,
                bookedDates: booked,
                ratings: ratings,
                verified: false,
                hasHeadshot: true
            )
        }
    }
}

/// How well a recommender did on an evaluation.
public struct EvaluationReport: Sendable, Equatable {
    public let roles: Int
    /// Ideal candidates among each role's top 10, over 10, averaged over roles.
    public let precisionAt10: Double
    /// The mean 1-based rank of the ideal candidates; one missing from the ranking counts as
    /// one past its end.
    public let meanIdealRank: Double
    /// Near misses ranked above some ideal candidate of their role.
    public let nearMissesAboveIdeal: Int
    /// Excluded look-alikes that were recommended at all.
    public let excludedRecommended: Int
}

extension CastingEvaluation {
    /// Scores `rankings`, one per case in order, each the talent indices recommended best first.
    public func report(rankings: [[Int]]) -> EvaluationReport {
        var precision = 0.0
        var rankTotal = 0
        var rankCount = 0
        var nearMissesAbove = 0
        var excludedShown = 0
        for (evaluation, ranking) in zip(cases, rankings) {
            let position = Dictionary(ranking.enumerated().map { ($1, $0 + 1) }, uniquingKeysWith: min)
            let ideal = Set(evaluation.ideal)
            precision += Double(ranking.prefix(10).filter(ideal.contains).count) / 10
            let idealRanks = evaluation.ideal.map { position[$0] ?? ranking.count + 1 }
            rankTotal += idealRanks.reduce(0, +)
            rankCount += idealRanks.count
            let worstIdeal = idealRanks.max() ?? 0
            nearMissesAbove += evaluation.nearMisses.keys.filter { (position[$0] ?? Int.max) < worstIdeal }.count
            excludedShown += evaluation.excluded.keys.filter { position[$0] != nil }.count
        }
        return EvaluationReport(
            roles: cases.count,
            precisionAt10: cases.isEmpty ? 0 : precision / Double(cases.count),
            meanIdealRank: rankCount == 0 ? 0 : Double(rankTotal) / Double(rankCount),
            nearMissesAboveIdeal: nearMissesAbove,
            excludedRecommended: excludedShown
        )
    }
}
