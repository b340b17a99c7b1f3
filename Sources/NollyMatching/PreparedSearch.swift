public import NollyValues

/// A ``SearchQuery`` checked and normalised for the index: every value bounded, ranges the right
/// way round, filter values folded to the keys the index stores, skills under their synonym
/// group's name, the default sort chosen and the cursor decoded and matched to this query.
public struct PreparedSearch: Sendable, Equatable {
    public let text: FullTextQuery?
    public let kinds: [String]
    public let skills: [String]
    public let anySkills: [String]
    public let languages: [String]
    public let accents: [String]
    public let departments: [String]
    public let near: GeoPoint?
    public let withinKilometres: Int
    public let available: ClosedRange<CivilDate>?
    /// The day-rate bounds in minor units, and their one currency.
    public let rateMin: Int64?
    public let rateMax: Int64?
    public let rateCurrency: String?
    /// The playing age range must overlap this (`--age N` is N...N).
    public let ages: ClosedRange<Int>?
    public let heightMin: Int?
    public let heightMax: Int?
    public let gender: String?
    public let verifiedOnly: Bool
    public let minimumRating: Double?
    public let sort: SearchQuery.Sort
    public let limit: Int
    /// Where the page starts: after this (sort key, index id).
    public let after: SearchCursor?
    public let facets: Bool
    /// Identifies the query (everything but the page), so a cursor cannot move to another query.
    public let fingerprint: UInt64

    /// Checks `query`; `knownKinds` are the kinds `--kind` accepts.
    public init(_ query: SearchQuery, knownKinds: [String], synonyms: SynonymTable = .builtIn) throws(SearchError) {
        text = try FullTextQuery(query.text, synonyms: synonyms)
        for kind in query.kinds where !knownKinds.contains(kind) {
            throw SearchError(
                .invalidFilter,
                "unknown kind '\(kind.prefix(40))'",
                hint: "kinds are \(knownKinds.joined(separator: ", "))"
            )
        }
        kinds = Array(Set(query.kinds)).sorted()
        skills = try Self.keys(query.skills, "--skill", synonyms)
        anySkills = try Self.keys(query.anySkills, "--any-skill", synonyms)
        languages = try Self.keys(query.languages, "--language", synonyms)
        accents = try Self.keys(query.accents, "--accent", synonyms)
        departments = try Self.keys(query.departments, "--department", synonyms)
        guard (1...20_000).contains(query.withinKilometres) else {
            throw SearchError(.invalidFilter, "--within-km must be between 1 and 20000, got \(query.withinKilometres)")
        }
        near = query.near
        withinKilometres = query.withinKilometres
        available = query.available
        if let low = query.rateMin, let high = query.rateMax {
            guard low.currency == high.currency else {
                throw SearchError(
                    .invalidFilter,
                    "--rate-min is in \(low.currency) but --rate-max is in \(high.currency); use one currency"
                )
            }
            guard low.minorUnits <= high.minorUnits else {
                throw SearchError(.invertedRange, "--rate-min \(low) is above --rate-max \(high)")
            }
        }
        rateMin = query.rateMin?.minorUnits
        rateMax = query.rateMax?.minorUnits
        rateCurrency = query.rateMin?.currency ?? query.rateMax?.currency
        if let age = query.age, !(0...120).contains(age) {
            throw SearchError(.invalidFilter, "--age must be between 0 and 120, got \(age)")
        }
        if let ages = query.ages, !(0...120).contains(ages.lowerBound) || !(0...120).contains(ages.upperBound) {
            throw SearchError(.invalidFilter, "playing ages must be between 0 and 120, got \(ages)")
        }
        ages = query.age.map { $0...$0 } ?? query.ages
        for (flag, value) in [("--height-min", query.heightMin), ("--height-max", query.heightMax)] {
            if let value, !(30...260).contains(value) {
                throw SearchError(.invalidFilter, "\(flag) must be between 30 and 260 cm, got \(value)")
            }
        }
        if let low = query.heightMin, let high = query.heightMax, low > high {
            throw SearchError(.invertedRange, "--height-min \(low) is above --height-max \(high)")
        }
        heightMin = query.heightMin
        heightMax = query.heightMax
        gender = try query.gender.map { value throws(SearchError) in
            try Self.keys([value], "--gender", synonyms)[0]
        }
        verifiedOnly = query.verifiedOnly
        if let rating = query.minimumRating, !(rating >= 0 && rating <= 5) {
            throw SearchError(.invalidFilter, "--min-rating must be between 0 and 5, got \(rating)")
        }
        minimumRating = query.minimumRating
        let sort = query.sort ?? (query.near != nil && text == nil ? .distance : .relevance)
        if sort == .distance, near == nil {
            throw SearchError(.invalidFilter, "--sort distance needs --near")
        }
        self.sort = sort
        guard SearchQuery.limits.contains(query.limit) else {
            throw SearchError(
                .invalidFilter,
                "--limit must be between \(SearchQuery.limits.lowerBound) and \(SearchQuery.limits.upperBound), got \(query.limit)"
            )
        }
        limit = query.limit
        facets = query.facets
        let lists = [kinds, skills, anySkills, languages, accents, departments].map { $0.joined(separator: "\u{1}") }
        fingerprint = Self.fingerprint(
            [text?.expression] + lists + [
                near.map { "\($0.latitudeE6),\($0.longitudeE6),\(query.withinKilometres)" },
                available.map { "\($0.lowerBound)..\($0.upperBound)" }, rateMin.map(String.init),
                rateMax.map(String.init),
                rateCurrency, ages.map { "\($0)" }, heightMin.map(String.init), heightMax.map(String.init), gender,
                String(verifiedOnly), minimumRating.map { String($0) }, sort.rawValue,
            ]
        )
        after = try query.after.map { cursor throws(SearchError) in try SearchCursor(decoding: cursor) }
        if let after, after.fingerprint != fingerprint {
            throw SearchError(
                .invalidCursor,
                "this cursor belongs to another search",
                hint: "repeat the search with the same text and filters, or drop --after"
            )
        }
    }

    /// Folded keys of a repeatable filter's values, bounded, each once.
    private static func keys(_ values: [String], _ flag: String, _ synonyms: SynonymTable) throws(SearchError)
        -> [String]
    {
        guard values.count <= SearchQuery.maximumValuesPerFilter else {
            throw SearchError(.invalidFilter, "\(flag) is given more than \(SearchQuery.maximumValuesPerFilter) times")
        }
        var keys = [String]()
        for value in values {
            let key = synonyms.key(value)
            guard !key.isEmpty, value.count <= SearchQuery.maximumValueLength else {
                throw SearchError(
                    .invalidFilter,
                    "\(flag) needs a word of at most \(SearchQuery.maximumValueLength) characters, got '\(value.prefix(40))'"
                )
            }
            if !keys.contains(key) { keys.append(key) }
        }
        return keys.sorted()
    }

    /// FNV-1a over the query's parts, each length-prefixed so no two queries share a digest by
    /// concatenation. Not a security measure: a forged cursor only pages through the same query.
    private static func fingerprint(_ parts: [String?]) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for part in parts {
            let framed = part.map { "\($0.utf8.count):\($0)" } ?? "-"
            for byte in framed.utf8 {
                hash ^= UInt64(byte)
                hash = hash &* 0x100_0000_01b3
            }
        }
        return hash
    }
}
