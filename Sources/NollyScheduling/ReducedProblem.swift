/// The talent problem after the preprocessing of Garcia de la Banda, Stuckey & Chu (2011):
/// actors in a single scene are dropped (their cost is the same in every order), scenes
/// with identical casts are merged (some optimal order shoots them together), and scenes
/// left with no cast go first (nobody waits during them). What remains is bit sets.
struct ReducedProblem {
    /// Each reduced scene: the original scenes it stands for, in order.
    var groups: [[Int]]
    var durations: [Int]
    /// Actors (reduced indices) in each reduced scene.
    var casts: [UInt64]
    /// Daily cost of each reduced actor.
    var costs: [Int]
    /// Original scenes with no remaining cast: shot first, at no holding cost.
    var freeScenes: [Int]

    init(_ problem: TalentProblem) {
        let shared = problem.actors.filter { Set($0.scenes).count > 1 && $0.dailyCost > 0 }
        costs = shared.map(\.dailyCost)
        var castOfScene = [UInt64](repeating: 0, count: problem.sceneCount)
        for (index, actor) in shared.enumerated() {
            for scene in actor.scenes { castOfScene[scene] |= 1 << UInt64(index) }
        }
        var groupOfCast = [UInt64: Int]()
        groups = []
        durations = []
        casts = []
        freeScenes = []
        for scene in 0..<problem.sceneCount {
            let cast = castOfScene[scene]
            if cast == 0 {
                freeScenes.append(scene)
            } else if let group = groupOfCast[cast] {
                groups[group].append(scene)
                durations[group] += problem.durations[scene]
            } else {
                groupOfCast[cast] = groups.count
                groups.append([scene])
                durations.append(problem.durations[scene])
                casts.append(cast)
            }
        }
    }

    var count: Int { groups.count }

    /// The original scene order of a reduced order.
    func expand(_ order: [Int]) -> [Int] { freeScenes + order.flatMap { groups[$0] } }

    func cost(of actors: UInt64) -> Int {
        var total = 0
        var rest = actors
        while rest != 0 {
            total += costs[rest.trailingZeroBitCount]
            rest &= rest - 1
        }
        return total
    }
}
