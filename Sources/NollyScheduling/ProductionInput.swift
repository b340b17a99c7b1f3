public import Foundation
public import NollyValues

/// The documented JSON input of `nollycrew schedule solve` for a real shoot (Fixtures/
/// scheduling/README.md). Keys are snake_case; money is integer minor units of `currency`;
/// dates are `YYYY-MM-DD`; lengths are eighths of a page.
public struct ProductionInput: Sendable {
    public struct DateRange: Decodable, Sendable {
        public var from: String
        public var to: String
    }

    public struct CastMember: Sendable {
        public var name: String
        /// Daily rate, in the production's currency (`daily_rate_minor` in the JSON).
        public var dailyRate: Money
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
    /// The production's ISO 4217 currency (default NGN); every amount below is in it.
    public var currency: String
    public var startDate: String
    /// Shooting days available (the schedule may use fewer).
    public var maxShootingDays: Int?
    /// Page capacity of one shooting day, in eighths (default 40 = 5 pages).
    public var dayCapacityEighths: Int?
    /// Time a company move within a day costs, in eighths of capacity (default 8).
    public var companyMoveEighths: Int?
    /// Money a company move within a day costs (`company_move_cost_minor`, default 0).
    public var companyMoveCost: Money?
    /// The most the cast payroll of one day may cost (`max_daily_cost_minor`).
    public var maxDailyCost: Money?
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
        } catch let DecodingError.dataCorrupted(context) where !context.codingPath.isEmpty {
            throw SchedulingError("invalid value at \(path(context)): \(context.debugDescription)")
        } catch let DecodingError.dataCorrupted(context) {
            throw SchedulingError("not valid JSON: \(context.debugDescription)")
        } catch let error as SchedulingError {
            throw error
        } catch {
            throw SchedulingError("cannot read the schedule input: \(error)")
        }
    }

    private static func path(_ context: DecodingError.Context) -> String {
        let keys = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
        return keys.isEmpty ? "the top level" : String(keys.drop { $0 == "." })
    }
}

extension ProductionInput: Decodable {
    private enum CodingKeys: String, CodingKey {
        case name, currency, startDate, maxShootingDays, dayCapacityEighths, companyMoveEighths
        case companyMoveCostMinor, maxDailyCostMinor, daysOff, weeklyDaysOff, rainySeason, weatherWindows
        case turnaroundHours, dropPickupMinimumGap, cast, locations, scenes
    }

    public init(from decoder: any Decoder) throws {
        let keys = try decoder.container(keyedBy: CodingKeys.self)
        let currency = try keys.decodeIfPresent(String.self, forKey: .currency) ?? Money.defaultCurrency
        func amount(_ key: CodingKeys) throws -> Money? {
            guard keys.contains(key) else { return nil }
            return try Self.money(Self.minorUnits({ try keys.decode(Int64.self, forKey: key) }, key), key, currency)
        }
        self.currency = currency
        name = try keys.decodeIfPresent(String.self, forKey: .name)
        startDate = try keys.decode(String.self, forKey: .startDate)
        maxShootingDays = try keys.decodeIfPresent(Int.self, forKey: .maxShootingDays)
        dayCapacityEighths = try keys.decodeIfPresent(Int.self, forKey: .dayCapacityEighths)
        companyMoveEighths = try keys.decodeIfPresent(Int.self, forKey: .companyMoveEighths)
        companyMoveCost = try amount(.companyMoveCostMinor)
        maxDailyCost = try amount(.maxDailyCostMinor)
        daysOff = try keys.decodeIfPresent([String].self, forKey: .daysOff)
        weeklyDaysOff = try keys.decodeIfPresent([String].self, forKey: .weeklyDaysOff)
        rainySeason = try keys.decodeIfPresent([DateRange].self, forKey: .rainySeason)
        weatherWindows = try keys.decodeIfPresent([DateRange].self, forKey: .weatherWindows)
        turnaroundHours = try keys.decodeIfPresent(Int.self, forKey: .turnaroundHours)
        dropPickupMinimumGap = try keys.decodeIfPresent(Int.self, forKey: .dropPickupMinimumGap)
        var castList = try keys.nestedUnkeyedContainer(forKey: .cast)
        var cast = [CastMember]()
        while !castList.isAtEnd {
            let position = castList.currentIndex
            cast.append(try CastMember(from: try castList.superDecoder(), position: position, currency: currency))
        }
        self.cast = cast
        locations = try keys.decodeIfPresent([Location].self, forKey: .locations)
        scenes = try keys.decode([Scene].self, forKey: .scenes)
    }

    /// Reads an amount of minor units; anything but a whole number is refused by name, since
    /// the JSON decoder reports a fraction or an overflow as unreadable JSON.
    fileprivate static func minorUnits(
        _ read: () throws -> Int64,
        _ key: some CodingKey,
        in owner: String = ""
    ) throws -> Int64 {
        do {
            return try read()
        } catch DecodingError.keyNotFound(let key, _) {
            throw SchedulingError("missing key '\(owner)\(key.snakeCase)'")
        } catch {
            throw SchedulingError("\(owner)\(key.snakeCase) must be a whole number of minor units (kobo for NGN)")
        }
    }

    fileprivate static func money(_ minorUnits: Int64, _ key: some CodingKey, _ currency: String)
        throws(SchedulingError)
        -> Money
    {
        do {
            return try Money(minorUnits: minorUnits, currency: currency)
        } catch {
            throw SchedulingError("currency: \(error.message)")
        }
    }
}

extension ProductionInput.CastMember {
    private enum CodingKeys: String, CodingKey {
        case name, dailyRateMinor, unavailable, unavailableRanges, dropPickup
    }

    init(from decoder: any Decoder, position: Int, currency: String) throws {
        let keys = try decoder.container(keyedBy: CodingKeys.self)
        name = try keys.decode(String.self, forKey: .name)
        let minorUnits = try ProductionInput.minorUnits(
            { try keys.decode(Int64.self, forKey: .dailyRateMinor) },
            CodingKeys.dailyRateMinor,
            in: "cast[\(position)]."
        )
        dailyRate = try ProductionInput.money(minorUnits, CodingKeys.dailyRateMinor, currency)
        unavailable = try keys.decodeIfPresent([String].self, forKey: .unavailable)
        unavailableRanges = try keys.decodeIfPresent([ProductionInput.DateRange].self, forKey: .unavailableRanges)
        dropPickup = try keys.decodeIfPresent(Bool.self, forKey: .dropPickup)
    }
}

extension CodingKey {
    /// The key as the JSON spells it.
    fileprivate var snakeCase: String {
        stringValue.reduce(into: "") { text, character in
            text += character.isUppercase ? "_" + character.lowercased() : String(character)
        }
    }
}
