import NollyMatching
import Testing

@Suite("Places and distances")
struct PlacesTests {
    static let stateCapitals = [
        "Umuahia", "Yola", "Uyo", "Awka", "Bauchi", "Yenagoa", "Makurdi", "Maiduguri", "Calabar", "Asaba", "Abakaliki",
        "Benin City", "Ado-Ekiti", "Enugu", "Gombe", "Owerri", "Dutse", "Kaduna", "Kano", "Katsina", "Birnin Kebbi",
        "Lokoja", "Ilorin", "Ikeja", "Lafia", "Minna", "Abeokuta", "Akure", "Osogbo", "Ibadan", "Jos", "Port Harcourt",
        "Sokoto", "Jalingo", "Damaturu", "Gusau", "Abuja",
    ]

    @Test("every Nigerian state capital, Abuja and the film cities are in the table")
    func table() throws {
        let gazetteer = Gazetteer.builtIn
        for name in Self.stateCapitals + ["Lagos", "Accra", "Nairobi", "Johannesburg", "London", "Atlanta", "Toronto"] {
            let place = try #require(gazetteer.place(named: name), "\(name)")
            #expect(place.point.latitudeE6 != 0 || place.point.longitudeE6 != 0)
        }
        let nigerianStates = Set(gazetteer.places.filter { $0.country == "NG" }.compactMap(\.region))
        #expect(nigerianStates.count == 37)
        #expect(gazetteer.place(named: "yaounde")?.name == "Yaoundé")
        #expect(gazetteer.place(named: "LAGOS")?.name == "Lagos")
        #expect(gazetteer.place(named: "PH")?.name == "Port Harcourt")
    }

    @Test("LAT,LON parses exactly; out of range or malformed is not a point")
    func coordinates() throws {
        #expect(GeoPoint(parsing: "6.5244,3.3792") == GeoPoint(latitudeE6: 6_524_400, longitudeE6: 3_379_200))
        #expect(GeoPoint(parsing: "-33.9249, 18.4241") == GeoPoint(latitudeE6: -33_924_900, longitudeE6: 18_424_100))
        for bad in ["91,0", "0,181", "6.5", "6.5,3.4,1", "a,b", "6.1234567,3", "", ",", "1e3,2", "--1,2"] {
            #expect(GeoPoint(parsing: bad) == nil, "\(bad)")
        }
        #expect(throws: SearchError.self) { try Gazetteer.builtIn.resolve("91,0") }
    }

    @Test("an unknown place suggests the nearest names")
    func suggestions() {
        do {
            _ = try Gazetteer.builtIn.resolve("Lagoss")
            Issue.record("Lagoss resolved")
        } catch {
            #expect(error.kind == .unknownPlace)
            #expect(error.hint?.contains("Lagos") == true)
        }
    }

    @Test("great-circle distances match known values")
    func distances() throws {
        let lagos = try #require(Gazetteer.builtIn.place(named: "Lagos")).point
        let abuja = try #require(Gazetteer.builtIn.place(named: "Abuja")).point
        let london = try #require(Gazetteer.builtIn.place(named: "London")).point
        // Independent figures from the haversine formula in Python on the same coordinates.
        #expect(abs(lagos.kilometres(to: abuja) - 525.90) < 0.05)
        #expect(abs(london.kilometres(to: lagos) - 5_012.32) < 0.05)
        #expect(lagos.kilometres(to: lagos) == 0)
    }
}
