import Foundation

/// A point on the earth in micro-degrees (the profile fields `latitude_e6`, `longitude_e6`).
public struct GeoPoint: Hashable, Sendable, CustomStringConvertible {
    public let latitudeE6: Int64
    public let longitudeE6: Int64

    /// `nil` unless −90…90 and −180…180 degrees.
    public init?(latitudeE6: Int64, longitudeE6: Int64) {
        guard (-90_000_000...90_000_000).contains(latitudeE6), (-180_000_000...180_000_000).contains(longitudeE6)
        else { return nil }
        self.latitudeE6 = latitudeE6
        self.longitudeE6 = longitudeE6
    }

    /// Parses `LAT,LON` in decimal degrees ("6.5244,3.3792").
    public init?(parsing text: String) {
        let parts = text.split(separator: ",", omittingEmptySubsequences: false)
            .map { $0.trimmingCharacters(in: .whitespaces) }
        guard parts.count == 2, let latitude = Self.microDegrees(parts[0]), let longitude = Self.microDegrees(parts[1])
        else { return nil }
        self.init(latitudeE6: latitude, longitudeE6: longitude)
    }

    /// Decimal degrees with at most six decimals, read exactly.
    private static func microDegrees(_ text: String) -> Int64? {
        guard !text.isEmpty, text.count <= 12,
            text.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == "." || $0 == "-") })
        else { return nil }
        let negative = text.hasPrefix("-")
        let pieces = (negative ? text.dropFirst() : Substring(text)).split(
            separator: ".",
            omittingEmptySubsequences: false
        )
        guard (1...2).contains(pieces.count), pieces.allSatisfy({ $0.allSatisfy { $0 != "-" } }),
            let whole = Int64(pieces[0]), whole <= 180
        else { return nil }
        var fraction: Int64 = 0
        if pieces.count == 2 {
            guard (1...6).contains(pieces[1].count), let digits = Int64(pieces[1]) else { return nil }
            fraction = digits * Int64(pow(10, Double(6 - pieces[1].count)))
        }
        let value = whole * 1_000_000 + fraction
        return negative ? -value : value
    }

    public var latitude: Double { Double(latitudeE6) / 1_000_000 }
    public var longitude: Double { Double(longitudeE6) / 1_000_000 }
    public var description: String { String(format: "%.4f,%.4f", latitude, longitude) }

    /// The mean earth radius (IUGG), for great-circle distances.
    public static let earthRadiusKilometres = 6_371.0088

    /// Great-circle distance by the haversine formula.
    public func kilometres(to other: GeoPoint) -> Double {
        Self.kilometres(latitude, longitude, other.latitude, other.longitude)
    }

    /// The point on the unit sphere. The squared straight-line (chord) distance between two such
    /// vectors grows with the great-circle distance, so the index filters and sorts on it with
    /// plain arithmetic and turns only the shown results into kilometres.
    public var unitVector: (x: Double, y: Double, z: Double) {
        let radians = Double.pi / 180
        let phi = latitude * radians
        let lambda = longitude * radians
        return (cos(phi) * cos(lambda), cos(phi) * sin(lambda), sin(phi))
    }

    /// The squared chord between unit vectors `kilometres` apart on the earth's surface.
    public static func chordSquared(kilometres: Double) -> Double {
        let chord = 2 * sin(min(Double.pi, kilometres / earthRadiusKilometres) / 2)
        return chord * chord
    }

    /// The great-circle kilometres a squared chord between unit vectors stands for.
    public static func kilometres(chordSquared: Double) -> Double {
        2 * earthRadiusKilometres * asin(min(1, sqrt(max(0, chordSquared)) / 2))
    }

    /// Great-circle distance between two points in degrees.
    public static func kilometres(_ latitudeA: Double, _ longitudeA: Double, _ latitudeB: Double, _ longitudeB: Double)
        -> Double
    {
        let radians = Double.pi / 180
        let deltaLatitude = (latitudeB - latitudeA) * radians
        let deltaLongitude = (longitudeB - longitudeA) * radians
        let a =
            pow(sin(deltaLatitude / 2), 2)
            + cos(latitudeA * radians) * cos(latitudeB * radians) * pow(sin(deltaLongitude / 2), 2)
        return 2 * earthRadiusKilometres * asin(min(1, sqrt(a)))
    }
}

/// A named place: a city `--near` and the recommender understand offline.
public struct Place: Sendable, Equatable, Decodable {
    public let name: String
    /// ISO 3166 country code.
    public let country: String
    /// The Nigerian state, for Nigerian places.
    public let region: String?
    public let latitude: Double
    public let longitude: Double
    public let aliases: [String]

    public var point: GeoPoint {
        GeoPoint(
            latitudeE6: Int64((latitude * 1_000_000).rounded()),
            longitudeE6: Int64((longitude * 1_000_000).rounded())
        )!
    }
}

/// The places table (Fixtures/search/places.json, built into the binary): every Nigerian state
/// capital and Abuja, other Nigerian film towns, and the major African and diaspora film cities.
public struct Gazetteer: Sendable {
    public let places: [Place]
    private let byKey: [String: Place]

    public init(places: [Place]) {
        self.places = places
        var byKey = [String: Place]()
        for place in places {
            for name in [place.name] + place.aliases where byKey[SearchText.key(name)] == nil {
                byKey[SearchText.key(name)] = place
            }
        }
        self.byKey = byKey
    }

    public static let builtIn: Gazetteer = {
        struct File: Decodable { let places: [Place] }
        let file = try? JSONDecoder().decode(File.self, from: Data(PackageResources.places_json))
        return Gazetteer(places: file?.places ?? [])
    }()

    /// The place called `name` (case and diacritics ignored, aliases included).
    public func place(named name: String) -> Place? { byKey[SearchText.key(name)] }

    /// Resolves `--near`: a place name, or `LAT,LON` in degrees. An unknown name is refused with
    /// the nearest names by spelling.
    public func resolve(_ text: String) throws(SearchError) -> (point: GeoPoint, label: String) {
        if let point = GeoPoint(parsing: text) { return (point, point.description) }
        if let place = place(named: text) { return (place.point, place.name) }
        let suggestions = closestNames(to: text, limit: 3)
        throw SearchError(
            .unknownPlace,
            "unknown place '\(text.prefix(60))'",
            hint: (suggestions.isEmpty ? "" : "did you mean \(suggestions.joined(separator: ", "))? ")
                + "Or give LAT,LON in degrees, for example 6.5244,3.3792."
        )
    }

    /// Place names nearest to `text` by edit distance.
    public func closestNames(to text: String, limit: Int) -> [String] {
        let key = Array(SearchText.key(String(text.prefix(60))))
        return places.map { place in (place.name, EditDistance.between(key, Array(SearchText.key(place.name)))) }
            .sorted { ($0.1, $0.0) < ($1.1, $1.0) }
            .prefix(limit)
            .map(\.0)
    }
}

/// Levenshtein distance, for "did you mean" suggestions.
public enum EditDistance {
    public static func between<Element: Equatable>(_ a: [Element], _ b: [Element]) -> Int {
        guard !a.isEmpty else { return b.count }
        guard !b.isEmpty else { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for (i, x) in a.enumerated() {
            current[0] = i + 1
            for (j, y) in b.enumerated() {
                current[j + 1] = min(previous[j + 1] + 1, current[j] + 1, previous[j] + (x == y ? 0 : 1))
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
