import NollyValues

/// The production office's reports as text: the stripboard, the day-out-of-days and the
/// cost breakdown.
public enum ScheduleReport {
    /// Minor units as `1,234,567.89 NGN`.
    public static func money(_ minor: Int, _ currency: String) -> String {
        Money.format(Int64(minor), currency, grouped: true)
    }

    /// Eighths as page counts: 13 -> "1 5/8".
    public static func pages(_ eighths: Int) -> String {
        let whole = eighths / 8
        let rest = eighths % 8
        if rest == 0 { return "\(whole)" }
        return whole == 0 ? "\(rest)/8" : "\(whole) \(rest)/8"
    }

    private static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
    }

    public static func stripboard(_ schedule: ShootingSchedule) -> String {
        var lines = ["STRIPBOARD: \(schedule.name)"]
        for day in schedule.days {
            let moves =
                day.companyMoves == 0 ? "" : ", \(day.companyMoves) company move\(day.companyMoves == 1 ? "" : "s")"
            lines.append("Day \(day.number)  \(day.date)  \(pages(day.eighths)) pages\(moves)")
            for strip in day.strips {
                lines.append(
                    "  " + pad(strip.scene, 6) + pad(strip.setting, 8) + pad(strip.time, 8) + pad(strip.location, 24)
                        + pad(pages(strip.eighths), 7) + strip.cast.joined(separator: ", ")
                )
            }
        }
        if schedule.days.isEmpty { lines.append("(no shooting days)") }
        return lines.joined(separator: "\n")
    }

    public static func dayOutOfDays(_ schedule: ShootingSchedule) -> String {
        let width = max(8, (schedule.cast.map(\.name.count).max() ?? 0) + 2)
        var lines = ["DAY OUT OF DAYS"]
        lines.append(pad("", width) + schedule.days.map { pad(String($0.number), 4) }.joined() + " work hold drop")
        for line in schedule.cast where line.workDays > 0 {
            lines.append(
                pad(line.name, width) + line.codes.map { pad($0, 4) }.joined()
                    + " \(pad(String(line.workDays), 5))\(pad(String(line.holdDays), 5))\(line.droppedDays)"
            )
        }
        lines.append("SW start work, W work, WF work finish, SWF start-work-finish, H hold, D dropped, PW pick-up work")
        return lines.joined(separator: "\n")
    }

    public static func costs(_ schedule: ShootingSchedule) -> String {
        var lines = ["COSTS"]
        for line in schedule.cast where line.workDays > 0 {
            lines.append(
                "  " + pad(line.name, 20) + pad("\(line.workDays) work + \(line.holdDays) hold days", 24) + " x "
                    + pad(money(line.dailyRate, schedule.currency), 20) + " = " + money(line.cost, schedule.currency)
            )
        }
        lines.append("  " + pad("Cast", 20) + money(schedule.castCost, schedule.currency))
        lines.append(
            "  " + pad("Company moves", 20) + "\(schedule.companyMoves) move(s): "
                + money(schedule.companyMoveCost, schedule.currency)
        )
        lines.append("  " + pad("Total", 20) + money(schedule.totalCost, schedule.currency))
        return lines.joined(separator: "\n")
    }

    /// Everything, with what could not be satisfied first.
    public static func full(_ schedule: ShootingSchedule) -> String {
        var parts = [String]()
        if !schedule.isFeasible {
            var problems = ["CANNOT SATISFY EVERYTHING"]
            problems += schedule.unscheduled.map { "  unscheduled: \($0.reason)" }
            problems += schedule.violations.map { "  broken: \($0)" }
            parts.append(problems.joined(separator: "\n"))
        }
        parts += [stripboard(schedule), dayOutOfDays(schedule), costs(schedule)]
        return parts.joined(separator: "\n\n")
    }
}
