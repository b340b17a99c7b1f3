import NollyMatching
import NollyValues
import Testing

@Suite("Profile strength")
struct ProfileStrengthTests {
    static let today = CivilDate(parsing: "2027-03-01")!

    static var complete: ProfileFacts {
        var facts = ProfileFacts()
        facts.mediaCount = 2
        facts.bio = String(repeating: "Trained in Lagos. ", count: 12)
        facts.hasDayRate = true
        facts.availabilityUpdated = CivilDate(parsing: "2027-02-20")
        facts.skills = ["stage combat", "DOP"]
        facts.languages = ["Yoruba"]
        facts.hasPlace = true
        facts.credits = 1
        return facts
    }

    @Test("a complete profile scores 100 with nothing to add; an empty one scores 0")
    func bounds() {
        let full = ProfileStrength(Self.complete, today: Self.today)
        #expect(full.score == 100 && full.suggestions.isEmpty)
        let empty = ProfileStrength(ProfileFacts(), today: Self.today)
        #expect(empty.score == 0)
        #expect(empty.suggestions.map(\.points).reduce(0, +) == 100)
        #expect(empty.suggestions.first?.code == "no_headshot")
        #expect(empty.suggestions.map(\.points) == empty.suggestions.map(\.points).sorted(by: >))
        #expect(ProfileStrength.weights.values.reduce(0, +) == 100)
    }

    @Test("each missing factor costs its points and says so")
    func eachFactor() {
        let cases: [(String, (inout ProfileFacts) -> Void)] = [
            (
                "no_headshot",
                {
                    $0.mediaCount = 0
                    $0.links = ["https://youtu.be/x"]
                }
            ),
            ("short_bio", { $0.bio = "Actor." }),
            ("no_reel", { $0.mediaCount = 1 }),
            ("no_day_rate", { $0.hasDayRate = false }),
            ("stale_availability", { $0.availabilityUpdated = CivilDate(parsing: "2026-12-01") }),
            ("stale_availability", { $0.availabilityUpdated = nil }),
            ("no_languages", { $0.languages = [] }),
            ("unknown_skills", { $0.skills = ["stage combat", "cinematografer"] }),
            ("no_skills", { $0.skills = [] }),
            ("no_place", { $0.hasPlace = false }),
            ("no_credits", { $0.credits = 0 }),
        ]
        for (code, change) in cases {
            var facts = Self.complete
            change(&facts)
            let strength = ProfileStrength(facts, today: Self.today)
            #expect(strength.score < 100, "\(code)")
            #expect(strength.suggestions.map(\.code) == [code], "\(code): \(strength.suggestions)")
            #expect(strength.score + strength.suggestions[0].points == 100, "\(code)")
        }
    }

    @Test("an unknown skill is offered its nearest known spelling; a short bio earns partial points")
    func details() {
        var facts = Self.complete
        facts.skills = ["cinematografer"]
        let strength = ProfileStrength(facts, today: Self.today)
        #expect(strength.suggestions.first?.message.contains("did you mean 'cinematographer'") == true)
        facts = Self.complete
        facts.bio = String(repeating: "x", count: 100)
        let half = ProfileStrength(facts, today: Self.today)
        #expect(half.score == 100 - 8 && half.suggestions.first?.message.contains("100 characters") == true)
        #expect(SkillVocabulary.builtIn.knows("Make-up artist") && SkillVocabulary.builtIn.knows("MUA"))
        #expect(SkillVocabulary.builtIn.nearest(to: "zzzzzzzz") == nil)
    }
}
