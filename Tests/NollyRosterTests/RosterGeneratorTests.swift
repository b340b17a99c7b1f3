import NollyMatching
import NollyRoster
import NollyValues
import Testing

@Suite("Roster generator")
struct RosterGeneratorTests {
    static let firstDay = CivilDate(parsing: "2027-01-01")!

    static func roster(seed: UInt64, count: Int) -> [GeneratedTalent] {
        var generator = RosterGenerator(seed: seed, firstDay: firstDay)
        return (0..<count).map { _ in generator.next() }
    }

    @Test("the same seed gives the same roster; another seed another", arguments: [UInt64(3), 4])
    func deterministic(seed: UInt64) {
        #expect(Self.roster(seed: seed, count: 200) == Self.roster(seed: seed, count: 200), "seed \(seed)")
        #expect(Self.roster(seed: seed, count: 50) != Self.roster(seed: seed + 100, count: 50), "seed \(seed)")
    }

    @Test("profiles are varied and well formed", arguments: [UInt64(7)])
    func varied(seed: UInt64) {
        let roster = Self.roster(seed: seed, count: 2_000)
        let roles = Set(roster.flatMap(\.roles))
        #expect(roles.isSuperset(of: ["actor", "crew", "musician", "voice_artist", "model"]), "seed \(seed)")
        let languages = Set(roster.flatMap(\.languages))
        #expect(languages.isSuperset(of: ["Yoruba", "Igbo", "Hausa", "Pidgin", "Efik", "English", "French"]))
        #expect(Set(roster.map(\.city)).count >= 15)
        #expect(roster.filter { $0.city == "Lagos" || $0.city == "Lekki" }.count > 500)
        #expect(Set(roster.map(\.displayName)).count > 800, "of 45 × 26 name pairs")
        for talent in roster {
            #expect(!talent.skills.isEmpty || !talent.instruments.isEmpty, "seed \(seed) #\(talent.index)")
            #expect(talent.dayRate.map { $0.currency == "NGN" && $0.minorUnits > 0 } ?? true)
            #expect(talent.bookedDates.allSatisfy { (Self.firstDay.day..<Self.firstDay.day + 180).contains($0.day) })
            #expect(talent.playingAges.map { $0.lowerBound >= 16 && $0.upperBound <= 72 } ?? true)
            #expect(talent.ratings.allSatisfy { (1...5).contains($0.stars) && $0.rater < RosterGenerator.raterCount })
            #expect(Set(talent.ratings.map(\.rater)).count == talent.ratings.count, "one rating per rater")
            #expect(talent.point.kilometres(to: Gazetteer.builtIn.place(named: talent.city)!.point) < 30)
            #expect(talent.bio.count <= 4_000 && talent.headline.count <= 200)
            #expect(talent.credits.allSatisfy { $0.count <= 200 })
        }
        #expect(roster.contains { !$0.ratings.isEmpty } && roster.contains(where: \.verified))
        #expect(roster.contains { !$0.credits.isEmpty } && roster.contains { $0.dayRate == nil })
    }
}
