import Foundation

/// A Fountain 1.1 parser (fountain.io/syntax). Linear in the size of the input: the
/// boneyard and notes are removed in one pass each (an unclosed `/*` or `[[` is kept as
/// text, never searched again), then every line is classified once.
public enum FountainParser {
    public static func parse(_ source: String) -> Screenplay {
        var text = normalizeNewlines(source)
        text = removeBoneyard(text)
        var lines = TextScanning.lines(text)
        var screenplay = Screenplay()
        var index = titlePage(lines, into: &screenplay)
        // Notes are pulled out per line after the title page; a note may span lines.
        let (cleaned, notesByLine) =
            TextScanning.contains(UInt8(ascii: "["), in: text)
            ? extractNotes(Array(lines[index...])) : (Array(lines[index...]), [:])
        lines = cleaned
        index = 0
        var elements = [ScriptElement]()
        var inDialogue = false
        var pendingNotes = [String]()
        let trimmed = lines.map { $0.trimmingWhitespace() }
        func isBlank(_ position: Int) -> Bool {
            position < 0 || position >= lines.count || trimmed[position].isEmpty
        }
        func append(_ element: ScriptElement) {
            var element = element
            element.notes += pendingNotes
            pendingNotes = []
            elements.append(element)
        }
        while index < lines.count {
            let raw = lines[index]
            let line = trimmed[index]
            // A note belongs to the element on its line, or (alone on a line) to the one before.
            pendingNotes = notesByLine[index] ?? []
            defer {
                if !pendingNotes.isEmpty && !elements.isEmpty { elements[elements.count - 1].notes += pendingNotes }
                pendingNotes = []
                index += 1
            }
            if line.isEmpty {
                // Two spaces keep a dialogue going; anything else blank ends it.
                if inDialogue && raw == "  " { continue }
                inDialogue = false
                continue
            }
            let previousBlank = isBlank(index - 1)
            let nextBlank = isBlank(index + 1)
            let first = line.utf8.first!
            if first == UInt8(ascii: "=") && line.utf8.count >= 3 && line.utf8.allSatisfy({ $0 == UInt8(ascii: "=") }) {
                append(ScriptElement(.pageBreak, ""))
                inDialogue = false
                continue
            }
            if inDialogue {
                if line.hasPrefix("~") {
                    append(ScriptElement(.lyrics, line.dropFirst().trimmingWhitespace()))
                } else if line.hasPrefix("(") && line.hasSuffix(")") {
                    append(ScriptElement(.parenthetical, line))
                } else if let last = elements.last, last.kind == .dialogue {
                    elements[elements.count - 1].text += "\n" + line
                } else {
                    append(ScriptElement(.dialogue, line))
                }
                continue
            }
            if Self.markers.contains(first),
                let element = marked(line, first: first, nextIsLyric: nextBlank || trimmed[index + 1].hasPrefix("~"))
            {
                if let element {
                    append(element)
                } else {
                    appendAction(String(line.dropFirst()), raw: raw, previousBlank: previousBlank, into: &elements)
                }
                continue
            }
            if previousBlank && isSceneHeading(line) {
                append(heading(line))
                continue
            }
            if previousBlank && nextBlank && raw.hasSuffix("TO:") && TextScanning.isUpperCase(line) {
                append(ScriptElement(.transition, line))
                continue
            }
            if previousBlank && !nextBlank, let cue = characterCue(line) {
                append(ScriptElement(.character, cue.name, isDual: cue.dual))
                inDialogue = true
                continue
            }
            appendAction(line, raw: raw, previousBlank: previousBlank, into: &elements)
        }
        screenplay.elements = elements
        return screenplay
    }

    /// First bytes that may start a marked element: `! # = ~ > .`
    static let markers: Set<UInt8> = Set("!#=~>.".utf8)

    /// The element a line starting with a marker forces: `.some(nil)` for forced action (`!`),
    /// `nil` when the marker does not apply (`..`, a `~` line followed by plain text).
    static func marked(_ line: String, first: UInt8, nextIsLyric: Bool) -> ScriptElement?? {
        switch first {
        case UInt8(ascii: "!"):
            return .some(nil)
        case UInt8(ascii: "#"):
            let depth = line.prefix { $0 == "#" }.count
            return ScriptElement(.section, line.dropFirst(depth).trimmingWhitespace(), depth: depth)
        case UInt8(ascii: "="):
            return ScriptElement(.synopsis, line.dropFirst().trimmingWhitespace())
        case UInt8(ascii: "~"):
            // A lyric stands alone or among lyrics; a `~` line followed by plain text is action.
            return nextIsLyric ? ScriptElement(.lyrics, line.dropFirst().trimmingWhitespace()) : nil
        case UInt8(ascii: ">"):
            if line.hasSuffix("<") && line.utf8.count >= 2 {
                return ScriptElement(.centered, line.dropFirst().dropLast().trimmingWhitespace())
            }
            return ScriptElement(.transition, line.dropFirst().trimmingWhitespace())
        case UInt8(ascii: "."):
            return !line.hasPrefix("..") && line.utf8.count > 1 ? heading(String(line.dropFirst())) : nil
        default:
            return nil
        }
    }

