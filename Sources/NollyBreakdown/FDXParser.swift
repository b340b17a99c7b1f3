public import Foundation

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// Final Draft FDX (XML): `Paragraph` elements with a `Type`, their `Text` runs joined, scene
/// numbers from `Number`, lengths from `SceneProperties Length` ("1 3/8"), and `DualDialogue`
/// groups (the second speaker is marked dual).
public enum FDXParser {
    public static func parse(_ data: Data) throws(BreakdownError) -> Screenplay {
        let delegate = Delegate()
        let parser = XMLParser(data: data)
        parser.delegate = delegate
        parser.shouldResolveExternalEntities = false
        guard parser.parse() else {
            throw BreakdownError(
                "not a readable Final Draft file: \(parser.parserError.map { "\($0.localizedDescription)" } ?? "invalid XML")"
            )
        }
        guard delegate.sawFinalDraft else { throw BreakdownError("not a Final Draft file (no FinalDraft element)") }
        guard delegate.depth == 0 else { throw BreakdownError("the Final Draft file is truncated (unclosed elements)") }
        return delegate.screenplay
    }

    private final class Delegate: NSObject, XMLParserDelegate {
        var screenplay = Screenplay()
        var sawFinalDraft = false
        /// Open elements; not zero at the end means the file was cut short.
        var depth = 0
        private var inContent = false
        private var inTitlePage = false
        private var paragraphType: String?
        private var paragraphNumber: String?
        private var text = ""
        private var inText = false
        private var dualDepth = 0
        private var charactersInDual = 0
        private var sceneLength: Int?
        /// Inside a `ScriptNote` or a scene `Summary`: their own paragraphs are a note on, or
        /// the synopsis of, the enclosing paragraph.
        private var noteDepth = 0
        private var noteIsSummary = false
        private var noteText = ""
        private var notes = [String]()
        private var summaries = [String]()

        func parser(
            _ parser: XMLParser,
            didStartElement name: String,
            namespaceURI: String?,
            qualifiedName: String?,
            attributes: [String: String] = [:]
        ) {
            depth += 1
            if name == "ScriptNote" || name == "Summary" {
                if noteDepth == 0 { noteIsSummary = name == "Summary" }
                noteDepth += 1
                return
            }
            if noteDepth > 0 {
                if name == "Text" { inText = true }
                return
            }
            switch name {
            case "FinalDraft": sawFinalDraft = true
            case "Content": inContent = true
            case "TitlePage": inTitlePage = true
            case "DualDialogue":
                dualDepth += 1
                charactersInDual = 0
            case "Paragraph" where inContent && !inTitlePage:
                paragraphType = attributes["Type"]
                paragraphNumber = attributes["Number"]
                text = ""
                notes = []
                summaries = []
                sceneLength = nil
            case "SceneProperties": sceneLength = attributes["Length"].flatMap(Self.eighths)
            case "Text" where paragraphType != nil: inText = true
            default: break
            }
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            guard inText else { return }
            if noteDepth > 0 { noteText += string } else { text += string }
        }

        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            depth -= 1
            if name == "ScriptNote" || name == "Summary" {
                noteDepth -= 1
                if noteDepth == 0 {
                    let collected = noteText.trimmingWhitespace()
                    if noteIsSummary { summaries.append(collected) } else { notes.append(collected) }
                    noteText = ""
                }
                return
            }
            if noteDepth > 0 {
                if name == "Text" { inText = false } else if name == "Paragraph" { noteText += " " }
                return
            }
            switch name {
            case "Content": inContent = false
            case "TitlePage": inTitlePage = false
            case "DualDialogue": dualDepth -= 1
            case "Text": inText = false
            case "Paragraph" where paragraphType != nil:
                finishParagraph()
                paragraphType = nil
            default: break
            }
        }

        private func finishParagraph() {
            let content = text.trimmingWhitespace()
            let kind: ElementKind
            switch paragraphType ?? "" {
            case "Scene Heading": kind = .sceneHeading
            case "Character": kind = .character
            case "Dialogue": kind = .dialogue
            case "Parenthetical": kind = .parenthetical
            case "Transition": kind = .transition
            case "Lyrics": kind = .lyrics
            default: kind = .action
            }
            guard !content.isEmpty || kind == .action else { return }
            var element = ScriptElement(kind, content, notes: notes.filter { !$0.isEmpty })
            if kind == .sceneHeading {
                element.sceneNumber = paragraphNumber
                if let sceneLength {
                    let index = screenplay.elements.filter { $0.kind == .sceneHeading }.count
                    screenplay.givenLengths[index] = sceneLength
                }
            }
            if kind == .character && dualDepth > 0 {
                charactersInDual += 1
                element.isDual = charactersInDual > 1
            }
            if kind == .action && content.isEmpty { return }
            screenplay.elements.append(element)
            screenplay.elements += summaries.filter { !$0.isEmpty }.map { ScriptElement(.synopsis, $0) }
        }

        /// "1 3/8" -> 11 eighths; "4/8" -> 4; "2" -> 16.
        static func eighths(_ length: String) -> Int? {
            var total = 0
            for part in length.split(separator: " ") {
                if let slash = part.firstIndex(of: "/") {
                    guard let numerator = Int(part[..<slash]), part[part.index(after: slash)...] == "8" else {
                        return nil
                    }
                    total += numerator
                } else if let whole = Int(part) {
                    total += whole * 8
                } else {
                    return nil
                }
            }
            return total > 0 ? total : nil
        }
    }
}
