import NollyModel
import NollySync

/// The `change_log.scopes` column: the distinct scopes of a change's rows, space-separated,
/// so outbound pages filter by scope without decoding each change.
enum LoggedScopes {
    static func text(of change: Change) -> String {
        var seen = Set<String>()
        return change.scopes.map(\.description).filter { seen.insert($0).inserted }.joined(separator: " ")
    }

    /// The scopes of a logged change: from the column, or by decoding the body for changes
    /// logged before the column existed. `nil` when neither works (never sent anywhere).
    static func scopes(column: String?, body: [UInt8], cache: inout [Substring: Scope]) -> [Scope]? {
        guard let column else {
            return (try? ChangeCodec.decode(body))?.scopes
        }
        var scopes = [Scope]()
        for text in column.split(separator: " ") {
            if let known = cache[text] {
                scopes.append(known)
            } else {
                guard let parsed = try? Scope(parsing: String(text)) else { return nil }
                cache[text] = parsed
                scopes.append(parsed)
            }
        }
        return scopes
    }
}
