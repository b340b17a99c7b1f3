import Foundation

/// Turns a parsed screenplay into a ``Breakdown``: scenes with their lengths in eighths,
/// cast, extras and elements, the crew each scene calls for, and totals.
public struct BreakdownBuilder: Sendable {
    /// Lines on a page of 12-point Courier.
    public static let linesPerPage = 55
    static let times: Set<String> = [
        "DAY", "NIGHT", "DAWN", "DUSK", "MORNING", "AFTERNOON", "EVENING", "SUNSET", "SUNRISE", "MIDNIGHT", "NOON",
        "LATE NIGHT", "EARLY MORNING", "MAGIC HOUR", "CONTINUOUS", "LATER", "MOMENTS LATER", "SAME", "SAME TIME",
    ]
    static let relativeTimes: Set<String> = ["CONTINUOUS", "LATER", "MOMENTS LATER", "SAME", "SAME TIME"]
    static let nightTimes: Set<String> = ["NIGHT", "MIDNIGHT", "LATE NIGHT", "EVENING", "DUSK"]
    static let notNames: Set<String> = [
        "INT", "EXT", "CUT", "FADE", "IN", "OUT", "TO", "CONTINUED", "CONT'D", "POV", "V.O", "O.S", "CU", "TV", "OK",
        "THE", "END", "SUPER", "TITLE", "INSERT", "BACK", "FLASHBACK", "MONTAGE", "SERIES", "OF", "SHOTS", "ANGLE",
        "ON", "CLOSE", "WIDE", "DISSOLVE", "SMASH", "MATCH", "INTERCUT", "LATER", "DAY", "NIGHT", "A", "I", "AND",
    ]

    private let rules: BreakdownRules
    private let lexicon: [String: String]
    private let extrasWords: Set<String>
    private let actionCues: Set<String>
    private let longestPhrase: Int

    public init(rules: BreakdownRules = .builtIn()) {
        self.rules = rules
        var lexicon = [String: String]()
        for (category, words) in rules.categories.sorted(by: { $0.key < $1.key }) {
            for word in words where lexicon[word.lowercased()] == nil { lexicon[word.lowercased()] = category }
        }
        self.lexicon = lexicon
        extrasWords = Set(rules.extras.map { $0.lowercased() })
        actionCues = Set(rules.actionCues.map { $0.lowercased() })
        longestPhrase = max(
            1,
            (lexicon.keys.map { $0.split(separator: " ").count } + rules.extras.map { $0.split(separator: " ").count })
                .max() ?? 1
        )
    }

