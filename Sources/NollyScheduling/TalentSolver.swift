/// The result of talent scheduling.
public struct TalentSolution: Sendable, Equatable {
    /// Scenes in shooting order (indices into the problem's scenes).
    public let order: [Int]
    public let cost: Int
    /// A proven lower bound on the optimal cost (equal to `cost` when optimal).
    public let lowerBound: Int
    public var provenOptimal: Bool { lowerBound == cost }
    /// Search nodes expanded by the exact search.
    public let nodes: Int
}

/// Orders scenes to minimise actor cost: exact for instances of the size in the literature
/// (a memoized subset dynamic program with bounds), and above that, or when the time runs
/// out, large-neighbourhood search that re-optimizes windows of the order exactly and keeps
/// improving until the time budget is spent.
public struct TalentSolver: Sendable {
    /// Reduced instances up to this many scenes are tried exactly first.
    public var exactSceneLimit = 40
    public var timeLimit: Duration
    public var seed: UInt64

    public init(timeLimit: Duration = .seconds(10), seed: UInt64 = 1) {
        self.timeLimit = timeLimit
        self.seed = seed
    }

    public func solve(_ problem: TalentProblem) -> TalentSolution {
        let start = ContinuousClock.now
        let deadline = start + timeLimit
        let reduced = ReducedProblem(problem)
        let constant = problem.workingCost
        guard reduced.count > 1 else {
            let order = reduced.expand(Array(0..<reduced.count))
            return TalentSolution(
                order: order,
                cost: problem.cost(of: order),
                lowerBound: problem.cost(of: order),
                nodes: 0
            )
        }
        let everything = Array(0..<reduced.count)
        if reduced.count <= SubsetDynamicProgram.maxScenes {
            let optimal = SubsetDynamicProgram(reduced, scenes: everything).solve()
            let expanded = reduced.expand(optimal.order)
            return TalentSolution(
                order: expanded,
                cost: problem.cost(of: expanded),
                lowerBound: constant + optimal.holding,
                nodes: 1 << reduced.count
            )
        }
        var search = LargeNeighbourhoodSearch(problem: reduced, seed: seed)
        var order = search.greedyOrder()
        let root = ExactSearch(reduced, scenes: everything)
        var lower = constant + root.rootLowerBound
        var nodes = 0
        if reduced.count <= exactSceneLimit {
            // A short polish gives the exact search a good first cutoff.
            order = search.improve(
                order,
                until: min(deadline, ContinuousClock.now + .milliseconds(reduced.count > 24 ? 30 : 5))
            )
            // Half the budget for a proof; large-neighbourhood search keeps the rest.
            let exact = ExactSearch(reduced, scenes: everything, deadline: start + timeLimit / 2)
            let incumbent = exact.holding(of: order)
            if let optimal = exact.optimalOrder(below: incumbent + 1) {
                let expanded = reduced.expand(optimal.order)
                return TalentSolution(
                    order: expanded,
                    cost: problem.cost(of: expanded),
                    lowerBound: constant + optimal.holding,
                    nodes: exact.expanded
                )
            }
            nodes = exact.expanded
            lower = max(lower, constant + exact.rootLowerBound)
        }
        order = search.improve(order, until: deadline)
        let expanded = reduced.expand(order)
        let cost = problem.cost(of: expanded)
        return TalentSolution(order: expanded, cost: cost, lowerBound: min(lower, cost), nodes: nodes)
    }
}
