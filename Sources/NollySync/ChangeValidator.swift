import NollyModel
import NollyValues

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

    /// Returns `nil` when valid, or why it is not.
    public static func problem(in change: Change) -> Rejection? {
        guard change.schemaVersion != 0 else { return Rejection(.invalidChange, "schema version missing") }
        guard change.schemaVersion <= Change.currentSchemaVersion else {
            return Rejection(
                .unsupportedSchema,
                "unknown newer schema version \(change.schemaVersion) (this node understands up to "
                    + "\(Change.currentSchemaVersion)); upgrade nollycrew to apply it"
            )
        }
        guard change.seq >= 1 else { return Rejection(.invalidChange, "sequence number must start at 1") }
        guard change.seq <= maxReplicatedInteger else {
            return Rejection(.outOfRange, "sequence number \(change.seq) is out of range (at most 2^63 - 1)")
        }
        guard change.hlc.rawValue <= maxReplicatedInteger else {
            return Rejection(.outOfRange, "clock \(change.hlc.rawValue) is out of range (at most 2^63 - 1)")
        }
        guard !change.rows.isEmpty else { return Rejection(.invalidChange, "a change must touch at least one row") }
        guard change.rows.count <= maxRows else {
            return Rejection(.tooLarge, "more than \(maxRows) rows in one change")
        }
        var setOperations = 0
        for rowOps in change.rows {
            if let problem = problem(in: rowOps) {
                return Rejection(problem.kind, "\(rowOps.entity.rawValue) \(rowOps.row.hex): \(problem.message)")
            }
            setOperations += rowOps.ops.count { type(of: $0.operation).leavesStoredElements }
        }
        guard setOperations <= maxSetOperations else {
            return Rejection(.tooLarge, "more than \(maxSetOperations) set operations in one change")
        }
        return nil
    }

    private static func problem(in rowOps: RowOps) -> Rejection? {
        let schema = rowOps.entity.schema
        guard rowOps.row.bytes.count == schema.layout.length else {
            return Rejection(
                .invalidChange,
                "row id must be \(schema.layout.length) bytes, got \(rowOps.row.bytes.count)"
            )
        }
        if let problem = CausalLength.problem(in: rowOps) { return problem }
        guard rowOps.ops.count <= maxOpsPerRow else {
            return Rejection(.tooLarge, "more than \(maxOpsPerRow) operations on one row")
        }
        for op in rowOps.ops {
            let spec: FieldSpec
            do { spec = try schema.field(op.field) } catch { return Rejection(.invalidChange, error.message) }
            if let problem = op.operation.problem(onField: op.field, spec: spec) { return problem }
        }
        return nil
    }
}
