public import NollyModel

/// Adds an element to an add-wins set field. The add is tagged with its ``OperationSite/tag``,
/// so a concurrent removal that never saw this tag leaves the element in place.
public struct SetAdd: FieldOperation {
    public let value: Value

    public init(_ value: Value) { self.value = value }

    public static var leavesStoredElements: Bool { true }

    public func problem(onField name: String, spec: FieldSpec) -> Rejection? {
        guard spec.isSet else { return Rejection(.invalidChange, "\(name) is a single value: assign it") }
        return Rejection.ifInvalid(value, for: spec)
    }

    public func merge(at site: OperationSite, into store: some ReplicaTransaction) throws {
        try store.addElement(
            ChangeCodec.encode(value),
            tag: site.tag,
            causalLength: site.causalLength,
            entity: site.entity,
            row: site.row,
            field: site.field
        )
    }

    public var wireKind: Nollycrew_V1_FieldOp.OneOf_Kind { .add(ChangeCodec.wire(value)) }

    public static func decode(_ kind: Nollycrew_V1_FieldOp.OneOf_Kind) throws(MalformedChange) -> Self? {
        guard case .add(let value) = kind else { return nil }
        return Self(try ChangeCodec.value(value))
    }
}

extension FieldOperation where Self == SetAdd {
    /// Adds `value` to a set field.
    public static func add(_ value: Value) -> SetAdd { SetAdd(value) }
}
