// Schedule benchmark (issue: shooting-schedule optimizer). Prints, in one run:
// 1. every instance of ../shared/scheduling: our objective, proof and time beside OR-Tools
//    CP-SAT (cpsat_talent.py) with the same time limit;
// 2. random instances of 30 to 64 scenes and 8 to 22 actors: ours in 10 s against CP-SAT in 60 s;
// 3. the synthetic 150-scene feature (Fixtures/scheduling/feature-150.json) under all constraints.
//
//     make bench     (or: swift build -c release --product schedule-benchmark && .build/release/schedule-benchmark)
import Foundation
import NollyRandom
import NollyScheduling

struct Options {
    var shared = "../shared/scheduling"
    var timeLimit = 10.0
    var randomTime = 10.0
    var cpsatRandomTime = 60.0
    var featureTime = 25.0
    var cpsat = true

    init(_ arguments: [String]) {
        var rest = arguments.dropFirst()
        while let flag = rest.popFirst() {
            switch flag {
            case "--shared": shared = rest.popFirst() ?? shared
            case "--time-limit": timeLimit = Double(rest.popFirst() ?? "") ?? timeLimit
            case "--random-time": randomTime = Double(rest.popFirst() ?? "") ?? randomTime
            case "--cpsat-random-time": cpsatRandomTime = Double(rest.popFirst() ?? "") ?? cpsatRandomTime
            case "--feature-time": featureTime = Double(rest.popFirst() ?? "") ?? featureTime
            case "--no-cpsat": cpsat = false
            default: FileHandle.standardError.write(Data("unknown option \(flag)\n".utf8))
            }
        }
    }
}

func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
}

func pad(_ text: String, _ width: Int) -> String {
    text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
}

struct CPSATResult {
    let objective: Int?
    let optimal: Bool
    let seconds: Double
}

/// Runs CP-SAT on Stuckey-format files through the Python script beside this file.
func cpsat(_ files: [String], limit: Double) -> [String: CPSATResult] {
    let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("cpsat_talent.py")
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", script.path, String(limit)] + files
    let pipe = Pipe()
    process.standardOutput = pipe
    do { try process.run() } catch { return [:] }
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    var results = [String: CPSATResult]()
    for line in String(decoding: data, as: UTF8.self).split(separator: "\n") {
        guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
            let file = object["file"] as? String
        else { continue }
        results[file] = CPSATResult(
            objective: object["objective"] as? Int,
            optimal: object["optimal"] as? Bool ?? false,
            seconds: object["seconds"] as? Double ?? 0
        )
    }
    return results
}

func describe(_ result: CPSATResult?) -> String {
    guard let result else { return options.cpsat ? "(CP-SAT unavailable: pip install ortools)" : "(not run)" }
    let objective = result.objective.map(String.init) ?? "none"
    return pad(objective, 8) + pad(result.optimal ? "optimal" : "-", 9) + String(format: "%8.2f s", result.seconds)
}

/// A random instance in the style of de la Banda et al.: every actor in at least two scenes.
func randomInstance(seed: UInt64, scenes: Int, actors: Int) -> String {
    var random = SplitMix64(seed: seed)
    func next() -> UInt64 { random.next() }
    var lines = ["random-\(scenes)x\(actors)-\(seed)", String(scenes), String(actors), ""]
    for _ in 0..<actors {
        var flags = (0..<scenes).map { _ in next() % 100 < 25 ? 1 : 0 }
        while flags.reduce(0, +) < 2 { flags[Int(next() % UInt64(scenes))] = 1 }
        lines.append(flags.map(String.init).joined(separator: " ") + "  " + String(1 + next() % 100))
    }
    lines.append("")
    lines.append((0..<scenes).map { _ in String(1 + next() % 4) }.joined(separator: " "))
    return lines.joined(separator: "\n") + "\n"
}

let options = Options(CommandLine.arguments)
print("NollyCrew schedule benchmark (release build, \(ProcessInfo.processInfo.activeProcessorCount) cores)")

// 1. The literature instances.
let names = ((try? FileManager.default.contentsOfDirectory(atPath: options.shared)) ?? [])
    .filter { !$0.hasSuffix(".md") && !$0.hasSuffix(".json") }.sorted()
