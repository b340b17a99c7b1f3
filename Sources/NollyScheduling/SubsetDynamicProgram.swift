/// The plain dynamic program over every subset of scenes, stored densely: `C[Q]` is the
/// least holding cost of shooting the scenes in `Q` last, computed for all `Q` in
/// increasing order. O(2^n · n) time and 12·2^n bytes, so it serves windows and instances
/// of up to ``maxScenes`` reduced scenes, where it beats branch and bound on time.
struct SubsetDynamicProgram {
    static let maxScenes = 22

    let problem: ReducedProblem
    let scenes: [Int]
    let started: UInt64
    let neededAfter: UInt64
    private let table: ActorCostTable

    init(_ problem: ReducedProblem, scenes: [Int], started: UInt64 = 0, neededAfter: UInt64 = 0) {
        precondition(scenes.count <= Self.maxScenes)
        self.problem = problem
        self.scenes = scenes
        self.started = started
        self.neededAfter = neededAfter
        table = ActorCostTable(problem.costs)
    }

    /// The optimal order of the scenes and its holding cost.
    func solve() -> (order: [Int], holding: Int) {
        let count = scenes.count
        let size = 1 << count
        let all = UInt64(size - 1)
        let casts = scenes.map { problem.casts[$0] }
        let durations = scenes.map { problem.durations[$0] }
        var union = [UInt64](repeating: 0, count: size)
        for subset in 1..<size {
            union[subset] = union[subset & (subset - 1)] | casts[subset.trailingZeroBitCount]
        }
        var best = [Int](repeating: 0, count: size)
        func present(_ subset: Int) -> UInt64 {
            (started | union[Int(all) ^ subset]) & (union[subset] | neededAfter)
        }
        for subset in 1..<size {
            let onLocation = present(subset)
            var minimum = Int.max
            var rest = subset
            while rest != 0 {
                let index = rest.trailingZeroBitCount
                rest &= rest - 1
                let value = durations[index] * table.cost(onLocation & ~casts[index]) + best[subset & ~(1 << index)]
                if value < minimum { minimum = value }
            }
            best[subset] = minimum
        }
        var order = [Int]()
        var subset = size - 1
        while subset != 0 {
            let onLocation = present(subset)
            var rest = subset
            while rest != 0 {
                let index = rest.trailingZeroBitCount
                rest &= rest - 1
                if durations[index] * table.cost(onLocation & ~casts[index]) + best[subset & ~(1 << index)]
                    == best[subset]
                {
                    order.append(scenes[index])
                    subset &= ~(1 << index)
                    break
                }
            }
        }
        return (order, best[size - 1])
    }
}

/// Sums actors' daily costs over a 64-bit actor set by table look-up, 11 bits at a time:
/// two look-ups cover the 22 actors of the largest literature instances.
struct ActorCostTable {
    private static let bits = 11
    private let chunks: Int
    private var table: [Int]

    init(_ costs: [Int]) {
        chunks = max(1, (costs.count + Self.bits - 1) / Self.bits)
        table = [Int](repeating: 0, count: chunks << Self.bits)
        for chunk in 0..<chunks {
            for value in 1..<(1 << Self.bits) {
                let lowest = value.trailingZeroBitCount
                let actor = chunk * Self.bits + lowest
                table[chunk << Self.bits | value] =
                    table[chunk << Self.bits | (value & (value - 1))] + (actor < costs.count ? costs[actor] : 0)
            }
        }
    }

    @inline(__always)
    func cost(_ actors: UInt64) -> Int {
        var total = 0
        var rest = actors
        var offset = 0
        while rest != 0 {
            total += table[offset | Int(rest & 0x7FF)]
            rest >>= 11
            offset += 1 << 11
        }
        return total
    }
}
