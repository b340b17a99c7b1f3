import Foundation
import NollyScheduling

let directory = CommandLine.arguments.count > 1 ? CommandLine.arguments[1] : "../shared/scheduling"
for name in try FileManager.default.contentsOfDirectory(atPath: directory).sorted()
where !name.contains(".") || name.hasSuffix(".dat") {
    guard name != "README" else { continue }
    let text = try String(contentsOfFile: directory + "/" + name, encoding: .utf8)
    let problem = try TalentProblem(stuckeyText: text)
    let start = ContinuousClock.now
    let solution = TalentSolver(timeLimit: .seconds(10)).solve(problem)
    let elapsed = ContinuousClock.now - start
    print(name, solution.cost, solution.provenOptimal, solution.nodes, elapsed)
}
struct OPL: Decodable {
    let actors: [String]
    let pay: [Int]
    let scenes: [[String]]
    let maxDays: Int
    let maxScenesPerDay: Int
}
let decoder = JSONDecoder()
decoder.keyDecodingStrategy = .convertFromSnakeCase
let opl = try decoder.decode(
    OPL.self,
    from: Data(contentsOf: URL(fileURLWithPath: directory + "/opl_scene_allocation.json"))
)
let allocation = try SceneAllocationProblem(
    actors: opl.actors,
    pay: opl.pay,
    scenes: opl.scenes.map { $0.map { opl.actors.firstIndex(of: $0)! } },
    maxDays: opl.maxDays,
    maxScenesPerDay: opl.maxScenesPerDay
)
let s0 = ContinuousClock.now
let result = SceneAllocationSolver().solve(allocation)
print("opl", result.cost, ContinuousClock.now - s0)
