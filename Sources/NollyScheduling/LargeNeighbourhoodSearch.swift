import NollyRandom

/// Large-neighbourhood search for talent scheduling: repeatedly re-optimizes a window of
/// consecutive scenes exactly (``ExactSearch`` with the actors on location before the
/// window and those needed after it), growing the window when a pass finds nothing, and
/// perturbing the order (moving a block) when stuck. Deterministic for a given seed.
struct LargeNeighbourhoodSearch {
    let problem: ReducedProblem
    private var random: SplitMix64

    init(problem: ReducedProblem, seed: UInt64) {
        self.problem = problem
        random = SplitMix64(seed: seed)
    }

    /// Holding cost of a full reduced order.
    func holding(_ order: [Int]) -> Int { ExactSearch(problem, scenes: order).holding(of: order) }

    /// Greedy start: repeatedly shoot the scene that keeps the fewest actors waiting,
    /// preferring scenes that finish actors off.
    func greedyOrder() -> [Int] {
        var remaining = Set(0..<problem.count)
        var startedCast: UInt64 = 0
        var order = [Int]()
        while !remaining.isEmpty {
            let remainingCast = remaining.reduce(UInt64(0)) { $0 | problem.casts[$1] }
            let scene = remaining.min { a, b in
                score(a, startedCast, remaining) < score(b, startedCast, remaining)
            }!
            _ = remainingCast
            order.append(scene)
            remaining.remove(scene)
            startedCast |= problem.casts[scene]
        }
        return order
    }

    private func score(_ scene: Int, _ startedCast: UInt64, _ remaining: Set<Int>) -> (Int, Int) {
        let others = remaining.subtracting([scene]).reduce(UInt64(0)) { $0 | problem.casts[$1] }
        let waiting = startedCast & others & ~problem.casts[scene]
        let newcomers = problem.casts[scene] & ~startedCast
        return (problem.durations[scene] * problem.cost(of: waiting), problem.cost(of: newcomers & others))
    }

    /// A window of the order with its context: the actors on location before it and those
    /// still needed after it.
    private func window(_ order: [Int], from: Int, count: Int) -> (scenes: [Int], started: UInt64, neededAfter: UInt64)
    {
        (
            Array(order[from..<(from + count)]),
            order[..<from].reduce(UInt64(0)) { $0 | problem.casts[$1] },
            order[(from + count)...].reduce(UInt64(0)) { $0 | problem.casts[$1] }
        )
    }

    /// Improves `order` until `deadline`; returns the best order found.
    mutating func improve(_ start: [Int], until deadline: ContinuousClock.Instant) -> [Int] {
        var current = start
        var best = start
        var bestHolding = holding(best)
        var width = min(8, current.count)
        while ContinuousClock.now < deadline {
            var improved = false
            let offset = Int(random.next() % UInt64(max(1, width / 2)))
            var from = offset
            while from < current.count - 1 && ContinuousClock.now < deadline {
                let count = min(width, current.count - from)
                let (scenes, started, neededAfter) = window(current, from: from, count: count)
                let now = ExactSearch(problem, scenes: scenes, started: started, neededAfter: neededAfter)
                    .holding(of: scenes)
                if now > 0 {
                    let better = SubsetDynamicProgram(
                        problem,
                        scenes: scenes,
                        started: started,
                        neededAfter: neededAfter
                    )
                    .solve()
                    if better.holding < now {
                        current.replaceSubrange(from..<(from + count), with: better.order)
                        improved = true
                    }
                }
                from += max(1, width / 2)
            }
            let currentHolding = holding(current)
            if currentHolding < bestHolding {
                best = current
                bestHolding = currentHolding
            }
            if improved { continue }
            if width < min(14, current.count) {
                width += 2
                continue
            }
            // Stuck at this width: restart from the best order with a random block moved.
            current = perturbed(best)
            width = min(8, current.count)
        }
        return best
    }

    private mutating func perturbed(_ order: [Int]) -> [Int] {
        guard order.count > 3 else { return order }
        var result = order
        let length = 1 + Int(random.next() % UInt64(min(6, order.count / 2)))
        let from = Int(random.next() % UInt64(order.count - length + 1))
        let block = Array(result[from..<(from + length)])
        result.removeSubrange(from..<(from + length))
        let to = Int(random.next() % UInt64(result.count + 1))
        result.insert(contentsOf: block, at: to)
        return result
    }
}
