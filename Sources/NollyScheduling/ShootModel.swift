import NollyValues

/// A production input checked and turned into indices and bit sets: the shooting calendar,
/// scenes with their cast as bit sets, and for each scene the shooting days it may use.
struct ShootModel {
    /// The largest amount of money (a daily rate, a move's cost, the daily maximum) a schedule
    /// takes, in minor units: 10^11 (a billion naira a day), so no sum of costs and penalties
    /// over 64 performers and 1,000 days can overflow.
    static let maxMoneyMinor = 100_000_000_000

    struct Scene {
        let id: String
        let setting: String
        let time: String
        let location: Int
        let eighths: Int
        let cast: UInt64
        let isExterior: Bool
        let isNight: Bool
        let lockedDay: Int?
    }

    let name: String
    let currency: String
    let dates: [CivilDate]
    let capacity: Int
    let moveEighths: Int
    let moveCost: Int
    let maxDailyCost: Int?
    let enforceTurnaround: Bool
    let dropGap: Int
    let castNames: [String]
    let rates: [Int]
    let dropAllowed: [Bool]
    let locationNames: [String]
    let scenes: [Scene]
    /// allowed[scene][day]: the scene may be shot on that shooting day.
    let allowed: [[Bool]]
    /// Scenes with no possible day, with the reason.
    let impossible: [Int: String]

