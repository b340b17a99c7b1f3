import NollyModel

/// The row-level operation: creating, deleting and reviving a row, carried as the row's causal
/// length (cr-sqlite's scheme) in every ``RowOps``. 0 = never seen, odd = live, even = deleted.
/// Replicas keep the highest causal length they have seen, so a delete beats the writes it
/// saw, and a revival beats the delete. Defined here whole: its checks and its merge.
public enum CausalLength {
    public static func isLive(_ length: UInt64) -> Bool { length % 2 == 1 }

    /// The causal length of the first write to a row that is absent or deleted, or of an edit
    /// to a live one.
    public static func forWrite(current: UInt64) -> UInt64 { isLive(current) ? current : current + 1 }

    /// The causal length that deletes a live row (a deleted row stays as it is).
    public static func forDelete(current: UInt64) -> UInt64 { isLive(current) ? current + 1 : current }

    /// Why the causal length `rowOps` carries is invalid, or nil.
    static func problem(in rowOps: RowOps) -> Rejection? {
        guard rowOps.causalLength >= 1 else { return Rejection(.invalidChange, "causal length must be at least 1") }
        guard rowOps.causalLength < ChangeValidator.maxReplicatedInteger else {
            return Rejection(
                .outOfRange,
                "causal length \(rowOps.causalLength) is out of range (at most 2^63 - 2, so a delete can follow)"
            )
        }
        if !rowOps.ops.isEmpty && !isLive(rowOps.causalLength) {
            return Rejection(.invalidChange, "field operations need a live (odd) causal length")
        }
        return nil
    }

    /// Raises the row's causal length to the one `rowOps` carries, if that is higher; returns
    /// whether it did. Authorization lets only the row's writers carry a higher one.
    static func merge(_ rowOps: RowOps, scope: Scope, into store: some ReplicaTransaction) throws -> Bool {
        let current = try store.causalLength(entity: rowOps.entity, row: rowOps.row)
        guard rowOps.causalLength > current else { return false }
        try store.setCausalLength(rowOps.causalLength, entity: rowOps.entity, row: rowOps.row, scope: scope)
        return true
    }
}
