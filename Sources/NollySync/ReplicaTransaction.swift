import NollyCrypto
import NollyModel

/// Where a change stands in a replica's log.
public enum LoggedStatus: String, Sendable {
    case applied
    /// Valid and signed, waiting for a representation grant (see ``Authorization``).
    case parked
}

/// The storage operations the merge needs, inside one atomic transaction.
///
/// ``ChangeProcessor`` decides; an adapter (the SQLite store, or an in-memory replica in
/// tests) implements this protocol and executes. Every method is called inside the same
/// transaction, so a batch is stored whole or not at all.
public protocol ReplicaTransaction {
    func loggedStatus(of id: ChangeID) throws -> LoggedStatus?
    func causalLength(entity: EntityKind, row: RowID) throws -> UInt64
    func setCausalLength(_ length: UInt64, entity: EntityKind, row: RowID, scope: Scope) throws
    func fieldVersion(entity: EntityKind, row: RowID, field: String) throws -> FieldVersion?
    func assign(_ value: [UInt8], version: FieldVersion, entity: EntityKind, row: RowID, field: String) throws
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
    /// Appends an accepted change to the log, as applied.
    func appendToLog(_ signed: SignedChange, id: ChangeID, change: Change) throws
    /// Parks a logged change on a grant, or marks a parked one applied.
    func setLoggedStatus(_ status: LoggedStatus, of id: ChangeID, awaiting grant: RowID?) throws
    func parkedChanges(awaiting grant: RowID) throws -> [SignedChange]
    func recordRejection(_ signed: SignedChange, id: ChangeID, author: SigningPublicKey?, reason: String) throws
}
