public import NollyModel

/// Assigns a single-value field (a register). Concurrent assignments merge by the field's
/// ``RegisterMerge`` rule: last writer wins by default, by ``FieldVersion``.
public struct FieldAssign: FieldOperation {
    public let value: Value

    public init(_ value: Value) { self.value = value }

    public static var leavesStoredElements: Bool { false }

    public func problem(onField name: String, spec: FieldSpec) -> Rejection? {
        guard !spec.isSet else { return Rejection(.invalidChange, "\(name) is a set: add or remove elements") }
        return Rejection.ifInvalid(value, for: spec)
    }

    public func merge(at site: OperationSite, into store: some ReplicaTransaction) throws {
        let encoded = ChangeCodec.encode(value)
        let version = site.version
        let rule = site.entity.schema.registerRule(site.field)
        if rule == .lastWriterWins {
            try store.assignIfNewer(encoded, version: version, entity: site.entity, row: site.row, field: site.field)
        } else if try store.register(entity: site.entity, row: site.row, field: site.field)
            .map({ rule.prefers((encoded, version), over: $0) }) ?? true
        {
            try store.setRegister(encoded, version: version, entity: site.entity, row: site.row, field: site.field)
        }
    }

    public var wireKind: Nollycrew_V1_FieldOp.OneOf_Kind { .assign(ChangeCodec.wire(value)) }

    public static func decode(_ kind: Nollycrew_V1_FieldOp.OneOf_Kind) throws(MalformedChange) -> Self? {
        guard case .assign(let value) = kind else { return nil }
        return Self(try ChangeCodec.value(value))
    }
}

extension FieldOperation where Self == FieldAssign {
    /// Assigns `value` to a single-value field.
    public static func assign(_ value: Value) -> FieldAssign { FieldAssign(value) }
}
