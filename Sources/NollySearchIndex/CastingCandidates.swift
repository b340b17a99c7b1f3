import Foundation
import GRDB
import NollyCrypto
public import NollyMatching
import NollyStore
import NollyValues

extension ProfileSearcher {
    /// Recommends candidates for `role` from the index, in one read transaction: every profile
    /// that passes `eligibility` (the role's requirements, see ``CastingRole/eligibility``) is
    /// scored on its facts, and only those still in contention have their text read.
    public func recommend(
        _ role: CastingRole,
        eligibility: PreparedSearch,
        limit: Int,
        recommender: CastingRecommender
    ) throws -> RecommendationList {
        try store.readDerived { db in
            // A role never asks for badges, so no attester list is needed.
            let plan = try Self.plan(eligibility, trustedAttesters: [], db)
            let candidates = try Self.candidates(
                plan,
                shootingDates: role.shootingDates,
                part: recommender.partPhrases(role),
                db
            )
            return try recommender.recommend(role, among: candidates, limit: limit) { ids in
                try Self.profiles(ids, db)
            }
        }
    }

    /// The facts of every eligible profile: place, rate, ratings, the days booked on
    /// `shootingDates`, and the credits of those whose credits may name the part.
    private static func candidates(
        _ plan: SearchPlan,
        shootingDates: ClosedRange<CivilDate>?,
        part: [[Substring]],
        _ db: Database
    ) throws -> [CastingCandidate] {
        let booked = shootingDates.map { [$0.lowerBound.day, $0.upperBound.day] } ?? [1, 0]
        let rows = try Row.fetchCursor(
            db,
            sql: """
                SELECT p.id, p.latitude_e6, p.longitude_e6, p.rate_minor, p.rate_currency, p.rating_average,
                    p.rating_count,
                    (SELECT group_concat(b.day) FROM search_booked b WHERE b.profile = p.id AND b.day BETWEEN ? AND ?)
                FROM \(plan.from) WHERE \(plan.whereClause)
                """,
            arguments: StatementArguments(booked + plan.arguments)
        )
        var facts = [(id: Int64, point: GeoPoint?, rate: Money?, average: Double?, count: Int, booked: [Int])]()
        while let row = try rows.next() {
            let latitude: Int64? = row[1]
            let longitude: Int64? = row[2]
            let rate: Int64? = row[3]
            let currency: String? = row[4]
            let days: String? = row[7]
            facts.append(
                (
                    row[0],
                    latitude.flatMap { lat in longitude.flatMap { GeoPoint(latitudeE6: lat, longitudeE6: $0) } },
                    rate.flatMap { minor in currency.flatMap { try? Money(minorUnits: minor, currency: $0) } },
                    row[5], row[6], days?.split(separator: ",").compactMap { Int($0) } ?? []
                )
            )
        }
        let credits = try creditsNaming(part, among: Set(facts.map(\.id)), db)
        return facts.map { fact in
            CastingCandidate(
                id: fact.id,
                point: fact.point,
                dayRate: fact.rate,
                ratingAverage: fact.average,
                ratingCount: fact.count,
                bookedShootingDays: fact.booked,
                credits: credits[fact.id] ?? []
            )
        }
    }

    /// The credits, one by one, of the profiles in `eligible` whose credits text has one of the
    /// part's phrases (the FTS index finds them; the recommender then counts whole credits).
    private static func creditsNaming(_ part: [[Substring]], among eligible: Set<Int64>, _ db: Database) throws
        -> [Int64: [String]]
    {
        guard let expression = FullTextQuery.anyPhrase(part, inColumn: "credits"), !eligible.isEmpty else { return [:] }
        // The match's row ids come from the FTS index alone; the credits text is read only for the
        // eligible ones. (Selecting the text with the match reads it for every match, and FTS5
        // checks a `rowid IN (subquery)` row by row, far slower than this.)
        let matches = try Int64.fetchAll(
            db,
            sql: "SELECT rowid FROM search_text WHERE search_text MATCH ?",
            arguments: [expression]
        )
        let read = try db.cachedStatement(sql: "SELECT credits FROM search_text WHERE rowid = ?")
        var credits = [Int64: [String]]()
        for id in matches where eligible.contains(id) {
            let text = try String.fetchOne(read, arguments: [id]) ?? ""
            credits[id] = text.components(separatedBy: CastingCandidate.creditSeparator)
        }
        return credits
    }

    /// Names and folded text (headline, bio, skills, credits) of the profiles `ids`.
    private static func profiles(_ ids: [Int64], _ db: Database) throws -> [CandidateProfile] {
        var profiles = [CandidateProfile]()
        for chunk in stride(from: 0, to: ids.count, by: 500).map({ ids[$0..<min(ids.count, $0 + 500)] }) {
            let rows = try Row.fetchCursor(
                db,
                sql: """
                    SELECT p.id, p.user, p.display_name, p.city, t.headline, t.bio, t.skills, t.credits
                    FROM search_profile p JOIN search_text t ON t.rowid = p.id
                    WHERE p.id IN (\(chunk.map { _ in "?" }.joined(separator: ", ")))
                    """,
                arguments: StatementArguments(Array(chunk))
            )
            while let row = try rows.next() {
                var words = [Substring]()
                for column in 4...7 {
                    let text: String = row[column] ?? ""
                    words += text.split(separator: " ").filter { $0 != ";" }
                }
                profiles.append(
                    CandidateProfile(
                        id: row[0],
                        user: Hex.encode(Array(row[1] as Data)),
                        displayName: row[2],
                        city: row[3],
                        words: words
                    )
                )
            }
        }
        return profiles
    }
}
