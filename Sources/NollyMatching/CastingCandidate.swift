public import NollyValues

/// What the recommender scores every eligible profile on: the facts the five factors read. The
/// text the similarity provider compares is fetched later, and only for the few that can still
/// reach the top (``CandidateProfile``), so scoring tens of thousands of profiles stays cheap.
public struct CastingCandidate: Sendable, Equatable {
    /// The index's id for the profile: the final tie-breaker, so rankings are reproducible.
    public let id: Int64
    public let point: GeoPoint?
    public let dayRate: Money?
    public let ratingAverage: Double?
    public let ratingCount: Int
    /// Booked days (day numbers) that fall on the role's shooting dates.
    public let bookedShootingDays: [Int]
    /// Each credit's folded words ("police officer eko nights 2019"). Only credits that might
    /// name the part need be given.
    public let credits: [String]

    /// Between two credits in the index's `credits` text, which its tokenizer skips.
    public static let creditSeparator = " ; "

    public init(
        id: Int64,
        point: GeoPoint?,
        dayRate: Money?,
        ratingAverage: Double?,
        ratingCount: Int,
        bookedShootingDays: [Int],
        credits: [String]
    ) {
        self.id = id
        self.point = point
        self.dayRate = dayRate
        self.ratingAverage = ratingAverage
        self.ratingCount = ratingCount
        self.bookedShootingDays = bookedShootingDays
        self.credits = credits
    }
}

/// Who a candidate is and the text the similarity provider reads: the folded words of their
/// headline, bio, skills and credits.
public struct CandidateProfile: Sendable, Equatable {
    public let id: Int64
    /// The user's key, hex.
    public let user: String
    public let displayName: String?
    public let city: String?
    public let words: [Substring]

    public init(id: Int64, user: String, displayName: String?, city: String?, words: [Substring]) {
        self.id = id
        self.user = user
        self.displayName = displayName
        self.city = city
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
