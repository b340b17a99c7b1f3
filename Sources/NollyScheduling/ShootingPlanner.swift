import Foundation
import NollyRandom

/// Packs scenes into shooting days under every hard constraint and minimises cast cost
/// (working and hold days, with one drop and pick-up where allowed) plus company moves.
///
/// 1. Scenes that fit no day are set aside with the reason (``ShootModel``).
/// 2. Scenes are grouped by location; the location blocks are ordered by the talent
///    scheduling core (a block's cast and pages standing for a scene), which keeps actors'
///    spans short and each location's scenes together.
/// 3. The order is packed day by day (locked scenes first), at most one company move a day.
/// 4. Simulated annealing moves and swaps scenes between allowed days until the time budget
///    is spent, with hard constraints as overwhelming penalties.
public struct ShootingPlanner: Sendable {
    /// The largest amount of money (a daily rate, a move's cost, the daily maximum) a schedule
    /// takes, in minor units; more is refused with an error naming it.
    public static let maxMoneyMinor = ShootModel.maxMoneyMinor

    public var timeLimit: Duration
    public var seed: UInt64

    public init(timeLimit: Duration = .seconds(10), seed: UInt64 = 1) {
        self.timeLimit = timeLimit
        self.seed = seed
    }

    public func plan(_ input: ProductionInput) throws(SchedulingError) -> ShootingSchedule {
        let deadline = ContinuousClock.now + timeLimit
        let model = try ShootModel(input)
        var dayOf = pack(model, order: blockOrder(model, deadline: min(deadline, .now + timeLimit / 10)))
        dayOf = anneal(model, dayOf, until: deadline)
        return ShootingSchedule(model, dayOf)
    }

    /// Scene order: location blocks ordered by the talent core, scenes inside a block by
    /// their earliest possible day, day before night.
    func blockOrder(_ model: ShootModel, deadline: ContinuousClock.Instant) -> [Int] {
        var blocks = [Int: [Int]]()
        for (index, scene) in model.scenes.enumerated() where model.impossible[index] == nil {
            blocks[scene.location, default: []].append(index)
        }
        let locations = blocks.keys.sorted()
        let earliest = { (scene: Int) in model.allowed[scene].firstIndex(of: true) ?? Int.max }
        let ordered: [Int]
        if locations.count > 1, locations.count <= 64,
            let problem = try? TalentProblem(
                name: model.name,
                durations: locations.map { blocks[$0]!.reduce(0) { $0 + model.scenes[$1].eighths } },
                actors: model.castNames.indices.map { actor in
                    TalentProblem.Actor(
                        name: model.castNames[actor],
                        dailyCost: model.rates[actor],
                        scenes: locations.indices.filter { block in
                            blocks[locations[block]]!.contains { model.scenes[$0].cast & (1 << UInt64(actor)) != 0 }
                        }
                    )
                }
            )
        {
            let remaining = deadline - .now
            let solution = TalentSolver(timeLimit: max(.milliseconds(50), remaining), seed: seed).solve(problem)
            ordered = solution.order.map { locations[$0] }
        } else {
            ordered = locations.sorted { blocks[$0]!.map(earliest).min()! < blocks[$1]!.map(earliest).min()! }
        }
        return ordered.flatMap { location in
            blocks[location]!.sorted {
                (earliest($0), model.scenes[$0].isNight ? 1 : 0, $0) < (
                    earliest($1), model.scenes[$1].isNight ? 1 : 0, $1
                )
            }
        }
    }

    /// Day-by-day packing of `order`: locked scenes on their day, then the earliest scenes in
    /// the order that may be shot that day and fit, with at most one company move.
    func pack(_ model: ShootModel, order: [Int]) -> [Int?] {
        var dayOf = [Int?](repeating: nil, count: model.scenes.count)
        var queue = order
        for (index, scene) in model.scenes.enumerated() {
            if let locked = scene.lockedDay, model.allowed[index][locked] {
                dayOf[index] = locked
                queue.removeAll { $0 == index }
            }
        }
        for day in model.dates.indices {
            var load = model.scenes.indices.filter { dayOf[$0] == day }.reduce(0) { $0 + model.scenes[$1].eighths }
            var locations = Set(model.scenes.indices.filter { dayOf[$0] == day }.map { model.scenes[$0].location })
            var position = 0
            while position < queue.count {
                let index = queue[position]
                let scene = model.scenes[index]
                let newLocation = !locations.contains(scene.location)
                let extra = newLocation && !locations.isEmpty ? model.moveEighths : 0
                if model.allowed[index][day] && load + scene.eighths + extra <= model.capacity
                    && (!newLocation || locations.count < 2)
                {
                    dayOf[index] = day
                    load += scene.eighths + extra
                    locations.insert(scene.location)
                    queue.remove(at: position)
                } else {
                    position += 1
                }
                if load >= model.capacity { break }
            }
        }
        return dayOf
    }

    /// Simulated annealing over moves (a scene to another allowed day) and swaps.
    func anneal(_ model: ShootModel, _ start: [Int?], until deadline: ContinuousClock.Instant) -> [Int?] {
        var random = SplitMix64(seed: seed)
        let movable = model.scenes.indices.filter { model.impossible[$0] == nil && model.scenes[$0].lockedDay == nil }
        let allowedDays = model.allowed.map { days in days.indices.filter { days[$0] } }
        guard !movable.isEmpty else { return start }
        var current = start
        var currentScore = model.evaluate(current).score
        var best = current
        var bestScore = currentScore
        let begin = ContinuousClock.now
        let span =
            Double((deadline - begin).components.seconds) + Double((deadline - begin).components.attoseconds) / 1e18
        let initialTemperature = Double(max(1, model.rates.max() ?? 1)) * 2
        var iteration = 0
        var temperature = initialTemperature
        while true {
            iteration += 1
            if iteration & 31 == 0 {
                let now = ContinuousClock.now
                if now >= deadline { break }
                let elapsed = now - begin
                let fraction =
                    (Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
                    / max(span, 1e-3)
                temperature = initialTemperature * pow(0.0005, fraction)
            }
            var candidate = current
            let scene = movable[Int(random.next() % UInt64(movable.count))]
            if random.next() % 3 == 0, let day = current[scene] {
                let other = movable[Int(random.next() % UInt64(movable.count))]
                guard let otherDay = current[other], otherDay != day, model.allowed[scene][otherDay],
                    model.allowed[other][day]
                else { continue }
                candidate[scene] = otherDay
                candidate[other] = day
            } else {
                let days = allowedDays[scene]
                let day = days[Int(random.next() % UInt64(days.count))]
                guard day != current[scene] else { continue }
                candidate[scene] = day
            }
            let score = model.evaluate(candidate).score
            let delta = Double(score - currentScore)
            if delta <= 0 || Double(random.next() % 1_000_000) / 1_000_000 < exp(-delta / temperature) {
                current = candidate
                currentScore = score
                if score < bestScore {
                    best = candidate
                    bestScore = score
                }
            }
        }
        return best
    }
}
