/// Exact talent scheduling over scene subsets: the dynamic program of Garcia de la Banda,
/// Stuckey & Chu (2011) run as a memoized branch and bound. `solve(Q)` is the least holding
/// cost of shooting the scenes in Q once the others are done; subsets are bit sets,
/// solved values and proven lower bounds are cached, and children whose immediate cost
/// plus lower bound cannot beat the best found are cut.
///
/// It also solves *windows* of a longer order (for large-neighbourhood search): `started`
/// are actors already on location before the window, `neededAfter` actors who still have
/// scenes after it.
final class ExactSearch {
    private struct Entry {
        var value: Int
        var exact: Bool
        var next: Int8
    }

    private let problem: ReducedProblem
    private let scenes: [Int]
    private let started: UInt64
    private let neededAfter: UInt64
    private var memo: [UInt64: Entry] = [:]
    private let deadline: ContinuousClock.Instant?
    /// Nodes expanded; the search gives up (not proven) past the deadline.
    private(set) var expanded = 0
    private(set) var gaveUp = false

    /// Searches the order of `scenes` (reduced indices, at most 64).
    init(
        _ problem: ReducedProblem,
        scenes: [Int],
        started: UInt64 = 0,
        neededAfter: UInt64 = 0,
        deadline: ContinuousClock.Instant? = nil
    ) {
        precondition(scenes.count <= 64)
        self.problem = problem
        self.scenes = scenes
        self.started = started
        self.neededAfter = neededAfter
        self.deadline = deadline
    }

    private var all: UInt64 { scenes.count == 64 ? UInt64.max : (1 << UInt64(scenes.count)) - 1 }

    private func castOf(_ subset: UInt64) -> UInt64 {
        var union: UInt64 = 0
        var rest = subset
        while rest != 0 {
            union |= problem.casts[scenes[rest.trailingZeroBitCount]]
            rest &= rest - 1
        }
        return union
    }

    private func durationOf(_ subset: UInt64) -> Int {
        var total = 0
        var rest = subset
        while rest != 0 {
            total += problem.durations[scenes[rest.trailingZeroBitCount]]
            rest &= rest - 1
        }
        return total
    }

    /// Actors on location while the scenes in `remaining` are still to shoot.
    private func onLocation(_ remaining: UInt64) -> UInt64 {
        (started | castOf(all & ~remaining)) & (castOf(remaining) | neededAfter)
    }

    /// A lower bound on the holding cost of `remaining`: an actor needed after the window is
    /// held through every remaining scene without them; of two actors on location, whichever
    /// finishes last is held through the other's remaining scenes without them. Pairs are
    /// matched greedily so that no actor is charged twice.
    func lowerBound(_ remaining: UInt64) -> Int {
        let present = onLocation(remaining)
        guard present != 0 else { return 0 }
        var bound = 0
        var loose = [(actor: Int, scenes: UInt64)]()
        var rest = present
        while rest != 0 {
            let actor = rest.trailingZeroBitCount
            rest &= rest - 1
            var own: UInt64 = 0
            var bits = remaining
            while bits != 0 {
                let index = bits.trailingZeroBitCount
                bits &= bits - 1
                if problem.casts[scenes[index]] & (1 << UInt64(actor)) != 0 { own |= 1 << UInt64(index) }
            }
            if neededAfter & (1 << UInt64(actor)) != 0 {
                bound += problem.costs[actor] * durationOf(remaining & ~own)
            } else {
                loose.append((actor, own))
            }
        }
        guard loose.count > 1 else { return bound }
        var pairs = [(weight: Int, a: Int, b: Int)]()
        for i in 0..<loose.count {
            for j in (i + 1)..<loose.count {
                let first = problem.costs[loose[i].actor] * durationOf(loose[j].scenes & ~loose[i].scenes)
                let second = problem.costs[loose[j].actor] * durationOf(loose[i].scenes & ~loose[j].scenes)
                let weight = min(first, second)
                if weight > 0 { pairs.append((weight, i, j)) }
            }
        }
        pairs.sort { $0.weight > $1.weight }
        var used: UInt64 = 0
        for pair in pairs where used & (1 << UInt64(pair.a)) == 0 && used & (1 << UInt64(pair.b)) == 0 {
            bound += pair.weight
            used |= 1 << UInt64(pair.a) | 1 << UInt64(pair.b)
        }
        return bound
    }

    /// The least holding cost of shooting `remaining` if it is below `cutoff` (exact), or a
    /// lower bound at least `cutoff`.
    private func solve(_ remaining: UInt64, cutoff: Int) -> (value: Int, exact: Bool) {
        if remaining == 0 { return (0, true) }
        if let entry = memo[remaining] {
            if entry.exact || entry.value >= cutoff { return (entry.value, entry.exact) }
        }
        let bound = lowerBound(remaining)
        if bound >= cutoff {
            memo[remaining] = Entry(value: bound, exact: false, next: -1)
            return (bound, false)
        }
        expanded += 1
        if expanded & 1023 == 0 && deadline.map({ ContinuousClock.now > $0 }) == true {
            gaveUp = true
            return (cutoff, false)
        }
        let present = onLocation(remaining)
        var children = [(cost: Int, index: Int)]()
        var bits = remaining
        while bits != 0 {
            let index = bits.trailingZeroBitCount
            bits &= bits - 1
            let scene = scenes[index]
            children.append((problem.durations[scene] * problem.cost(of: present & ~problem.casts[scene]), index))
        }
        children.sort { $0.cost < $1.cost }
        var best = cutoff
        var bestChild = -1
        for child in children where child.cost < best {
            let (value, exact) = solve(remaining & ~(1 << UInt64(child.index)), cutoff: best - child.cost)
            if gaveUp { return (cutoff, false) }
            if exact && child.cost + value < best {
                best = child.cost + value
                bestChild = child.index
            }
        }
        let entry = Entry(value: max(best, bound), exact: bestChild >= 0, next: Int8(bestChild))
        memo[remaining] = entry
        return (entry.value, entry.exact)
    }

    /// The optimal order of the window and its holding cost, if it beats `cutoff`
    /// (`nil` when nothing below `cutoff` exists or the search gave up).
    func optimalOrder(below cutoff: Int) -> (order: [Int], holding: Int)? {
        let (value, exact) = solve(all, cutoff: cutoff)
        guard exact, !gaveUp else { return nil }
        var order = [Int]()
        var remaining = all
        while remaining != 0, let entry = memo[remaining], entry.next >= 0 {
            order.append(scenes[Int(entry.next)])
            remaining &= ~(1 << UInt64(entry.next))
        }
        return order.count == scenes.count ? (order, value) : nil
    }

    /// A lower bound on the whole window's holding cost.
    var rootLowerBound: Int { lowerBound(all) }
}

extension ExactSearch {
    /// The holding cost of shooting the window's scenes in `order` (reduced scene indices,
    /// each from the window exactly once).
    func holding(of order: [Int]) -> Int {
        let position = Dictionary(uniqueKeysWithValues: scenes.enumerated().map { ($1, $0) })
        var remaining = all
        var total = 0
        for scene in order {
            let present = onLocation(remaining)
            total += problem.durations[scene] * problem.cost(of: present & ~problem.casts[scene])
            remaining &= ~(1 << UInt64(position[scene]!))
        }
        return total
    }
}