    /// Consecutive action lines form one action element; a blank line starts a new one.
    private static func appendAction(
        _ text: String,
        raw: String,
        previousBlank: Bool,
        into elements: inout [ScriptElement]
    ) {
        let indented = raw.hasPrefix("\t") || raw.hasPrefix("    ") ? raw.trimmingTrailingWhitespace() : text
        if !previousBlank, let last = elements.last, last.kind == .action {
            elements[elements.count - 1].text += "\n" + indented
        } else {
            elements.append(ScriptElement(.action, indented))
        }
    }

    static func isSceneHeading(_ line: String) -> Bool {
        guard let first = line.utf8.first, first | 0x20 == UInt8(ascii: "i") || first | 0x20 == UInt8(ascii: "e") else {
            return false
        }
        let upper = line.prefix(9).uppercased()
        for prefix in ["INT./EXT", "INT/EXT", "EXT./INT", "EXT/INT", "I/E", "INT", "EXT", "EST"]
        where upper.hasPrefix(prefix) {
            let rest = upper.dropFirst(prefix.count)
            if let next = rest.first, next == "." || next == " " { return true }
        }
        return false
    }

    /// A heading with its `#number#` removed.
    static func heading(_ text: String) -> ScriptElement {
        var heading = text.trimmingWhitespace()
        var number: String?
        if heading.hasSuffix("#"), let open = heading.dropLast().lastIndex(of: "#") {
            number = String(heading[heading.index(after: open)..<heading.index(before: heading.endIndex)])
            heading = String(heading[..<open]).trimmingWhitespace()
        }
        return ScriptElement(.sceneHeading, heading, sceneNumber: number)
    }

    /// A character cue: upper case (outside an extension in parentheses), at least one
    /// letter; or forced with `@`. A trailing `^` marks dual dialogue.
    static func characterCue(_ line: String) -> (name: String, dual: Bool)? {
        var cue = line
        let dual = cue.hasSuffix("^")
        if dual { cue = String(cue.dropLast()).trimmingWhitespace() }
        if cue.hasPrefix("@") { return (String(cue.dropFirst()).trimmingWhitespace(), dual) }
        let name = cue.firstIndex(of: "(").map { String(cue[..<$0]) } ?? cue
        guard TextScanning.isUpperCase(name), !isSceneHeading(cue) else { return nil }
        guard !name.trimmingWhitespace().hasSuffix(":") else { return nil }
        return (cue, dual)
    }

    /// Title page keys of the Fountain spec and Final Draft; other keys count when they are
    /// not in capitals (so `CUT TO:` at the top of a script is a transition, not a key).
    static let titleKeys: Set<String> = [
        "title", "credit", "author", "authors", "source", "draft date", "date", "contact", "copyright", "notes",
        "revision", "format", "episode", "series",
    ]

    /// The `Key: value` block at the top, with indented continuation lines.
    private static func titlePage(_ lines: [String], into screenplay: inout Screenplay) -> Int {
        guard let first = lines.first, let colon = first.firstIndex(of: ":"),
            first[..<colon].allSatisfy({ $0.isLetter || $0 == " " }), !first[..<colon].isEmpty,
            !isSceneHeading(first),
            titleKeys.contains(first[..<colon].lowercased()) || first[..<colon].contains(where: \.isLowercase)
        else { return 0 }
        var index = 0
        while index < lines.count && !lines[index].trimmingWhitespace().isEmpty {
            let line = lines[index]
            if let colon = line.firstIndex(of: ":"), !line.hasPrefix(" "), !line.hasPrefix("\t") {
                screenplay.titlePage.append(
                    (
                        String(line[..<colon]).trimmingWhitespace(),
                        String(line[line.index(after: colon)...]).trimmingWhitespace()
                    )
                )
            } else if !screenplay.titlePage.isEmpty {
                let last = screenplay.titlePage.count - 1
                let value = screenplay.titlePage[last].value
                screenplay.titlePage[last].value = (value.isEmpty ? "" : value + "\n") + line.trimmingWhitespace()
            }
            index += 1
        }
        return index
    }

    static func normalizeNewlines(_ text: String) -> String { TextScanning.normalizeNewlines(text) }

    static func removeBoneyard(_ text: String) -> String { TextScanning.removeBoneyard(text) }

    /// Pulls `[[notes]]` out of the lines, keyed by the line where each note starts.
    static func extractNotes(_ lines: [String]) -> ([String], [Int: [String]]) {
        var cleaned = [String]()
        var notes = [Int: [String]]()
        var open: (line: Int, text: String)?
        for (index, line) in lines.enumerated() {
            if open == nil && !line.utf8.contains(UInt8(ascii: "[")) {
                cleaned.append(line)
                continue
            }
            var kept = ""
            var rest = Substring(line)
            while !rest.isEmpty {
                if var note = open {
                    if let close = rest.range(of: "]]") {
                        note.text += (note.text.isEmpty ? "" : " ") + rest[..<close.lowerBound]
                        notes[note.line, default: []].append(note.text.trimmingWhitespace())
                        open = nil
                        rest = rest[close.upperBound...]
                    } else {
                        note.text += (note.text.isEmpty ? "" : " ") + rest
                        open = note
                        rest = ""
                    }
                } else if let start = rest.range(of: "[[") {
                    kept += rest[..<start.lowerBound]
                    open = (index, "")
                    rest = rest[start.upperBound...]
                } else {
                    kept += rest
                    rest = ""
                }
            }
            cleaned.append(open != nil && kept.trimmingWhitespace().isEmpty && line.contains("[[") == false ? "" : kept)
        }
        return (cleaned, notes)
    }
}
