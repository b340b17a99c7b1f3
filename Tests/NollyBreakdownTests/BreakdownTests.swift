import Foundation
import Testing

@testable import NollyBreakdown

@Suite("Breakdown of an original script")
struct BreakdownTests {
    static let fixtures = repository.appendingPathComponent("Fixtures/breakdown")

    func breakdown(_ format: String, script: String = "the-last-ferry") throws -> Breakdown {
        let file = Self.fixtures.appendingPathComponent(script).appendingPathExtension(format)
        let (screenplay, _) = try ScriptLoader.load(file.path)
        return BreakdownBuilder().breakdown(screenplay)
    }

    @Test("Full length, hand-checked: Harmattan Reel has 71 scenes, 12 speaking parts, 3 silent ones, 16 locations")
    func fullLengthScript() throws {
        let result = try breakdown("fountain", script: "harmattan-reel")
        #expect(result.title == "Harmattan Reel")
        #expect(result.totals.scenes == 71)
        #expect(result.totals.eighths >= 85 * 8, "a feature: \(result.totals.pages) pages")
        #expect(result.totals.bySetting == ["INT": 39, "EXT": 32])
        #expect(result.totals.byTime == ["DAWN": 11, "DAY": 30, "DUSK": 3, "NIGHT": 27])
        // Scenes per speaking part from the ledger kept while writing; speeches as counted
        // independently by make_formats.py.
        let speaking = Dictionary(
            uniqueKeysWithValues: result.characters.filter(\.speaking).map {
                ($0.name, "\($0.scenes.count)/\($0.speeches)")
            }
        )
        #expect(
            speaking == [
                "NGOZI": "48/217", "BISI": "30/127", "EMEKA": "28/101", "MAMA CHIOMA": "17/82", "IKENNA": "20/72",
                "AUNTY REMI": "11/61", "DANJUMA": "15/50", "TAIWO": "16/50", "KELECHI": "16/41", "OBINNA": "12/34",
                "SERGEANT ABUBAKAR": "8/33", "FATHER OKAFOR": "7/31",
            ]
        )
        #expect(result.characters.filter { !$0.speaking }.map(\.name).sorted() == ["GOATHERD", "NURSE", "TAILOR"])
        let locations = Dictionary(uniqueKeysWithValues: result.totals.locations.map { ($0.name, $0.scenes.count) })
        #expect(
            locations == [
                "MILLIKEN HILL": 2, "NGOZI'S FLAT": 6, "PRODUCTION OFFICE": 7, "MAMA CHIOMA'S HOUSE - COMPOUND": 9,
                "MAMA CHIOMA'S HOUSE - PARLOUR": 8, "EXPRESSWAY CHECKPOINT": 4, "DANJUMA'S BUS": 4, "OGBETE MARKET": 3,
                "BISI'S HOTEL ROOM": 3, "RIVERBANK": 7, "SAINT MARY'S CHURCH": 5, "HOSPITAL WARD": 2, "EMEKA'S CAR": 3,
                "RIVERBANK - SANDBANK": 1, "EDITING SUITE": 2, "CINEMA": 5,
            ]
        )
        // LATER and CONTINUOUS resolve from the scene before: the river at dawn, the cinema at night.
        #expect(result.scenes.filter { ["47", "48", "49", "50"].contains($0.number) }.allSatisfy { $0.time == "DAWN" })
        #expect(result.scenes.filter { ["65", "66", "67"].contains($0.number) }.allSatisfy { $0.time == "NIGHT" })
        #expect(result.scenes.first { $0.number == "26" }?.isActionSequence == true, "the market chase")
    }

    @Test("Hand-checked counts: 16 scenes, 6 speaking parts, 2 silent ones, 8 locations")
    func handCheckedCounts() throws {
        let result = try breakdown("fountain")
        #expect(result.title == "The Last Ferry")
        #expect(result.totals.scenes == 16)
        #expect(result.totals.locations.count == 8)
        #expect(result.totals.bySetting == ["INT": 8, "EXT": 8])
        #expect(result.totals.byTime == ["DAWN": 2, "DAY": 9, "NIGHT": 5])
        let speaking = Dictionary(
            uniqueKeysWithValues: result.characters.filter(\.speaking).map { ($0.name, $0.speeches) }
        )
        #expect(
            speaking == ["TIMI": 13, "MAMA TOBI": 12, "KUNLE": 6, "SEGUN": 6, "INSPECTOR ADA": 4, "CHIEF OKORO": 2]
        )
        #expect(result.characters.filter { !$0.speaking }.map(\.name).sorted() == ["FISHERMAN", "SURVEYORS"])
        #expect(result.totals.locations.first { $0.name == "LAGOS LAGOON - JETTY" }?.scenes == ["1", "8", "12", "16"])
        // CONTINUOUS and LATER take the time of the scene before.
        #expect(result.scenes[2].time == "DAY" && result.scenes[2].timeAsWritten == "CONTINUOUS")
        #expect(result.scenes[9].time == "DAY" && result.scenes[9].timeAsWritten == "LATER")
        #expect(result.scenes.allSatisfy { $0.eighths >= 1 })
        #expect(result.scenes[0].notes == ["Shoot at first light; the mist will not wait."])
    }

    @Test("Elements, extras and the crew they call for")
    func elementsAndCrew() throws {
        let result = try breakdown("fountain")
        #expect(result.elements["vehicles"]?.map(\.name).contains("danfo") == true)
        #expect(result.elements["animals"]?.first { $0.name == "goat" }?.scenes == ["14"])
        #expect(result.extras.first { $0.name == "traders" }?.scenes == ["3", "14"])
        let crew = Dictionary(uniqueKeysWithValues: result.crew.map { ($0.role, $0) })
        #expect(crew["gaffer"]?.scenes == ["5", "7", "8", "14", "15"])
        #expect(crew["editor"]?.scenes.count == 16)
        #expect(crew["sound engineer"]?.scenes.count == 16)
        #expect(crew["animal wrangler"]?.scenes == ["14"])
        #expect(crew["camera operator"]?.count == 2)
    }

    @Test(
        "The same script as Fountain, FDX and PDF gives the same scenes and cast",
        arguments: ["the-last-ferry", "harmattan-reel"]
    )
    func sameScriptThreeFormats(script: String) throws {
        let fountain = try breakdown("fountain", script: script)
        for format in ["fdx", "pdf"] {
            let other = try breakdown(format, script: script)
            #expect(other.scenes.map(\.location) == fountain.scenes.map(\.location), "\(format)")
            #expect(other.scenes.map(\.time) == fountain.scenes.map(\.time), "\(format)")
            #expect(other.scenes.map(\.setting) == fountain.scenes.map(\.setting), "\(format)")
            #expect(other.scenes.map(\.speakingCharacters) == fountain.scenes.map(\.speakingCharacters), "\(format)")
            #expect(
                other.characters.map { "\($0.name) \($0.speeches)" }
                    == fountain.characters.map { "\($0.name) \($0.speeches)" },
                "\(format)"
            )
        }
        #expect(try breakdown("fdx", script: script).scenes.map(\.number) == fountain.scenes.map(\.number))
    }

    @Test("Lengths in eighths follow the page: 55 lines, at least 1/8 a scene, FDX lengths win")
    func lengths() throws {
        let short = BreakdownBuilder().breakdown(
            FountainParser.parse("INT. A - DAY\n\nHi.\n\nINT. B - DAY\n\n" + String(repeating: "Line.\n", count: 110))
        )
        #expect(short.scenes[0].eighths == 1)
        #expect((15...17).contains(short.scenes[1].eighths))
        let fdx = """
            <?xml version="1.0"?><FinalDraft><Content><Paragraph Type="Scene Heading"><SceneProperties Length="1 3/8"/>\
            <Text>INT. HOUSE - NIGHT</Text></Paragraph></Content></FinalDraft>
            """
        #expect(BreakdownBuilder().breakdown(try FDXParser.parse(Data(fdx.utf8))).scenes.first?.eighths == 11)
    }

    @Test("A producer's rules file extends the lexicon and the crew rules")
    func extendedRules() throws {
        let extra = try BreakdownRules.decode(
            Data(
                #"{"categories": {"props": ["bridge model"]}, "extras": [], "action_cues": [], "crew_rules": [{"role": "drone pilot", "count": 1, "when": "category:props", "why": "props"}]}"#
                    .utf8
            )
        )
        let rules = BreakdownRules.builtIn().extended(with: extra)
        let result = BreakdownBuilder(rules: rules).breakdown(
            FountainParser.parse("INT. OFFICE - DAY\n\nA bridge model on the desk.")
        )
        #expect(result.elements["props"]?.map(\.name).contains("bridge model") == true)
        #expect(result.crew.contains { $0.role == "drone pilot" })
    }
}

