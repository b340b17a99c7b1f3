import Foundation
import NollyRandom
import NollyValues
import Testing

@testable import NollyMatching

@Suite("Casting recommender: factors, score, ranking, reasons")
struct CastingRecommenderTests {
    static let enugu = Gazetteer.builtIn.place(named: "Enugu")!.point

    static var role: CastingRole {
        var role = CastingRole(kind: "actor")
        role.title = "Inspector Ada"
        role.roleName = "police officer"
        role.description = "A tough, streetwise police officer."
        role.languages = ["yoruba", "igbo"]
        role.place = enugu
        role.placeLabel = "Enugu"
        role.shootingDates = CivilDate(parsing: "2027-03-03")!...CivilDate(parsing: "2027-03-20")!
        role.budgetPerDay = try? Money(parsing: "200000 NGN")
        return role
    }

    /// A candidate good on every factor, with what a test changes.
    static func candidate(
        id: Int64,
        credits: [String] = ["police officer eko nights 2019", "cop third mainland 2021"],
        rating: (average: Double, count: Int)? = (4.5, 6),
        booked: [Int] = [],
        rate: String? = "150000 NGN",
        point: GeoPoint? = GeoPoint(latitudeE6: 6_520_000, longitudeE6: 7_400_000)
    ) -> CastingCandidate {
        CastingCandidate(
            id: id,
            point: point,
            dayRate: rate.flatMap { try? Money(parsing: $0) },
            ratingAverage: rating?.average,
            ratingCount: rating?.count ?? 0,
            bookedShootingDays: booked,
            credits: credits
        )
    }

    static func profile(id: Int64, words: String = "actor based in enugu tough parts") -> CandidateProfile {
        CandidateProfile(
            id: id,
            user: String(format: "%064x", id),
            displayName: "Candidate \(id)",
            city: "Enugu",
            words: words.split(separator: " ")
        )
    }

    /// Recommends with every candidate's text the default profile's, or `words[id]`.
    static func recommend(
        _ role: CastingRole,
        _ candidates: [CastingCandidate],
        limit: Int,
        words: [Int64: String] = [:]
    ) -> RecommendationList {
        CastingRecommender().recommend(role, among: candidates, limit: limit) { ids in
            ids.map { id in words[id].map { profile(id: id, words: $0) } ?? profile(id: id) }
        }
    }

    enum Factor: String, CaseIterable, CustomTestStringConvertible {
        case similarRoles, rating, availability, budget, distance
        var testDescription: String { rawValue }
    }

    /// The same candidate, worse on `factor` only.
    static func worse(_ factor: Factor, id: Int64) -> CastingCandidate {
        let shoot = role.shootingDates!
        switch factor {
        case .similarRoles: return candidate(id: id, credits: ["doctor eko nights 2019"])
        case .rating: return candidate(id: id, rating: (1.5, 6))
        case .availability: return candidate(id: id, booked: Array(shoot.lowerBound.day...(shoot.lowerBound.day + 8)))
        case .budget: return candidate(id: id, rate: "260000 NGN")
        case .distance: return candidate(id: id, point: GeoPoint(latitudeE6: 9_050_000, longitudeE6: 7_400_000))
        }
    }

    static func value(_ factors: MatchFactors, _ factor: Factor) -> Double {
        switch factor {
        case .similarRoles: return factors.similarRoles
        case .rating: return factors.rating
        case .availability: return factors.availability
        case .budget: return factors.budget
        case .distance: return factors.distance
        }
    }

    @Test("changing only one factor moves the candidate the right way", arguments: Factor.allCases)
    func eachFactorMovesTheCandidate(_ factor: Factor) throws {
        // The worse candidate gets the lower id, so it would win a tie: only the factor can put it second.
        let list = Self.recommend(Self.role, [Self.worse(factor, id: 1), Self.candidate(id: 2)], limit: 10)
        let ranks = list.recommendations
        try #require(ranks.count == 2)
        #expect(ranks.map(\.displayName) == ["Candidate 2", "Candidate 1"])
        #expect(Self.value(ranks[0].factors, factor) > Self.value(ranks[1].factors, factor))
        #expect(ranks[0].matchScore > ranks[1].matchScore)
        for other in Factor.allCases where other != factor {
            #expect(Self.value(ranks[0].factors, other) == Self.value(ranks[1].factors, other), "\(other)")
        }
    }

    @Test("the seed's weights, capped at 1")
    func weights() {
        let all = MatchFactors(similarRoles: 1, rating: 1, availability: 1, budget: 1, distance: 1)
        #expect(all.matchScore == 1)
        let none = MatchFactors(similarRoles: 0, rating: 0, availability: 0, budget: 0, distance: 0)
        #expect(none.matchScore == 0)
        let each = [
            MatchFactors(similarRoles: 1, rating: 0, availability: 0, budget: 0, distance: 0),
            MatchFactors(similarRoles: 0, rating: 1, availability: 0, budget: 0, distance: 0),
            MatchFactors(similarRoles: 0, rating: 0, availability: 1, budget: 0, distance: 0),
            MatchFactors(similarRoles: 0, rating: 0, availability: 0, budget: 1, distance: 0),
            MatchFactors(similarRoles: 0, rating: 0, availability: 0, budget: 0, distance: 1),
        ].map(\.matchScore)
        #expect(each.map { ($0 * 10).rounded() / 10 } == [0.3, 0.2, 0.2, 0.2, 0.1])
    }

