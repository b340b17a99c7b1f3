import NollyCrypto
import NollyModel
import NollyValues

/// Typed reads of a row's fields for the views. A field that is absent, or holds a value of
/// another type, reads as nil (or empty); the schema makes the latter impossible for rows the
/// node accepted.
extension RowSnapshot {
    func amount(_ field: String) -> AmountView? {
        if case .money(let money) = value(field) { return AmountView(money) }
        return nil
    }

    func keyHex(_ field: String) -> String? {
        if case .blob(let bytes) = value(field) { return Hex.encode(bytes) }
        return nil
    }

    /// A set of keys or hashes, as lower-case hex.
    func hexes(_ field: String) -> [String] {
        elements(field).compactMap { if case .blob(let bytes) = $0 { Hex.encode(bytes) } else { nil } }
    }

    /// The hex of bytes `range` of the row id (the owner's key, a parent row's id).
    func idPart(_ range: Range<Int>) -> String { Hex.encode(Array(row.bytes[range])) }
}
