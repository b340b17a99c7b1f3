/// The kinds of screenplay element every parser produces.
public enum ElementKind: String, Sendable, Equatable, CaseIterable {
    case sceneHeading = "scene_heading"
    case action
    case character
    case dialogue
    case parenthetical
    case transition
    case centered
    case lyrics
    case section
    case synopsis
    case pageBreak = "page_break"
}

/// One element of a screenplay.
public struct ScriptElement: Sendable, Equatable {
    public var kind: ElementKind
    /// The text without Fountain markers (`.`, `@`, `>`, `!`, `~`, `#`, `=`, `^`, scene numbers).
    public var text: String
    /// A scene number given in the script (`#12A#` in Fountain, `Number` in FDX).
    public var sceneNumber: String?
    /// The second speaker of dual dialogue (a `^` cue in Fountain).
    public var isDual: Bool
    /// Section depth for `#`, `##`, ...
    public var depth: Int
    /// Notes (`[[ ]]`) found on this element's lines.
    public var notes: [String]

    public init(
        _ kind: ElementKind,
        _ text: String,
        sceneNumber: String? = nil,
        isDual: Bool = false,
        depth: Int = 0,
        notes: [String] = []
    ) {
        self.kind = kind
        self.text = text
        self.sceneNumber = sceneNumber
        self.isDual = isDual
        self.depth = depth
        self.notes = notes
    }
}

/// A parsed screenplay: the title page and the elements in order.
public struct Screenplay: Sendable, Equatable {
    public var titlePage: [(key: String, value: String)]
    public var elements: [ScriptElement]
    /// Page lengths given by the source, keyed by scene index (FDX `SceneProperties Length`).
    public var givenLengths: [Int: Int]

    public init(
        titlePage: [(key: String, value: String)] = [],
        elements: [ScriptElement] = [],
        givenLengths: [Int: Int] = [:]
    ) {
        self.titlePage = titlePage
        self.elements = elements
        self.givenLengths = givenLengths
    }

    public static func == (lhs: Screenplay, rhs: Screenplay) -> Bool {
        lhs.elements == rhs.elements && lhs.givenLengths == rhs.givenLengths
            && lhs.titlePage.elementsEqual(rhs.titlePage) { $0.key == $1.key && $0.value == $1.value }
    }
}

/// Why a script could not be read, in words for the person who gave it.
public struct BreakdownError: Error, CustomStringConvertible, Sendable, Equatable {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
