/// A calendar date in UTC as a day number (days since 1970-01-01), parsed from and printed
/// as `YYYY-MM-DD` (Howard Hinnant's civil-date algorithms; no time zones involved). The one
/// date type: date fields, shoot calendars and release dates all use it.
public struct CivilDate: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let day: Int

    public init(day: Int) { self.day = day }

    /// The UTC date of an instant given in milliseconds since 1970 (a clock reading, an HLC's
    /// physical part).
    public init(millisecondsSince1970 milliseconds: UInt64) { day = Int(milliseconds / 86_400_000) }

    /// Parses `YYYY-MM-DD` (years 1900 to 2200); `nil` for anything else or a day that does not
    /// exist (2027-02-30).
    public init?(parsing text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard text.utf8.count == 10, parts.count == 3, let year = Int(parts[0]), let month = Int(parts[1]),
            let day = Int(parts[2]), (1...12).contains(month), (1...31).contains(day), (1900...2200).contains(year)
        else { return nil }
        let shiftedYear = month <= 2 ? year - 1 : year
        let era = (shiftedYear >= 0 ? shiftedYear : shiftedYear - 399) / 400
        let yearOfEra = shiftedYear - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        self.day = era * 146_097 + dayOfEra - 719_468
        guard description == text else { return nil }
    }

    /// The proleptic Gregorian year, month (1–12) and day of the month (1–31).
    public var components: (year: Int, month: Int, day: Int) {
        let z = day + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let dayOfMonth = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, dayOfMonth)
    }

    public var description: String {
        let (year, month, dayOfMonth) = components
        func pad(_ value: Int, _ width: Int) -> String {
            String(repeating: "0", count: max(0, width - String(value).count)) + String(value)
        }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(dayOfMonth, 2))"
    }

    /// English month names, January first.
    public static let monthNames = [
        "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November",
        "December",
    ]

    /// 0 = Sunday ... 6 = Saturday.
    public var weekday: Int { ((day % 7) + 11) % 7 }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.day < rhs.day }

    public static let weekdayNames = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"]
}
