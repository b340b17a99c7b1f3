import Foundation
import NollyValues

/// The five factors of a match, each from 0 to 1.
public struct MatchFactors: Sendable, Equatable, Encodable {
    /// Past credits playing (or crewing) this part: 1 from two credits on.
    public let similarRoles: Double
    /// The average rating, pulled toward three stars while there are few, mapped from 1–5 to 0–1.
    public let rating: Double
    /// The share of shooting days the candidate is free (1 when the role has no dates).
    public let availability: Double
    /// 1 within budget, falling to 0 at 50% over; 0.5 with no day rate; 0 in another currency.
    public let budget: Double
    /// 1 within the role's radius, falling to 0 at three times it; 0 with no location.
    public let distance: Double

    /// The seed's weights (similar roles 0.3, rating 0.2, availability 0.2, budget 0.2, distance 0.1).
    public static let weights = (similarRoles: 0.3, rating: 0.2, availability: 0.2, budget: 0.2, distance: 0.1)

    /// The weighted sum, capped at 1.
    public var matchScore: Double {
        let w = Self.weights
        let sum =
            w.similarRoles * similarRoles + w.rating * rating + w.availability * availability + w.budget * budget
            + w.distance * distance
        return CastingRecommender.rounded(min(1, sum))
    }
}

/// One recommended candidate: scores, factors and the reasons in plain words.
public struct Recommendation: Sendable, Equatable, Encodable {
    public let user: String
    public let displayName: String?
    public let city: String?
    public let matchScore: Double
    public let similarity: Double
    public let factors: MatchFactors
    public let reasons: [String]
}

/// A role's recommendations, best first.
public struct RecommendationList: Sendable, Equatable, Encodable {
    /// The role as shown ("Gaffer", "Inspector Ada").
    public let role: String
    /// How many profiles could do the role (and were scored).
    public let eligible: Int
    public let recommendations: [Recommendation]
}

/// The seed's casting recommender, made real: scores every eligible candidate by the five
/// weighted factors, breaks ties by text similarity and then by id, and explains each pick.
public struct CastingRecommender: Sendable {
    let similarity: any SimilarityProvider
    let synonyms: SynonymTable
    /// Shrinks a thin rating toward this many stars ...
    static let ratingPrior = 3.0
    /// ... as if it had this many more ratings.
    static let ratingPriorWeight = 2.0
    /// Credits playing the part that earn the whole similar-roles factor.
    static let creditsForFullMarks = 2

    public init(similarity: any SimilarityProvider = BM25Similarity(), synonyms: SynonymTable = .builtIn) {
        self.similarity = similarity
        self.synonyms = synonyms
    }

    /// Candidates compared by text at least (the similarity's corpus), when there are as many.
    static let similarityPool = 200

    /// The best `limit` candidates for `role`, who are all assumed eligible (see
    /// ``CastingRole/eligibility``).
    ///
    /// Every candidate is scored on the five factors. Text similarity only breaks ties, so it is
    /// computed for the candidates still in contention: all those scoring at least the
    /// `limit`-th best score (every tie at the boundary included, so the order is exact), and at
    /// least the best ``similarityPool``, so its word statistics rest on a fair sample.
    /// `profiles` fetches those candidates' names and text, by id.
    public func recommend(
        _ role: CastingRole,
        among candidates: [CastingCandidate],
        limit: Int,
        profiles: ([Int64]) throws -> [CandidateProfile]
    ) rethrows -> RecommendationList {
        let part = partPhrases(role)
        var scored = candidates.map { candidate in
            let factors = factors(of: candidate, for: role, part: part)
            return (candidate: candidate, factors: factors, score: factors.matchScore)
        }
        scored.sort { ($0.score, -$0.candidate.id) > ($1.score, -$1.candidate.id) }
        let take = min(max(0, limit), scored.count)
        var poolSize = min(scored.count, max(take, Self.similarityPool))
        if take > 0 {
            let boundary = scored[take - 1].score
            while poolSize < scored.count, scored[poolSize].score >= boundary { poolSize += 1 }
        }
        let pool = scored.prefix(poolSize)
        let found = Dictionary(
            try profiles(pool.map(\.candidate.id)).map { ($0.id, $0) },
            uniquingKeysWith: { first, _ in first }
        )
        let contenders = pool.compactMap { entry in found[entry.candidate.id].map { (entry, $0) } }
        let similarities = similarity.similarities(of: role, to: contenders.map(\.1)).map(Self.rounded)
        // Sorted on the rounded values shown, so the order never contradicts them.
        let ranked = zip(contenders, similarities).map { ($0.0, $0.1, $1) }.sorted {
            ($0.0.score, $0.2, -$0.0.candidate.id) > ($1.0.score, $1.2, -$1.0.candidate.id)
        }
        let recommendations = ranked.prefix(take).map { entry, profile, similarity in
            Recommendation(
                user: profile.user,
                displayName: profile.displayName,
                city: profile.city,
                matchScore: entry.score,
                similarity: similarity,
                factors: entry.factors,
                reasons: reasons(for: entry.candidate, role, part)
            )
        }
        return RecommendationList(
            role: role.title.isEmpty ? role.roleName : role.title,
            eligible: candidates.count,
            recommendations: recommendations
        )
    }

