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
    /// What one word can be, so each word of action text costs one look-up.
    private struct WordInfo {
        var category: String?
        var isExtra = false
        var isActionCue = false
        /// The first word of a multi-word lexicon or extras phrase.
        var startsPhrase = false
    }

    private let words: [String: WordInfo]
    /// A 4096-bit filter over every lexicon word (and every word of every phrase): words that
    /// miss it are not looked up, and no lower-case string is made for them.
    private let wordFilter: [UInt64]

    public init(rules: BreakdownRules = .builtIn()) {
        self.rules = rules
        var lexicon = [String: String]()
        for (category, words) in rules.categories.sorted(by: { $0.key < $1.key }) {
            for word in words where lexicon[word.lowercased()] == nil { lexicon[word.lowercased()] = category }
        }
        self.lexicon = lexicon
        extrasWords = Set(rules.extras.map { $0.lowercased() })
        actionCues = Set(rules.actionCues.map { $0.lowercased() })
        var words = [String: WordInfo]()
        for (word, category) in lexicon where !word.contains(" ") {
            words[word, default: WordInfo()].category = category
        }
        for word in rules.extras.map({ $0.lowercased() }) where !word.contains(" ") {
            words[word, default: WordInfo()].isExtra = true
        }
        for word in rules.actionCues.map({ $0.lowercased() }) { words[word, default: WordInfo()].isActionCue = true }
        for phrase in Array(lexicon.keys) + rules.extras.map({ $0.lowercased() }) where phrase.contains(" ") {
            if let first = phrase.split(separator: " ").first {
                words[String(first), default: WordInfo()].startsPhrase = true
            }
        }
        self.words = words
        var filter = [UInt64](repeating: 0, count: 64)
        for key in Array(lexicon.keys) + rules.extras.map({ $0.lowercased() }) + Array(words.keys) {
            for part in key.split(separator: " ") {
                let bit = Self.filterHash(part.utf8)
                filter[bit >> 6] |= 1 << UInt64(bit & 63)
            }
        }
        wordFilter = filter
        longestPhrase = max(
            1,
            (lexicon.keys.map { $0.split(separator: " ").count } + rules.extras.map { $0.split(separator: " ").count })
                .max() ?? 1
        )
    }

    public func breakdown(_ screenplay: Screenplay) -> Breakdown {
        // Cue text -> character name, computed once per distinct cue.
        var names = [String: String]()
        for element in screenplay.elements where element.kind == .character && names[element.text] == nil {
            names[element.text] = Self.characterName(element.text)
        }
        let speakers = Set(names.values)
        // Action text is tokenised once; the first pass finds who is introduced (`NAME, 40,`).
        var actionTokens = [Int: [Token]]()
        for (index, element) in screenplay.elements.enumerated() where element.kind == .action {
            actionTokens[index] = tokens(element.text)
        }
        let introduced = Set(actionTokens.values.flatMap { Self.capitalisedRuns($0) }.filter(\.introduces).map(\.name))
        var scenes = [Breakdown.Scene]()
        var characters = [String: Breakdown.Character]()
        var extras = [String: [String]]()
        var elements = [String: [String: [String]]]()
        var current: SceneAccumulator?
        var sceneIndex = 0
        var previousTime = "DAY"

        func finish() {
            guard var scene = current.take() else { return }
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
        }

        var lastSpeaker: String?
        for (elementIndex, element) in screenplay.elements.enumerated() {
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
                let name = names[element.text] ?? Self.characterName(element.text)
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
                scanAction(
                    actionTokens[elementIndex] ?? [],
                    speakers: speakers,
                    introduced: introduced,
                    into: &current!
                )
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
            let condition = CrewCondition(rule.when)
            let causing = scenes.compactMap { condition.applies(to: $0) ? $0.number : nil }
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
        _ tokens: [Token],
        speakers: Set<String>,
        introduced: Set<String>,
        into scene: inout SceneAccumulator
    ) {
        var index = 0
        while index < tokens.count {
            var matched = 1
            let word = tokens[index].lower
            guard let info = words[word] else {
                index += 1
                continue
            }
            if info.startsPhrase {
                for length in stride(from: min(longestPhrase, tokens.count - index), through: 2, by: -1) {
                    let phrase = tokens[index..<(index + length)].map(\.lower).joined(separator: " ")
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
            }
            if matched == 1 {
                if let category = info.category {
                    scene.elements[category, default: []].insert(word)
                } else if info.isExtra {
                    scene.extras.insert(word)
                }
            }
            if info.isActionCue { scene.result.isActionSequence = true }
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
                    && tokens[end + 1].startsWithDigit
                runs.append((words.joined(separator: " "), introduces))
            }
            start = end + 1
        }
        return runs
    }

    struct Token {
        var word: String
        /// The word in lower case, for the lexicon.
        var lower: String
        /// The punctuation right after the word (`,`, `.`, `(`, ...), or " ".
        var followedBy: Character?
        var isCapitalised: Bool
        /// The word starts with a digit (an age after a name: `BOB, 40,`).
        var startsWithDigit: Bool
    }

    /// Words of action text with the punctuation after each, on UTF-8 bytes: ASCII letters,
    /// digits, apostrophes and hyphens join words, and any non-ASCII byte is taken as part of
    /// a word (so Yoruba and Igbo names stay whole).
    func tokens(_ text: String) -> [Token] {
        var tokens = [Token]()
        let bytes = Array(text.utf8)
        var start = -1
        func isWordByte(_ byte: UInt8) -> Bool {
            (byte >= 97 && byte <= 122) || (byte >= 65 && byte <= 90) || (byte >= 48 && byte <= 57) || byte == 39
                || byte == 45 || byte >= 0x80
        }
        func end(at position: Int) {
            guard start >= 0 else { return }
            let slice = bytes[start..<position]
            let capitalised = Self.isCapitalised(slice)
            let word = capitalised ? String(decoding: slice, as: UTF8.self) : ""
            var lower = ""
            if !slice.allSatisfy({ $0 < 0x80 }) {
                lower = String(decoding: slice, as: UTF8.self).lowercased()
            } else {
                let bit = Self.filterHash(slice.lazy.map { $0 >= 65 && $0 <= 90 ? $0 | 0x20 : $0 })
                if wordFilter[bit >> 6] & (1 << UInt64(bit & 63)) != 0 {
                    lower = String(decoding: slice.map { $0 >= 65 && $0 <= 90 ? $0 | 0x20 : $0 }, as: UTF8.self)
                }
            }
            var next: Character?
            if position < bytes.count {
                let byte = bytes[position]
                next = byte == 32 || byte == 9 || byte == 10 ? " " : Character(Unicode.Scalar(byte))
                if next == " " {
                    var look = position
                    while look < bytes.count && (bytes[look] == 32 || bytes[look] == 9) { look += 1 }
                    if look < bytes.count && bytes[look] == 40 { next = "(" }
                }
            }
            tokens.append(
                Token(
                    word: word,
                    lower: lower,
                    followedBy: next,
                    isCapitalised: capitalised,
                    startsWithDigit: slice.first.map { $0 >= 48 && $0 <= 57 } ?? false
                )
            )
            start = -1
        }
        for (position, byte) in bytes.enumerated() {
            if isWordByte(byte) {
                if start < 0 { start = position }
            } else {
                end(at: position)
            }
        }
        end(at: bytes.count)
        return tokens
    }

    /// At least two letters, none of them lower case (non-ASCII letters checked by Unicode).
    private static func isCapitalised(_ bytes: ArraySlice<UInt8>) -> Bool {
        var letters = 0
        for byte in bytes {
            if byte >= 97 && byte <= 122 { return false }
            if byte >= 65 && byte <= 90 { letters += 1 }
            if byte >= 0x80 {
                let all = String(decoding: bytes, as: UTF8.self).filter(\.isLetter)
                return all.count >= 2 && all.allSatisfy(\.isUppercase)
            }
        }
        return letters >= 2
    }

    /// FNV-1a of (lower-cased) bytes, to 12 bits.
    static func filterHash(_ bytes: some Sequence<UInt8>) -> Int {
        var hash: UInt32 = 2_166_136_261
        for byte in bytes { hash = (hash ^ UInt32(byte)) &* 16_777_619 }
        return Int(hash & 4095)
    }

    /// "BOB (V.O.)" -> "BOB"; "@McGregor" -> "MCGREGOR"; "BOB^" -> "BOB".
    static func characterName(_ cue: String) -> String {
        var name = Substring(cue)
        if let open = name.firstIndex(of: "(") { name = name[..<open] }
        var words = name.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "^" || $0 == "@" })
        if let last = words.last, last == "CONT'D" || last == "CONT’D" { words.removeLast() }
        return words.joined(separator: " ").uppercased()
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
        // Split on " - ", "--", en and em dashes, on UTF-8 bytes in one pass.
        let bytes = Array(rest.utf8)
        var parts = [String]()
        var start = 0
        var position = 0
        while position < bytes.count {
            var width = 0
            if bytes[position] == 45 && position + 1 < bytes.count && bytes[position + 1] == 45 {
                width = 2
            } else if bytes[position] == 45 && position > 0 && bytes[position - 1] == 32 && position + 1 < bytes.count
                && bytes[position + 1] == 32
            {
                width = 1
            } else if bytes[position] == 0xE2 && position + 2 < bytes.count && bytes[position + 1] == 0x80
                && (bytes[position + 2] == 0x93 || bytes[position + 2] == 0x94)
            {
                width = 3
            }
            if width > 0 {
                parts.append(String(decoding: bytes[start..<position], as: UTF8.self))
                position += width
                start = position
            } else {
                position += 1
            }
        }
        parts.append(String(decoding: bytes[start...], as: UTF8.self))
        parts = parts.map { $0.trimmingWhitespace() }.filter { !$0.isEmpty }
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
        var length = 0
        for byte in text.utf8 {
            if byte == 10 {
                total += max(1, (length + width - 1) / width)
                length = 0
            } else if byte & 0xC0 != 0x80 {
                length += 1
            }
        }
        return total + max(1, (length + width - 1) / width)
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

/// A crew rule's `when`, parsed once.
enum CrewCondition {
    case always, night, dialogue, cast, actionSequence, extras, exterior
    case category(String)
    case never

    init(_ text: String) {
        switch text {
        case "always": self = .always
        case "night": self = .night
        case "dialogue": self = .dialogue
        case "cast": self = .cast
        case "action_sequence": self = .actionSequence
        case "extras": self = .extras
        case "exterior": self = .exterior
        default: self = text.hasPrefix("category:") ? .category(String(text.dropFirst("category:".count))) : .never
        }
    }

    func applies(to scene: Breakdown.Scene) -> Bool {
        switch self {
        case .always: return true
        case .night: return BreakdownBuilder.nightTimes.contains(scene.time)
        case .dialogue: return scene.hasDialogue
        case .cast: return !scene.speakingCharacters.isEmpty || !scene.nonSpeakingCharacters.isEmpty
        case .actionSequence: return scene.isActionSequence || !(scene.elements["stunts"] ?? []).isEmpty
        case .extras: return !scene.extras.isEmpty
        case .exterior: return scene.setting.contains("EXT")
        case .category(let name): return !(scene.elements[name] ?? []).isEmpty
        case .never: return false
        }
    }
}
