import Foundation
import NollyCrypto
import NollyMatching
import NollyModel
import NollyRandom
import NollyValues

@testable import NollyNode

/// A seeded roster for search tests: profiles written through the node's write path, and the same
/// data kept here so a brute-force reference can say which profiles a query should find.
struct SearchRoster {
    struct Talent {
        let key: String
        let name: String
        let kinds: [String]
        let skills: [String]
        let languages: [String]
        let accents: [String]
        let headline: String
        let bio: String
        let city: String
        let point: GeoPoint?
        let rate: Money?
        let ages: ClosedRange<Int>?
        let height: Int?
        let gender: String?
        let booked: [CivilDate]
        var stars: [Int] = []
        var verified = false

        /// Every folded word the index holds for this profile.
        var words: [String] {
            let kindWords = kinds.map { $0.replacingOccurrences(of: "_", with: " ") }
            return ([name, headline, bio, city] + skills + languages + accents + kindWords).flatMap(SearchText.words)
        }
    }

    static let firstNames = ["Ade", "Adébáyọ̀", "Bola", "Chioma", "Emeka", "Funke", "Ngozi", "Tunde", "Zainab", "Kemi"]
    static let lastNames = ["Okafor", "Adeyemi", "Bello", "Eze", "Okonkwo", "Balogun"]
    static let kinds = ["actor", "crew", "voice_artist", "musician", "model"]
    static let skills = ["dancing", "stage combat", "horse riding", "singing", "gaffer", "editor"]
    static let languages = ["Yoruba", "Igbo", "Hausa", "English", "Pidgin"]
    static let accents = ["Lagos", "Northern", "British"]
    static let cities = ["Lagos", "Ikeja", "Ibadan", "Enugu", "Abuja", "Kano", "Accra"]
    static let bioWords = ["experienced", "award", "nollywood", "theatre", "drama", "patient"]
    static let firstShootDay = CivilDate(parsing: "2027-03-01")!

    var random: SplitMix64
    var talents = [Talent]()

    init(seed: UInt64) { random = SplitMix64(seed: seed) }

    mutating func pick<T>(_ values: [T], upTo limit: Int) -> [T] {
        Array(values.shuffled(using: &random).prefix(Int.random(in: 0...limit, using: &random)))
    }

    mutating func chance(_ percent: Int) -> Bool { Int.random(in: 0..<100, using: &random) < percent }

    /// Adds `count` profiles, with ratings from three raters and badges from a trusted
    /// administrator and from an attester the node does not trust.
    mutating func populate(_ node: Node, count: Int) throws {
        let admin = try node.users.add(name: "admin", roles: [.producer])
        try node.users.trustAdmin(admin.key)
        let stranger = try node.users.add(name: "stranger", roles: [.producer])
        let raters = try (0..<3).map { try node.users.add(name: "rater\($0)", roles: [.producer]) }
        for index in 0..<count {
            let name =
                "\(Self.firstNames.randomElement(using: &random)!) \(Self.lastNames.randomElement(using: &random)!)"
            let kinds = pick(Self.kinds, upTo: 2)
            let author = try node.users.add(
                name: "talent\(index)",
                displayName: name,
                roles: kinds.compactMap(UserRole.init(rawValue:))
            )
            let city = Self.cities.randomElement(using: &random)!
            var point: GeoPoint?
            if chance(85), let centre = Gazetteer.builtIn.place(named: city)?.point {
                point = GeoPoint(
                    latitudeE6: centre.latitudeE6 + Int64.random(in: -300_000...300_000, using: &random),
                    longitudeE6: centre.longitudeE6 + Int64.random(in: -300_000...300_000, using: &random)
                )
            }
            let rate: Money? =
                chance(80)
                ? try Money(
                    minorUnits: Int64.random(in: 5...40, using: &random) * 1_000_000,
                    currency: chance(85) ? "NGN" : "USD"
                ) : nil
            let youngest = Int.random(in: 18...50, using: &random)
            var talent = Talent(
                key: author.key.hex,
                name: name,
                kinds: kinds,
                skills: pick(Self.skills, upTo: 3),
                languages: pick(Self.languages, upTo: 3),
                accents: pick(Self.accents, upTo: 1),
                headline: "\(kinds.first ?? "talent") from \(city)",
                bio: pick(Self.bioWords, upTo: 3).joined(separator: " "),
                city: city,
                point: point,
                rate: rate,
                ages: chance(70) ? youngest...(youngest + Int.random(in: 0...15, using: &random)) : nil,
                height: chance(70) ? Int.random(in: 150...195, using: &random) : nil,
                gender: chance(80) ? ["female", "male"].randomElement(using: &random)! : nil,
                booked: (0..<Int.random(in: 0...5, using: &random)).map { _ in
                    CivilDate(day: Self.firstShootDay.day + Int.random(in: 0...40, using: &random))
                }
            )
            var edits: [Edit] = [
                .assign("headline", .text(talent.headline)), .assign("bio", .text(talent.bio)),
                .assign("city", .text(city)),
            ]
            if let point {
                edits += [
                    .assign("latitude_e6", .integer(point.latitudeE6)),
                    .assign("longitude_e6", .integer(point.longitudeE6)),
                ]
            }
            if let rate { edits.append(.assign("day_rate", .money(rate))) }
            if let ages = talent.ages {
                edits += [
                    .assign("playing_age_min", .integer(Int64(ages.lowerBound))),
                    .assign("playing_age_max", .integer(Int64(ages.upperBound))),
                ]
            }
            if let height = talent.height { edits.append(.assign("height_cm", .integer(Int64(height)))) }
            if let gender = talent.gender { edits.append(.assign("gender", .text(gender))) }
            edits +=
                talent.skills.map { .add("skills", .text($0)) } + talent.languages.map { .add("languages", .text($0)) }
                + talent.accents.map { .add("accents", .text($0)) }
                + talent.booked.map { .add("booked_dates", .text($0.description)) }
            try node.rows.edit(.profile, RowID(author.key.bytes), edits, by: author)
            for rater in raters where chance(30) {
                let stars = Int.random(in: 1...5, using: &random)
                talent.stars.append(stars)
                try node.rows.edit(
                    .rating,
                    RowID(rater.key.bytes + author.key.bytes),
                    [.assign("stars", .integer(Int64(stars)))],
                    by: rater
                )
            }
            let badge: [Edit] = [.assign("kind", .text("identity")), .assign("status", .text("verified"))]
            if chance(25) {
                talent.verified = true
                try node.users.attest(author.key, edits: badge, by: admin)
            } else if chance(20) {
                try node.users.attest(author.key, edits: badge, by: stranger)
            }
            talents.append(talent)
        }
    }

