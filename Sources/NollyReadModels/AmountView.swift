public import NollyValues

/// An amount as every view shows it: exact integer minor units, the ISO 4217 currency, and the
/// amount formatted for people ("250,000.00 NGN"). Never a floating-point number.
public struct AmountView: Codable, Sendable, Equatable {
    public let minorUnits: Int64
    public let currency: String
    public let formatted: String

    public init(_ money: Money) {
        minorUnits = money.minorUnits
        currency = money.currency
        formatted = Money.format(money.minorUnits, money.currency, grouped: true)
    }
}
