import Foundation
import NollyValues
import Testing

@testable import NollyScheduling

@Suite("Shooting days under hard constraints")
struct ShootingPlannerTests {
    /// A small production: two cast members, two locations, Monday 2027-03-01 onwards.
    static func production(
        scenes: [[String: Any]],
        extra: [String: Any] = [:],
        cast: [[String: Any]] = [
            ["name": "Ada", "daily_rate_minor": 10_000_000],
            ["name": "Tunde", "daily_rate_minor": 8_000_000],
        ]
    ) throws -> ProductionInput {
        var document: [String: Any] = [
            "start_date": "2027-03-01", "max_shooting_days": 6, "day_capacity_eighths": 40, "cast": cast,
            "scenes": scenes,
        ]
        document.merge(extra) { $1 }
        return try ProductionInput.decode(try JSONSerialization.data(withJSONObject: document))
    }

    static func scene(
        _ id: String,
        _ cast: [String],
        eighths: Int = 8,
        setting: String = "INT",
        time: String = "DAY",
        location: String = "House",
        locked: String? = nil
    ) -> [String: Any] {
        var scene: [String: Any] = [
            "id": id, "setting": setting, "time": time, "location": location, "eighths": eighths, "cast": cast,
        ]
        if let locked { scene["locked_date"] = locked }
        return scene
    }

    func plan(_ input: ProductionInput) throws -> ShootingSchedule {
        try ShootingPlanner(timeLimit: .milliseconds(400)).plan(input)
    }

    func date(of scene: String, in schedule: ShootingSchedule) -> String? {
        schedule.days.first { $0.strips.contains { $0.scene == scene } }?.date
    }

    @Test("Scenes fit the page capacity of a day; a scene longer than a day is explained")
    func capacity() throws {
        let schedule = try plan(try Self.production(scenes: (1...6).map { Self.scene("\($0)", ["Ada"], eighths: 15) }))
        #expect(schedule.isFeasible)
        for day in schedule.days { #expect(day.eighths + day.companyMoves * 8 <= 40) }
        let tooLong = try plan(try Self.production(scenes: [Self.scene("9", ["Ada"], eighths: 41)]))
        #expect(tooLong.unscheduled.first?.reason.contains("longer than a 40-eighth day") == true)
    }

    @Test("A performer's unavailable dates are respected")
    func unavailable() throws {
        let cast: [[String: Any]] = [
            ["name": "Ada", "daily_rate_minor": 100, "unavailable": ["2027-03-01", "2027-03-02", "2027-03-03"]]
        ]
        let schedule = try plan(try Self.production(scenes: [Self.scene("1", ["Ada"])], cast: cast))
        #expect(schedule.isFeasible)
        #expect(date(of: "1", in: schedule).map { $0 >= "2027-03-04" } == true)
    }

    @Test("Locations are used only inside their availability windows")
    func locationWindow() throws {
        let input = try Self.production(
            scenes: [Self.scene("1", ["Ada"], location: "Palace")],
            extra: ["locations": [["name": "Palace", "available": [["from": "2027-03-05", "to": "2027-03-06"]]]]]
        )
        let schedule = try plan(input)
        #expect(["2027-03-05", "2027-03-06"].contains(date(of: "1", in: schedule) ?? ""))
    }

    @Test("Exteriors stay out of the rainy season and inside weather windows")
    func weather() throws {
        let rain = try Self.production(
            scenes: [Self.scene("1", ["Ada"], setting: "EXT"), Self.scene("2", ["Ada"], setting: "INT")],
            extra: ["rainy_season": [["from": "2027-03-01", "to": "2027-03-04"]]]
        )
        let schedule = try plan(rain)
        #expect(date(of: "1", in: schedule).map { $0 >= "2027-03-05" } == true)
        let windows = try Self.production(
            scenes: [Self.scene("1", ["Ada"], setting: "INT/EXT")],
            extra: ["weather_windows": [["from": "2027-03-03", "to": "2027-03-03"]]]
        )
        #expect(date(of: "1", in: try plan(windows)) == "2027-03-03")
        let allRain = try Self.production(
            scenes: [Self.scene("1", ["Ada"], setting: "EXT")],
            extra: ["rainy_season": [["from": "2027-02-01", "to": "2027-04-30"]]]
        )
        let explained = try plan(allRain)
        #expect(!explained.isFeasible)
        #expect(explained.unscheduled.first?.reason.contains("exterior in the rainy season") == true)
    }

    @Test("Nobody works a night and then a day call the next morning")
    func turnaround() throws {
        let scenes = [
            Self.scene("1", ["Ada"], time: "NIGHT"), Self.scene("2", ["Ada"], time: "DAY"),
            Self.scene("3", ["Ada"], time: "NIGHT", locked: "2027-03-02"), Self.scene("4", ["Ada"], time: "DAY"),
        ]
        let schedule = try plan(try Self.production(scenes: scenes, extra: ["day_capacity_eighths": 8]))
        #expect(schedule.isFeasible, "\(schedule.violations)")
        #expect(date(of: "4", in: schedule) != "2027-03-03" && date(of: "2", in: schedule) != "2027-03-03")
        let disabled = try plan(
            try Self.production(scenes: scenes, extra: ["day_capacity_eighths": 8, "turnaround_hours": 0])
        )
        #expect(disabled.isFeasible)
    }

    @Test("The cast payroll of a day stays under the maximum daily cost")
    func maximumDailyCost() throws {
        let scenes = [Self.scene("1", ["Ada"], eighths: 4), Self.scene("2", ["Tunde"], eighths: 4)]
        let schedule = try plan(
            try Self.production(scenes: scenes, extra: ["max_daily_cost_minor": 12_000_000, "max_shooting_days": 3])
        )
        #expect(schedule.isFeasible, "\(schedule.violations)")
        #expect(schedule.days.allSatisfy { $0.payroll <= 12_000_000 })
        #expect(date(of: "1", in: schedule) != date(of: "2", in: schedule))
    }

    @Test("Locked scenes are shot on their date; company days off are not shooting days")
    func lockedAndDaysOff() throws {
        let scenes = (1...5).map { Self.scene("\($0)", ["Ada"]) } + [Self.scene("6", ["Tunde"], locked: "2027-03-04")]
        let input = try Self.production(
            scenes: scenes,
            extra: ["weekly_days_off": ["tuesday"], "days_off": ["2027-03-03"], "max_shooting_days": 8]
        )
        let schedule = try plan(input)
        #expect(date(of: "6", in: schedule) == "2027-03-04")
        #expect(schedule.days.allSatisfy { $0.date != "2027-03-02" && $0.date != "2027-03-03" })
        let impossible = try Self.production(
            scenes: [Self.scene("1", ["Ada"], locked: "2027-03-02")],
            cast: [["name": "Ada", "daily_rate_minor": 1, "unavailable": ["2027-03-02"]]]
        )
        let explained = try plan(impossible)
        #expect(explained.unscheduled.first?.reason == "scene 1 is locked to 2027-03-02, but: Ada unavailable")
        #expect(throws: SchedulingError.self) {
            try ShootModel(
                try Self.production(
                    scenes: [Self.scene("1", ["Ada"], locked: "2027-03-02")],
                    extra: ["weekly_days_off": ["tuesday"]]
                )
            )
        }
    }

