import Foundation
import Testing

@testable import NollyScheduling

@Suite("Schedule input detection")
struct ScheduleInputTests {
    @Test("Each input format is read as its own kind, by its contents")
    func formats() throws {
        let talent = "tiny\n2\n1\n1 1 10\n1 2\n"
        guard case .talent(let problem) = try ScheduleInput(data: Data(talent.utf8)) else {
            Issue.record("Stuckey text was not read as a talent problem")
            return
        }
        #expect(problem.sceneCount == 2)
        let allocation = #"{"actors":["Ada"],"pay":[5],"scenes":[["Ada"],["Ada"]],"max_days":2,"max_scenes_per_day":1}"#
        guard case .allocation = try ScheduleInput(data: Data(allocation.utf8)) else {
            Issue.record("a scene allocation document was not read as one")
            return
        }
        let production = try JSONSerialization.data(withJSONObject: [
            "start_date": "2027-03-01", "cast": [["name": "Ada", "daily_rate_minor": 100]],
            "scenes": [
                ["id": "1", "setting": "INT", "time": "DAY", "location": "House", "eighths": 8, "cast": ["Ada"]]
            ],
        ])
        guard case .production(let input) = try ScheduleInput(data: production) else {
            Issue.record("a production was not read as one")
            return
        }
        #expect(input.cast.count == 1)
    }

    @Test(
        "Input that is none of them is refused with the reader's error",
        arguments: ["", "{}", "{\"max_scenes_per_day\": 2}", "nonsense"]
    )
    func refused(text: String) {
        #expect(throws: SchedulingError.self) { try ScheduleInput(data: Data(text.utf8)) }
    }
}
