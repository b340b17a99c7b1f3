import NollyValues

/// A planned shoot: the days with their scenes, what could not be scheduled and why, the
/// day-out-of-days and the costs. Built by ``ShootingPlanner``.
public struct ShootingSchedule: Sendable {
    public struct Strip: Sendable, Equatable {
        public let scene: String
        public let setting: String
        public let time: String
        public let location: String
        public let eighths: Int
        public let cast: [String]
    }

    public struct Day: Sendable, Equatable {
        public let number: Int
        public let date: String
        public let strips: [Strip]
        public let eighths: Int
        public let companyMoves: Int
        public let payroll: Int
    }

    /// One performer's line of the day-out-of-days and their cost.
    public struct CastLine: Sendable, Equatable {
        public let name: String
        public let dailyRate: Int
        /// A code per shooting day: SW, W, WF, SWF, H, D (dropped), PW (picked up), or "".
        public let codes: [String]
        public let workDays: Int
        public let holdDays: Int
        public let droppedDays: Int
        public let cost: Int
    }

    public let name: String
    public let currency: String
    public let days: [Day]
    public let unscheduled: [(scene: String, reason: String)]
    /// Hard constraints the best schedule found still breaks (empty when feasible).
    public let violations: [String]
    public let cast: [CastLine]
    public let companyMoves: Int
    public let companyMoveCost: Int
    public var castCost: Int { cast.reduce(0) { $0 + $1.cost } }
    public var totalCost: Int { castCost + companyMoveCost }
    public var isFeasible: Bool { unscheduled.isEmpty && violations.isEmpty }

    init(_ model: ShootModel, _ dayOf: [Int?]) {
        let (_, evaluation) = model.evaluate(dayOf, explain: true)
        name = model.name
        currency = model.currency
        let orders = model.dayOrders(dayOf)
        let lastDay = orders.lastIndex { !$0.isEmpty } ?? -1
        days = (0..<(lastDay + 1)).map { day -> Day in
            let strips = orders[day].map { index in
                let scene = model.scenes[index]
                return Strip(
                    scene: scene.id,
                    setting: scene.setting,
                    time: scene.time,
                    location: model.locationNames[scene.location],
                    eighths: scene.eighths,
                    cast: model.castNames.indices.filter { scene.cast & (1 << UInt64($0)) != 0 }.map {
                        model.castNames[$0]
                    }
                )
            }
            let locations = Set(orders[day].map { model.scenes[$0].location }).count
            return Day(
                number: day + 1,
                date: model.dates[day].description,
                strips: strips,
                eighths: strips.reduce(0) { $0 + $1.eighths },
                companyMoves: max(0, locations - 1),
                payroll: evaluation.payroll[day]
            )
        }
        unscheduled = model.scenes.indices.compactMap { index in
            guard dayOf[index] == nil else { return nil }
            return (
                model.scenes[index].id,
                model.impossible[index]
                    ?? "scene \(model.scenes[index].id) did not fit in the shooting days available without breaking a "
                    + "hard constraint (day capacity, turnaround or the daily cost limit)"
            )
        }
        violations = evaluation.violations
        companyMoves = evaluation.moves
        companyMoveCost = evaluation.moves * model.moveCost
        let shownDays = max(lastDay + 1, 0)
        cast = model.castNames.indices.map { actor in
            let bit = UInt64(1) << UInt64(actor)
            let worked = (0..<shownDays).filter { day in orders[day].contains { model.scenes[$0].cast & bit != 0 } }
            var codes = [String](repeating: "", count: shownDays)
            let dropped = evaluation.droppedDays[actor]
            if let paid = evaluation.paidDays[actor] {
                for day in paid { codes[day] = dropped?.contains(day) == true ? "D" : "H" }
                for day in worked { codes[day] = "W" }
                codes[paid.lowerBound] = paid.lowerBound == paid.upperBound ? "SWF" : "SW"
                if paid.upperBound != paid.lowerBound { codes[paid.upperBound] = "WF" }
                if let dropped {
                    codes[dropped.upperBound + 1] = dropped.upperBound + 1 == paid.upperBound ? "PWF" : "PW"
                }
            }
            let holds = codes.filter { $0 == "H" }.count
            let drops = codes.filter { $0 == "D" }.count
            return CastLine(
                name: model.castNames[actor],
                dailyRate: model.rates[actor],
                codes: codes,
                workDays: worked.count,
                holdDays: holds,
                droppedDays: drops,
                cost: model.rates[actor] * (worked.count + holds)
            )
        }
    }
}
