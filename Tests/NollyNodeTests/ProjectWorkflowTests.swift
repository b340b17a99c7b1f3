import Foundation
import NollyBreakdown
import NollyCrypto
import NollyModel
import NollyScheduling
import NollyStore
import NollyValues
import Testing

@testable import NollyNode

@Suite("Scripts and schedules in a project")
struct ProjectWorkflowTests {
    static let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fixtures/breakdown/the-last-ferry.fountain")

    func addVersion(_ node: Node, _ project: RowID, _ file: URL, by producer: Author) throws -> Int {
        let (screenplay, format) = try ScriptLoader.load(file.path)
        let breakdown = BreakdownBuilder().breakdown(screenplay)
        return try node.scripts.add(
            project: project,
            title: "The Last Ferry",
            file: file,
            format: format.rawValue,
            breakdown: BreakdownReport.json(breakdown),
            by: producer
        ).number
    }

    @Test("Script versions are stored with their breakdown and diffed scene by scene")
    func scriptVersions() throws {
        let directory = try TemporaryDirectory()
        defer { withExtendedLifetime(directory) {} }
        let node = try directory.node("studio")
        let producer = try node.users.add(name: "kunle", roles: [.producer])
        let project = try node.projects.create(title: "The Last Ferry", kind: "movie", by: producer)
        #expect(try addVersion(node, project, Self.fixture, by: producer) == 1)
        // Version 2 drops scene 16 and rewrites scene 15.
        var text = try String(contentsOf: Self.fixture, encoding: .utf8)
        text = String(text[..<text.range(of: "EXT. LAGOS LAGOON - JETTY - DAWN #16#")!.lowerBound])
        text = text.replacingOccurrences(
            of: "KUNLE\nPrint it. All of it.",
            with: "KUNLE\nPrint it.\n\nSEGUN\nAll of it!"
        )
        let edited = directory.url.appendingPathComponent("v2.fountain")
        try text.write(to: edited, atomically: true, encoding: .utf8)
        #expect(try addVersion(node, project, edited, by: producer) == 2)
        let versions = try node.scripts.versions(project: project)
        let diff = ScriptDiff(
            old: try BreakdownReport.decode(versions[0].breakdown),
            new: try BreakdownReport.decode(versions[1].breakdown)
        )
        #expect(diff.removed == ["16"] && diff.added.isEmpty)
        #expect(diff.changed.map(\.scene) == ["15"] && diff.changed[0].what.contains("cast + SEGUN"))
        let stranger = try node.users.add(name: "mallory", roles: [.producer])
        #expect(throws: NodeError.self) { try addVersion(node, project, Self.fixture, by: stranger) }
    }

    @Test("schedule --project takes scenes from the breakdown, cast from hired applications, rates from profiles")
    func scheduleFromProject() throws {
        let directory = try TemporaryDirectory()
        defer { withExtendedLifetime(directory) {} }
        let node = try directory.node("studio")
        let producer = try node.users.add(name: "kunle", roles: [.producer])
        let actor = try node.users.add(name: "ada", displayName: "Ada Okoro", roles: [.actor])
        try node.rows.edit(
            .profile,
            RowID(actor.key.bytes),
            [
                .assign("day_rate", .money(try Money(minorUnits: 15_000_000))),
                .add("booked_dates", .text("2027-02-02")),
            ],
            by: actor
        )
        let project = try castTimi(actor, on: node, by: producer)

        let result = try node.schedules.plan(
            project,
            startDate: "2027-02-01",
            maxShootingDays: 12,
            timeLimit: .milliseconds(500),
            by: producer
        )
        #expect(result.schedule.isFeasible)
        #expect(result.uncastRoles.contains("MAMA TOBI") && !result.uncastRoles.contains("TIMI"))
        let strips = result.schedule.days.flatMap(\.strips)
        #expect(strips.count == 16)
        #expect(strips.filter { $0.cast == ["Ada Okoro"] }.count == 9, "Timi is in 9 scenes")
        let booked = result.schedule.days.first { $0.date == "2027-02-02" }
        #expect(booked?.strips.allSatisfy { $0.cast.isEmpty } ?? true, "her booked date is respected")
        let ada = try #require(result.schedule.cast.first { $0.name == "Ada Okoro" })
        #expect(ada.dailyRate == 15_000_000)
        let stored = try #require(try node.store.snapshot(.schedule, result.row))
        #expect(stored.value("version") == .integer(1))
        #expect(stored.text("plan")?.contains("Ada Okoro") == true)
    }

    @Test("A day rate no schedule can cost is an error naming the profile, not a trap", arguments: [Int64.max, -1])
    func hostileDayRate(minorUnits: Int64) throws {
        let directory = try TemporaryDirectory()
        defer { withExtendedLifetime(directory) {} }
        let node = try directory.node("studio")
        let producer = try node.users.add(name: "kunle", roles: [.producer])
        let actor = try node.users.add(name: "ada", roles: [.actor])
        try node.rows.edit(
            .profile,
            RowID(actor.key.bytes),
            [.assign("day_rate", .money(try Money(minorUnits: minorUnits)))],
            by: actor
        )
        let project = try castTimi(actor, on: node, by: producer)
        let error = #expect(throws: NodeError.self) {
            try node.schedules.plan(
                project,
                startDate: "2027-02-01",
                maxShootingDays: 12,
                timeLimit: .milliseconds(200),
                by: producer
            )
        }
        #expect(error?.message.contains("profile \(actor.key.hex)") == true)
    }

    /// The Last Ferry with its script, and `actor` hired for the role of Timi; returns the project.
    func castTimi(_ actor: Author, on node: Node, by producer: Author) throws -> RowID {
        let project = try node.projects.create(title: "The Last Ferry", kind: "movie", by: producer)
        _ = try addVersion(node, project, Self.fixture, by: producer)
        let job = try node.projects.postJob(
            project: project,
            title: "Lead",
            kind: "casting_call",
            edits: [.assign("role_name", .text("Timi"))],
            by: producer
        )
        let application = try node.applications.apply(to: job, note: nil, by: actor)
        try node.applications.setStatus(application, to: .hired, by: producer)
        return project
    }
}
