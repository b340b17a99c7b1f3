public import NollyCrypto
public import NollyModel

/// The storage operations the merge needs, inside one atomic transaction.
///
/// ``ChangeProcessor`` decides; an adapter (the SQLite store, or an in-memory replica in
/// tests) implements this protocol and executes. Every method is called inside the same
/// transaction, so a batch is stored whole or not at all.
public protocol ReplicaTransaction {
    /// Whether the change is already in the log (applied).
    func isLogged(_ id: ChangeID) throws -> Bool
    func causalLength(entity: EntityKind, row: RowID) throws -> UInt64
    func setCausalLength(_ length: UInt64, entity: EntityKind, row: RowID, scope: Scope) throws
    /// Stores `value` unless the field already holds a value whose ``FieldVersion`` is not
    /// lower (equal versions: unless its encoded value is not lower): last writer wins, in exactly
    /// the order ``RegisterMerge/lastWriterWins`` defines. (The store does the comparison inside
    /// its upsert, saving a read per operation on large imports.)
    func assignIfNewer(_ value: [UInt8], version: FieldVersion, entity: EntityKind, row: RowID, field: String) throws
    /// The value a register holds and its version, for registers merged by another rule.
    func register(entity: EntityKind, row: RowID, field: String) throws -> (value: [UInt8], version: FieldVersion)?
    /// Stores a register's value unconditionally (the caller has merged it).
    func setRegister(_ value: [UInt8], version: FieldVersion, entity: EntityKind, row: RowID, field: String) throws
    func addElement(
        _ element: [UInt8],
        tag: AddTag,
        causalLength: UInt64,
        entity: EntityKind,
        row: RowID,
        field: String
    ) throws
    /// Removes the add tags `tags` of `element`: a tag of another element is left alone.
    func removeTags(_ tags: [AddTag], of element: [UInt8], entity: EntityKind, row: RowID, field: String) throws
    /// Appends an accepted change to the log (and forgets any earlier rejection of it).
    func appendToLog(_ signed: SignedChange, id: ChangeID, change: Change) throws
    /// Records why a change was rejected. `awaiting` names what would make it valid, so it is
    /// reconsidered when that arrives. `verified` says the signature checked out: only then is
    /// the body kept, and only then may it replace an earlier record of the same id (a copy with
    /// a bad signature never replaces a good one).
    func recordRejection(
        _ signed: SignedChange,
        id: ChangeID,
        author: SigningPublicKey?,
        rejection: Rejection,
        awaiting: Awaited?,
        verified: Bool
    ) throws
    /// Rejected changes waiting for the row to reach a causal length of at most `length`.
    func rejectedChanges(awaitingRow entity: EntityKind, _ row: RowID, reaching length: UInt64) throws
        -> [SignedChange]
    /// Rejected changes waiting for this node's clock whose clock is now within `milliseconds`.
    func rejectedChanges(awaitingClockThrough milliseconds: UInt64) throws -> [SignedChange]
}