    /// A query with text or not, and up to three filters.
    mutating func randomQuery() -> SearchQuery {
        var query = SearchQuery()
        if chance(40) {
            let words = Self.firstNames + Self.lastNames + Self.bioWords + ["ade", "oka", "chi", "ba", "nolly"]
            query.text = words.randomElement(using: &random)!
        }
        for _ in 0..<Int.random(in: 0...3, using: &random) {
            switch Int.random(in: 0..<13, using: &random) {
            case 0: query.kinds = pick(Self.kinds, upTo: 2)
            case 1: query.skills = pick(Self.skills, upTo: 2)
            case 2: query.anySkills = pick(Self.skills, upTo: 3)
            case 3: query.languages = pick(Self.languages, upTo: 2)
            case 4: query.accents = pick(Self.accents, upTo: 1)
            case 5:
                query.near = Gazetteer.builtIn.place(named: Self.cities.randomElement(using: &random)!)?.point
                query.withinKilometres = [10, 30, 50, 200][Int.random(in: 0..<4, using: &random)]
            case 6:
                let start = Self.firstShootDay.day + Int.random(in: 0...40, using: &random)
                query.available = CivilDate(day: start)...CivilDate(day: start + Int.random(in: 0...6, using: &random))
            case 7: query.rateMax = try? Money(minorUnits: Int64.random(in: 5...40, using: &random) * 1_000_000)
            case 8: query.rateMin = try? Money(minorUnits: Int64.random(in: 5...40, using: &random) * 1_000_000)
            case 9: query.age = Int.random(in: 18...60, using: &random)
            case 10:
                query.heightMin = Int.random(in: 150...175, using: &random)
                query.heightMax = chance(50) ? query.heightMin! + Int.random(in: 0...20, using: &random) : nil
            case 11: query.verifiedOnly = true
            default: query.minimumRating = [2, 3, 3.5, 4, 4.5][Int.random(in: 0..<5, using: &random)]
            }
        }
        if let low = query.rateMin, let high = query.rateMax, low.minorUnits > high.minorUnits {
            query.rateMin = high
            query.rateMax = low
        }
        query.sort = [nil, .rating, .rate, query.near == nil ? nil : .distance].randomElement(using: &random)!
        return query
    }

    /// The users `query` should find, by brute force over the generated data.
    func reference(_ query: SearchQuery) -> Set<String> {
        let canonical = SynonymTable.builtIn.key
        let needle = SearchText.key(query.text)
        return Set(
            talents.filter { talent in
                if !needle.isEmpty {
                    let words = talent.words
                    guard words.contains(where: { needle.count >= 2 ? $0.hasPrefix(needle) : $0 == needle }) else {
                        return false
                    }
                }
                let skills = Set(talent.skills.map(canonical))
                let languages = Set(talent.languages.map(canonical))
                let accents = Set(talent.accents.map(canonical))
                guard query.kinds.isEmpty || query.kinds.contains(where: talent.kinds.contains),
                    query.skills.allSatisfy({ skills.contains(canonical($0)) }),
                    query.anySkills.isEmpty || query.anySkills.contains(where: { skills.contains(canonical($0)) }),
                    query.languages.allSatisfy({ languages.contains(canonical($0)) }),
                    query.accents.allSatisfy({ accents.contains(canonical($0)) })
                else { return false }
                if let near = query.near {
                    guard let point = talent.point, point.kilometres(to: near) <= Double(query.withinKilometres) else {
                        return false
                    }
                }
                if let range = query.available, talent.booked.contains(where: range.contains) { return false }
                for bound in [query.rateMin, query.rateMax].compactMap({ $0 }) {
                    guard let rate = talent.rate, rate.currency == bound.currency else { return false }
                }
                if let low = query.rateMin, talent.rate!.minorUnits < low.minorUnits { return false }
                if let high = query.rateMax, talent.rate!.minorUnits > high.minorUnits { return false }
                if let age = query.age, !(talent.ages?.contains(age) ?? false) { return false }
                if let low = query.heightMin, (talent.height ?? 0) < low { return false }
                if let high = query.heightMax, (talent.height ?? Int.max) > high { return false }
                if query.heightMin != nil || query.heightMax != nil, talent.height == nil { return false }
                if query.verifiedOnly, !talent.verified { return false }
                if let rating = query.minimumRating {
                    guard !talent.stars.isEmpty,
                        Double(talent.stars.reduce(0, +)) / Double(talent.stars.count) >= rating
                    else { return false }
                }
                return true
            }.map(\.key)
        )
    }
}
