import Foundation
import Testing

@testable import NollyBreakdown

let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()
let edgeCases = repository.deletingLastPathComponent().appendingPathComponent("shared/screenplays/edge-cases")

func kinds(_ text: String) -> [ElementKind] { FountainParser.parse(text).elements.map(\.kind) }

@Suite("Fountain syntax")
struct FountainTests {
    @Test("Scene headings: every prefix, any case, forced, numbered")
    func sceneHeadings() throws {
        let parsed = FountainParser.parse(
            try String(
                contentsOf: edgeCases.appendingPathComponent("nyousefi-Fountain__SceneHeaders.fountain"),
                encoding: .utf8
            )
        )
        let headings = parsed.elements.filter { $0.kind == .sceneHeading }.map(\.text)
        #expect(headings.contains("INT/EXT. HOUSE - DAY") && headings.contains("I/E HOUSE DAY"))
        #expect(
            headings.contains("KITCHEN") && headings.contains("int. house - day") && headings.contains("EST HOUSE DAY")
        )
        #expect(!headings.contains { $0.contains("not a scene header") })
        let numbered = FountainParser.parse(
            try String(
                contentsOf: edgeCases.appendingPathComponent("nyousefi-Fountain__SceneNumbers.fountain"),
                encoding: .utf8
            )
        )
        #expect(numbered.elements.compactMap(\.sceneNumber) == ["1", "1A", "1a", "A1", "I-1-A", "1.", "110A"])
        #expect(numbered.elements.last?.text == "INT. HOUSE - DAY - FLASHBACK (1944)")
    }

    @Test("Dialogue, extensions, parentheticals, dual dialogue, forced cues and lyrics")
    func dialogue() {
        #expect(kinds("ADAM\nYes.\n\nEVE ^\nNo.") == [.character, .dialogue, .character, .dialogue])
        #expect(FountainParser.parse("ADAM\nYes.\n\nEVE ^\nNo.").elements[2].isDual)
        #expect(kinds("\nBOB (V.O.)\n(quietly)\nHello.\n") == [.character, .parenthetical, .dialogue])
        #expect(FountainParser.parse("@McDUCK\nI'm vegan.").elements.first?.text == "McDUCK")
        #expect(kinds("SINGER\n~These are the songs\n~That I sing.") == [.character, .lyrics, .lyrics])
        #expect(kinds("DAN\nLine one.\n  \nLine two.") == [.character, .dialogue])
    }

    @Test("Transitions, centred text, page breaks, sections, synopses, notes")
    func otherElements() {
        #expect(kinds("\nCUT TO:\n\nEXT. X - DAY\n") == [.transition, .sceneHeading])
        #expect(kinds("> Centered <\n\n> Not centered") == [.centered, .transition])
        #expect(kinds("A.\n\n===\n\nB.") == [.action, .pageBreak, .action])
        let sections = FountainParser.parse("# Act\n\n## Sequence\n\n= A synopsis.")
        #expect(sections.elements.map(\.kind) == [.section, .section, .synopsis])
        #expect(sections.elements.map(\.depth) == [1, 2, 0])
        let notes = FountainParser.parse("This is an [[internal]] note.")
        #expect(notes.elements.first?.text == "This is an  note." && notes.elements.first?.notes == ["internal"])
    }

    @Test("The boneyard is never counted, and an unclosed or one-line boneyard never hangs")
    func boneyard() {
        #expect(kinds("A.\n\n/* INT. HIDDEN - DAY\n\nBOB\nHi. */\n\nB.") == [.action, .action])
        #expect(FountainParser.parse("x /* y */ z").elements.first?.text == "x  z")
        #expect(FountainParser.parse("/* never closed\n\nINT. HOUSE - DAY").elements.count == 2)
        let start = ContinuousClock.now
        _ = FountainParser.parse(String(repeating: "/* a */ /* b ", count: 20_000))
        #expect(ContinuousClock.now - start < .seconds(2))
    }

    @Test("Title page, CRLF, BOM, tabs and Unicode")
    func encodingDetails() {
        let parsed = FountainParser.parse(
            "\u{FEFF}Title: Ìjà\r\nAuthor:\r\n\tAdé\r\n\r\nEXT. ÒKÈ - NIGHT\r\n\r\nÀDÚNNÍ\r\nẸ káàbọ̀.\r\n"
        )
        #expect(parsed.titlePage.map(\.key) == ["Title", "Author"])
        #expect(parsed.titlePage[1].value == "Adé")
        #expect(parsed.elements.map(\.kind) == [.sceneHeading, .character, .dialogue])
    }

    @Test(
        "Every shared edge case parses quickly",
        arguments: try! FileManager.default.contentsOfDirectory(atPath: edgeCases.path).filter {
            $0.hasSuffix(".fountain")
        }
    )
    func edgeCase(file: String) throws {
        let start = ContinuousClock.now
        let (screenplay, _) = try ScriptLoader.load(edgeCases.appendingPathComponent(file).path)
        #expect(ContinuousClock.now - start < .seconds(1))
        _ = BreakdownBuilder().breakdown(screenplay)
    }

    @Test(
        "FDX edge cases parse, with their paragraph types",
        arguments: try! FileManager.default.contentsOfDirectory(atPath: edgeCases.path).filter { $0.hasSuffix(".fdx") }
    )
    func fdxEdgeCase(file: String) throws {
        let (screenplay, format) = try ScriptLoader.load(edgeCases.appendingPathComponent(file).path)
        #expect(format == .fdx)
        #expect(!screenplay.elements.isEmpty)
    }
}

