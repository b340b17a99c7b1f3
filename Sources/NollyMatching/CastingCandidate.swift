public import NollyValues

/// What the recommender knows of one eligible profile: the facts its factors and reasons read,
/// and the folded words the similarity provider compares with the role.
public struct CastingCandidate: Sendable, Equatable {
    /// The index's id for the profile: the final tie-breaker, so rankings are reproducible.
    public let id: Int64
    /// The user's key, hex.
    public let user: String
    public let displayName: String?
    public let city: String?
    public let point: GeoPoint?
    public let dayRate: Money?
    public let ratingAverage: Double?
    public let ratingCount: Int
    /// Booked days (day numbers) that fall on the role's shooting dates.
    public let bookedShootingDays: [Int]
    /// Each credit's folded words ("police officer eko nights 2019").
    public let credits: [String]
    /// Folded words of the headline, bio, skills and credits.
    public let words: [Substring]

    /// Between two credits in the index's `credits` text, which its tokenizer skips.
    public static let creditSeparator = " ; "

    public init(
        id: Int64,
        user: String,
        displayName: String?,
        city: String?,
        point: GeoPoint?,
        dayRate: Money?,
        ratingAverage: Double?,
        ratingCount: Int,
        bookedShootingDays: [Int],
        credits: [String],
        words: [Substring]
    ) {
        self.id = id
        self.user = user
        self.displayName = displayName
        self.city = city
        self.point = point
        self.dayRate = dayRate
        self.ratingAverage = ratingAverage
        self.ratingCount = ratingCount
        self.bookedShootingDays = bookedShootingDays
        self.credits = credits
        self.words = words
    }
}

extension CastingRole {
    /// The search that lists exactly the candidates who can do the role: its kind, department,
    /// required skills, languages and playing ages, and no booking on a shooting day when
    /// availability is required. Everything else ranks rather than excludes.
    public var eligibility: SearchQuery {
        var query = SearchQuery()
        query.kinds = [kind]
        query.departments = department.map { [$0] } ?? []
        query.skills = requiredSkills
        query.languages = languages
        query.ages = playingAges
        if availabilityRequired { query.available = shootingDates }
        query.limit = SearchQuery.limits.upperBound
        return query
    }
}