@Suite("Bad script input")
struct BadScriptInputTests {
    func file(_ bytes: [UInt8], _ name: String = "script.fountain") throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("\(UUID().uuidString)-\(name)")
        try Data(bytes).write(to: url)
        return url.path
    }

    @Test("Empty, binary, missing, directory, damaged FDX and PDF inputs get a clear error")
    func refused() throws {
        let cases: [(String, String)] = [
            (try file([]), "empty"),
            (try file([0x00, 0x01, 0xFF, 0xFE, 0x00]), "binary"),
            (try file(Array("   \n\n ".utf8)), "no text"),
            ("/nonexistent/script.fountain", "cannot read"),
            (FileManager.default.temporaryDirectory.path, "directory"),
            (
                try file(
                    Array("<?xml version=\"1.0\"?><FinalDraft><Content><Paragraph Type=\"Action\"><Text>cut".utf8),
                    "x.fdx"
                ), "Final Draft"
            ),
            (try file(Array("%PDF-1.4\n%truncated".utf8), "x.pdf"), "PDF"),
        ]
        for (path, expected) in cases {
            #expect(throws: BreakdownError.self) { try ScriptLoader.load(path) }
            do {
                _ = try ScriptLoader.load(path)
            } catch {
                #expect(error.message.contains(expected), "\(path): \(error.message)")
            }
        }
    }

    @Test("A file over the size limit is refused before it is read")
    func tooLarge() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("\(UUID().uuidString).fountain")
        #expect(FileManager.default.createFile(atPath: url.path, contents: nil))
        let handle = try FileHandle(forWritingTo: url)
        try handle.truncate(atOffset: UInt64(ScriptLoader.maxBytes + 1))
        try handle.close()
        defer { try? FileManager.default.removeItem(at: url) }
        #expect(throws: BreakdownError.self) { try ScriptLoader.load(url.path) }
    }
}
