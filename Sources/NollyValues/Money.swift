/// An amount of money: integer minor units (kobo for NGN, cents for USD) and an ISO 4217 code.
/// Never a floating-point number.
public struct Money: Hashable, Sendable, CustomStringConvertible {
    public static let defaultCurrency = "NGN"

    public var minorUnits: Int64
    public var currency: String

    /// Creates an amount; the currency must be three upper-case ASCII letters.
    public init(minorUnits: Int64, currency: String = Money.defaultCurrency) throws(ModelError) {
        guard Self.isCurrencyCode(currency) else {
            throw ModelError("currency must be an ISO 4217 code such as NGN or USD, got '\(currency)'")
        }
        self.minorUnits = minorUnits
        self.currency = currency
    }

    static func isCurrencyCode(_ code: String) -> Bool {
        code.utf8.count == 3 && code.utf8.allSatisfy { $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") }
    }

    /// Parses "150000.50 NGN", "NGN 150000", or "150000" (NGN), exactly, without floating point.
    public init(parsing text: String) throws(ModelError) {
        let parts = text.split(separator: " ").map(String.init)
        var amount = text
        var currency = Money.defaultCurrency
        if parts.count == 2 {
            if Self.isCurrencyCode(parts[0]) {
                currency = parts[0]
                amount = parts[1]
            } else {
                amount = parts[0]
                currency = parts[1]
            }
        } else if parts.count != 1 {
            throw ModelError("money must look like '150000 NGN' or '2500.50 USD', got '\(text)'")
        }
        try self.init(minorUnits: try Self.parseMinorUnits(amount), currency: currency)
    }

    /// "1,500.5" -> 150050, exactly, in integer arithmetic.
    private static func parseMinorUnits(_ amount: String) throws(ModelError) -> Int64 {
        let invalid = ModelError("money amount must be a number with at most two decimals, got '\(amount)'")
        var digits = Substring(amount.filter { $0 != "," })
        let negative = digits.first == "-"
        if negative { digits = digits.dropFirst() }
        let pieces = digits.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(pieces.count), !pieces[0].isEmpty, pieces.allSatisfy({ $0.allSatisfy(\.isASCII) }),
            let major = Int64(pieces[0]), major >= 0
        else { throw invalid }
        var fraction: Int64 = 0
        if pieces.count == 2 {
            guard (1...2).contains(pieces[1].count), let cents = Int64(pieces[1]), cents >= 0 else { throw invalid }
            fraction = pieces[1].count == 1 ? cents * 10 : cents
        }
        let (scaled, overflow) = major.multipliedReportingOverflow(by: 100)
        guard !overflow, scaled <= Int64.max - fraction else {
            throw ModelError("money amount '\(amount)' is too large")
        }
        return negative ? -(scaled + fraction) : scaled + fraction
    }

    /// `150000.50 NGN`: what `Money(parsing:)` reads back.
    public var description: String { Self.format(minorUnits, currency, grouped: false) }

    /// `1,500,000.50 NGN`, for reports.
    public var grouped: String { Self.format(minorUnits, currency, grouped: true) }

    /// The one money formatter: minor units as major units with two decimals, then the code.
    public static func format(_ minorUnits: Int64, _ currency: String, grouped: Bool) -> String {
        let sign = minorUnits < 0 ? "-" : ""
        let magnitude = minorUnits.magnitude
        let whole = String(magnitude / 100)
        var digits = ""
        for (index, character) in whole.enumerated() {
            if grouped && index > 0 && (whole.count - index) % 3 == 0 { digits.append(",") }
            digits.append(character)
        }
        let cents = magnitude % 100
        return "\(sign)\(digits).\(cents < 10 ? "0" : "")\(cents) \(currency)"
    }
}
