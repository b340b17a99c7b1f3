import NollyModel
import NollySync

/// The `change_log.scopes` column: the distinct scopes of a change's rows, space-separated,
/// so outbound pages filter by scope without decoding each change.
enum LoggedScopes {
    static func text(of change: Change) -> String {
        var seen = Set<String>()
        var ordered = [String]()
        for rowOps in change.rows {
            let scope = rowOps.entity.schema.scope(of: rowOps.row).description
            if seen.insert(scope).inserted { ordered.append(scope) }
        }
        return ordered.joined(separator: " ")
    }

    /// The scopes of a logged change: from the column, or by decoding the body for changes
    /// logged before the column existed. `nil` when neither works (never sent anywhere).
    static func scopes(column: String?, body: [UInt8], cache: inout [Substring: Scope]) -> [Scope]? {
        guard let column else {
            guard let change = try? ChangeCodec.decode(body) else { return nil }
            return change.rows.map { $0.entity.schema.scope(of: $0.row) }
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
