public import Foundation
public import NollyValues

/// A part to cast or a crew position to fill, from a posted job, a role file or a breakdown's
/// crew needs. What a candidate must have (kind, department, required skills, languages, playing
/// age, and availability when `availabilityRequired`) excludes; the rest ranks.
public struct CastingRole: Sendable, Equatable {
    /// "Inspector Ada": how the role is shown.
    public var title = ""
    /// "police officer": the part as past credits name it (defaults to the title).
    public var roleName = ""
    public var description = ""
    /// The kind of talent (`actor`, `crew`, …).
    public var kind: String
    /// For crew: the department (`lighting`, `sound`, …), which a candidate must work in.
    public var department: String?
    /// Skills a candidate must have (synonyms count).
    public var requiredSkills: [String] = []
    /// Skills that make a candidate more similar but are not required.
    public var preferredSkills: [String] = []
    /// Languages a candidate must speak, all of them.
    public var languages: [String] = []
    /// The candidate's playing age range must overlap this.
    public var playingAges: ClosedRange<Int>?
    /// Where the shoot is, and how it is named in reasons.
    public var place: GeoPoint?
    public var placeLabel: String?
    /// "Near" for the distance factor.
    public var withinKilometres = 50
    public var shootingDates: ClosedRange<CivilDate>?
    public var budgetPerDay: Money?
    /// Exclude candidates booked on any shooting day (otherwise they rank lower).
    public var availabilityRequired = false

    public init(kind: String) { self.kind = kind }

    /// Longest description, in characters.
    public static let maximumDescriptionLength = 4_000
    /// Largest role file, in bytes.
    public static let maximumFileBytes = 64 * 1024
}

extension CastingRole {
    /// The role file's shape (PROTOCOL.md, "Role files"): snake_case keys, dates and amounts as
    /// the CLI writes them.
    private struct File: Decodable {
        struct Ages: Decodable {
            let min: Int
            let max: Int
        }
        let title: String?
        let role: String?
        let description: String?
        let kind: String
        let department: String?
        let requiredSkills: [String]?
        let preferredSkills: [String]?
        let languages: [String]?
        let playingAge: Ages?
        let place: String?
        let withinKm: Int?
        let shootingDates: String?
        let budgetPerDay: String?
        let availabilityRequired: Bool?
    }

    /// Reads a role file, checking every value; `knownKinds` are the kinds a role may ask for.
    public init(roleFile data: Data, knownKinds: [String], gazetteer: Gazetteer = .builtIn) throws(SearchError) {
        try Self.checkSize(data.count)
        let file: File
        do {
            let decoder = JSONDecoder()
            decoder.keyDecodingStrategy = .convertFromSnakeCase
            file = try decoder.decode(File.self, from: data)
        } catch let error as DecodingError {
            throw SearchError(.invalidRole, "the role file is not a role: \(Self.describe(error))")
        } catch {
            throw SearchError(.invalidRole, "the role file is not JSON")
        }
        guard knownKinds.contains(file.kind) else {
            throw SearchError(
                .invalidRole,
                "unknown kind '\(file.kind.prefix(40))'",
                hint: "kinds are \(knownKinds.joined(separator: ", "))"
            )
        }
        self.init(kind: file.kind)
        title = try Self.bounded(file.title, "title", 200)
        roleName = try Self.bounded(file.role, "role", 200)
        description = try Self.bounded(file.description, "description", Self.maximumDescriptionLength)
        department = try file.department.map { text throws(SearchError) in try Self.bounded(text, "department", 60) }
        requiredSkills = file.requiredSkills ?? []
        preferredSkills = file.preferredSkills ?? []
        languages = file.languages ?? []
        if let ages = file.playingAge {
            guard (0...120).contains(ages.min), (0...120).contains(ages.max) else {
                throw SearchError(.invalidFilter, "playing_age must be between 0 and 120")
            }
            guard ages.min <= ages.max else {
                throw SearchError(.invertedRange, "playing_age min \(ages.min) is above max \(ages.max)")
            }
            playingAges = ages.min...ages.max
        }
        if let place = file.place {
            let resolved = try gazetteer.resolve(place)
            self.place = resolved.point
            placeLabel = resolved.label
        }
        withinKilometres = file.withinKm ?? 50
        shootingDates = try file.shootingDates.map { text throws(SearchError) in
            try SearchQuery.dateRange(parsing: text)
        }
        budgetPerDay = try file.budgetPerDay.map { text throws(SearchError) in
            try SearchQuery.money(parsing: text, flag: "budget_per_day")
        }
        availabilityRequired = file.availabilityRequired ?? false
    }

    /// Refuses a role file of `bytes` over ``maximumFileBytes`` (checked before reading it, too).
    public static func checkSize(_ bytes: Int) throws(SearchError) {
        guard bytes <= maximumFileBytes else {
            throw SearchError(.invalidRole, "the role file is over \(maximumFileBytes / 1024) KiB")
        }
    }

    private static func bounded(_ text: String?, _ key: String, _ limit: Int) throws(SearchError) -> String {
        guard let text else { return "" }
        guard text.count <= limit else { throw SearchError(.invalidRole, "\(key) is over \(limit) characters") }
        return text
    }

    /// A decoding error as one line naming the key, without Swift's type names.
    private static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            let keys = context.codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue }
            return keys.isEmpty ? "the top level" : keys.joined(separator: ".")
        }
        switch error {
        case .keyNotFound(let key, _): return "'\(key.stringValue)' is missing"
        case .typeMismatch(_, let context), .valueNotFound(_, let context): return "\(path(context)) has the wrong type"
        case .dataCorrupted(let context): return context.codingPath.isEmpty ? "it is not valid JSON" : path(context)
        @unknown default: return "it does not have the role file's shape"
        }
    }
}
