import NollyModel

/// Checks that a decoded change means something in this schema version, before any
/// authorization or merge. Pure: needs no state.
public enum ChangeValidator {
    /// Upper bounds that keep one change's cost bounded.
    public static let maxRows = 1_000
    public static let maxOpsPerRow = 1_000
    /// The most set operations (adds and removals) one change may carry, and the most tags
    /// one removal may name: set operations are the ones that leave rows behind in the store.
    public static let maxSetOperations = 4_000
    public static let maxTagsPerRemoval = 1_000
    /// The largest `seq`, `hlc` and causal length a change may carry: the store keeps them as
    /// SQLite's signed 64-bit integers (PROTOCOL.md, "Valid ranges").
    public static let maxReplicatedInteger = UInt64(Int64.max)

    /// Returns `nil` when valid, or the reason it is not.
    public static func problem(in change: Change) -> String? {
        guard change.schemaVersion != 0 else { return "schema version missing" }
        guard change.schemaVersion <= Change.currentSchemaVersion else {
            return "unknown newer schema version \(change.schemaVersion) (this node understands up to "
                + "\(Change.currentSchemaVersion)); upgrade nollycrew to apply it"
        }
        guard change.seq >= 1 else { return "sequence number must start at 1" }
        guard change.seq <= maxReplicatedInteger else {
            return "sequence number \(change.seq) is out of range (at most 2^63 - 1)"
        }
        guard change.hlc.rawValue <= maxReplicatedInteger else {
            return "clock \(change.hlc.rawValue) is out of range (at most 2^63 - 1)"
        }
        guard !change.rows.isEmpty else { return "a change must touch at least one row" }
        guard change.rows.count <= maxRows else { return "more than \(maxRows) rows in one change" }
        var setOperations = 0
        for rowOps in change.rows {
            if let problem = problem(in: rowOps) { return "\(rowOps.entity.rawValue) \(rowOps.row.hex): \(problem)" }
            setOperations += rowOps.ops.count { if case .assign = $0.operation { false } else { true } }
        }
        guard setOperations <= maxSetOperations else {
            return "more than \(maxSetOperations) set operations in one change"
        }
        return nil
    }

    private static func problem(in rowOps: RowOps) -> String? {
        let schema = rowOps.entity.schema
        guard rowOps.row.bytes.count == schema.layout.length else {
            return "row id must be \(schema.layout.length) bytes, got \(rowOps.row.bytes.count)"
        }
        guard rowOps.causalLength >= 1 else { return "causal length must be at least 1" }
        guard rowOps.causalLength < maxReplicatedInteger else {
            return "causal length \(rowOps.causalLength) is out of range (at most 2^63 - 2, so a delete can follow)"
        }
        guard rowOps.ops.count <= maxOpsPerRow else { return "more than \(maxOpsPerRow) operations on one row" }
        if !rowOps.ops.isEmpty && !CausalLength.isLive(rowOps.causalLength) {
            return "field operations need a live (odd) causal length"
        }
        for op in rowOps.ops {
            do {
                let spec = try schema.field(op.field)
                switch (op.operation, spec.isSet) {
                case (.assign(let value), false): try spec.validate(value)
                case (.add(let value), true): try spec.validate(value)
                case (.remove(let value, let observed), true):
                    try spec.validate(value)
                    if observed.isEmpty { return "removal of \(op.field) names no observed tags" }
                    if observed.count > maxTagsPerRemoval {
                        return "removal of \(op.field) names more than \(maxTagsPerRemoval) tags"
                    }
                case (.assign, true): return "\(op.field) is a set: add or remove elements"
                case (.add, false), (.remove, false): return "\(op.field) is a single value: assign it"
                }
            } catch {
                return error.message
            }
        }
        return nil
    }
}
