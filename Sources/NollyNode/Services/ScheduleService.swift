import Foundation
import NollyBreakdown
import NollyCrypto
public import NollyModel
public import NollyScheduling
import NollyStore
import NollyValues

/// A schedule planned from a project's replicated data and stored as a version in it.
public struct ProjectSchedule: Sendable {
    public let row: RowID
    public let version: Int
    public let scriptVersion: Int
    public let schedule: ShootingSchedule
    /// Characters of the breakdown with no hired performer (scheduled without them).
    public let uncastRoles: [String]
}

/// Shooting schedules planned from a project's replicated script, cast and rates.
public struct ScheduleService: NodeService {
    let context: NodeContext
}

extension ScheduleService {
    /// Plans the shoot of `project`: scenes from its latest script breakdown, cast from its
    /// hired applications (a job's `role_name` is the character), rates and booked dates from
    /// the performers' profiles; stores the plan as a new schedule version in the project.
    public func plan(
        _ project: RowID,
        startDate: String,
        maxShootingDays: Int,
        timeLimit: Duration,
        by author: Author
    ) throws -> ProjectSchedule {
        _ = try rows.require(.project, project)
        guard project.ownerKey == author.key.bytes else {
            throw NodeError(.notPermitted, "\(author.name) is not the producer of project \(project.hex.prefix(16))…")
        }
        guard let script = try ScriptService(context: context).versions(project: project).last else {
            throw NodeError(
                .invalidState,
                "the project has no script yet: add one with `nollycrew script add --project …`"
            )
        }
        let breakdown = try BreakdownReport.decode(script.breakdown)
        let jobs = try store.liveRows(.job).filter { $0.row.bytes.starts(with: project.bytes) }
        let roleOfJob = Dictionary(
            jobs.compactMap { job in job.text("role_name").map { (job.row.bytes, $0.uppercased()) } },
            uniquingKeysWith: { first, _ in first }
        )
        var performerOfRole = [String: String]()
        var cast = [[String: Any]]()
        for application in try store.liveRows(.application) where application.text("status") == "hired" {
            guard let role = roleOfJob[Array(application.row.bytes[32...])], performerOfRole[role] == nil else {
                continue
            }
            let key = RowID(application.row.ownerKey)
            let name = try store.snapshot(.user, key)?.text("display_name") ?? String(key.hex.prefix(12))
            let profile = try store.snapshot(.profile, key)
            var rate = 0
            if case .money(let money) = profile?.value("day_rate") {
                // Replicated data from any peer: an absurd rate is an error naming the row, not a trap.
                guard (0...ShootingPlanner.maxMoneyMinor).contains(Int(money.minorUnits)) else {
                    throw NodeError(
                        .dataOutOfRange,
                        "profile \(key.hex): day_rate \(money) is out of range for a schedule "
                            + "(0 to \(ShootingPlanner.maxMoneyMinor) minor units)"
                    )
                }
                rate = Int(money.minorUnits)
            }
            let booked =
                profile?.elements("booked_dates").compactMap { value -> String? in
                    if case .text(let date) = value { return date }
                    return nil
                } ?? []
            performerOfRole[role] = name
            if !cast.contains(where: { $0["name"] as? String == name }) {
                cast.append(["name": name, "daily_rate_minor": rate, "unavailable": booked])
            }
        }
        let characters = Set(breakdown.scenes.flatMap { $0.speakingCharacters + $0.nonSpeakingCharacters })
        let scenes: [[String: Any]] = breakdown.scenes.map { scene in
            [
                "id": scene.number, "setting": scene.setting, "time": scene.time, "location": scene.location,
                "eighths": scene.eighths,
                "cast": Array(
                    Set((scene.speakingCharacters + scene.nonSpeakingCharacters).compactMap { performerOfRole[$0] })
                )
                .sorted(),
            ]
        }
        let document: [String: Any] = [
            "name": script.title, "start_date": startDate, "max_shooting_days": maxShootingDays, "cast": cast,
            "scenes": scenes,
        ]
        let input = try ProductionInput.decode(try JSONSerialization.data(withJSONObject: document))
        let schedule = try ShootingPlanner(timeLimit: timeLimit).plan(input)
        let version = (try store.liveRows(.schedule).filter { $0.row.bytes.starts(with: project.bytes) }.count) + 1
        let row = context.newRow(after: project.bytes)
        try rows.edit(
            .schedule,
            row,
            [
                .assign("version", .integer(Int64(version))), .assign("script_version", .integer(Int64(script.number))),
                .assign("total_cost", .money(try Money(minorUnits: Int64(schedule.totalCost)))),
                .assign("shooting_days", .integer(Int64(schedule.days.count))),
                .assign("plan", .text(ScheduleJSON.schedule(schedule).canonical)),
            ],
            by: author
        )
        return ProjectSchedule(
            row: row,
            version: version,
            scriptVersion: script.number,
            schedule: schedule,
            uncastRoles: characters.filter { performerOfRole[$0] == nil }.sorted()
        )
    }
}
