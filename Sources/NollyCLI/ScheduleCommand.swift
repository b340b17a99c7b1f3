import ArgumentParser
import Foundation
import NollyModel
import NollyScheduling

struct ScheduleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schedule",
        abstract: "The shooting-schedule optimizer.",
        subcommands: [Solve.self]
    )

    struct Solve: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Schedule a shoot, or solve a talent scheduling instance.",
            discussion: """
                INPUT is one of: a production in JSON (Fixtures/scheduling/README.md: scenes, cast, locations, \
                calendar and constraints), which prints the stripboard, day-out-of-days and costs; a talent \
                scheduling instance in Stuckey's text format (../shared/scheduling), which prints the optimal \
                scene order and whether it is proven optimal; or a scene-allocation instance in JSON \
                (max_days, max_scenes_per_day, pay, scenes).
                """
        )

        @Argument(help: "The input file.")
        var input: String

        @Option(help: "Seconds the search may take.")
        var timeLimit: Double = 10

        @Flag(help: "Print JSON for scripts instead of text for people.")
        var json = false

        func validate() throws {
            guard timeLimit > 0, timeLimit <= 3_600 else {
                throw ValidationError("--time-limit must be 0 to 3600 seconds")
            }
        }

        func run() throws {
            guard let data = FileManager.default.contents(atPath: input) else {
                throw ValidationError("cannot read \(input)")
            }
            let limit = Duration.milliseconds(Int64(timeLimit * 1000))
            let text = String(decoding: data, as: UTF8.self)
            guard text.first(where: { !$0.isWhitespace }) == "{" else {
                return try solveTalent(try TalentProblem(stuckeyText: text), limit: limit)
            }
            let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
            if object?["max_scenes_per_day"] != nil {
                try solveAllocation(data)
            } else {
                let schedule = try ShootingPlanner(timeLimit: limit).plan(try ProductionInput.decode(data))
                print(json ? ScheduleJSON.schedule(schedule).pretty : ScheduleReport.full(schedule))
                if !schedule.isFeasible { throw ExitCode(3) }
            }
        }

        private func solveTalent(_ problem: TalentProblem, limit: Duration) throws {
            let start = ContinuousClock.now
            let solution = TalentSolver(timeLimit: limit).solve(problem)
            let elapsed = ContinuousClock.now - start
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            let order = solution.order.map { $0 + 1 }
            if json {
                print(
                    JSONValue.object([
                        ("instance", .string(problem.name)),
                        ("order", .array(order.map { .integer(Int64($0)) })),
                        ("cost", .integer(Int64(solution.cost))),
                        ("holding_cost", .integer(Int64(solution.cost - problem.workingCost))),
                        ("lower_bound", .integer(Int64(solution.lowerBound))),
                        ("proven_optimal", .bool(solution.provenOptimal)),
                        ("milliseconds", .integer(Int64(seconds * 1000))),
                    ]).pretty
                )
            } else {
                print("\(problem.name): \(problem.sceneCount) scenes, \(problem.actors.count) actors")
                print("order        \(order.map(String.init).joined(separator: " "))")
                print("cost         \(solution.cost) (holding \(solution.cost - problem.workingCost))")
                print(
                    solution.provenOptimal
                        ? "proof        optimal (lower bound = cost)"
                        : "proof        not proven; lower bound \(solution.lowerBound)"
                )
                print("time         \(String(format: "%.3f", seconds)) s")
            }
        }

        private func solveAllocation(_ data: Data) throws {
            let problem = try SceneAllocationProblem(json: data)
            let result = SceneAllocationSolver().solve(problem)
            if json {
                print(
                    JSONValue.object([
                        ("cost", .integer(Int64(result.cost))),
                        ("days", .array(result.days.map { .integer(Int64($0 + 1)) })),
                        ("proven_optimal", .bool(true)),
                    ]).pretty
                )
            } else {
                for day in 0..<problem.maxDays {
                    let scenes = result.days.indices.filter { result.days[$0] == day }.map { String($0 + 1) }
                    if !scenes.isEmpty { print("day \(day + 1): scenes \(scenes.joined(separator: ", "))") }
                }
                print("cost \(result.cost) (optimal)")
            }
        }
    }
}

/// JSON rendering of a planned shoot.
enum ScheduleJSON {
    static func schedule(_ schedule: ShootingSchedule) -> JSONValue {
        .object([
            ("name", .string(schedule.name)),
            ("currency", .string(schedule.currency)),
            ("feasible", .bool(schedule.isFeasible)),
            (
                "days",
                .array(
                    schedule.days.map { day in
                        .object([
                            ("day", .integer(Int64(day.number))),
                            ("date", .string(day.date)),
                            ("eighths", .integer(Int64(day.eighths))),
                            ("company_moves", .integer(Int64(day.companyMoves))),
                            ("payroll_minor", .integer(Int64(day.payroll))),
                            (
                                "scenes",
                                .array(
                                    day.strips.map { strip in
                                        .object([
                                            ("scene", .string(strip.scene)),
                                            ("setting", .string(strip.setting)),
                                            ("time", .string(strip.time)),
                                            ("location", .string(strip.location)),
                                            ("eighths", .integer(Int64(strip.eighths))),
                                            ("cast", .array(strip.cast.map(JSONValue.string))),
                                        ])
                                    }
                                )
                            ),
                        ])
                    }
                )
            ),
            (
                "unscheduled",
                .array(
                    schedule.unscheduled.map {
                        .object([("scene", .string($0.scene)), ("reason", .string($0.reason))])
                    }
                )
            ),
            ("violations", .array(schedule.violations.map(JSONValue.string))),
            (
                "day_out_of_days",
                .array(
                    schedule.cast.map { line in
                        .object([
                            ("name", .string(line.name)),
                            ("codes", .array(line.codes.map(JSONValue.string))),
                            ("work_days", .integer(Int64(line.workDays))),
                            ("hold_days", .integer(Int64(line.holdDays))),
                            ("dropped_days", .integer(Int64(line.droppedDays))),
                            ("daily_rate_minor", .integer(Int64(line.dailyRate))),
                            ("cost_minor", .integer(Int64(line.cost))),
                        ])
                    }
                )
            ),
            ("cast_cost_minor", .integer(Int64(schedule.castCost))),
            ("company_moves", .integer(Int64(schedule.companyMoves))),
            ("company_move_cost_minor", .integer(Int64(schedule.companyMoveCost))),
            ("total_cost_minor", .integer(Int64(schedule.totalCost))),
        ])
    }
}
