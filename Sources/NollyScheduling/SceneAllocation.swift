public import Foundation

/// Van Hentenryck's scene allocation problem (OPL): put each scene on one of at most
/// `maxDays` days, at most `maxScenesPerDay` per day; an actor is paid for each day on which
/// they work (no hold days). Solved exactly by depth-first branch and bound: scenes in
/// decreasing order of cast cost, days kept in order of first use (days are
/// interchangeable), and a bound that charges every actor the extra days their unplaced
/// scenes need beyond the free places on days they already work.
public struct SceneAllocationProblem: Sendable, Equatable {
    public var actors: [String]
    public var pay: [Int]
    /// Actors (indices) in each scene.
    public var scenes: [[Int]]
    public var maxDays: Int
    public var maxScenesPerDay: Int

    public init(actors: [String], pay: [Int], scenes: [[Int]], maxDays: Int, maxScenesPerDay: Int)
        throws(SchedulingError)
    {
        guard actors.count == pay.count, actors.count <= 64 else {
            throw SchedulingError("scene allocation needs one pay per actor and at most 64 actors")
        }
        guard maxDays > 0, maxScenesPerDay > 0, scenes.count <= maxDays * maxScenesPerDay else {
            throw SchedulingError(
                "\(scenes.count) scenes do not fit in \(maxDays) days of \(maxScenesPerDay) scenes: allow more days or scenes per day"
            )
        }
        guard scenes.allSatisfy({ $0.allSatisfy(actors.indices.contains) }) else {
            throw SchedulingError("a scene names an actor that is not listed")
        }
        self.actors = actors
        self.pay = pay
        self.scenes = scenes
        self.maxDays = maxDays
        self.maxScenesPerDay = maxScenesPerDay
    }

    /// Reads the JSON form (`actors`, `pay`, `scenes` as lists of actor names, `max_days`,
    /// `max_scenes_per_day`), as in ../shared/scheduling/opl_scene_allocation.json.
    public init(json data: Data) throws(SchedulingError) {
        struct Document: Decodable {
            let actors: [String]
            let pay: [Int]
            let scenes: [[String]]
            let maxDays: Int
            let maxScenesPerDay: Int
        }
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        guard let document = try? decoder.decode(Document.self, from: data) else {
            throw SchedulingError("a scene-allocation input needs actors, pay, scenes, max_days and max_scenes_per_day")
        }
        var scenes = [[Int]]()
        for scene in document.scenes {
            var members = [Int]()
            for name in scene {
                guard let index = document.actors.firstIndex(of: name) else {
                    throw SchedulingError("a scene names '\(name)', who is not in actors")
                }
                members.append(index)
            }
            scenes.append(members)
        }
        try self.init(
            actors: document.actors,
            pay: document.pay,
            scenes: scenes,
            maxDays: document.maxDays,
            maxScenesPerDay: document.maxScenesPerDay
        )
    }

    /// Total pay of an allocation (the day of each scene).
    public func cost(of days: [Int]) -> Int {
        var working = Set<[Int]>()
        for (scene, day) in days.enumerated() {
            for actor in scenes[scene] { working.insert([actor, day]) }
        }
        return working.reduce(0) { $0 + pay[$1[0]] }
    }
}

public struct SceneAllocationSolver: Sendable {
    public init() {}

    /// The optimal day of each scene and its cost.
    public func solve(_ problem: SceneAllocationProblem) -> (days: [Int], cost: Int) {
        var search = AllocationSearch(problem)
        search.run()
        return (search.bestDays, search.bestCost)
    }
}

private struct AllocationSearch {
    let problem: SceneAllocationProblem
    let casts: [UInt64]
    let order: [Int]
    var dayCast: [UInt64]
    var dayLoad: [Int]
    var assignment: [Int]
    var bestDays: [Int] = []
    var bestCost = Int.max
    /// For each position in `order`, how many scenes of each actor are still unplaced.
    var unplaced: [Int]

    init(_ problem: SceneAllocationProblem) {
        self.problem = problem
        casts = problem.scenes.map { $0.reduce(UInt64(0)) { $0 | 1 << UInt64($1) } }
        let cost = { (scene: Int) in problem.scenes[scene].reduce(0) { $0 + problem.pay[$1] } }
        order = problem.scenes.indices.sorted { (cost($0), $1) > (cost($1), $0) }
        dayCast = Array(repeating: 0, count: problem.maxDays)
        dayLoad = Array(repeating: 0, count: problem.maxDays)
        assignment = Array(repeating: -1, count: problem.scenes.count)
        unplaced = Array(repeating: 0, count: problem.actors.count)
        for scene in problem.scenes { for actor in scene { unplaced[actor] += 1 } }
    }

    func payOf(_ actors: UInt64) -> Int {
        var total = 0
        var rest = actors
        while rest != 0 {
            total += problem.pay[rest.trailingZeroBitCount]
            rest &= rest - 1
        }
        return total
    }

    func lowerBound(_ current: Int, daysUsed: Int) -> Int {
        var bound = current
        for actor in problem.actors.indices where unplaced[actor] > 0 {
            var free = 0
            for day in 0..<daysUsed where dayCast[day] & (1 << UInt64(actor)) != 0 {
                free += problem.maxScenesPerDay - dayLoad[day]
            }
            let overflow = unplaced[actor] - free
            if overflow > 0 {
                bound += problem.pay[actor] * ((overflow + problem.maxScenesPerDay - 1) / problem.maxScenesPerDay)
            }
        }
        return bound
    }

    mutating func run() { place(0, cost: 0, daysUsed: 0) }

    mutating func place(_ position: Int, cost: Int, daysUsed: Int) {
        if position == order.count {
            if cost < bestCost {
                bestCost = cost
                bestDays = assignment
            }
            return
        }
        guard lowerBound(cost, daysUsed: daysUsed) < bestCost else { return }
        let scene = order[position]
        let cast = casts[scene]
        var options = [(added: Int, day: Int)]()
        for day in 0..<min(daysUsed + 1, problem.maxDays) where dayLoad[day] < problem.maxScenesPerDay {
            options.append((payOf(cast & ~dayCast[day]), day))
        }
        options.sort { $0.added < $1.added }
        for option in options {
            let day = option.day
            let savedCast = dayCast[day]
            dayCast[day] |= cast
            dayLoad[day] += 1
            assignment[scene] = day
            for actor in problem.scenes[scene] { unplaced[actor] -= 1 }
            place(position + 1, cost: cost + option.added, daysUsed: max(daysUsed, day + 1))
            for actor in problem.scenes[scene] { unplaced[actor] += 1 }
            assignment[scene] = -1
            dayLoad[day] -= 1
            dayCast[day] = savedCast
        }
    }
}