/// The jouvence vectors: each case's input and the element types a parser should give.
@Suite("Jouvence vectors")
struct JouvenceTests {
    struct Case {
        let input: String
        let expected: [String]
    }

    static func cases() -> [(String, Int)] {
        let folder = edgeCases.appendingPathComponent("jouvence-tests")
        let files = (try? FileManager.default.contentsOfDirectory(atPath: folder.path))?.sorted() ?? []
        return files.flatMap { file in (0..<load(folder.appendingPathComponent(file)).count).map { (file, $0) } }
    }

    /// Reads the small YAML dialect of the vectors: `in:` as a `|` block or a quoted string,
    /// `out:` as a list of quoted strings whose first character is the element type.
    static func load(_ url: URL) -> [Case] {
        guard let text = try? String(contentsOf: url, encoding: .utf8) else { return [] }
        return text.components(separatedBy: "\n---").compactMap { document in
            var input = [String]()
            var output = [String]()
            var section = ""
            for line in document.split(separator: "\n", omittingEmptySubsequences: false) {
                if line.hasPrefix("in:") {
                    let value = line.dropFirst(3).trimmingCharacters(in: .whitespaces)
                    section = value == "|" ? "in" : ""
                    if value.hasPrefix("\"") { input = [unquote(value)] }
                    continue
                }
                if line.hasPrefix("out:") {
                    section = "out"
                    continue
                }
                if line.hasPrefix("title:") {
                    section = "title"
                    continue
                }
                if section == "in" { input.append(line.hasPrefix("    ") ? String(line.dropFirst(4)) : String(line)) }
                if section == "out", line.hasPrefix("    - ") {
                    output.append(unquote(line.dropFirst(6).trimmingCharacters(in: .whitespaces)))
                }
            }
            guard !output.isEmpty || !input.isEmpty else { return nil }
            return Case(input: input.joined(separator: "\n"), expected: output)
        }
    }

    /// A YAML double- or single-quoted scalar.
    static func unquote(_ text: String) -> String {
        guard let quote = text.first, quote == "\"" || quote == "'", text.count >= 2 else { return text }
        let body = text.dropFirst().dropLast()
        guard quote == "\"" else { return body.replacingOccurrences(of: "''", with: "'") }
        var result = ""
        var escaping = false
        for character in body {
            if escaping {
                result.append(character == "n" ? "\n" : character == "t" ? "\t" : character)
                escaping = false
            } else if character == "\\" {
                escaping = true
            } else {
                result.append(character)
            }
        }
        return result
    }

    /// Our element types as jouvence's codes, with its conventions: consecutive action
    /// paragraphs are one action, empty actions are dropped, centred text is action.
    static func codes(_ screenplay: Screenplay) -> [String] {
        var codes = [String]()
        for element in screenplay.elements {
            let code: String
            switch element.kind {
            case .sceneHeading: code = "."
            case .action, .centered: code = "!"
            case .character: code = "@"
            case .dialogue: code = "="
            case .parenthetical: code = "_"
            case .transition: code = ">"
            case .pageBreak: code = "<"
            case .lyrics: code = "~"
            case .section: code = "#"
            case .synopsis: code = "+"
            }
            if code == "!" && codes.last == "!" { continue }
            codes.append(code)
        }
        return codes
    }

    @Test("Element types match the vector", arguments: cases())
    func vector(file: String, index: Int) {
        let testCase = Self.load(edgeCases.appendingPathComponent("jouvence-tests").appendingPathComponent(file))[index]
        var expected = [String]()
        for output in testCase.expected {
            let code = String(output.prefix(1))
            // Jouvence emits an empty action for leading blank lines: no element at all here.
            // Jouvence keeps runs of blank lines as empty actions: no element here.
            if code == "!" && output.dropFirst().allSatisfy(\.isWhitespace) { continue }
            if code == "!" && expected.last == "!" { continue }
            expected.append(code)
        }
        #expect(Self.codes(FountainParser.parse(testCase.input)) == expected, "\(file) case \(index)")
    }
}
