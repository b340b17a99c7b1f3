import Foundation
import NollyBreakdown
import NollyCrypto
public import NollyMatching
public import NollyModel
public import NollyRoster
import NollySearchIndex
import NollyValues

/// Casting and crew recommendations from the replica's index: a posted job, a role file or a
/// project's breakdown in, the best candidates out, each with factors and reasons. Offline.
public struct CastingService: NodeService {
    let context: NodeContext

    /// Most recommendations one role returns.
    public static let limits = 1...100

    /// The best `limit` candidates for `role`. Only profiles that can do the role are scored.
    public func recommend(_ role: CastingRole, limit: Int = 10) throws -> RecommendationList {
        guard Self.limits.contains(limit) else {
            throw SearchError(
                .invalidFilter,
                "--limit must be between \(Self.limits.lowerBound) and \(Self.limits.upperBound), got \(limit)"
            )
        }
        let eligibility = try PreparedSearch(role.eligibility, knownKinds: SearchService.searchableKinds)
        return try ProfileSearcher(store: store).recommend(
            role,
            eligibility: eligibility,
            limit: limit,
            recommender: CastingRecommender()
        )
    }

    /// Runs `evaluation` against this node, whose roster was generated with `rosterSeed` and the
    /// evaluation's talents planted (``FixtureService/generateRoster(count:seed:firstDay:planted:)``):
    /// each role's top 100, as talent indices, scored by ``CastingEvaluation/report(rankings:)``.
    public func evaluate(_ evaluation: CastingEvaluation, rosterSeed: UInt64) throws -> EvaluationReport {
        var indexByUser = [String: Int]()
        for talent in evaluation.talents {
            indexByUser[try FixtureService.talentKey(seed: rosterSeed, index: talent.index).hex] = talent.index
        }
        let rankings = try evaluation.cases.map { item in
            try recommend(item.role, limit: Self.limits.upperBound).recommendations.map { indexByUser[$0.user] ?? -1 }
        }
        return evaluation.report(rankings: rankings)
    }

    /// The role a posted job describes. A casting call is for actors unless its department names
    /// another kind of talent (`voice_artist`, `musician`, `model`); a crew post is for crew in
    /// its department. The job's skills are preferred, not required (a job does not say which
    /// it insists on); its rate is the budget, its city the place, its shoot dates the dates.
    public func role(forJob job: RowID) throws -> CastingRole {
        let row = try rows.require(.job, job)
        let department = row.text("department")
        let isCrew = row.text("kind") == "crew_post"
        let talentKind = department.map(SearchText.key).map { $0.replacingOccurrences(of: " ", with: "_") }
        var role = CastingRole(
            kind: isCrew
                ? "crew" : talentKind.flatMap { SearchService.searchableKinds.contains($0) ? $0 : nil } ?? "actor"
        )
        role.title = row.text("title") ?? ""
        role.roleName = row.text("role_name") ?? ""
        role.description = row.text("description") ?? ""
        if isCrew { role.department = department }
        role.preferredSkills = row.texts("skills")
        if case .money(let rate) = row.value("rate") { role.budgetPerDay = rate }
        if let city = row.text("city"), let place = Gazetteer.builtIn.place(named: city) {
            role.place = place.point
            role.placeLabel = place.name
        }
        role.shootingDates = Self.dates(row, from: "shoot_start", to: "shoot_end")
        return role
    }

    /// One crew role per position the project's latest breakdown needs (gaffer, sound, makeup,
    /// camera, …), dated by the project's start and end dates. Each must have the position as a
    /// skill (synonyms count): proposing a random crew member for "gaffer" would help no one.
    public func crewRoles(forProject project: RowID) throws -> [(need: String, count: Int, role: CastingRole)] {
        let row = try rows.require(.project, project)
        guard let latest = try ScriptService(context: context).versions(project: project).last else {
            throw NodeError(
                .notFound,
                "project \(project.hex.prefix(16)) has no script yet",
                hint: "add one with `nollycrew script add`"
            )
        }
        let breakdown = try BreakdownReport.decode(latest.breakdown)
        let dates = Self.dates(row, from: "start_date", to: "end_date")
        return breakdown.crew.map { need in
            var role = CastingRole(kind: "crew")
            role.title = need.role.prefix(1).uppercased() + need.role.dropFirst()
            role.roleName = need.role
            role.description = need.reason
            role.requiredSkills = [need.role]
            role.shootingDates = dates
            return (need.role, need.count, role)
        }
    }

    /// The days from the `from` field to the `to` field (one day when `to` is absent or earlier).
    private static func dates(_ row: RowSnapshot, from: String, to: String) -> ClosedRange<CivilDate>? {
        guard let start = row.text(from).flatMap(CivilDate.init(parsing:)) else { return nil }
        let end = row.text(to).flatMap(CivilDate.init(parsing:)) ?? start
        return start...max(start, end)
    }
}
