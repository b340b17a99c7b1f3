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
    /// The squared chord to `--near` (see ``GeoPoint/unitVector``), or NULL.
    private(set) var distance = "NULL"
    private(set) var relevance = "0.0"

    var whereClause: String { conditions.isEmpty ? "1" : conditions.joined(separator: " AND ") }

    /// A term filter with one key (a skill, a language, an accent, a department, a lone kind):
    /// one that can drive the query from its list of profiles.
    struct Term: Equatable {
        let facet: String
        let key: String
    }

    /// The latitudes (micro-degrees) within `--within-km` of `--near`, a little widened.
    static func latitudeBand(_ query: PreparedSearch) -> ClosedRange<Int64>? {
        guard let near = query.near else { return nil }
        let band = Int64((Double(query.withinKilometres) / 111.0 + 0.01) * 1_000_000)
        return (near.latitudeE6 - band)...(near.latitudeE6 + band)
    }

    /// The single-key term filters of `query`, any of which could drive it.
    static func drivingTerms(_ query: PreparedSearch) -> [Term] {
        var terms = [Term]()
        if query.kinds.count == 1 { terms.append(Term(facet: "kind", key: query.kinds[0])) }
        if query.anySkills.count == 1 { terms.append(Term(facet: "skill", key: query.anySkills[0])) }
        terms += query.skills.map { Term(facet: "skill", key: $0) }
        terms += query.languages.map { Term(facet: "language", key: $0) }
        terms += query.accents.map { Term(facet: "accent", key: $0) }
        terms += query.departments.map { Term(facet: "department", key: $0) }
        return terms
    }

    /// `driver`, when given (and there is no text), is the term whose profiles the query starts
    /// from; the other term filters are then probed per profile on the terms' primary key, which
    /// beats materialising every list when one of them is short.
    init(_ query: PreparedSearch, trustedAttesters: [[UInt8]], driver: Term? = nil) {
        let driver = query.text == nil ? driver : nil
        var bm25 = "0"
        if let text = query.text {
            from = "search_text JOIN search_profile p ON p.id = search_text.rowid"
            add("search_text MATCH ?", text.expression)
            let weights = ProfileSearchIndex.textColumns.map { String($0.weight) }.joined(separator: ", ")
            bm25 = "bm25(search_text, \(weights))"
            relevance = "-\(bm25)"
        }
        if let driver {
            from = "search_term d JOIN search_profile p ON p.id = d.profile"
            add("d.facet = ? AND d.key = ?", [driver.facet, driver.key])
        }
        var driven = driver == nil
        func term(_ facet: String, _ keys: [String]) {
            guard !keys.isEmpty else { return }
            if !driven, keys == [driver?.key], facet == driver?.facet {
                driven = true
                return
            }
            add(Self.hasTerm(facet, count: keys.count, probe: driver != nil), keys)
        }
        term("kind", query.kinds)
        for skill in query.skills { term("skill", [skill]) }
        term("skill", query.anySkills)
        for language in query.languages { term("language", [language]) }
        for accent in query.accents { term("accent", [accent]) }
        for department in query.departments { term("department", [department]) }
        if let near = query.near {
            // A latitude band first (indexed), then the exact great-circle distance.
            let band = Self.latitudeBand(query) ?? 0...0
            // The squared chord to the point: plain arithmetic, in the same order as the distance.
            let (x, y, z) = near.unitVector
            distance = "((p.ux - \(x)) * (p.ux - \(x)) + (p.uy - \(y)) * (p.uy - \(y)) + (p.uz - \(z)) * (p.uz - \(z)))"
            add("p.latitude_e6 BETWEEN ? AND ?", [band.lowerBound, band.upperBound])
            add(
                "p.ux IS NOT NULL AND \(distance) <= ?",
                GeoPoint.chordSquared(kilometres: Double(query.withinKilometres))
            )
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

    /// The profile has a term of `facet` among `count` keys. Without a driving term it is written
    /// as `p.id IN (…)`, so SQLite can start from a term's profiles instead of scanning every
    /// profile; with one (`probe`), as an EXISTS that looks the profile up on the primary key.
    private static func hasTerm(_ facet: String, count: Int, probe: Bool) -> String {
        let keys = count == 1 ? "= ?" : "IN (\(Array(repeating: "?", count: count).joined(separator: ", ")))"
        if probe {
            return
                "EXISTS (SELECT 1 FROM search_term t WHERE t.facet = '\(facet)' AND t.key \(keys) AND t.profile = p.id)"
        }
        return "p.id IN (SELECT t.profile FROM search_term t WHERE t.facet = '\(facet)' AND t.key \(keys))"
    }
}
