import Foundation
import GRDB
import NollyMatching
import NollyValues

/// The SQL of one search: the FROM clause, the WHERE conditions with their arguments, and the
/// sort key, distance and relevance expressions. Every value is a bound argument; the only text
/// spliced in is this file's own SQL and the FTS weights.
struct SearchPlan {
    private(set) var from = "search_profile p"
    private(set) var conditions = [String]()
    private(set) var arguments = [(any DatabaseValueConvertible)?]()
    private(set) var sortKey = "0"
    private(set) var distance = "NULL"
    private(set) var relevance = "0.0"

    var whereClause: String { conditions.isEmpty ? "1" : conditions.joined(separator: " AND ") }

    init(_ query: PreparedSearch, trustedAttesters: [[UInt8]]) {
        var bm25 = "0"
        if let text = query.text {
            from = "search_text JOIN search_profile p ON p.id = search_text.rowid"
            add("search_text MATCH ?", text.expression)
            let weights = ProfileSearchIndex.textColumns.map { String($0.weight) }.joined(separator: ", ")
            bm25 = "bm25(search_text, \(weights))"
            relevance = "-\(bm25)"
        }
        if !query.kinds.isEmpty {
            add(Self.hasTerm("kind", count: query.kinds.count), query.kinds)
        }
        for skill in query.skills { add(Self.hasTerm("skill", count: 1), [skill]) }
        if !query.anySkills.isEmpty { add(Self.hasTerm("skill", count: query.anySkills.count), query.anySkills) }
        for language in query.languages { add(Self.hasTerm("language", count: 1), [language]) }
        for accent in query.accents { add(Self.hasTerm("accent", count: 1), [accent]) }
        for department in query.departments { add(Self.hasTerm("department", count: 1), [department]) }
        if let near = query.near {
            // A latitude band first (indexed), then the exact great-circle distance.
            let band = Int64((Double(query.withinKilometres) / 111.0 + 0.01) * 1_000_000)
            distance = "nolly_km(p.latitude_e6, p.longitude_e6, \(near.latitudeE6), \(near.longitudeE6))"
            add("p.latitude_e6 BETWEEN ? AND ?", [near.latitudeE6 - band, near.latitudeE6 + band])
            add("p.longitude_e6 IS NOT NULL AND \(distance) <= ?", Double(query.withinKilometres))
        }
        if let range = query.available {
            add(
                "NOT EXISTS (SELECT 1 FROM search_booked b WHERE b.profile = p.id AND b.day BETWEEN ? AND ?)",
                [range.lowerBound.day, range.upperBound.day]
            )
        }
        if let currency = query.rateCurrency { add("p.rate_currency = ?", currency) }
        if let low = query.rateMin { add("p.rate_minor >= ?", low) }
        if let high = query.rateMax { add("p.rate_minor <= ?", high) }
        if let ages = query.ages {
            add(
                "COALESCE(p.age_min, p.age_max) <= ? AND COALESCE(p.age_max, p.age_min) >= ?",
                [ages.upperBound, ages.lowerBound]
            )
        }
        if let low = query.heightMin { add("p.height_cm >= ?", low) }
        if let high = query.heightMax { add("p.height_cm <= ?", high) }
        if let gender = query.gender { add("p.gender_key = ?", gender) }
        if query.verifiedOnly {
            if trustedAttesters.isEmpty {
                conditions.append("0")
            } else {
                let marks = trustedAttesters.map { _ in "?" }.joined(separator: ", ")
                add(
                    "EXISTS (SELECT 1 FROM search_badge v WHERE v.subject = p.user AND v.attester IN (\(marks)))",
                    trustedAttesters.map { Data($0) }
                )
            }
        }
        if let rating = query.minimumRating { add("p.rating_average >= ?", rating) }
        switch query.sort {
        case .relevance: sortKey = query.text == nil ? "-COALESCE(p.rating_average, 0)" : bm25
        case .rating: sortKey = "-COALESCE(p.rating_average, 0)"
        case .distance: sortKey = distance
        case .rate: sortKey = "COALESCE(p.rate_minor, 9.0e18)"
        }
    }

    private mutating func add(_ condition: String, _ value: any DatabaseValueConvertible) {
        conditions.append(condition)
        arguments.append(value)
    }

    private mutating func add(_ condition: String, _ values: [any DatabaseValueConvertible]) {
        conditions.append(condition)
        arguments += values.map { $0 }
    }

    /// The profile has a term of `facet` among `count` keys. Written as `p.id IN (…)` rather than
    /// a correlated EXISTS, so SQLite can drive the search from a term's profiles instead of
    /// scanning every profile.
    private static func hasTerm(_ facet: String, count: Int) -> String {
        let keys = count == 1 ? "= ?" : "IN (\(Array(repeating: "?", count: count).joined(separator: ", ")))"
        return "p.id IN (SELECT t.profile FROM search_term t WHERE t.facet = '\(facet)' AND t.key \(keys))"
    }
}
