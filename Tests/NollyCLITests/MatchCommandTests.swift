import Foundation
import Testing

@Suite("nollycrew match")
struct MatchCommandTests {
    let nodes: ProcessNodes

    init() throws { nodes = try ProcessNodes("match") }

    func nollycrew(_ arguments: [String]) throws -> NollyCrewProcess.Result {
        try NollyCrewProcess.run(arguments + ["--data-dir", nodes.dataDir("node").path])
    }

    func roleFile(_ json: String) throws -> String {
        let url = nodes.directory.appendingPathComponent("role-\(UUID().uuidString).json")
        try Data(json.utf8).write(to: url)
        return url.path
    }

    static let role = """
        {"title": "Inspector Ada", "role": "police officer", "description": "A tough police officer.",
         "kind": "actor", "languages": ["Igbo"], "playing_age": {"min": 25, "max": 45}, "place": "Enugu",
         "shooting_dates": "2027-03-03..2027-03-20", "budget_per_day": "200000 NGN"}
        """

    @Test("--role-file on a generated roster: the documented JSON, scores in 0...1, best first, every pick eligible")
    func roleFileMatch() throws {
        #expect(try nollycrew(["init"]).status == 0)
        #expect(try nollycrew(["fixtures", "roster", "--count", "600", "--seed", "9"]).status == 0)
        let result = try nollycrew(["match", "--role-file", try roleFile(Self.role), "--limit", "5", "--json"])
        #expect(result.status == 0, "\(result.errors)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any])
        let picks = try #require(json["recommendations"] as? [[String: Any]])
        #expect(!picks.isEmpty && picks.count <= 5)
        let scores = picks.compactMap { $0["match_score"] as? Double }
        #expect(scores.count == picks.count && scores == scores.sorted(by: >))
        #expect(scores.allSatisfy { (0...1).contains($0) })
        for pick in picks {
            let factors = try #require(pick["factors"] as? [String: Double])
            #expect(Set(factors.keys) == ["similar_roles", "rating", "availability", "budget", "distance"])
            #expect((pick["similarity"] as? Double).map { (0...1).contains($0) } == true)
            let reasons = try #require(pick["reasons"] as? [String])
            #expect(reasons.contains("speaks Igbo"))
            #expect(pick["user"] as? String != nil)
        }
        // Every pick speaks Igbo: the same search finds each of them.
        let search = try nollycrew([
            "search", "--kind", "actor", "--language", "igbo", "--limit", "200", "--json",
        ])
        let page = try #require(try JSONSerialization.jsonObject(with: Data(search.output.utf8)) as? [String: Any])
        let igbo = Set((page["results"] as? [[String: Any]] ?? []).compactMap { $0["user"] as? String })
        #expect(picks.allSatisfy { igbo.contains($0["user"] as? String ?? "") })
        let human = try nollycrew(["match", "--role-file", try roleFile(Self.role), "--limit", "2"])
        #expect(human.status == 0 && human.output.contains("eligible for Inspector Ada"), "\(human.output)")
    }

    @Test(
        "bad match input gets a one-line coded error and a nonzero exit",
        arguments: [
            ("{\"kind\": \"actor\", \"place\": \"Enugo\"}", [String](), "unknown_place"),
            ("{\"kind\": \"actor\", \"shooting_dates\": \"2027-03-20..2027-03-03\"}", [], "inverted_range"),
            ("{\"kind\": \"actor\", \"shooting_dates\": \"2027-02-30..2027-03-03\"}", [], "invalid_filter"),
            ("{\"kind\": \"actor\", \"budget_per_day\": \"lots\"}", [], "invalid_filter"),
            ("{\"kind\": \"wizard\"}", [], "invalid_role"),
            ("not json", [], "invalid_role"),
            ("{\"kind\": \"actor\"}", ["--limit", "0"], "invalid_filter"),
        ]
    )
    func badRoleFiles(json: String, extra: [String], code: String) throws {
        #expect(try nollycrew(["init"]).status == 0)
        let result = try nollycrew(["match", "--role-file", try roleFile(json)] + extra)
        #expect(result.status != 0)
        #expect(result.errors.contains("[\(code)]"), "\(result.errors)")
        #expect(!result.errors.contains("Backtrace"), "\(result.errors)")
    }

    @Test("match needs exactly one source; a missing file or job is a clear error")
    func sources() throws {
        #expect(try nollycrew(["init"]).status == 0)
        for arguments in [
            ["match"], ["match", "--job", "ab", "--role-file", "x.json"], ["match", "--breakdown-crew"],
            ["match", "--role-file", nodes.directory.appendingPathComponent("absent.json").path],
            ["match", "--job", "abcdef"],
        ] {
            let result = try nollycrew(arguments)
            #expect(result.status != 0, "\(arguments)")
            #expect(!result.errors.isEmpty && !result.errors.contains("Backtrace"), "\(arguments): \(result.errors)")
        }
    }
}
