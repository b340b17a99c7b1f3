import Foundation
import NollyBreakdown
import NollyCrypto
import NollyMatching
import NollyModel
import NollyRoster
import NollyValues
import Testing

@testable import NollyNode

@Suite("Casting recommendation over the replica's index")
struct CastingTests {
    static let firstDay = CivilDate(parsing: "2027-01-04")!

    @Test(
        "the generated evaluation: planted ideal candidates fill the top 10, near misses rank below, look-alikes that fail a requirement never appear"
    )
    func evaluation() throws {
        let seed: UInt64 = 20_271_204
        let directory = try TemporaryDirectory()
        let node = try directory.node("studio")
        let evaluation = CastingEvaluation(seed: seed, roles: 50, firstDay: Self.firstDay)
        _ = try node.fixtures.generateRoster(
            count: 1_500,
            seed: seed,
            firstDay: Self.firstDay,
            planted: evaluation.talents
        )
        let report = try node.casting.evaluate(evaluation, rosterSeed: seed)
        print("casting evaluation (seed \(seed)): \(report)")
        #expect(report.roles == 50)
        #expect(report.precisionAt10 >= 0.9, "seed \(seed): \(report)")
        #expect(report.meanIdealRank <= 7, "seed \(seed): \(report)")
        #expect(report.nearMissesAboveIdeal == 0, "seed \(seed): \(report)")
        #expect(report.excludedRecommended == 0, "seed \(seed): \(report)")
    }

    @Test("a posted job is a role: kind, part, budget, place and dates come from the job")
    func jobIsARole() throws {
        let directory = try TemporaryDirectory()
        let node = try directory.node("studio")
        let producer = try node.users.add(name: "tunde", displayName: "Tunde", roles: [.producer])
        let project = try node.projects.create(title: "Eko Nights", kind: "movie", by: producer)
        let job = try node.projects.postJob(
            project: project,
            title: "Inspector Ada",
            kind: "casting_call",
            edits: [
                .assign("role_name", .text("police officer")), .assign("city", .text("Enugu")),
                .assign("rate", .money(try Money(parsing: "200000 NGN"))),
                .assign("shoot_start", .text("2027-03-03")), .assign("shoot_end", .text("2027-03-20")),
                .add("skills", .text("stage combat")),
            ],
            by: producer
        )
        let role = try node.casting.role(forJob: job)
        #expect(role.kind == "actor")
        #expect(role.roleName == "police officer")
        #expect(role.budgetPerDay == (try Money(parsing: "200000 NGN")))
        #expect(role.placeLabel == "Enugu")
        #expect(role.shootingDates == CivilDate(parsing: "2027-03-03")!...CivilDate(parsing: "2027-03-20")!)
        #expect(role.preferredSkills == ["stage combat"])

        let talent = try node.users.add(name: "ada", displayName: "Ada Eze", roles: [.actor])
        try node.rows.edit(
            .profile,
            RowID(talent.key.bytes),
            [
                .add("credits", .text("Police officer, Eko Nights (2019)")),
                .add("credits", .text("Policewoman, Third Mainland (2021)")),
                .assign("day_rate", .money(try Money(parsing: "150000 NGN"))),
                .assign("latitude_e6", .integer(6_520_000)), .assign("longitude_e6", .integer(7_400_000)),
            ],
            by: talent
        )
        let match = try node.casting.recommend(role)
        #expect(match.recommendations.map(\.user) == [talent.key.hex])
        let reasons = match.recommendations[0].reasons
        #expect(reasons.contains("played a police officer in 2 credits"))
        #expect(reasons.contains("day rate ₦150,000 within ₦200,000"))
        #expect(reasons.contains("available 3–20 March"))
        #expect(match.recommendations[0].factors.similarRoles == 1)
    }

    @Test("--breakdown-crew: one role per crew position of the latest breakdown, each needing the position as a skill")
    func breakdownCrew() throws {
        let directory = try TemporaryDirectory()
        let node = try directory.node("studio")
        let producer = try node.users.add(name: "tunde", displayName: "Tunde", roles: [.producer])
        let project = try node.projects.create(
            title: "The Last Ferry",
            kind: "movie",
            edits: [.assign("start_date", .text("2027-02-01")), .assign("end_date", .text("2027-02-12"))],
            by: producer
        )
        let file = ProjectWorkflowTests.fixture
        let (screenplay, format) = try ScriptLoader.load(file.path)
        let breakdown = BreakdownBuilder().breakdown(screenplay)
        _ = try node.scripts.add(
            project: project,
            title: "The Last Ferry",
            file: file,
            format: format.rawValue,
            breakdown: BreakdownReport.json(breakdown),
            by: producer
        )
        let gaffer = try node.users.add(name: "gaffer", displayName: "Obinna Eze", roles: [.crew])
        try node.rows.edit(
            .profile,
            RowID(gaffer.key.bytes),
            [.add("skills", .text("Chief lighting technician")), .add("departments", .text("lighting"))],
            by: gaffer
        )
        let editor = try node.users.add(name: "editor", displayName: "Kemi Bello", roles: [.crew])
        try node.rows.edit(.profile, RowID(editor.key.bytes), [.add("skills", .text("Film editor"))], by: editor)

        let needs = try node.casting.crewRoles(forProject: project)
        #expect(needs.map(\.need) == breakdown.crew.map(\.role))
        #expect(needs.allSatisfy { $0.role.kind == "crew" && $0.role.requiredSkills == [$0.need] })
        #expect(needs.allSatisfy { $0.role.shootingDates?.lowerBound == CivilDate(parsing: "2027-02-01") })
        var picks = [String: [String]]()
        for need in needs { picks[need.need] = try node.casting.recommend(need.role).recommendations.map(\.user) }
        #expect(picks["gaffer"] == [gaffer.key.hex])
        #expect(picks["editor"] == [editor.key.hex])
        #expect(picks["makeup artist"] == [])
    }

    @Test("a hidden or deleted profile is never recommended")
    func hiddenProfiles() throws {
        let directory = try TemporaryDirectory()
        let node = try directory.node("studio")
        let talent = try node.users.add(name: "ada", displayName: "Ada Eze", roles: [.actor])
        let row = RowID(talent.key.bytes)
        try node.rows.edit(.profile, row, [.assign("headline", .text("Actor"))], by: talent)
        let role = CastingRole(kind: "actor")
        #expect(try node.casting.recommend(role).recommendations.count == 1)
        try node.rows.edit(.profile, row, [.assign("visibility", .text("hidden"))], by: talent)
        #expect(try node.casting.recommend(role).recommendations.isEmpty)
        #expect(throws: SearchError.self) { try node.casting.recommend(role, limit: 0) }
    }
}
