public import ArgumentParser
public import NollyMatching
import NollyNode
import NollyValues

/// `nollycrew search [TEXT…]`: talent search over the node's own roster and every public
/// profile it has synced, offline. All filters combine with AND.
struct SearchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search",
        abstract: "Find talent and crew: text, filters, facets, pages.",
        discussion: """
            Text is matched word by word (case and accents ignored, synonyms included, the last word as a
            prefix); it is never query syntax. Examples:
              nollycrew search "voice over" --language yoruba --near Lagos
              nollycrew search --kind actor --available 2027-03-03..2027-03-20 --rate-max "200000 NGN"
            """
    )

    @OptionGroup var options: NodeOptions

    @Argument(help: "Words to search for in names, headlines, bios, skills, credits and languages.")
    var text: [String] = []

    @Option(help: "A kind of talent (repeatable, any of): \(SearchService.searchableKinds.joined(separator: ", ")).")
    var kind: [String] = []

    @Option(help: "A skill the profile must have (repeatable, all of).")
    var skill: [String] = []

    @Option(help: "A skill of which the profile must have at least one (repeatable).")
    var anySkill: [String] = []

    @Option(help: "A language the profile must speak (repeatable, all of).")
    var language: [String] = []

    @Option(help: "An accent the profile must have (repeatable, all of).")
    var accent: [String] = []

    @Option(help: "A crew department the profile works in (repeatable, all of): camera, lighting, sound, ….")
    var department: [String] = []

    @Option(help: "A city (Lagos, Enugu, Accra, London, …) or LAT,LON in degrees.")
    var near: String?

    @Option(help: "The radius around --near, in kilometres.")
    var withinKm = 50

    @Option(help: "Free on every day of FROM..TO (YYYY-MM-DD..YYYY-MM-DD).")
    var available: String?

    @Option(help: "Day rate at least this, in whole units (\"100000 NGN\"); other currencies do not match.")
    var rateMin: String?

    @Option(help: "Day rate at most this, in whole units (\"200000 NGN\"); other currencies do not match.")
    var rateMax: String?

    @Option(help: "An age inside the profile's playing age range.")
    var age: Int?

    @Option(help: "Height at least this, in centimetres.")
    var heightMin: Int?

    @Option(help: "Height at most this, in centimetres.")
    var heightMax: Int?

    @Option(help: "Gender, as profiles state it.")
    var gender: String?

    @Flag(help: "Only profiles with a verification badge from an administrator this node trusts.")
    var verified = false

    @Option(help: "Average rating received at least this (0 to 5).")
    var minRating: Double?

    @Option(help: "relevance, rating, distance or rate (default: relevance; distance with --near and no text).")
    var sort: SearchQuery.Sort?

    @Option(help: "Results per page (1 to 200).")
    var limit = 20

    @Option(help: "The `next` cursor printed by the previous page.")
    var after: String?

    @Flag(help: "Count results by kind, city, language and skill.")
    var facets = false

    func run() throws {
        let node = try options.openNode()
        var query = SearchQuery()
        query.text = text.joined(separator: " ")
        query.kinds = kind
        query.skills = skill
        query.anySkills = anySkill
        query.languages = language
        query.accents = accent
        query.departments = department
        var nearLabel: String?
        if let near {
            let place = try node.search.place(near)
            query.near = place.point
            nearLabel = place.label
        }
        query.withinKilometres = withinKm
        query.available = try available.map { text throws(SearchError) in try SearchQuery.dateRange(parsing: text) }
        query.rateMin = try rateMin.map { text throws(SearchError) in
            try SearchQuery.money(parsing: text, flag: "--rate-min")
        }
        query.rateMax = try rateMax.map { text throws(SearchError) in
            try SearchQuery.money(parsing: text, flag: "--rate-max")
        }
        query.age = age
        query.heightMin = heightMin
        query.heightMax = heightMax
        query.gender = gender
        query.verifiedOnly = verified
        query.minimumRating = minRating
        query.sort = sort
        query.limit = limit
        query.after = after
        query.facets = facets
        let page = try node.search.search(query)
        options.emit(view: page, human: Self.describe(page, near: nearLabel))
    }

    /// The page as an aligned table, then the total, the next cursor and the facets.
    static func describe(_ page: SearchPage, near: String?) -> String {
        guard !page.results.isEmpty else { return "No profiles match." }
        var rows = [["NAME", "KINDS", "CITY", "RATING", "DAY RATE"] + (near == nil ? [] : ["KM"]) + ["USER"]]
        for hit in page.results {
            let rating = hit.rating.map { "\($0) (\(hit.ratingCount))" } ?? "-"
            rows.append(
                [
                    hit.displayName ?? "-", hit.kinds.isEmpty ? "-" : hit.kinds.joined(separator: ","), hit.city ?? "-",
                    rating, hit.dayRate ?? "-",
                ] + (near == nil ? [] : [hit.distanceKm.map { "\($0)" } ?? "-"]) + [String(hit.user.prefix(16))]
            )
        }
        var lines = [RowPrinting.aligned(rows)]
        lines.append("\(page.results.count) of \(page.total)" + (near.map { " near \($0)" } ?? ""))
        if let next = page.next { lines.append("Next page: --after \(next)") }
        for facet in ["kind", "city", "language", "skill"] {
            guard let counts = page.facets?[facet], !counts.isEmpty else { continue }
            lines.append("\(facet): " + counts.map { "\($0.value) \($0.count)" }.joined(separator: ", "))
        }
        return lines.joined(separator: "\n")
    }
}

extension SearchQuery.Sort: ExpressibleByArgument {}