    public func breakdown(_ screenplay: Screenplay) -> Breakdown {
        let speakers = Set(screenplay.elements.filter { $0.kind == .character }.map { Self.characterName($0.text) })
        let introduced = Set(
            screenplay.elements.filter { $0.kind == .action }.flatMap { Self.capitalisedRuns(Self.tokens($0.text)) }
                .filter(\.introduces).map(\.name)
        )
        var scenes = [Breakdown.Scene]()
        var characters = [String: Breakdown.Character]()
        var extras = [String: [String]]()
        var elements = [String: [String: [String]]]()
        var current: SceneAccumulator?
        var sceneIndex = 0
        var previousTime = "DAY"

        func finish() {
            guard var scene = current else { return }
            let given = screenplay.givenLengths[sceneIndex - 1]
            let eighths = given ?? max(1, Int((Double(scene.lines) * 8 / Double(Self.linesPerPage)).rounded()))
            scene.result.eighths = eighths
            scene.result.pages = Self.pages(eighths)
            scene.result.speakingCharacters = scene.speaking.sorted()
            scene.result.nonSpeakingCharacters = scene.mentioned.subtracting(scene.speaking).sorted()
            scene.result.extras = scene.extras.sorted()
            scene.result.elements = scene.elements.mapValues { $0.sorted() }
            let number = scene.result.number
            for name in scene.speaking.union(scene.mentioned) {
                characters[
                    name,
                    default: .init(
                        name: name,
                        speaking: speakers.contains(name),
                        speeches: 0,
                        dialogueLines: 0,
                        scenes: []
                    )
                ]
                .scenes.append(number)
            }
            for (name, count) in scene.speeches {
                characters[name]?.speeches += count
                characters[name]?.dialogueLines += scene.dialogueLines[name, default: 0]
            }
            for name in scene.extras { extras[name, default: []].append(number) }
            for (category, names) in scene.elements {
                for name in names { elements[category, default: [:]][name, default: []].append(number) }
            }
            scenes.append(scene.result)
            current = nil
        }

        var lastSpeaker: String?
        for element in screenplay.elements {
            if element.kind != .sceneHeading { current?.result.notes += element.notes }
            switch element.kind {
            case .sceneHeading:
                finish()
                sceneIndex += 1
                let parsed = Self.parseHeading(element.text)
                var time = parsed.time
                var written: String?
                if time.isEmpty || Self.relativeTimes.contains(time) {
                    written = time.isEmpty ? nil : time
                    time = previousTime
                }
                previousTime = time
                current = SceneAccumulator(
                    result: Breakdown.Scene(
                        number: element.sceneNumber ?? String(sceneIndex),
                        heading: element.text,
                        setting: parsed.setting,
                        location: parsed.location,
                        time: time,
                        timeAsWritten: written,
                        eighths: 0,
                        pages: "",
                        speakingCharacters: [],
                        nonSpeakingCharacters: [],
                        extras: [],
                        elements: [:],
                        synopsis: [],
                        notes: element.notes,
                        hasDialogue: false,
                        isActionSequence: false
                    ),
                    lines: 2
                )
            case .character:
                guard current != nil else { continue }
                let name = Self.characterName(element.text)
                lastSpeaker = name
                current!.speaking.insert(name)
                current!.speeches[name, default: 0] += 1
                current!.lines += 1
            case .dialogue:
                guard current != nil else { continue }
                let lines = Self.wrappedLines(element.text, width: 35)
                current!.lines += lines + 1
                current!.result.hasDialogue = true
                if let speaker = lastSpeaker { current!.dialogueLines[speaker, default: 0] += lines }
            case .parenthetical:
                current?.lines += Self.wrappedLines(element.text, width: 25)
            case .action:
                guard current != nil else { continue }
                current!.lines += Self.wrappedLines(element.text, width: 60) + 1
                scanAction(element.text, speakers: speakers, introduced: introduced, into: &current!)
            case .transition:
                current?.lines += 2
            case .centered, .lyrics:
                guard current != nil else { continue }
                current!.lines += Self.wrappedLines(element.text, width: 60) + 1
                if element.kind == .lyrics { current!.elements["music", default: []].insert("lyrics") }
            case .synopsis:
                current?.result.synopsis.append(element.text)
            case .section, .pageBreak:
                continue
            }
        }
        finish()

        var crew = [Breakdown.CrewNeed]()
        for rule in rules.crewRules {
            let causing = scenes.filter { Self.applies(rule.when, to: $0) }.map(\.number)
            guard !causing.isEmpty else { continue }
            if let existing = crew.firstIndex(where: { $0.role == rule.role }) {
                crew[existing].count = max(crew[existing].count, rule.count)
                crew[existing].scenes = Array(Set(crew[existing].scenes + causing)).sorted(by: Self.sceneOrder)
            } else {
                crew.append(.init(role: rule.role, count: rule.count, reason: rule.why, scenes: causing))
            }
        }
        var locations = [String: [String]]()
        var locationOrder = [String]()
        for scene in scenes {
            if locations[scene.location] == nil { locationOrder.append(scene.location) }
            locations[scene.location, default: []].append(scene.number)
        }
        let eighths = scenes.reduce(0) { $0 + $1.eighths }
        return Breakdown(
            title: screenplay.titlePage.first { $0.key.lowercased() == "title" }?.value,
            scenes: scenes,
            characters: characters.values.sorted { ($1.speeches, $0.name) < ($0.speeches, $1.name) },
            extras: extras.map { Breakdown.Element(name: $0.key, scenes: $0.value) }.sorted { $0.name < $1.name },
            elements: elements.mapValues {
                $0.map { Breakdown.Element(name: $0.key, scenes: $0.value) }.sorted { $0.name < $1.name }
            },
            crew: crew,
            totals: .init(
                scenes: scenes.count,
                eighths: eighths,
                pages: Self.pages(eighths),
                bySetting: Dictionary(grouping: scenes, by: \.setting).mapValues(\.count),
                byTime: Dictionary(grouping: scenes, by: \.time).mapValues(\.count),
                locations: locationOrder.map { .init(name: $0, scenes: locations[$0]!) }
            )
        )
    }

