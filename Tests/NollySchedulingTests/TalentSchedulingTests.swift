import Foundation
import NollyRandom
import Testing

@testable import NollyScheduling

/// ../shared/scheduling, beside the repository (CI clones main with shared/ next to it).
let sharedScheduling = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("shared/scheduling")

@Suite("Talent scheduling core")
struct TalentSchedulingTests {
    static let knownOptima: [(String, Int)] = [
        ("MobStory", 871), ("film103.dat", 1031), ("film105.dat", 849), ("film114.dat", 867), ("film116.dat", 541),
        ("film117.dat", 913), ("film118.dat", 853), ("film119.dat", 790), ("Warwick1201", 222), ("Shaw2020", 877),
        ("film-10", 352), ("film-12", 401), ("concert", 111), ("csplib_film1", 871), ("csplib_film2", 818),
        ("csplib_rehearsal", 109), ("delabanda2011_example", 434), ("small", 54), ("small2", 56), ("tiny", 29),
        ("tiny2", 9),
    ]

    @Test("Every literature instance is solved to its published optimum, with proof", arguments: knownOptima)
    func knownOptimum(instance: String, optimum: Int) throws {
        let text = try String(contentsOf: sharedScheduling.appendingPathComponent(instance), encoding: .utf8)
        let problem = try TalentProblem(stuckeyText: text)
        let solution = TalentSolver(timeLimit: .seconds(30)).solve(problem)
        #expect(solution.cost == optimum)
        #expect(solution.provenOptimal)
        #expect(solution.order.sorted() == Array(0..<problem.sceneCount))
        #expect(problem.cost(of: solution.order) == solution.cost)
    }

    @Test("The OPL scene allocation instance is solved to 334144")
    func sceneAllocation() throws {
        let problem = try SceneAllocationProblem(
            json: Data(contentsOf: sharedScheduling.appendingPathComponent("opl_scene_allocation.json"))
        )
        let result = SceneAllocationSolver().solve(problem)
        #expect(result.cost == 334_144)
        #expect(problem.cost(of: result.days) == result.cost)
        for day in 0..<problem.maxDays { #expect(result.days.filter { $0 == day }.count <= problem.maxScenesPerDay) }
    }

    /// A random instance: `scenes` scenes, `actors` actors in random scenes, random costs.
    static func randomProblem(seed: UInt64, scenes: Int, actors: Int) throws -> TalentProblem {
        var random = SplitMix64(seed: seed)
        let durations = (0..<scenes).map { _ in 1 + Int(random.next() % 3) }
        let cast = (0..<actors).map { index in
            TalentProblem.Actor(
                name: "a\(index)",
                dailyCost: 1 + Int(random.next() % 20),
                scenes: (0..<scenes).filter { _ in random.next() % 3 == 0 }
            )
        }
        return try TalentProblem(name: "random \(seed)", durations: durations, actors: cast)
    }

    static func bruteForce(_ problem: TalentProblem) -> Int {
        var best = Int.max
        var order = Array(0..<problem.sceneCount)
        func permute(_ k: Int) {
            if k == order.count {
                best = min(best, problem.cost(of: order))
                return
            }
            for i in k..<order.count {
                order.swapAt(k, i)
                permute(k + 1)
                order.swapAt(k, i)
            }
        }
        permute(0)
        return best
    }

    @Test("Random small instances match brute force", arguments: Array(UInt64(1)...UInt64(40)))
    func bruteForceAgreement(seed: UInt64) throws {
        let problem = try Self.randomProblem(seed: seed, scenes: 3 + Int(seed % 5), actors: 2 + Int(seed % 5))
        let solution = TalentSolver(timeLimit: .seconds(5)).solve(problem)
        #expect(solution.cost == Self.bruteForce(problem), "seed \(seed)")
        #expect(solution.provenOptimal, "seed \(seed)")
    }

    @Test("Branch and bound agrees with the dense dynamic program", arguments: Array(UInt64(100)...UInt64(115)))
    func branchAndBound(seed: UInt64) throws {
        let problem = ReducedProblem(try Self.randomProblem(seed: seed, scenes: 9 + Int(seed % 5), actors: 6))
        let scenes = Array(0..<problem.count)
        let dense = SubsetDynamicProgram(problem, scenes: scenes).solve()
        let search = ExactSearch(problem, scenes: scenes)
        let found = try #require(search.optimalOrder(below: Int.max), "seed \(seed)")
        #expect(found.holding == dense.holding, "seed \(seed)")
        #expect(search.holding(of: found.order) == found.holding, "seed \(seed)")
        #expect(search.rootLowerBound <= dense.holding, "seed \(seed)")
    }

    @Test("Large-neighbourhood search returns a permutation no worse than its start", arguments: [UInt64(7), 8, 9])
    func largeNeighbourhood(seed: UInt64) throws {
        let problem = try Self.randomProblem(seed: seed, scenes: 48, actors: 14)
        let reduced = ReducedProblem(problem)
        var search = LargeNeighbourhoodSearch(problem: reduced, seed: seed)
        let start = search.greedyOrder()
        let improved = search.improve(start, until: .now + .milliseconds(300))
        #expect(improved.sorted() == Array(0..<reduced.count), "seed \(seed)")
        #expect(search.holding(improved) <= search.holding(start), "seed \(seed)")
        let solution = TalentSolver(timeLimit: .milliseconds(500), seed: seed).solve(problem)
        #expect(solution.lowerBound <= solution.cost)
        #expect(problem.cost(of: solution.order) == solution.cost)
    }

    @Test(
        "Malformed instances get clear errors",
        arguments: ["", "name", "name 2 1 1 0", "name 2 1 1 2 3 1 1", "name 2 1 1 0 5 1 x", "name 0 0"]
    )
    func malformed(text: String) {
        #expect(throws: SchedulingError.self) { try TalentProblem(stuckeyText: text) }
    }
}