    @Test("a role without dates, budget or place does not rank on them")
    func absentConstraints() {
        let role = CastingRole(kind: "actor")
        let list = Self.recommend(role, [Self.candidate(id: 1, booked: [20_000], rate: nil, point: nil)], limit: 1)
        let factors = list.recommendations[0].factors
        #expect(factors.availability == 1 && factors.budget == 1 && factors.distance == 1)
        #expect(list.recommendations[0].reasons == ["rated 4.5 from 6 ratings"])
    }

    @Test("reasons in plain words")
    func reasons() throws {
        let list = Self.recommend(Self.role, [Self.candidate(id: 1)], limit: 1)
        let reasons = try #require(list.recommendations.first).reasons
        let kilometres = Int(Self.candidate(id: 1).point!.kilometres(to: Self.enugu).rounded())
        #expect(
            reasons == [
                "played a police officer in 2 credits", "speaks Yoruba and Igbo", "available 3–20 March",
                "day rate ₦150,000 within ₦200,000", "\(kilometres) km from Enugu", "rated 4.5 from 6 ratings",
            ]
        )
        #expect((1...50).contains(kilometres))
        let worse = Self.recommend(Self.role, [Self.worse(.availability, id: 1), Self.worse(.budget, id: 2)], limit: 2)
        let all = worse.recommendations.flatMap(\.reasons)
        #expect(all.contains("booked on 9 of 18 shooting days"))
        #expect(all.contains("day rate ₦260,000 over ₦200,000"))
    }

    @Test(
        "ranking is by match score, then similarity, then id, whatever the input order; text is read only for contenders (seeded)"
    )
    func rankingIsATotalOrder() {
        let seed = UInt64.random(in: 0...UInt64.max)
        var random = SplitMix64(seed: seed)
        let shoot = Self.role.shootingDates!
        var words = [Int64: String]()
        let candidates = (1...600).map { id -> CastingCandidate in
            words[Int64(id)] =
                ["tough actor", "streetwise police officer", "singer", ""][Int.random(in: 0...3, using: &random)]
            return Self.candidate(
                id: Int64(id),
                credits: Array(
                    ["police officer a", "cop b", "doctor c"].prefix(Int.random(in: 0...3, using: &random))
                ),
                rating: Bool.random(using: &random) ? (Double(Int.random(in: 10...50, using: &random)) / 10, 3) : nil,
                booked: Array(shoot.lowerBound.day..<(shoot.lowerBound.day + Int.random(in: 0...18, using: &random))),
                rate: Bool.random(using: &random) ? "\(Int.random(in: 5...40, using: &random) * 10_000) NGN" : nil,
                point: GeoPoint(
                    latitudeE6: Self.enugu.latitudeE6 + Int64.random(in: -2_000_000...2_000_000, using: &random),
                    longitudeE6: Self.enugu.longitudeE6
                )
            )
        }
        let all = Self.recommend(Self.role, candidates, limit: 600, words: words).recommendations
        let shuffled = Self.recommend(Self.role, candidates.shuffled(using: &random), limit: 600, words: words)
        #expect(all.map(\.user) == shuffled.recommendations.map(\.user), "seed \(seed)")
        let keys = all.map { ($0.matchScore, $0.similarity) }
        #expect(zip(keys, keys.dropFirst()).allSatisfy { $0 >= $1 }, "seed \(seed)")
        #expect(all.allSatisfy { (0...1).contains($0.matchScore) && (0...1).contains($0.similarity) }, "seed \(seed)")
        // The top 10 alone has the same order on match score, and reads far fewer texts.
        var read = 0
        let top = CastingRecommender().recommend(Self.role, among: candidates, limit: 10) { ids in
            read = ids.count
            return ids.map { Self.profile(id: $0, words: words[$0] ?? "") }
        }.recommendations
        #expect(top.map(\.matchScore) == Array(all.prefix(10).map(\.matchScore)), "seed \(seed)")
        #expect(read >= 200 && read < candidates.count, "seed \(seed): read \(read)")
        let boundary = top.last?.matchScore ?? 0
        // Every candidate tied at the boundary had its text read.
        #expect(read >= all.filter { $0.matchScore >= boundary }.count, "seed \(seed)")
    }

    @Test("BM25 similarity: role words and their synonyms count, rare words weigh more, scores stay in 0...1")
    func similarity() {
        let provider = BM25Similarity()
        let candidates = [
            Self.profile(id: 1, words: "a streetwise cop from enugu"),
            Self.profile(id: 2, words: "a singer from enugu"),
            Self.profile(id: 3, words: "tough tough tough tough tough police officer streetwise"),
            Self.profile(id: 4, words: ""),
        ]
        let scores = provider.similarities(of: Self.role, to: candidates)
        #expect(scores[0] > scores[1])
        #expect(scores[2] > scores[0])
        #expect(scores[3] == 0 && scores[1] == 0)
        #expect(scores.allSatisfy { (0...1).contains($0) })
        #expect(provider.similarities(of: CastingRole(kind: "actor"), to: candidates) == [0, 0, 0, 0])
    }
}
