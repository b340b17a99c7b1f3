import Foundation
import GRDB
import NollyCrypto
public import NollyMatching
import NollyStore
public import NollyValues

extension ProfileSearcher {
    /// Every profile that passes `eligibility` (a role's hard requirements, see
    /// ``CastingRole/eligibility``), with what the recommender scores: rate, place, ratings, the
    /// days booked on `shootingDates`, credits one by one, and the words of headline, bio, skills
    /// and credits as the index folded them.
    public func castingCandidates(
        _ eligibility: PreparedSearch,
        shootingDates: ClosedRange<CivilDate>?
    ) throws -> [CastingCandidate] {
        // A role never asks for badges, so no attester list is needed.
        let plan = SearchPlan(eligibility, trustedAttesters: [])
        let booked = shootingDates.map { [$0.lowerBound.day, $0.upperBound.day] } ?? [1, 0]
        return try store.readDerived { db in
            let rows = try Row.fetchCursor(
                db,
                sql: """
                    SELECT p.id, p.user, p.display_name, p.city, p.latitude_e6, p.longitude_e6, p.rate_minor,
                        p.rate_currency, p.rating_average, p.rating_count,
                        t.headline, t.bio, t.skills, t.credits,
                        (SELECT group_concat(b.day) FROM search_booked b
                         WHERE b.profile = p.id AND b.day BETWEEN ? AND ?) AS booked
                    FROM \(plan.from) JOIN search_text t ON t.rowid = p.id WHERE \(plan.whereClause)
                    """,
                arguments: StatementArguments(booked + plan.arguments)
            )
            var candidates = [CastingCandidate]()
            while let row = try rows.next() {
                let latitude: Int64? = row["latitude_e6"]
                let longitude: Int64? = row["longitude_e6"]
                let rate: Int64? = row["rate_minor"]
                let currency: String? = row["rate_currency"]
                let credits: String = row["credits"] ?? ""
                var words = [Substring]()
                for column in ["headline", "bio", "skills", "credits"] {
                    let text: String = row[column] ?? ""
                    words += text.split(separator: " ").filter { $0 != ";" }
                }
                candidates.append(
                    CastingCandidate(
                        id: row["id"],
                        user: Hex.encode(Array(row["user"] as Data)),
                        displayName: row["display_name"],
                        city: row["city"],
                        point: latitude.flatMap { lat in
                            longitude.flatMap { GeoPoint(latitudeE6: lat, longitudeE6: $0) }
                        },
                        dayRate: rate.flatMap { minor in
                            currency.flatMap { try? Money(minorUnits: minor, currency: $0) }
                        },
                        ratingAverage: row["rating_average"],
                        ratingCount: row["rating_count"],
                        bookedShootingDays: ((row["booked"] as String?) ?? "").split(separator: ",").compactMap {
                            Int($0)
                        },
                        credits: credits.isEmpty
                            ? [] : credits.components(separatedBy: CastingCandidate.creditSeparator),
                        words: words
                    )
                )
            }
            return candidates
        }
    }
}
