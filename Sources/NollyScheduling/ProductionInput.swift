public import Foundation
import NollyValues

/// The documented JSON input of `nollycrew schedule solve` for a real shoot (Fixtures/
/// scheduling/README.md). Keys are snake_case; money is integer minor units of `currency`;
/// dates are `YYYY-MM-DD`; lengths are eighths of a page.
public struct ProductionInput: Decodable, Sendable {
    public struct DateRange: Decodable, Sendable {
        public var from: String
        public var to: String
    }

    public struct CastMember: Decodable, Sendable {
        public var name: String
        /// Daily rate in minor units (kobo for NGN).
        public var dailyRateMinor: Int
        /// Dates (or ranges) the performer cannot work.
        public var unavailable: [String]?
        public var unavailableRanges: [DateRange]?
        /// Whether one drop and pick-up is allowed (not paid across a long gap).
        public var dropPickup: Bool?
    }

    public struct Location: Decodable, Sendable {
        public var name: String
        /// When the location can be used; absent means always.
        public var available: [DateRange]?
    }

    public struct Scene: Decodable, Sendable {
        public var id: String
        /// INT, EXT or INT/EXT.
        public var setting: String
        /// DAY, NIGHT, DAWN, DUSK, MORNING, EVENING, ...
        public var time: String
        public var location: String
        public var eighths: Int
        public var cast: [String]
        /// The producer's lock: the scene must be shot on this date.
        public var lockedDate: String?
    }

    public var name: String?
    public var currency: String?
    public var startDate: String
    /// Shooting days available (the schedule may use fewer).
    public var maxShootingDays: Int?
    /// Page capacity of one shooting day, in eighths (default 40 = 5 pages).
    public var dayCapacityEighths: Int?
    /// Time a company move within a day costs, in eighths of capacity (default 8).
    public var companyMoveEighths: Int?
    /// Money a company move within a day costs, in minor units (default 0).
    public var companyMoveCostMinor: Int?
    /// The most the cast payroll of one day may cost, in minor units.
    public var maxDailyCostMinor: Int?
    public var daysOff: [String]?
    /// Weekdays with no shooting, e.g. ["sunday"].
    public var weeklyDaysOff: [String]?
    /// Exterior scenes are not shot inside these ranges.
    public var rainySeason: [DateRange]?
    /// If given, exterior scenes are shot only inside these ranges.
    public var weatherWindows: [DateRange]?
    /// Minimum rest between a night shoot and the next day's call (default 12; 0 disables).
    public var turnaroundHours: Int?
    /// Minimum shooting days a gap must last for a drop and pick-up (default 10).
    public var dropPickupMinimumGap: Int?
    public var cast: [CastMember]
    public var locations: [Location]?
    public var scenes: [Scene]

    /// Decodes the JSON text, with messages that say which key is wrong.
    public static func decode(_ data: Data) throws(SchedulingError) -> ProductionInput {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        do {
            return try decoder.decode(ProductionInput.self, from: data)
        } catch let DecodingError.keyNotFound(key, context) {
            throw SchedulingError("missing key '\(key.stringValue)' at \(path(context))")
        } catch let DecodingError.typeMismatch(_, context) {
            throw SchedulingError("wrong type at \(path(context)): \(context.debugDescription)")
        } catch let DecodingError.valueNotFound(_, context) {
            throw SchedulingError("missing value at \(path(context))")
        } catch let DecodingError.dataCorrupted(context) {
            throw SchedulingError("not valid JSON: \(context.debugDescription)")
        } catch {
            throw SchedulingError("cannot read the schedule input: \(error)")
        }
    }

    private static func path(_ context: DecodingError.Context) -> String {
        let keys = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
        return keys.isEmpty ? "the top level" : String(keys.drop { $0 == "." })
    }
}
