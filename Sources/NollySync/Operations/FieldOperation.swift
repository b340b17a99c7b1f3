public import NollyCrypto
public import NollyModel

/// One kind of field operation, defined whole in one type: what it carries, how it is checked
/// against its field, how it merges into a replica and how it crosses the wire.
///
/// The kinds this build understands are listed once, in ``FieldOperations/kinds``. Adding a
/// kind (an append-only entry, say) is one conforming type, one case in `FieldOp.kind` in
/// Protocol/proto/nollycrew.proto, and one line in that list; the validator, the authorizer,
/// the codec and the merge call through this protocol and need no edit. SYNC.md,
/// "Operations", describes each kind's merge rule.
public protocol FieldOperation: Hashable, Sendable {
    /// The value the operation writes, adds or removes: what authorization rules inspect.
    var value: Value { get }

    /// Whether the operation leaves rows behind in the store (set elements, tags), so it counts
    /// toward ``ChangeValidator/maxSetOperations``.
    static var leavesStoredElements: Bool { get }

    /// Why the operation cannot apply to the field `name` described by `spec`, or nil.
    func problem(onField name: String, spec: FieldSpec) -> Rejection?

    /// Merges the operation into the replica. Called only for authorized changes, inside the
    /// transaction that logs the change.
    func merge(at site: OperationSite, into store: some ReplicaTransaction) throws

    /// The operation as the wire's `FieldOp.kind`.
    var wireKind: Nollycrew_V1_FieldOp.OneOf_Kind { get }

    /// Reads the operation from the wire's `FieldOp.kind`, or returns nil when `kind` is another
    /// operation's.
    static func decode(_ kind: Nollycrew_V1_FieldOp.OneOf_Kind) throws(MalformedChange) -> Self?
}

/// The operation kinds this build understands, in one place.
public enum FieldOperations {
    /// Every field operation kind. The codec offers each wire operation to these in turn.
    public static let kinds: [any FieldOperation.Type] = [FieldAssign.self, SetAdd.self, SetRemove.self]

    /// Decodes a wire operation through the kind that claims it.
    static func decode(_ kind: Nollycrew_V1_FieldOp.OneOf_Kind) throws(MalformedChange) -> (any FieldOperation)? {
        for operationKind in kinds {
            if let operation = try operationKind.decode(kind) { return operation }
        }
        return nil
    }
}

/// Where an operation applies: the change that carries it, its index among the change's
/// operations, and the row and field it names.
public struct OperationSite: Sendable {
    public let change: ChangeID
    /// The operation's index among the change's operations (rows in order, then operations).
    public let index: UInt32
    public let hlc: HLC
    public let author: SigningPublicKey
    public let entity: EntityKind
    public let row: RowID
    /// The row's causal length as the author wrote it.
    public let causalLength: UInt64
    public let field: String

    /// The version a register write at this site carries.
    public var version: FieldVersion {
        FieldVersion(causalLength: causalLength, hlc: hlc, author: author.bytes)
    }

    /// The tag a set add at this site carries.
    public var tag: AddTag { AddTag(change: change, op: index) }
}
