import NollyCrypto
public import NollyValues

/// The value of one field, or one element of a multi-valued field.
public enum Value: Hashable, Sendable {
    case text(String)
    case integer(Int64)
    case flag(Bool)
    case blob([UInt8])
    case money(Money)
}

extension Value: CustomStringConvertible {
    public var description: String {
        switch self {
        case .text(let text): return text
        case .integer(let number): return String(number)
        case .flag(let flag): return flag ? "true" : "false"
        case .blob(let bytes): return Hex.encode(bytes)
        case .money(let money): return money.description
        }
    }
}