    init(_ input: ProductionInput) throws(SchedulingError) {
        name = input.name ?? "Untitled"
        currency = input.currency
        capacity = input.dayCapacityEighths ?? 40
        moveEighths = input.companyMoveEighths ?? 8
        moveCost = Int(input.companyMoveCost?.minorUnits ?? 0)
        maxDailyCost = input.maxDailyCost.map { Int($0.minorUnits) }
        enforceTurnaround = (input.turnaroundHours ?? 12) > 0
        dropGap = input.dropPickupMinimumGap ?? 10
        guard capacity > 0, moveEighths >= 0, moveCost >= 0 else {
            throw SchedulingError("day_capacity_eighths must be positive and move costs not negative")
        }
        guard capacity <= 10_000, moveEighths <= 10_000 else {
            throw SchedulingError("day_capacity_eighths and company_move_eighths must be at most 10000")
        }
        guard moveCost <= Self.maxMoneyMinor, (maxDailyCost ?? 0) <= Self.maxMoneyMinor, (maxDailyCost ?? 0) >= 0 else {
            throw SchedulingError(
                "company_move_cost_minor and max_daily_cost_minor must be between 0 and \(Self.maxMoneyMinor)"
            )
        }
        guard input.cast.count <= 64 else { throw SchedulingError("at most 64 cast members, got \(input.cast.count)") }
        guard !input.scenes.isEmpty else { throw SchedulingError("there are no scenes to schedule") }

        // The shooting calendar.
        let start = try CivilDate.scheduling(input.startDate)
        let maxDays = input.maxShootingDays ?? 35
        guard (1...1_000).contains(maxDays) else { throw SchedulingError("max_shooting_days must be 1 to 1000") }
        var daysOff = Set<CivilDate>()
        for text in input.daysOff ?? [] { daysOff.insert(try CivilDate.scheduling(text)) }
        var weekly = Set<Int>()
        for name in input.weeklyDaysOff ?? [] {
            guard let index = CivilDate.weekdayNames.firstIndex(of: name.lowercased()) else {
                throw SchedulingError("weekly_days_off: '\(name)' is not a weekday name")
            }
            weekly.insert(index)
        }
        guard weekly.count < 7 else { throw SchedulingError("weekly_days_off leaves no day to shoot") }
        var calendar = [CivilDate]()
        var cursor = start
        while calendar.count < maxDays {
            if !daysOff.contains(cursor) && !weekly.contains(cursor.weekday) { calendar.append(cursor) }
            cursor = CivilDate(day: cursor.day + 1)
        }
        dates = calendar

        // Cast and locations.
        castNames = input.cast.map(\.name)
        rates = input.cast.map { Int($0.dailyRate.minorUnits) }
        dropAllowed = input.cast.map { $0.dropPickup ?? false }
        guard Set(castNames).count == castNames.count else { throw SchedulingError("cast names must be unique") }
        guard rates.allSatisfy({ $0 >= 0 }) else { throw SchedulingError("daily rates cannot be negative") }
        if let index = rates.firstIndex(where: { $0 > Self.maxMoneyMinor }) {
            throw SchedulingError(
                "\(castNames[index]): daily_rate_minor \(rates[index]) is over the largest a schedule takes "
                    + "(\(Self.maxMoneyMinor))"
            )
        }
        var locationNames = (input.locations ?? []).map(\.name)
        for scene in input.scenes where !locationNames.contains(scene.location) { locationNames.append(scene.location) }
        self.locationNames = locationNames
        func ranges(_ list: [ProductionInput.DateRange]?) throws(SchedulingError) -> [ClosedRange<Int>]? {
            guard let list else { return nil }
            var result = [ClosedRange<Int>]()
            for range in list {
                let from = try CivilDate.scheduling(range.from)
                let to = try CivilDate.scheduling(range.to)
                guard from <= to else {
                    throw SchedulingError("date range \(range.from)..\(range.to) ends before it starts")
                }
                result.append(from.day...to.day)
            }
            return result
        }
        var locationWindows = [[ClosedRange<Int>]?](repeating: nil, count: locationNames.count)
        for location in input.locations ?? [] {
            locationWindows[locationNames.firstIndex(of: location.name)!] = try ranges(location.available)
        }
        var unavailable = [Set<Int>](repeating: [], count: castNames.count)
        for (index, member) in input.cast.enumerated() {
            for text in member.unavailable ?? [] { unavailable[index].insert(try CivilDate.scheduling(text).day) }
            for range in try ranges(member.unavailableRanges) ?? [] { unavailable[index].formUnion(range) }
        }
        let rain = try ranges(input.rainySeason) ?? []
        let windows = try ranges(input.weatherWindows)

        // Scenes and the days each may use (local copies: `self` is not complete yet).
        let dayCapacity = capacity
        let names = castNames
        var scenes = [Scene]()
        var allowed = [[Bool]]()
        var impossible = [Int: String]()
        let dayIndex = Dictionary(uniqueKeysWithValues: calendar.enumerated().map { ($1.day, $0) })
        guard Set(input.scenes.map(\.id)).count == input.scenes.count else {
            throw SchedulingError("scene ids must be unique")
        }
        for scene in input.scenes {
            var cast: UInt64 = 0
            for member in scene.cast {
                guard let index = castNames.firstIndex(of: member) else {
                    throw SchedulingError("scene \(scene.id): '\(member)' is not in the cast list")
                }
                cast |= 1 << UInt64(index)
            }
            guard scene.eighths > 0 else { throw SchedulingError("scene \(scene.id): eighths must be at least 1") }
            let setting = scene.setting.uppercased()
            let time = scene.time.uppercased()
            let exterior = setting.contains("EXT")
            let night = ["NIGHT", "EVENING", "DUSK"].contains(time)
            let location = locationNames.firstIndex(of: scene.location)!
            var locked: Int?
            if let text = scene.lockedDate {
                guard let day = dayIndex[try CivilDate.scheduling(text).day] else {
                    throw SchedulingError(
                        "scene \(scene.id) is locked to \(text), which is not a shooting day "
                            + "(a day off, or outside the \(maxDays)-day calendar)"
                    )
                }
                locked = day
            }
            func obstacles(_ date: CivilDate) -> [String] {
                var why = [String]()
                if scene.eighths > dayCapacity { why.append("longer than a \(dayCapacity)-eighth day") }
                if let window = locationWindows[location], !window.contains(where: { $0.contains(date.day) }) {
                    why.append("location '\(scene.location)' unavailable")
                }
                if exterior && rain.contains(where: { $0.contains(date.day) }) {
                    why.append("exterior in the rainy season")
                }
                if exterior, let windows, !windows.contains(where: { $0.contains(date.day) }) {
                    why.append("exterior outside the weather windows")
                }
                for (index, name) in names.enumerated() where cast & (1 << UInt64(index)) != 0 {
                    if unavailable[index].contains(date.day) { why.append("\(name) unavailable") }
                }
                return why
            }
            var days = [Bool](repeating: false, count: calendar.count)
            var reasons = [String: Int]()
            for day in locked.map({ [$0] }) ?? Array(calendar.indices) {
                let why = obstacles(calendar[day])
                if why.isEmpty { days[day] = true }
                for reason in why { reasons[reason, default: 0] += 1 }
            }
            if !days.contains(true) {
                let detail = reasons.sorted { ($0.value, $1.key) > ($1.value, $0.key) }
                    .map { locked == nil ? "\($0.key) (\($0.value) day\($0.value == 1 ? "" : "s"))" : $0.key }
                    .joined(separator: "; ")
                impossible[scenes.count] =
                    locked.map { "scene \(scene.id) is locked to \(calendar[$0]), but: \(detail)" }
                    ?? "scene \(scene.id) fits none of the \(calendar.count) shooting days: \(detail)"
            }
            scenes.append(
                Scene(
                    id: scene.id,
                    setting: setting,
                    time: time,
                    location: location,
                    eighths: scene.eighths,
                    cast: cast,
                    isExterior: exterior,
                    isNight: night,
                    lockedDay: locked
                )
            )
            allowed.append(days)
        }
        self.scenes = scenes
        self.allowed = allowed
        self.impossible = impossible
    }
}

extension CivilDate {
    /// A date from a production file, or the error that names it.
    static func scheduling(_ text: String) throws(SchedulingError) -> CivilDate {
        guard let date = CivilDate(parsing: text) else {
            throw SchedulingError("dates are YYYY-MM-DD (a day that exists), got '\(text)'")
        }
        return date
    }
}