    /// The factors of one candidate. `part` is ``partPhrases(_:)`` of the role.
    func factors(of candidate: CastingCandidate, for role: CastingRole, part: [[Substring]]) -> MatchFactors {
        MatchFactors(
            similarRoles: min(1, Double(matchingCredits(candidate, part)) / Double(Self.creditsForFullMarks)),
            rating: Self.ratingFactor(average: candidate.ratingAverage, count: candidate.ratingCount),
            availability: Self.availabilityFactor(booked: candidate.bookedShootingDays.count, of: role.shootingDates),
            budget: Self.budgetFactor(rate: candidate.dayRate, budget: role.budgetPerDay),
            distance: Self.distanceFactor(
                kilometres: role.place.map { place in candidate.point.map { $0.kilometres(to: place) } },
                within: Double(role.withinKilometres)
            )
        )
    }

    static func ratingFactor(average: Double?, count: Int) -> Double {
        let total = (average ?? 0) * Double(count) + ratingPrior * ratingPriorWeight
        let shrunk = total / (Double(count) + ratingPriorWeight)
        return rounded(min(1, max(0, (shrunk - 1) / 4)))
    }

    static func availabilityFactor(booked: Int, of dates: ClosedRange<CivilDate>?) -> Double {
        guard let dates else { return 1 }
        return rounded(max(0, 1 - Double(booked) / Double(days(dates))))
    }

    /// How many shooting days `dates` spans, both ends included.
    static func days(_ dates: ClosedRange<CivilDate>) -> Int { dates.upperBound.day - dates.lowerBound.day + 1 }

    static func budgetFactor(rate: Money?, budget: Money?) -> Double {
        guard let budget else { return 1 }
        guard let rate else { return 0.5 }
        guard rate.currency == budget.currency else { return 0 }
        guard rate.minorUnits > budget.minorUnits else { return 1 }
        guard budget.minorUnits > 0 else { return 0 }
        let over = Double(rate.minorUnits - budget.minorUnits) / Double(budget.minorUnits)
        return rounded(max(0, 1 - 2 * over))
    }

    /// `kilometres` is `nil` when the role has no place, `.some(nil)` when the candidate has none.
    static func distanceFactor(kilometres: Double??, within: Double) -> Double {
        guard let kilometres else { return 1 }
        guard let kilometres else { return 0 }
        guard kilometres > within else { return 1 }
        return rounded(max(0, 1 - (kilometres - within) / (2 * within)))
    }

    /// The part's name as word sequences a credit may contain: the role name (or title) and, when
    /// it is a synonym group's phrase, the group's other phrases ("cop" for "police officer").
    public func partPhrases(_ role: CastingRole) -> [[Substring]] {
        let words = SearchText.words(role.roleName.isEmpty ? role.title : role.roleName)
        guard !words.isEmpty else { return [] }
        let terms = synonyms.terms(words)
        let phrases = terms.count == 1 ? terms[0].alternatives : [words]
        return phrases.map { phrase in phrase.map { Substring($0) } }
    }

    func matchingCredits(_ candidate: CastingCandidate, _ part: [[Substring]]) -> Int {
        guard !part.isEmpty else { return 0 }
        return candidate.credits.filter { credit in
            let words = credit.split(separator: " ")
            return part.contains { phrase in
                words.count >= phrase.count
                    && (0...(words.count - phrase.count)).contains { start in
                        words[start..<start + phrase.count].elementsEqual(phrase)
                    }
            }
        }.count
    }

    static func rounded(_ value: Double) -> Double { (value * 10_000).rounded() / 10_000 }
}
