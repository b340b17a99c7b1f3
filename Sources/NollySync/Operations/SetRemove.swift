import Foundation
public import NollyModel

/// Removes an element from an add-wins set field: exactly the add tags its author had
/// observed, so an add the author never saw survives (add wins).
public struct SetRemove: FieldOperation {
    public let value: Value
    public let observed: [AddTag]

    public init(_ value: Value, observed: [AddTag]) {
        self.value = value
        self.observed = observed
    }

    public static var leavesStoredElements: Bool { true }

    public func problem(onField name: String, spec: FieldSpec) -> Rejection? {
        guard spec.isSet else { return Rejection(.invalidChange, "\(name) is a single value: assign it") }
        if let invalid = Rejection.ifInvalid(value, for: spec) { return invalid }
        if observed.isEmpty { return Rejection(.invalidChange, "removal of \(name) names no observed tags") }
        if observed.count > ChangeValidator.maxTagsPerRemoval {
            return Rejection(.tooLarge, "removal of \(name) names more than \(ChangeValidator.maxTagsPerRemoval) tags")
        }
        return nil
    }

    public func merge(at site: OperationSite, into store: some ReplicaTransaction) throws {
        try store.removeTags(
            observed,
            of: ChangeCodec.encode(value),
            entity: site.entity,
            row: site.row,
            field: site.field
        )
    }

    public var wireKind: Nollycrew_V1_FieldOp.OneOf_Kind {
        var removal = Nollycrew_V1_Removal()
        removal.element = ChangeCodec.wire(value)
        removal.tags = observed.map { tag in
            var wireTag = Nollycrew_V1_Tag()
            wireTag.change = Data(tag.change.bytes)
            wireTag.op = tag.op
            return wireTag
        }
        return .remove(removal)
    }

    public static func decode(_ kind: Nollycrew_V1_FieldOp.OneOf_Kind) throws(MalformedChange) -> Self? {
        guard case .remove(let removal) = kind else { return nil }
        let tags = try removal.tags.map { tag throws(MalformedChange) in
            guard tag.change.count == 32 else {
                throw MalformedChange(reason: "a removal tag must name a 32-byte change id")
            }
            return AddTag(change: ChangeID(bytes: Array(tag.change)), op: tag.op)
        }
        return Self(try ChangeCodec.value(removal.element), observed: tags)
    }
}

extension FieldOperation where Self == SetRemove {
    /// Removes `value` from a set field: the add tags in `observed`.
    public static func remove(_ value: Value, observed: [AddTag]) -> SetRemove {
        SetRemove(value, observed: observed)
    }
}
