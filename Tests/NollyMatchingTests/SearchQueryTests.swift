import NollyMatching
import NollyRandom
import NollyValues
import Testing

@Suite("Search queries: validation and cursors")
struct SearchQueryTests {
    static let kinds = ["actor", "crew", "voice_artist"]

    static func prepare(_ build: (inout SearchQuery) throws -> Void) throws -> PreparedSearch {
        var query = SearchQuery()
        try build(&query)
        return try PreparedSearch(query, knownKinds: kinds)
    }

    static func code(_ build: (inout SearchQuery) throws -> Void) -> SearchError.Code? {
        do {
            _ = try prepare(build)
            return nil
        } catch let error as SearchError {
            return error.kind
        } catch {
            return nil
        }
    }

    @Test("bad input gets a coded error")
    func badInput() throws {
        #expect(Self.code { $0.limit = 0 } == .invalidFilter)
        #expect(Self.code { $0.limit = 201 } == .invalidFilter)
        #expect(Self.code { $0.kinds = ["wizard"] } == .invalidFilter)
        #expect(
            Self.code {
                $0.heightMin = 190
                $0.heightMax = 150
            } == .invertedRange
        )
        #expect(Self.code { $0.heightMin = 10 } == .invalidFilter)
        #expect(Self.code { $0.age = 121 } == .invalidFilter)
        #expect(Self.code { $0.minimumRating = 6 } == .invalidFilter)
        #expect(Self.code { $0.minimumRating = .nan } == .invalidFilter)
        #expect(Self.code { $0.withinKilometres = 0 } == .invalidFilter)
        #expect(Self.code { $0.sort = .distance } == .invalidFilter)
        #expect(Self.code { $0.skills = ["!!!"] } == .invalidFilter)
        #expect(Self.code { $0.skills = Array(repeating: "x", count: 21) } == .invalidFilter)
        #expect(
            Self.code {
                $0.rateMin = try Money(parsing: "300000 NGN")
                $0.rateMax = try Money(parsing: "200000 NGN")
            } == .invertedRange
        )
        #expect(
            Self.code {
                $0.rateMin = try Money(parsing: "300 USD")
                $0.rateMax = try Money(parsing: "200000 NGN")
            } == .invalidFilter
        )
        #expect(throws: SearchError.self) { try SearchQuery.dateRange(parsing: "2027-03-20..2027-03-03") }
        #expect(throws: SearchError.self) { try SearchQuery.dateRange(parsing: "2027-02-30..2027-03-03") }
        #expect(throws: SearchError.self) { try SearchQuery.dateRange(parsing: "2027-03-03") }
        #expect(throws: SearchError.self) { try SearchQuery.money(parsing: "12abc", flag: "--rate-min") }
        #expect(throws: SearchError.self) { try SearchQuery.money(parsing: "-5 NGN", flag: "--rate-min") }
        let oneDay = try SearchQuery.dateRange(parsing: "2027-03-03..2027-03-03")
        #expect(oneDay.lowerBound == oneDay.upperBound)
    }

    @Test("filter values fold, skills go under their synonym group, defaults follow the query")
    func normalisation() throws {
        let prepared = try Self.prepare {
            $0.skills = ["DOP", "Stage  Combat", "cinematographer"]
            $0.languages = ["Yorùbá"]
            $0.near = GeoPoint(latitudeE6: 6_524_400, longitudeE6: 3_379_200)
        }
        #expect(prepared.skills == ["cinematographer", "stage combat"])
        #expect(prepared.languages == ["yoruba"])
        #expect(prepared.sort == .distance)
        #expect(try Self.prepare { $0.text = "ada" }.sort == .relevance)
    }

    @Test("a cursor round-trips, and is refused by another query or when damaged", arguments: [UInt64(21), 22])
    func cursors(seed: UInt64) throws {
        var random = SplitMix64(seed: seed)
        for _ in 0..<200 {
            let cursor = SearchCursor(
                fingerprint: random.next(),
                sortKey: Double(Int64.random(in: -1_000_000...1_000_000, using: &random)) / 7,
                id: Int64.random(in: 1...Int64.max, using: &random)
            )
            #expect(try SearchCursor(decoding: cursor.encoded) == cursor, "seed \(seed)")
            #expect(cursor.encoded.count == 32)
        }
        let first = try Self.prepare {
            $0.text = "ada"
            $0.kinds = ["actor"]
        }
        let cursor = SearchCursor(fingerprint: first.fingerprint, sortKey: -3.5, id: 9).encoded
        #expect(
            try Self.prepare {
                $0.text = "ada"
                $0.kinds = ["actor"]
                $0.after = cursor
                $0.limit = 50
            }.after != nil
        )
        #expect(
            Self.code {
                $0.text = "bola"
                $0.kinds = ["actor"]
                $0.after = cursor
            } == .invalidCursor
        )
        #expect(
            Self.code {
                $0.text = "ada"
                $0.after = cursor
            } == .invalidCursor
        )
        #expect(Self.code { $0.after = "not a cursor" } == .invalidCursor)
        #expect(Self.code { $0.after = String(repeating: "!", count: 32) } == .invalidCursor)
        let nan = SearchCursor(fingerprint: first.fingerprint, sortKey: .nan, id: 1).encoded
        #expect(
            Self.code {
                $0.text = "ada"
                $0.kinds = ["actor"]
                $0.after = nan
            } == .invalidCursor
        )
    }
}
