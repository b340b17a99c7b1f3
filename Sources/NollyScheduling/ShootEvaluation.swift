import NollyValues

/// The cost and the hard-constraint violations of one assignment of scenes to shooting days.
struct ShootEvaluation {
    /// Penalty unit, far above any realistic cost. Leaving a scene unscheduled costs
    /// `unscheduledPenalty`; breaking a hard constraint costs more, growing with the size of
    /// the violation (eighths over capacity, money over the daily maximum), so the search
    /// leads back to feasibility and, when everything cannot fit, leaves scenes out (and says
    /// so) rather than break a constraint.
    static let penaltyUnit = 1_000_000_000
    static let unscheduledPenalty = 1_000 * penaltyUnit
    static let violationPenalty = 2_000 * penaltyUnit

    var penalty = 0

    var castCost = 0
    var moves = 0
    var violations: [String] = []
    var unscheduled = 0
    var paidDays: [ClosedRange<Int>?] = []
    var droppedDays: [ClosedRange<Int>?] = []
    var payroll: [Int] = []
}

extension ShootModel {
    /// Scenes of each day in shooting order: grouped by location (in order of first
    /// appearance), day scenes before night scenes.
    func dayOrders(_ dayOf: [Int?]) -> [[Int]] {
        var days = [[Int]](repeating: [], count: dates.count)
        for (scene, day) in dayOf.enumerated() {
            if let day { days[day].append(scene) }
        }
        return days.map { scenes in
            var firstSeen = [Int: Int]()
            for (position, scene) in scenes.enumerated() where firstSeen[self.scenes[scene].location] == nil {
                firstSeen[self.scenes[scene].location] = position
            }
            return scenes.sorted {
                let (a, b) = (self.scenes[$0], self.scenes[$1])
                return (firstSeen[a.location]!, a.isNight ? 1 : 0, $0) < (firstSeen[b.location]!, b.isNight ? 1 : 0, $1)
            }
        }
    }

    /// Everything the search and the reports need to know about an assignment.
    func evaluate(_ dayOf: [Int?], explain: Bool = false) -> (score: Int, detail: ShootEvaluation) {
        var detail = ShootEvaluation()
        let dayCount = dates.count
        var eighths = [Int](repeating: 0, count: dayCount)
        var locations = [[Int]](repeating: [], count: dayCount)
        var working = [UInt64](repeating: 0, count: dayCount)
        var nightWork = [UInt64](repeating: 0, count: dayCount)
        var dayWork = [UInt64](repeating: 0, count: dayCount)
        for (index, scene) in scenes.enumerated() {
            guard let day = dayOf[index] else {
                detail.unscheduled += 1
                continue
            }
            eighths[day] += scene.eighths
            if !locations[day].contains(scene.location) { locations[day].append(scene.location) }
            working[day] |= scene.cast
            if scene.isNight { nightWork[day] |= scene.cast } else { dayWork[day] |= scene.cast }
        }
        for day in 0..<dayCount where !locations[day].isEmpty {
            let moves = locations[day].count - 1
            detail.moves += moves
            if eighths[day] + moves * moveEighths > capacity {
                detail.penalty += (eighths[day] + moves * moveEighths - capacity) * ShootEvaluation.violationPenalty
                detail.violations.append(
                    explain
                        ? "\(dates[day]): \(eighths[day]) eighths and \(moves) company move(s) exceed the \(capacity)-eighth day"
                        : ""
                )
            }
        }
        detail.payroll = Array(repeating: 0, count: dayCount)
        detail.paidDays = Array(repeating: nil, count: castNames.count)
        detail.droppedDays = Array(repeating: nil, count: castNames.count)
        for actor in castNames.indices {
            let bit = UInt64(1) << UInt64(actor)
            var first = -1
            var last = -1
            var widestGap = 0
            var gapStart = -1
            var previous = -1
            for day in 0..<dayCount where working[day] & bit != 0 {
                if first < 0 { first = day }
                if previous >= 0 && day - previous - 1 > widestGap {
                    widestGap = day - previous - 1
                    gapStart = previous + 1
                }
                previous = day
                last = day
            }
            guard first >= 0 else { continue }
            var paid = last - first + 1
            if dropAllowed[actor] && widestGap >= max(dropGap, 1) {
                paid -= widestGap
                detail.droppedDays[actor] = gapStart...(gapStart + widestGap - 1)
            }
            detail.paidDays[actor] = first...last
            detail.castCost += rates[actor] * paid
            for day in first...last where detail.droppedDays[actor].map({ !$0.contains(day) }) ?? true {
                detail.payroll[day] += rates[actor]
            }
        }
        if let maxDailyCost {
            for day in 0..<dayCount where detail.payroll[day] > maxDailyCost {
                // Grows with the excess, in hundredths of the maximum, up to 1,000 penalty units a day.
                detail.penalty +=
                    min(1_000, 1 + (detail.payroll[day] - maxDailyCost) / max(1, maxDailyCost / 100))
                    * ShootEvaluation.penaltyUnit
                detail.violations.append(
                    explain
                        ? "\(dates[day]): cast payroll \(detail.payroll[day]) is over the daily maximum \(maxDailyCost)"
                        : ""
                )
            }
        }
        if enforceTurnaround {
            for day in 0..<(dayCount - 1) where dates[day + 1].day == dates[day].day + 1 {
                let tired = nightWork[day] & dayWork[day + 1]
                guard tired != 0 else { continue }
                for actor in castNames.indices where tired & (1 << UInt64(actor)) != 0 {
                    detail.penalty += ShootEvaluation.violationPenalty
                    detail.violations.append(
                        explain
                            ? "\(castNames[actor]) works a night on \(dates[day]) and a day call on \(dates[day + 1]) (turnaround)"
                            : ""
                    )
                }
            }
        }
        let score =
            detail.castCost + detail.moves * moveCost + detail.penalty + detail.unscheduled
            * ShootEvaluation.unscheduledPenalty
        // A tiebreak worth one minor unit per scene and day: among equal schedules, shoot earlier.
        let earliness = dayOf.reduce(0) { $0 + ($1 ?? 0) }
        return (score + earliness, detail)
    }
}