    private struct SceneAccumulator {
        var result: Breakdown.Scene
        var lines: Int
        var speaking: Set<String> = []
        var mentioned: Set<String> = []
        var extras: Set<String> = []
        var elements: [String: Set<String>] = [:]
        var speeches: [String: Int] = [:]
        var dialogueLines: [String: Int] = [:]
    }

    /// Lexicon words and phrases, extras, action cues, and the capitalised names and nouns
    /// of one action paragraph.
    private func scanAction(
        _ text: String,
        speakers: Set<String>,
        introduced: Set<String>,
        into scene: inout SceneAccumulator
    ) {
        let tokens = Self.tokens(text)
        let lower = tokens.map { $0.word.lowercased() }
        var index = 0
        while index < tokens.count {
            var matched = 1
            for length in stride(from: min(longestPhrase, tokens.count - index), through: 1, by: -1) {
                let phrase = lower[index..<(index + length)].joined(separator: " ")
                if let category = lexicon[phrase] {
                    scene.elements[category, default: []].insert(phrase)
                    matched = length
                    break
                }
                if extrasWords.contains(phrase) {
                    scene.extras.insert(phrase)
                    matched = length
                    break
                }
            }
            if actionCues.contains(lower[index]) { scene.result.isActionSequence = true }
            index += matched
        }
        // Capitalised runs: characters (speaking, or introduced with an age), or nouns.
        for run in Self.capitalisedRuns(tokens) {
            let phrase = run.name.lowercased()
            if speakers.contains(run.name) || introduced.contains(run.name) {
                scene.mentioned.insert(run.name)
            } else if let category = lexicon[phrase] {
                scene.elements[category, default: []].insert(phrase)
            } else if extrasWords.contains(phrase) {
                scene.extras.insert(phrase)
            } else {
                scene.elements["props", default: []].insert(phrase)
            }
        }
    }

    /// Runs of capitalised words in action text, and whether each introduces a character
    /// in the screenplay convention `NAME, 40,` (a comma, then an age).
    static func capitalisedRuns(_ tokens: [Token]) -> [(name: String, introduces: Bool)] {
        var runs = [(name: String, introduces: Bool)]()
        var start = 0
        while start < tokens.count {
            guard tokens[start].isCapitalised else {
                start += 1
                continue
            }
            var end = start
            while end + 1 < tokens.count && tokens[end + 1].isCapitalised && tokens[end].followedBy == " " { end += 1 }
            let words = tokens[start...end].map(\.word).filter { !notNames.contains($0) }
            if !words.isEmpty && words.joined().count >= 2 {
                let introduces =
                    tokens[end].followedBy == "," && end + 1 < tokens.count
                    && tokens[end + 1].word.first.map(\.isNumber) == true
                runs.append((words.joined(separator: " "), introduces))
            }
            start = end + 1
        }
        return runs
    }

    struct Token {
        var word: String
        /// The punctuation right after the word (`,`, `.`, `(`, ...), or " ".
        var followedBy: Character?
        var isCapitalised: Bool
    }

    static func tokens(_ text: String) -> [Token] {
        var tokens = [Token]()
        var word = ""
        func end(_ next: Character?) {
            guard !word.isEmpty else { return }
            let letters = word.filter(\.isLetter)
            let capitalised = letters.count >= 2 && letters.allSatisfy(\.isUppercase)
            tokens.append(Token(word: word, followedBy: next, isCapitalised: capitalised))
            word = ""
        }
        for character in text {
            if character.isLetter || character.isNumber || character == "'" || character == "-" || character == "’" {
                word.append(character)
            } else {
                end(character.isWhitespace ? " " : character)
                if character == "(", let last = tokens.last, last.followedBy == " " {
                    tokens[tokens.count - 1].followedBy = "("
                }
            }
        }
        end(nil)
        return tokens
    }

