/// Plain-text screenplays, including `pdftotext -layout` output: elements are recognised by
/// indentation and capitals, as a reader of a printed script would. Page numbers, `(MORE)`
/// and `(CONT'D)` continuation marks at page breaks are dropped. Text with no indentation at
/// all is Fountain-like and goes to ``FountainParser``.
public enum PlainTextParser {
    public static func parse(_ source: String) -> Screenplay {
        let lines = TextScanning.lines(FountainParser.normalizeNewlines(source).replacingFormFeeds())
        let indents = lines.filter { !$0.trimmingWhitespace().isEmpty }.map(indentation)
        let margin = indents.min() ?? 0
        guard indents.contains(where: { $0 - margin >= 10 }) else { return FountainParser.parse(source) }
        var elements = [ScriptElement]()
        var inDialogue = false
        var previousBlank = true
        for raw in lines {
            let line = raw.trimmingWhitespace()
            if line.isEmpty || isPageFurniture(line, raw: raw) {
                if line.isEmpty {
                    inDialogue = false
                    previousBlank = true
                }
                continue
            }
            let indent = indentation(raw) - margin
            defer { previousBlank = false }
            if indent < 5 && FountainParser.isSceneHeading(line) {
                elements.append(FountainParser.heading(line))
                inDialogue = false
            } else if indent >= 35 && line.hasSuffix(":") && TextScanning.isUpperCase(line) {
                elements.append(ScriptElement(.transition, line))
                inDialogue = false
            } else if indent >= 18 && indent < 35 && previousBlank && TextScanning.isUpperCase(line) {
                elements.append(ScriptElement(.character, line))
                inDialogue = true
            } else if inDialogue && indent >= 12 && line.hasPrefix("(") {
                elements.append(ScriptElement(.parenthetical, line))
            } else if inDialogue && indent >= 8 {
                if let last = elements.last, last.kind == .dialogue {
                    elements[elements.count - 1].text += "\n" + line
                } else {
                    elements.append(ScriptElement(.dialogue, line))
                }
            } else {
                inDialogue = false
                if !previousBlank, let last = elements.last, last.kind == .action {
                    elements[elements.count - 1].text += "\n" + line
                } else {
                    elements.append(ScriptElement(.action, line))
                }
            }
        }
        return Screenplay(elements: elements)
    }

    private static func indentation(_ line: String) -> Int {
        var count = 0
        for character in line {
            if character == " " { count += 1 } else if character == "\t" { count += 8 } else { break }
        }
        return count
    }

    private static func isPageFurniture(_ line: String, raw: String) -> Bool {
        if line == "(MORE)" || line == "(CONT'D)" || line == "CONTINUED:" || line == "(CONTINUED)" { return true }
        let digits = line.hasSuffix(".") ? String(line.dropLast()) : line
        return !digits.isEmpty && digits.allSatisfy(\.isNumber) && indentation(raw) > 40
    }
}

extension String {
    fileprivate func replacingFormFeeds() -> String { String(map { $0 == "\u{0C}" ? "\n" : $0 }) }

}
