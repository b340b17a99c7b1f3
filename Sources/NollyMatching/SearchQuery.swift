import Foundation
public import NollyValues

/// A talent search: optional text and filters that all combine with AND.
public struct SearchQuery: Sendable, Equatable {
    /// Result order.
    public enum Sort: String, CaseIterable, Sendable {
        /// Best text match first (bm25); without text, best rated first.
        case relevance
        /// Highest average rating first.
        case rating
        /// Nearest first (needs `near`).
        case distance
        /// Lowest day rate first.
        case rate
    }

    /// Most values one repeatable filter takes.
    public static let maximumValuesPerFilter = 20
    /// Longest filter value, in characters.
    public static let maximumValueLength = 60
    /// The page size bounds.
    public static let limits = 1...200

    public var text = ""
    /// Any of these kinds (user roles such as `actor`, `voice_artist`).
    public var kinds: [String] = []
    /// All of these skills.
    public var skills: [String] = []
    /// At least one of these skills.
    public var anySkills: [String] = []
    /// All of these languages.
    public var languages: [String] = []
    /// All of these accents.
    public var accents: [String] = []
    /// All of these departments (crew).
    public var departments: [String] = []
    /// Only profiles within `withinKilometres` of this point.
    public var near: GeoPoint?
    public var withinKilometres = 50
    /// No booked date falls in this range.
    public var available: ClosedRange<CivilDate>?
    /// The day rate at least this (same currency only).
    public var rateMin: Money?
    /// The day rate at most this (same currency only).
    public var rateMax: Money?
    /// The playing age range includes this age.
    public var age: Int?
    /// The playing age range overlaps this one (a role's ages; not with `age`).
    public var ages: ClosedRange<Int>?
    public var heightMin: Int?
    public var heightMax: Int?
    public var gender: String?
    /// Only profiles with a verification badge from an administrator this node trusts.
    public var verifiedOnly = false
    /// The average rating received is at least this (1 to 5).
    public var minimumRating: Double?
    /// `nil` picks the default: relevance, or distance with `near` and no text.
    public var sort: Sort?
    public var limit = 20
    /// The `next` cursor of the previous page.
    public var after: String?
    /// Count results by kind, city, language and skill.
    public var facets = false

    public init() {}

    /// Parses `FROM..TO` (`YYYY-MM-DD..YYYY-MM-DD`), refusing a malformed or inverted range.
    public static func dateRange(parsing text: String) throws(SearchError) -> ClosedRange<CivilDate> {
        let parts = text.components(separatedBy: "..")
        guard parts.count == 2, let from = CivilDate(parsing: parts[0]), let to = CivilDate(parsing: parts[1]) else {
            throw SearchError(
                .invalidFilter,
                "a date range must look like 2027-03-03..2027-03-20, got '\(text.prefix(40))'"
            )
        }
        guard from <= to else {
            throw SearchError(.invertedRange, "the date range \(text) ends before it starts")
        }
        return from...to
    }

    /// Parses a whole-unit amount such as "150000 NGN" (as `profile set` does).
    public static func money(parsing text: String, flag: String) throws(SearchError) -> Money {
        let money: Money
        do throws(ModelError) {
            money = try Money(parsing: text)
        } catch {
            throw SearchError(.invalidFilter, "\(flag): \(error.message)")
        }
        guard money.minorUnits >= 0 else { throw SearchError(.invalidFilter, "\(flag): the amount is negative") }
        return money
    }
}
