import ArgumentParser
import Foundation
import NollyMatching
import NollyModel
import NollyNode
import NollyValues

/// `nollycrew match`: the best candidates for a posted job, a role file or every crew position
/// a project's breakdown needs, each with a match score, its factors and the reasons.
struct MatchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "match",
        abstract: "Recommend talent or crew for a role, with scores and reasons.",
        discussion: """
            Exactly one of --job, --role-file or --breakdown-crew --project. The match score weighs similar
            past roles 0.3, rating 0.2, availability on the shooting dates 0.2, day rate within budget 0.2 and
            distance within 50 km 0.1 (capped at 1); profiles of the wrong kind, without a required skill or
            language, or outside the playing age are left out. A role file is JSON (PROTOCOL.md, "Role files").
            Examples:
              nollycrew match --job 3fa2
              nollycrew match --role-file inspector.json --limit 5 --json
              nollycrew match --breakdown-crew --project 9c1e --near Enugu
            """
    )

    @OptionGroup var options: NodeOptions

    @Option(help: "A posted job's id (or a unique prefix).")
    var job: String?

    @Option(help: "A role file (JSON: kind, description, skills, languages, playing age, place, dates, budget).")
    var roleFile: String?

    @Flag(help: "Propose crew for each position the latest breakdown of --project needs.")
    var breakdownCrew = false

    @Option(help: "The project, with --breakdown-crew (id or unique prefix).")
    var project: String?

    @Option(help: "Where the shoot is, overriding the role's place: a city or LAT,LON.")
    var near: String?

    @Option(help: "Candidates per role (1 to 100).")
    var limit = 10

    func validate() throws {
        let sources = [job != nil, roleFile != nil, breakdownCrew].filter { $0 }.count
        guard sources == 1 else {
            throw ValidationError("give exactly one of --job, --role-file or --breakdown-crew")
        }
        if breakdownCrew != (project != nil) {
            throw ValidationError("--breakdown-crew and --project go together")
        }
    }

    func run() throws {
        let node = try options.openNode()
        let place = try near.map { text throws(SearchError) in try node.search.place(text) }
        func placed(_ role: CastingRole) -> CastingRole {
            guard let place else { return role }
            var role = role
            role.place = place.point
            role.placeLabel = place.label
            return role
        }
        if breakdownCrew, let project {
            let needs = try node.casting.crewRoles(forProject: try node.rows.find(.project, project)).map { need in
                CrewNeedMatch(
                    need: need.need,
                    count: need.count,
                    match: try node.casting.recommend(placed(need.role), limit: limit)
                )
            }
            options.emit(view: CrewMatches(needs: needs), human: needs.map(Self.describe).joined(separator: "\n\n"))
            return
        }
        let role: CastingRole
        if let job {
            role = try node.casting.role(forJob: try node.rows.find(.job, job))
        } else {
            role = try CastingRole(
                roleFile: try Self.read(roleFile ?? ""),
                knownKinds: SearchService.searchableKinds
            )
        }
        let match = try node.casting.recommend(placed(role), limit: limit)
        options.emit(view: match, human: Self.describe(match))
    }

    /// The role file's bytes, refusing a missing or oversized file with one line.
    static func read(_ path: String) throws -> Data {
        let url = URL(fileURLWithPath: path)
        guard let size = (try? FileManager.default.attributesOfItem(atPath: url.path))?[.size] as? Int else {
            throw ValidationError("cannot read the role file \(path)")
        }
        try CastingRole.checkSize(size)
        guard let data = try? Data(contentsOf: url) else { throw ValidationError("cannot read the role file \(path)") }
        return data
    }

    static func describe(_ need: CrewNeedMatch) -> String {
        "\(need.need) (\(need.count) needed)\n" + describe(need.match)
    }

    /// Each recommendation as a numbered line and its reasons, indented.
    static func describe(_ list: RecommendationList) -> String {
        guard !list.recommendations.isEmpty else {
            return
                "No profile can do \(list.role.isEmpty ? "this role" : list.role) (none of the right kind, skills, languages and age)."
        }
        var lines = [
            "\(list.recommendations.count) of \(list.eligible) eligible for \(list.role.isEmpty ? "the role" : list.role):"
        ]
        for (rank, pick) in list.recommendations.enumerated() {
            lines.append(
                "\(rank + 1). \(pick.displayName ?? "-")  match \(pick.matchScore)  similarity \(pick.similarity)  "
                    + "\(pick.city ?? "-")  \(pick.user.prefix(16))"
            )
            lines += pick.reasons.map { "     - \($0)" }
        }
        return lines.joined(separator: "\n")
    }
}

/// One breakdown crew position and its candidates.
struct CrewNeedMatch: Encodable {
    let need: String
    let count: Int
    let match: RecommendationList
}

/// `match --breakdown-crew --json`: `{"needs": [{"need", "count", "match": {...}}]}`.
struct CrewMatches: Encodable {
    let needs: [CrewNeedMatch]
}
