/// The visible content of one field of a row.
public enum FieldContent: Hashable, Sendable {
    case single(Value)
    /// An add-wins set's present elements, sorted by their encoded form.
    case set([Value])
}

/// A live row as the replica sees it now.
public struct RowSnapshot: Hashable, Sendable {
    public let entity: EntityKind
    public let row: RowID
    public let causalLength: UInt64
    public let scope: String
    public let fields: [String: FieldContent]

    public init(entity: EntityKind, row: RowID, causalLength: UInt64, scope: String, fields: [String: FieldContent]) {
        self.entity = entity
        self.row = row
        self.causalLength = causalLength
        self.scope = scope
        self.fields = fields
    }

    /// A single-valued field, if set.
    public func value(_ field: String) -> Value? {
        if case .single(let value) = fields[field] { return value }
        return nil
    }

    /// A text field, if set.
    public func text(_ field: String) -> String? {
        if case .text(let text) = value(field) { return text }
        return nil
    }

    /// A set field's elements (empty when unset).
    public func elements(_ field: String) -> [Value] {
        if case .set(let values) = fields[field] { return values }
        return []
    }

    /// An integer field, if set.
    public func integer(_ field: String) -> Int64? {
        if case .integer(let number) = value(field) { return number }
        return nil
    }

    /// A set of text elements (dates are text too), in the replica's order.
    public func texts(_ field: String) -> [String] {
        elements(field).compactMap { if case .text(let text) = $0 { text } else { nil } }
    }
}
