import NollyCrypto
import NollyModel

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
    /// lower: last writer wins, in exactly the order ``FieldVersion`` defines. (The store
    /// does the comparison inside its upsert, saving a read per operation on large imports.)
    func assignIfNewer(_ value: [UInt8], version: FieldVersion, entity: EntityKind, row: RowID, field: String) throws
    func addElement(
        _ element: [UInt8],
        tag: AddTag,
        causalLength: UInt64,
        entity: EntityKind,
        row: RowID,
        field: String
    ) throws
    func removeTags(_ tags: [AddTag], entity: EntityKind, row: RowID, field: String) throws
    func rowExists(entity: EntityKind, row: RowID) throws -> Bool
    /// Appends an accepted change to the log (and forgets any earlier rejection of it).
    func appendToLog(_ signed: SignedChange, id: ChangeID, change: Change) throws
    /// Records why a change was rejected; `awaiting` names the representation grant that
    /// would make it valid, so it is reconsidered when that grant arrives.
    func recordRejection(
        _ signed: SignedChange,
        id: ChangeID,
        author: SigningPublicKey?,
        reason: String,
        awaiting: RowID?
    )
        throws
    /// Rejected changes that were waiting for `grant`.
    func rejectedChanges(awaiting grant: RowID) throws -> [SignedChange]
}
