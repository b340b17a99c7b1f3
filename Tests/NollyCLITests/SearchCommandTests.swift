import Foundation
import Testing

@Suite("nollycrew search and fixtures roster")
struct SearchCommandTests {
    let nodes: ProcessNodes

    init() throws { nodes = try ProcessNodes("search") }

    func nollycrew(_ arguments: [String]) throws -> NollyCrewProcess.Result {
        try NollyCrewProcess.run(arguments + ["--data-dir", nodes.dataDir("node").path])
    }

    func prepare() throws {
        #expect(try nollycrew(["init"]).status == 0)
        let roster = try nollycrew(["fixtures", "roster", "--count", "300", "--seed", "5"])
        #expect(roster.status == 0, "\(roster.errors)")
    }

    @Test("a generated roster is searchable; pages and JSON follow the documented shape")
    func searchRoster() throws {
        try prepare()
        let again = try nollycrew(["fixtures", "roster", "--count", "300", "--seed", "5", "--json"])
        let report = try #require(try JSONSerialization.jsonObject(with: Data(again.output.utf8)) as? [String: Any])
        #expect(report["applied"] as? Int == 0)
        let first = try nollycrew([
            "search", "--kind", "actor", "--near", "Lagos", "--within-km", "80", "--limit", "5", "--json",
        ])
        #expect(first.status == 0, "\(first.errors)")
        let page = try #require(try JSONSerialization.jsonObject(with: Data(first.output.utf8)) as? [String: Any])
        let results = try #require(page["results"] as? [[String: Any]])
        #expect(results.count == 5 && (page["total"] as? Int ?? 0) > 5)
        #expect(results.allSatisfy { ($0["distance_km"] as? Double ?? 999) <= 80 && $0["user"] is String })
        let next = try #require(page["next"] as? String)
        let second = try nollycrew([
            "search", "--kind", "actor", "--near", "Lagos", "--within-km", "80", "--limit", "5", "--after", next,
            "--json",
        ])
        let secondPage = try #require(
            try JSONSerialization.jsonObject(with: Data(second.output.utf8)) as? [String: Any]
        )
        let firstUsers = Set(results.compactMap { $0["user"] as? String })
        let secondUsers = Set((secondPage["results"] as? [[String: Any]] ?? []).compactMap { $0["user"] as? String })
        #expect(!secondUsers.isEmpty && firstUsers.isDisjoint(with: secondUsers))
        let human = try nollycrew(["search", "voice over", "--facets"])
        #expect(human.status == 0 && human.output.contains("kind: "), "\(human.output)")
    }

    @Test(
        "bad search input gets a one-line coded error and a nonzero exit",
        arguments: [
            (["search", "--near", "Lagoss"], "unknown_place"),
            (["search", "--available", "2027-03-20..2027-03-03"], "inverted_range"),
            (["search", "--available", "2027-02-30..2027-03-03"], "invalid_filter"),
            (["search", "--rate-min", "lots"], "invalid_filter"),
            (["search", "--rate-min", "300000 NGN", "--rate-max", "100000 NGN"], "inverted_range"),
            (["search", "--limit", "0"], "invalid_filter"),
            (["search", "--after", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"], "invalid_cursor"),
            (["search", "--kind", "wizard"], "invalid_filter"),
            (["search", "--sort", "distance"], "invalid_filter"),
            (["fixtures", "roster", "--count", "0"], "invalid_input"),
        ]
    )
    func badInput(arguments: [String], code: String) throws {
        #expect(try nollycrew(["init"]).status == 0)
        let result = try nollycrew(arguments)
        #expect(result.status != 0)
        #expect(result.errors.contains("[\(code)]"), "\(result.errors)")
        #expect(!result.errors.contains("Backtrace"), "\(result.errors)")
    }
}
