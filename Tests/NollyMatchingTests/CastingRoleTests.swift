import Foundation
import NollyMatching
import NollyValues
import Testing

@Suite("Role files")
struct CastingRoleTests {
    static let kinds = ["actor", "crew", "musician", "voice_artist", "model"]

    static func role(_ json: String) throws(SearchError) -> CastingRole {
        try CastingRole(roleFile: Data(json.utf8), knownKinds: kinds)
    }

    static func code(_ json: String) -> SearchError.Code? {
        do {
            _ = try role(json)
            return nil
        } catch {
            return error.kind
        }
    }

    @Test("a complete role file")
    func complete() throws {
        let role = try Self.role(
            """
            {"title": "Inspector Ada", "role": "police officer", "description": "Tough.", "kind": "actor",
             "required_skills": ["stage combat"], "preferred_skills": ["horse riding"], "languages": ["Igbo"],
             "playing_age": {"min": 30, "max": 40}, "place": "enugu", "within_km": 30,
             "shooting_dates": "2027-03-03..2027-03-20", "budget_per_day": "200000 NGN", "availability_required": true}
            """
        )
        #expect(role.roleName == "police officer" && role.kind == "actor")
        #expect(role.playingAges == 30...40 && role.withinKilometres == 30)
        #expect(role.placeLabel == "Enugu" && role.place != nil)
        #expect(role.budgetPerDay == (try Money(parsing: "200000 NGN")))
        #expect(role.availabilityRequired)
        let eligibility = role.eligibility
        #expect(eligibility.kinds == ["actor"] && eligibility.skills == ["stage combat"])
        #expect(eligibility.languages == ["Igbo"] && eligibility.ages == 30...40)
        #expect(eligibility.available == role.shootingDates)
    }

    @Test(
        "bad role files get a coded error, never a crash",
        arguments: [
            ("", SearchError.Code.invalidRole),
            ("[]", .invalidRole),
            ("{\"kind\": 3}", .invalidRole),
            ("{\"title\": \"x\"}", .invalidRole),
            ("{\"kind\": \"wizard\"}", .invalidRole),
            ("{\"kind\": \"actor\", \"playing_age\": {\"min\": 40, \"max\": 30}}", .invertedRange),
            ("{\"kind\": \"actor\", \"playing_age\": {\"min\": -1, \"max\": 30}}", .invalidFilter),
            ("{\"kind\": \"actor\", \"shooting_dates\": \"2027-03-20..2027-03-03\"}", .invertedRange),
            ("{\"kind\": \"actor\", \"shooting_dates\": \"March\"}", .invalidFilter),
            ("{\"kind\": \"actor\", \"budget_per_day\": \"lots\"}", .invalidFilter),
            ("{\"kind\": \"actor\", \"budget_per_day\": \"-5 NGN\"}", .invalidFilter),
            ("{\"kind\": \"actor\", \"place\": \"Atlantis\"}", .unknownPlace),
            ("{\"kind\": \"actor\", \"title\": \"\(String(repeating: "x", count: 201))\"}", .invalidRole),
        ]
    )
    func badFiles(_ json: String, _ expected: SearchError.Code) {
        #expect(Self.code(json) == expected, "\(json.prefix(60))")
    }

    @Test("an oversized file is refused before it is parsed")
    func oversized() {
        let padding = String(repeating: " ", count: CastingRole.maximumFileBytes)
        #expect(Self.code("{\"kind\": \"actor\"}" + padding) == .invalidRole)
    }

    @Test("an unknown city suggests the nearest names")
    func unknownCitySuggests() {
        do {
            _ = try Self.role("{\"kind\": \"actor\", \"place\": \"Enugo\"}")
            Issue.record("Enugo was accepted")
        } catch {
            #expect(error.kind == .unknownPlace)
            #expect((error.hint ?? error.message).contains("Enugu"))
        }
    }
}
