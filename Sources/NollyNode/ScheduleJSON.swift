public import NollyModel
public import NollyScheduling

/// JSON rendering of a planned shoot.
public enum ScheduleJSON {
    public static func schedule(_ schedule: ShootingSchedule) -> JSONValue {
        .object([
            ("name", .string(schedule.name)),
            ("currency", .string(schedule.currency)),
            ("feasible", .bool(schedule.isFeasible)),
            (
                "days",
                .array(
                    schedule.days.map { day in
                        .object([
                            ("day", .integer(Int64(day.number))),
                            ("date", .string(day.date)),
                            ("eighths", .integer(Int64(day.eighths))),
                            ("company_moves", .integer(Int64(day.companyMoves))),
                            ("payroll_minor", .integer(Int64(day.payroll))),
                            (
                                "scenes",
                                .array(
                                    day.strips.map { strip in
                                        .object([
                                            ("scene", .string(strip.scene)),
                                            ("setting", .string(strip.setting)),
                                            ("time", .string(strip.time)),
                                            ("location", .string(strip.location)),
                                            ("eighths", .integer(Int64(strip.eighths))),
                                            ("cast", .array(strip.cast.map(JSONValue.string))),
                                        ])
                                    }
                                )
                            ),
                        ])
                    }
                )
            ),
            (
                "unscheduled",
                .array(
                    schedule.unscheduled.map {
                        .object([("scene", .string($0.scene)), ("reason", .string($0.reason))])
                    }
                )
            ),
            ("violations", .array(schedule.violations.map(JSONValue.string))),
            (
                "day_out_of_days",
                .array(
                    schedule.cast.map { line in
                        .object([
                            ("name", .string(line.name)),
                            ("codes", .array(line.codes.map(JSONValue.string))),
                            ("work_days", .integer(Int64(line.workDays))),
                            ("hold_days", .integer(Int64(line.holdDays))),
                            ("dropped_days", .integer(Int64(line.droppedDays))),
                            ("daily_rate_minor", .integer(Int64(line.dailyRate))),
                            ("cost_minor", .integer(Int64(line.cost))),
                        ])
                    }
                )
            ),
            ("cast_cost_minor", .integer(Int64(schedule.castCost))),
            ("company_moves", .integer(Int64(schedule.companyMoves))),
            ("company_move_cost_minor", .integer(Int64(schedule.companyMoveCost))),
            ("total_cost_minor", .integer(Int64(schedule.totalCost))),
        ])
    }
}
