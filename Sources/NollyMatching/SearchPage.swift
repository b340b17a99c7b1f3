/// One search result. Encoded in the read models' one JSON form (snake_case keys, absent
/// values left out).
public struct SearchHit: Sendable, Equatable, Encodable {
    /// The user's key, hex.
    public let user: String
    public let displayName: String?
    public let headline: String?
    public let city: String?
    public let kinds: [String]
    /// The text match (bm25, higher is better); 0 without text.
    public let score: Double
    /// Great-circle distance from `--near`, when given.
    public let distanceKm: Double?
    /// The average of ratings received, and how many.
    public let rating: Double?
    public let ratingCount: Int
    /// The day rate as "150000.00 NGN".
    public let dayRate: String?

    public init(
        user: String,
        displayName: String?,
        headline: String?,
        city: String?,
        kinds: [String],
        score: Double,
        distanceKm: Double?,
        rating: Double?,
        ratingCount: Int,
        dayRate: String?
    ) {
        self.user = user
        self.displayName = displayName
        self.headline = headline
        self.city = city
        self.kinds = kinds
        self.score = score
        self.distanceKm = distanceKm
        self.rating = rating
        self.ratingCount = ratingCount
        self.dayRate = dayRate
    }
}

/// A count of results sharing one facet value.
public struct FacetCount: Sendable, Equatable, Encodable {
    public let value: String
    public let count: Int

    public init(value: String, count: Int) {
        self.value = value
        self.count = count
    }
}

/// One page of a search.
public struct SearchPage: Sendable, Equatable, Encodable {
    /// Results over all pages.
    public let total: Int
    public let results: [SearchHit]
    /// The cursor of the next page, `nil` on the last.
    public let next: String?
    /// Counts by `kind`, `city`, `language` and `skill` over the whole result set (with `--facets`).
    public let facets: [String: [FacetCount]]?

    public init(total: Int, results: [SearchHit], next: String?, facets: [String: [FacetCount]]?) {
        self.total = total
        self.results = results
        self.next = next
        self.facets = facets
    }

    enum CodingKeys: String, CodingKey { case total, results, next, facets }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(total, forKey: .total)
        try container.encode(results, forKey: .results)
        try container.encode(next, forKey: .next)
        try container.encode(facets ?? [:], forKey: .facets)
    }
}
