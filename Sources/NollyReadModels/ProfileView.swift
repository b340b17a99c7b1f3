public import NollyModel

/// A talent or crew profile.
public struct ProfileView: Codable, Sendable, Equatable {
    /// The user's key: a profile's row id.
    public let user: String
    public let headline: String?
    public let bio: String?
    public let city: String?
    /// Micro-degrees, as stored.
    public let latitudeE6: Int64?
    public let longitudeE6: Int64?
    public let dayRate: AmountView?
    public let playingAgeMin: Int64?
    public let playingAgeMax: Int64?
    public let heightCm: Int64?
    public let gender: String?
    public let skills: [String]
    public let languages: [String]
    public let accents: [String]
    public let instruments: [String]
    public let voiceTypes: [String]
    public let departments: [String]
    /// `YYYY-MM-DD` dates the talent is already booked.
    public let bookedDates: [String]
    /// Content hashes of the profile's media.
    public let media: [String]
    public let links: [String]
    /// Past roles, for example "Police officer, Eko Nights (2019)".
    public let credits: [String]
    /// `public` (or unset) or `hidden`.
    public let visibility: String?

    public init(_ row: RowSnapshot) {
        user = row.row.hex
        headline = row.text("headline")
        bio = row.text("bio")
        city = row.text("city")
        latitudeE6 = row.integer("latitude_e6")
        longitudeE6 = row.integer("longitude_e6")
        dayRate = row.amount("day_rate")
        playingAgeMin = row.integer("playing_age_min")
        playingAgeMax = row.integer("playing_age_max")
        heightCm = row.integer("height_cm")
        gender = row.text("gender")
        skills = row.texts("skills")
        languages = row.texts("languages")
        accents = row.texts("accents")
        instruments = row.texts("instruments")
        voiceTypes = row.texts("voice_types")
        departments = row.texts("departments")
        bookedDates = row.texts("booked_dates")
        media = row.hexes("media")
        links = row.texts("links")
        credits = row.texts("credits")
        visibility = row.text("visibility")
    }
}
