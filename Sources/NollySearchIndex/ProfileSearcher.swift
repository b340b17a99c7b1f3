import Foundation
import GRDB
import NollyCrypto
public import NollyMatching
import NollyModel
public import NollyStore
import NollyValues

/// Answers a ``PreparedSearch`` from the index: the filters are ordinary indexed SQL intersected
/// with the FTS match (never part of the FTS query), the page is a keyset on (sort key, id), and
/// the total and facets count the whole result set.
public struct ProfileSearcher: Sendable {
    let store: ReplicaStore

    public init(store: ReplicaStore) { self.store = store }

    /// Facet values listed per facet, most frequent first.
    public static let facetValues = 10

    /// Finds one page. `trustedAttesters` are the keys whose badges count as verified here.
    public func search(_ query: PreparedSearch, trustedAttesters: [[UInt8]]) throws -> SearchPage {
        try store.readDerived { db in
            let plan = try Self.plan(query, trustedAttesters: trustedAttesters, db)
            var pageArguments = plan.arguments
            var keyset = ""
            if let after = query.after {
                keyset = "WHERE sort_key > ? OR (sort_key = ? AND id > ?)"
                pageArguments += [after.sortKey, after.sortKey, after.id]
            }
            pageArguments.append(query.limit + 1)
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT * FROM (
                        SELECT p.id, p.user, p.display_name, p.headline, p.city, p.rating_average, p.rating_count,
                            p.rate_minor, p.rate_currency, \(plan.sortKey) AS sort_key, \(plan.distance) AS distance,
                            \(plan.relevance) AS relevance
                        FROM \(plan.from) WHERE \(plan.whereClause))
                    \(keyset) ORDER BY sort_key, id LIMIT ?
                    """,
                arguments: StatementArguments(pageArguments)
            )
            let page = rows.prefix(query.limit)
            let kinds = try Self.kinds(of: page.map { $0["id"] }, db)
            let hits = page.map { row -> SearchHit in
                let id: Int64 = row["id"]
                let rate: Int64? = row["rate_minor"]
                let currency: String? = row["rate_currency"]
                return SearchHit(
                    user: Hex.encode(Array(row["user"] as Data)),
                    displayName: row["display_name"],
                    headline: row["headline"],
                    city: row["city"],
                    kinds: kinds[id] ?? [],
                    score: ((row["relevance"] as Double) * 10_000).rounded() / 10_000,
                    distanceKm: (row["distance"] as Double?).map {
                        (GeoPoint.kilometres(chordSquared: $0) * 10).rounded() / 10
                    },
                    rating: (row["rating_average"] as Double?).map { ($0 * 100).rounded() / 100 },
                    ratingCount: row["rating_count"],
                    dayRate: rate.flatMap { minor in currency.map { Money.format(minor, $0, grouped: false) } }
                )
            }
            let next =
                rows.count > query.limit
                ? page.last.map { row in
                    SearchCursor(fingerprint: query.fingerprint, sortKey: row["sort_key"], id: row["id"]).encoded
                } : nil
            let total =
                try Int.fetchOne(
                    db,
                    sql: "SELECT count(*) FROM \(plan.from) WHERE \(plan.whereClause)",
                    arguments: StatementArguments(plan.arguments)
                ) ?? 0
            return SearchPage(
                total: total,
                results: hits,
                next: next,
                facets: query.facets ? try Self.facets(plan, db) : nil
            )
        }
    }

    /// The plan for `query`, started from its shortest term list when that is shorter than the
    /// latitude band around `--near` (and when there is no text to match). SQLite has no
    /// statistics on these lists, so they are counted here, each no further than the shortest so
    /// far, and not at all when there is nothing to choose between.
    static func plan(_ query: PreparedSearch, trustedAttesters: [[UInt8]], _ db: Database) throws -> SearchPlan {
        let terms = SearchPlan.drivingTerms(query)
        let band = SearchPlan.latitudeBand(query)
        guard query.text == nil, let first = terms.first else {
            return SearchPlan(query, trustedAttesters: trustedAttesters)
        }
        guard terms.count > 1 || band != nil else {
            return SearchPlan(query, trustedAttesters: trustedAttesters, driver: first)
        }
        /// Rows of `sql` (with `arguments`), counted up to `cap`.
        func count(_ sql: String, _ arguments: StatementArguments, upTo cap: Int) throws -> Int {
            try Int.fetchOne(
                db.cachedStatement(sql: "SELECT count(*) FROM (\(sql) LIMIT ?)"),
                arguments: arguments + [cap]
            ) ?? 0
        }
        var driver: (term: SearchPlan.Term, count: Int)?
        for term in terms {
            let found = try count(
                "SELECT 1 FROM search_term WHERE facet = ? AND key = ?",
                [term.facet, term.key],
                upTo: driver?.count ?? Int.max
            )
            if found < driver?.count ?? .max { driver = (term, found) }
        }
        if let band, let shortest = driver?.count {
            let inBand = try count(
                "SELECT 1 FROM search_profile WHERE latitude_e6 BETWEEN ? AND ?",
                [band.lowerBound, band.upperBound],
                upTo: shortest
            )
            if inBand < shortest { driver = nil }
        }
        return SearchPlan(query, trustedAttesters: trustedAttesters, driver: driver?.term)
    }

    /// The kinds of the profiles `ids`, by id.
    private static func kinds(of ids: [Int64], _ db: Database) throws -> [Int64: [String]] {
        guard !ids.isEmpty else { return [:] }
        var kinds = [Int64: [String]]()
        let rows = try Row.fetchAll(
            db,
            sql: """
                SELECT profile, label FROM search_term WHERE facet = 'kind'
                AND profile IN (\(ids.map { _ in "?" }.joined(separator: ", "))) ORDER BY key
                """,
            arguments: StatementArguments(ids)
        )
        for row in rows { kinds[row[0], default: []].append(row[1]) }
        return kinds
    }

    /// Counts by kind, city, language and skill over the whole result set.
    private static func facets(_ plan: SearchPlan, _ db: Database) throws -> [String: [FacetCount]] {
        var facets = ["kind": [FacetCount](), "city": [], "language": [], "skill": []]
        let terms = try Row.fetchAll(
            db,
            sql: """
                SELECT t.facet, max(t.label), count(*) AS n FROM search_term t
                WHERE t.facet IN ('kind', 'language', 'skill')
                AND t.profile IN (SELECT p.id FROM \(plan.from) WHERE \(plan.whereClause))
                GROUP BY t.facet, t.key ORDER BY n DESC, t.key
                """,
            arguments: StatementArguments(plan.arguments)
        )
        for row in terms where facets[row[0], default: []].count < facetValues {
            facets[row[0], default: []].append(FacetCount(value: row[1], count: row[2]))
        }
        let cities = try Row.fetchAll(
            db,
            sql: """
                SELECT max(p.city), count(*) AS n FROM \(plan.from) WHERE \(plan.whereClause) AND p.city_key IS NOT NULL
                GROUP BY p.city_key ORDER BY n DESC, p.city_key LIMIT \(facetValues)
                """,
            arguments: StatementArguments(plan.arguments)
        )
        facets["city"] = cities.map { FacetCount(value: $0[0], count: $0[1]) }
        return facets
    }
}
