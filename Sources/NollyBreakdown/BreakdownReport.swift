import Foundation

/// Text and JSON renderings of a breakdown.
public enum BreakdownReport {
    /// JSON with sorted keys and snake_case names (the documented schema).
    public static func json(_ breakdown: Breakdown) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        return String(decoding: (try? encoder.encode(breakdown)) ?? Data(), as: UTF8.self)
    }

    /// Reads JSON written by ``json(_:)``.
    public static func decode(_ text: String) throws(BreakdownError) -> Breakdown {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        do {
            return try decoder.decode(Breakdown.self, from: Data(text.utf8))
        } catch {
            throw BreakdownError("the stored breakdown is not readable: \(error)")
        }
    }

    public static func stats(_ breakdown: Breakdown) -> String {
        let totals = breakdown.totals
        let speaking = breakdown.characters.filter(\.speaking).count
        return [
            "Title       \(breakdown.title ?? "(untitled)")",
            "Pages       \(totals.pages) (\(totals.eighths) eighths)",
            "Scenes      \(totals.scenes): "
                + totals.bySetting.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", "),
            "Time        "
                + totals.byTime.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", "),
            "Cast        \(speaking) speaking, \(breakdown.characters.count - speaking) non-speaking, \(breakdown.extras.count) kinds of extras",
            "Locations   \(totals.locations.count)",
        ].joined(separator: "\n")
    }

    public static func text(_ breakdown: Breakdown) -> String {
        var lines = ["BREAKDOWN: \(breakdown.title ?? "(untitled)")", "", stats(breakdown), "", "SCENES"]
        for scene in breakdown.scenes {
            let time = scene.timeAsWritten.map { "\(scene.time) (\($0))" } ?? scene.time
            lines.append("  \(scene.number). \(scene.setting) \(scene.location) - \(time)   \(scene.pages) pg")
            let cast = scene.speakingCharacters + scene.nonSpeakingCharacters.map { "\($0) (silent)" }
            if !cast.isEmpty { lines.append("      cast: \(cast.joined(separator: ", "))") }
            if !scene.extras.isEmpty { lines.append("      extras: \(scene.extras.joined(separator: ", "))") }
            for (category, names) in scene.elements.sorted(by: { $0.key < $1.key }) {
                lines.append("      \(category): \(names.joined(separator: ", "))")
            }
        }
        lines += ["", "CAST"]
        for character in breakdown.characters {
            let detail =
                character.speaking ? "\(character.speeches) speeches, \(character.dialogueLines) lines" : "non-speaking"
            lines.append("  \(character.name): \(character.scenes.count) scenes, \(detail)")
        }
        lines += ["", "LOCATIONS"]
        lines += breakdown.totals.locations.map { "  \($0.name): scenes \($0.scenes.joined(separator: ", "))" }
        lines += ["", "ELEMENTS"]
        for (category, elements) in breakdown.elements.sorted(by: { $0.key < $1.key }) {
            lines.append(
                "  \(category): "
                    + elements.map { "\($0.name) (\($0.scenes.joined(separator: ",")))" }.joined(separator: "; ")
            )
        }
        if !breakdown.extras.isEmpty {
            lines.append(
                "  extras: "
                    + breakdown.extras.map { "\($0.name) (\($0.scenes.joined(separator: ",")))" }.joined(
                        separator: "; "
                    )
            )
        }
        lines += ["", "CREW"]
        for need in breakdown.crew {
            let scenes =
                need.scenes.count > 12 ? "\(need.scenes.count) scenes" : "scenes \(need.scenes.joined(separator: ", "))"
            lines.append("  \(need.count) x \(need.role) (\(need.reason)): \(scenes)")
        }
        return lines.joined(separator: "\n")
    }
}
