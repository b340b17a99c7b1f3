/// Scenes added, removed and changed between two breakdowns of the same script, matched by
/// scene number.
public struct ScriptDiff: Sendable, Equatable {
    public var added: [String] = []
    public var removed: [String] = []
    public var changed: [(scene: String, what: String)] = []

    public init(old: Breakdown, new: Breakdown) {
        let before = Dictionary(old.scenes.map { ($0.number, $0) }, uniquingKeysWith: { first, _ in first })
        let after = Dictionary(new.scenes.map { ($0.number, $0) }, uniquingKeysWith: { first, _ in first })
        added = new.scenes.map(\.number).filter { before[$0] == nil }
        removed = old.scenes.map(\.number).filter { after[$0] == nil }
        for scene in new.scenes {
            guard let previous = before[scene.number] else { continue }
            var what = [String]()
            if previous.heading != scene.heading { what.append("heading \(previous.heading) -> \(scene.heading)") }
            if previous.eighths != scene.eighths { what.append("length \(previous.pages) -> \(scene.pages) pages") }
            let castBefore = Set(previous.speakingCharacters + previous.nonSpeakingCharacters)
            let castAfter = Set(scene.speakingCharacters + scene.nonSpeakingCharacters)
            if !castAfter.subtracting(castBefore).isEmpty {
                what.append("cast + " + castAfter.subtracting(castBefore).sorted().joined(separator: ", "))
            }
            if !castBefore.subtracting(castAfter).isEmpty {
                what.append("cast - " + castBefore.subtracting(castAfter).sorted().joined(separator: ", "))
            }
            if !what.isEmpty { changed.append((scene.number, what.joined(separator: "; "))) }
        }
    }

    public static func == (lhs: ScriptDiff, rhs: ScriptDiff) -> Bool {
        lhs.added == rhs.added && lhs.removed == rhs.removed
            && lhs.changed.elementsEqual(rhs.changed) { $0.scene == $1.scene && $0.what == $1.what }
    }

    public func text(from old: Int, to new: Int) -> String {
        var lines = ["Script version \(old) -> \(new)"]
        lines.append("  added:   " + (added.isEmpty ? "none" : added.joined(separator: ", ")))
        lines.append("  removed: " + (removed.isEmpty ? "none" : removed.joined(separator: ", ")))
        lines += changed.isEmpty ? ["  changed: none"] : changed.map { "  changed \($0.scene): \($0.what)" }
        return lines.joined(separator: "\n")
    }
}
