import Foundation
import NollyMatching
import NollyModel
import NollyValues

/// What the index keeps of one listed profile: the text to match, the filter columns and the
/// facet terms, drawn from the profile row and its user row.
struct ProfileDocument {
    /// Folded text by FTS column, in ``ProfileSearchIndex/textColumns`` order.
    let text: [String]
    let displayName: String?
    let headline: String?
    let city: String?
    let cityKey: String?
    /// Where the profile is, when both coordinates are given and valid.
    let point: GeoPoint?
    let rate: Money?
    let ageMin: Int64?
    let ageMax: Int64?
    let heightCm: Int64?
    let genderKey: String?
    /// (facet, key, label): kind, skill (instruments and voice types too), language, accent,
    /// department. Credits are folded one by one and joined by " ; ", which the tokenizer skips,
    /// so matching can tell one credit from the next.
    let terms: [(facet: String, key: String, label: String)]
    /// Booked days (day numbers).
    let bookedDays: [Int]

    /// `nil` when the profile is not listed: deleted, absent, or hidden by its owner.
    init?(profile: RowSnapshot?, user: RowSnapshot?, synonyms: SynonymTable) {
        guard let profile, profile.text("visibility") != "hidden" else { return nil }
        let kinds = user?.texts("roles").filter { $0 != "admin" } ?? []
        let skills = profile.texts("skills") + profile.texts("instruments") + profile.texts("voice_types")
        let departments = profile.texts("departments")
        let languages = profile.texts("languages")
        let accents = profile.texts("accents")
        displayName = user?.text("display_name")
        headline = profile.text("headline")
        city = profile.text("city")
        cityKey = city.map(SearchText.key)
        var text = [
            displayName ?? "", headline ?? "", profile.text("bio") ?? "",
            (skills + departments).joined(separator: " | "),
            (languages + accents).joined(separator: " | "),
            kinds.map { $0.replacingOccurrences(of: "_", with: " ") }.joined(separator: " | "), city ?? "",
        ].map { SearchText.words($0).joined(separator: " ") }
        text.insert(
            profile.texts("credits").map(SearchText.key).joined(separator: CastingCandidate.creditSeparator),
            at: 4
        )
        self.text = text
        point = profile.integer("latitude_e6").flatMap { latitude in
            profile.integer("longitude_e6").flatMap { GeoPoint(latitudeE6: latitude, longitudeE6: $0) }
        }
        if case .money(let money) = profile.value("day_rate") { rate = money } else { rate = nil }
        ageMin = profile.integer("playing_age_min")
        ageMax = profile.integer("playing_age_max")
        heightCm = profile.integer("height_cm")
        genderKey = profile.text("gender").map(synonyms.key)
        var terms = [(facet: String, key: String, label: String)]()
        var seen = Set<String>()
        // Kinds are a closed vocabulary, kept as is (`voice_artist`); the free-text facets are
        // folded and put under their synonym group's name.
        func add(_ facet: String, _ label: String, canonical: Bool) {
            let key = canonical ? synonyms.key(label) : label
            guard !key.isEmpty, seen.insert(facet + "\u{1}" + key).inserted else { return }
            terms.append((facet, key, label))
        }
        for kind in kinds { add("kind", kind, canonical: false) }
        for skill in skills { add("skill", skill, canonical: true) }
        for language in languages { add("language", language, canonical: true) }
        for accent in accents { add("accent", accent, canonical: true) }
        for department in departments { add("department", department, canonical: true) }
        self.terms = terms
        bookedDays = profile.texts("booked_dates").compactMap { CivilDate(parsing: $0)?.day }
    }
}