    static func applies(_ condition: String, to scene: Breakdown.Scene) -> Bool {
        switch condition {
        case "always": return true
        case "night": return nightTimes.contains(scene.time)
        case "dialogue": return scene.hasDialogue
        case "cast": return !scene.speakingCharacters.isEmpty || !scene.nonSpeakingCharacters.isEmpty
        case "action_sequence": return scene.isActionSequence || !(scene.elements["stunts"] ?? []).isEmpty
        case "extras": return !scene.extras.isEmpty
        case "exterior": return scene.setting.contains("EXT")
        default:
            guard condition.hasPrefix("category:") else { return false }
            return !(scene.elements[String(condition.dropFirst("category:".count))] ?? []).isEmpty
        }
    }

    /// "BOB (V.O.)" -> "BOB"; "@McGregor" -> "MCGREGOR"; "BOB^" -> "BOB".
    static func characterName(_ cue: String) -> String {
        var name = cue
        if let open = name.firstIndex(of: "(") { name = String(name[..<open]) }
        name = name.replacingOccurrences("CONT'D", "").replacingOccurrences("CONT’D", "")
        return name.filter { $0 != "^" && $0 != "@" }.split(whereSeparator: \.isWhitespace).joined(separator: " ")
            .uppercased()
    }

    /// Setting, location and time from a scene heading.
    static func parseHeading(_ heading: String) -> (setting: String, location: String, time: String) {
        let upper = heading.uppercased()
        var setting = "INT"
        var rest = Substring(upper)
        for (prefix, value) in [
            ("INT./EXT", "INT/EXT"), ("INT/EXT", "INT/EXT"), ("EXT./INT", "INT/EXT"), ("EXT/INT", "INT/EXT"),
            ("I/E", "INT/EXT"), ("INT", "INT"), ("EXT", "EXT"), ("EST", "EXT"),
        ] where upper.hasPrefix(prefix) {
            setting = value
            rest = upper.dropFirst(prefix.count)
            break
        }
        rest = rest.drop { $0 == "." || $0 == " " }
        var parts = String(rest).replacingOccurrences("--", " - ").replacingOccurrences("—", " - ")
            .replacingOccurrences("–", " - ").split(separator: " - ").map { $0.trimmingWhitespace() }.filter {
                !$0.isEmpty
            }
        var time = ""
        if let last = parts.last, times.contains(last.trimmingCharacters(".")) {
            time = last.trimmingCharacters(".")
            parts.removeLast()
        }
        let location = parts.joined(separator: " - ").split(whereSeparator: \.isWhitespace).joined(separator: " ")
            .trimmingCharacters(".,")
        return (setting, location.isEmpty ? "UNKNOWN" : location, time)
    }

    /// Lines `text` takes when wrapped at `width` characters.
    static func wrappedLines(_ text: String, width: Int) -> Int {
        var total = 0
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            total += max(1, (line.count + width - 1) / width)
        }
        return total
    }

    /// 13 eighths -> "1 5/8".
    public static func pages(_ eighths: Int) -> String {
        let whole = eighths / 8
        let rest = eighths % 8
        if rest == 0 { return "\(whole)" }
        return whole == 0 ? "\(rest)/8" : "\(whole) \(rest)/8"
    }

    /// Scene numbers in script order: numeric part, then suffix ("12" < "12A" < "13").
    static func sceneOrder(_ lhs: String, _ rhs: String) -> Bool {
        let left = Int(lhs.prefix { $0.isNumber }) ?? 0
        let right = Int(rhs.prefix { $0.isNumber }) ?? 0
        return (left, lhs) < (right, rhs)
    }
}

extension String {
    func replacingOccurrences(_ target: String, _ replacement: String) -> String {
        guard !target.isEmpty, contains(target) else { return self }
        var result = ""
        var rest = Substring(self)
        while let range = rest.range(of: target) {
            result += rest[..<range.lowerBound]
            result += replacement
            rest = rest[range.upperBound...]
        }
        return result + rest
    }

    func trimmingCharacters(_ characters: String) -> String {
        var result = Substring(self)
        while let first = result.first, characters.contains(first) { result.removeFirst() }
        while let last = result.last, characters.contains(last) { result.removeLast() }
        return String(result).trimmingWhitespace()
    }
}
