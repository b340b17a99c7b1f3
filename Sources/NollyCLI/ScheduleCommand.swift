import ArgumentParser
import Foundation
import NollyModel
import NollyNode
import NollyScheduling

struct ScheduleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schedule",
        abstract: "The shooting-schedule optimizer.",
        subcommands: [Solve.self]
    )

    // `nollycrew schedule --project P --start DATE`: plan from the project's replicated data. Scenes
    // come from the latest `script add` breakdown, the cast from hired applications (a job's
    // role_name is the character), rates and booked dates from the performers' profiles; the plan
    // is stored in the project as a new schedule version.
    @OptionGroup var options: NodeOptions
    @OptionGroup var author: AuthorOption
    @Option(help: "Schedule this project (id or unique prefix) from its script, hired cast and their profiles.")
    var project: String?
    @Option(help: "First shooting date (YYYY-MM-DD), with --project.")
    var start: String?
    @Option(help: "Shooting days available, with --project.")
    var days = 35
    @Option(help: "Seconds the search may take, with --project.")
    var timeLimit: Double = 10

    func run() throws {
        guard let project, let start else {
            throw ValidationError("give --project P --start YYYY-MM-DD, or use `nollycrew schedule solve INPUT`")
        }
        let node = try options.openNode()
        let result = try node.schedules.plan(
            try node.rows.find(.project, project),
            startDate: start,
            maxShootingDays: days,
            timeLimit: .milliseconds(Int64(timeLimit * 1000)),
            by: try node.users.author(author.user)
        )
        var lines = [
            "Stored schedule version \(result.version) (from script version \(result.scriptVersion)) as \(result.row.hex)"
        ]
        if !result.uncastRoles.isEmpty {
            lines.append("Not yet cast (scheduled without them): \(result.uncastRoles.joined(separator: ", "))")
        }
        options.emit(
            ScheduleJSON.schedule(result.schedule),
            human: (lines + [ScheduleReport.full(result.schedule)]).joined(separator: "\n\n")
        )
    }

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

        /// `--json` belongs to `schedule` (its node options); a flag of the same name here would clash.
        @ParentCommand var parent: ScheduleCommand

        var json: Bool { parent.options.json }

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
            switch try ScheduleInput(data: data) {
            case .talent(let problem): try solveTalent(problem, limit: limit)
            case .allocation(let problem): try solveAllocation(problem)
            case .production(let production):
                let schedule = try ShootingPlanner(timeLimit: limit).plan(production)
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

        private func solveAllocation(_ problem: SceneAllocationProblem) throws {
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