    @Test("A performer allowed a drop and pick-up is not paid across a long gap")
    func dropAndPickUp() throws {
        let cast: [[String: Any]] = [["name": "Ada", "daily_rate_minor": 100, "drop_pickup": true]]
        let scenes = [Self.scene("1", ["Ada"], locked: "2027-03-01"), Self.scene("2", ["Ada"], locked: "2027-03-15")]
        let schedule = try plan(
            try Self.production(
                scenes: scenes,
                extra: ["max_shooting_days": 15, "drop_pickup_minimum_gap": 10],
                cast: cast
            )
        )
        let ada = try #require(schedule.cast.first)
        #expect(ada.codes.first == "SW" && ada.codes.last == "PWF")
        #expect(ada.droppedDays == 13 && ada.holdDays == 0 && ada.cost == 200)
        let noDrop = try plan(
            try Self.production(
                scenes: scenes,
                extra: ["max_shooting_days": 15],
                cast: [["name": "Ada", "daily_rate_minor": 100]]
            )
        )
        #expect(noDrop.cast[0].holdDays == 13 && noDrop.cast[0].cost == 1_500)
    }

    @Test("Not enough days: the scenes that do not fit are listed, not a failure")
    func notEnoughDays() throws {
        let schedule = try plan(
            try Self.production(
                scenes: (1...5).map { Self.scene("\($0)", ["Ada"], eighths: 40) },
                extra: ["max_shooting_days": 3]
            )
        )
        #expect(schedule.days.count == 3)
        #expect(schedule.unscheduled.count == 2)
        #expect(schedule.unscheduled.allSatisfy { $0.reason.contains("did not fit") })
    }

    @Test("Bad input is refused with the key that is wrong")
    func badInput() {
        #expect(throws: SchedulingError.self) { try ProductionInput.decode(Data("{}".utf8)) }
        #expect(throws: SchedulingError.self) { try ProductionInput.decode(Data("not json".utf8)) }
        #expect(throws: SchedulingError.self) {
            try ShootModel(try Self.production(scenes: [Self.scene("1", ["Nobody"])]))
        }
        #expect(throws: SchedulingError.self) {
            try ShootModel(try Self.production(scenes: [Self.scene("1", ["Ada"])], extra: ["start_date": "2027-02-30"]))
        }
    }

    @Test("The synthetic feature (150 scenes, 40 cast, 35 days) is scheduled under every constraint")
    func featureFilm() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Fixtures/scheduling/feature-150.json")
        let input = try ProductionInput.decode(try Data(contentsOf: url))
        let schedule = try ShootingPlanner(timeLimit: .seconds(8)).plan(input)
        #expect(schedule.isFeasible, "\(schedule.violations.prefix(3)) \(schedule.unscheduled.prefix(3))")
        // An independent check of the hard constraints on the result.
        let model = try ShootModel(input)
        let sceneIndex = Dictionary(uniqueKeysWithValues: model.scenes.enumerated().map { ($1.id, $0) })
        for day in schedule.days {
            let dayIndex = model.dates.firstIndex { $0.description == day.date }!
            #expect(day.eighths + day.companyMoves * model.moveEighths <= model.capacity)
            #expect(day.payroll <= model.maxDailyCost!)
            for strip in day.strips {
                #expect(model.allowed[sceneIndex[strip.scene]!][dayIndex], "scene \(strip.scene)")
            }
        }
        #expect(schedule.days.flatMap(\.strips).count == 150)
    }
}