guard !names.isEmpty else {
    FileHandle.standardError.write(Data("no instances in \(options.shared) (pass --shared DIR)\n".utf8))
    exit(1)
}
print("\n1. Literature instances, time limit \(options.timeLimit) s each (target: proven optimal in < 0.1 s)")
print(pad("instance", 24) + pad("ours", 8) + pad("proof", 9) + pad("time", 12) + "CP-SAT")
var ours = [String: (TalentSolution, Double)]()
for name in names {
    let path = options.shared + "/" + name
    guard let text = try? String(contentsOfFile: path, encoding: .utf8),
        let problem = try? TalentProblem(stuckeyText: text)
    else { continue }
    let start = ContinuousClock.now
    let solution = TalentSolver(timeLimit: .milliseconds(Int64(options.timeLimit * 1000))).solve(problem)
    ours[path] = (solution, seconds(ContinuousClock.now - start))
}
let literatureCPSAT = options.cpsat ? cpsat(ours.keys.sorted(), limit: options.timeLimit) : [:]
for path in ours.keys.sorted() {
    let (solution, time) = ours[path]!
    print(
        pad(URL(fileURLWithPath: path).lastPathComponent, 24) + pad(String(solution.cost), 8)
            + pad(solution.provenOptimal ? "optimal" : "-", 9) + pad(String(format: "%.4f s", time), 12)
            + describe(literatureCPSAT[path])
    )
}
let slowest = ours.values.map(\.1).max() ?? 0
print(
    "slowest proof: \(String(format: "%.4f", slowest)) s; all proven: \(ours.values.allSatisfy { $0.0.provenOptimal })"
)

if let data = FileManager.default.contents(atPath: options.shared + "/opl_scene_allocation.json"),
    let problem = try? SceneAllocationProblem(json: data)
{
    let start = ContinuousClock.now
    let result = SceneAllocationSolver().solve(problem)
    print(
        "opl_scene_allocation.json: \(result.cost) (optimal, published 334144) in \(String(format: "%.4f", seconds(ContinuousClock.now - start))) s"
    )
}

// 2. Random instances above the exact range.
print(
    "\n2. Random instances: ours in \(options.randomTime) s vs CP-SAT in \(options.cpsatRandomTime) s (target: better)"
)
let directory = FileManager.default.temporaryDirectory.appendingPathComponent("nollycrew-schedule-bench-\(getpid())")
try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(at: directory) }
var randomFiles = [String]()
for (seed, (scenes, actors)) in [(30, 8), (40, 12), (52, 16), (64, 22)].enumerated() {
    let file = directory.appendingPathComponent("random-\(scenes)x\(actors)").path
    try randomInstance(seed: UInt64(seed + 1), scenes: scenes, actors: actors).write(
        toFile: file,
        atomically: true,
        encoding: .utf8
    )
    randomFiles.append(file)
}
var randomOurs = [String: TalentSolution]()
for file in randomFiles {
    let problem = try TalentProblem(stuckeyText: try String(contentsOfFile: file, encoding: .utf8))
    randomOurs[file] = TalentSolver(timeLimit: .milliseconds(Int64(options.randomTime * 1000))).solve(problem)
}
let randomCPSAT = options.cpsat ? cpsat(randomFiles, limit: options.cpsatRandomTime) : [:]
print(pad("instance", 24) + pad("ours", 8) + pad("bound", 8) + pad("CP-SAT", 28) + "ours better?")
for file in randomFiles {
    let solution = randomOurs[file]!
    let theirs = randomCPSAT[file]
    let verdict = theirs?.objective.map { solution.cost < $0 ? "yes" : solution.cost == $0 ? "equal" : "no" } ?? "-"
    print(
        pad(URL(fileURLWithPath: file).lastPathComponent, 24) + pad(String(solution.cost), 8)
            + pad(String(solution.lowerBound), 8) + pad(describe(theirs), 28) + verdict
    )
}

// 3. A feature film under every constraint.
print("\n3. Feature film: 150 scenes, 40 cast, 35 shooting days (target: < 30 s, every constraint met)")
let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent(
        "Fixtures/scheduling/feature-150.json"
    )
let input = try ProductionInput.decode(try Data(contentsOf: fixture))
let start = ContinuousClock.now
let schedule = try ShootingPlanner(timeLimit: .milliseconds(Int64(options.featureTime * 1000))).plan(input)
let elapsed = seconds(ContinuousClock.now - start)
print(
    "scheduled in \(String(format: "%.1f", elapsed)) s: \(schedule.days.count) days, "
        + "\(schedule.days.flatMap(\.strips).count) scenes, feasible \(schedule.isFeasible), "
        + "\(schedule.companyMoves) company moves, cast \(ScheduleReport.money(schedule.castCost, schedule.currency)), "
        + "total \(ScheduleReport.money(schedule.totalCost, schedule.currency))"
)
