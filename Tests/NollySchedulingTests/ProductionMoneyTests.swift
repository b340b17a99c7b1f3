import Foundation
import NollyValues
import Testing

@testable import NollyScheduling

@Suite("Money in the schedule's input")
struct ProductionMoneyTests {
    @Test("Rates and costs are Money in the production's currency")
    func amountsAreMoney() throws {
        let input = try ShootingPlannerTests.production(
            scenes: [ShootingPlannerTests.scene("1", ["Ada"])],
            extra: ["currency": "USD", "company_move_cost_minor": 2_500, "max_daily_cost_minor": 90_000_000]
        )
        #expect(input.currency == "USD")
        #expect(input.cast[0].dailyRate == (try Money(minorUnits: 10_000_000, currency: "USD")))
        #expect(input.companyMoveCost == (try Money(minorUnits: 2_500, currency: "USD")))
        #expect(input.maxDailyCost == (try Money(minorUnits: 90_000_000, currency: "USD")))
        let schedule = try ShootingPlanner(timeLimit: .milliseconds(200)).plan(input)
        #expect(schedule.currency == "USD")
    }

    @Test("The currency defaults to NGN")
    func defaultCurrency() throws {
        let input = try ShootingPlannerTests.production(scenes: [ShootingPlannerTests.scene("1", ["Ada"])])
        #expect(input.currency == "NGN")
        #expect(input.cast[1].dailyRate.currency == "NGN")
        #expect(input.companyMoveCost == nil)
    }

    @Test("A currency that is not an ISO 4217 code, or a fractional rate, is refused with a clear error")
    func badAmounts() throws {
        for bad: [String: Any] in [["currency": "naira"], ["currency": "ng"], ["currency": "NG1"]] {
            #expect(throws: SchedulingError.self) {
                try ShootingPlannerTests.production(scenes: [ShootingPlannerTests.scene("1", ["Ada"])], extra: bad)
            }
        }
        let error = #expect(throws: SchedulingError.self) {
            try ShootingPlannerTests.production(
                scenes: [ShootingPlannerTests.scene("1", ["Ada"])],
                cast: [["name": "Ada", "daily_rate_minor": 100.5]]
            )
        }
        #expect(error?.message == "cast[0].daily_rate_minor must be a whole number of minor units (kobo for NGN)")
        let missing = #expect(throws: SchedulingError.self) {
            try ShootingPlannerTests.production(
                scenes: [ShootingPlannerTests.scene("1", ["Ada"])],
                cast: [["name": "Ada"]]
            )
        }
        #expect(missing?.message == "missing key 'cast[0].daily_rate_minor'")
        let move = #expect(throws: SchedulingError.self) {
            try ShootingPlannerTests.production(
                scenes: [ShootingPlannerTests.scene("1", ["Ada"])],
                extra: ["company_move_cost_minor": "lots"]
            )
        }
        #expect(move?.message == "company_move_cost_minor must be a whole number of minor units (kobo for NGN)")
    }
}
