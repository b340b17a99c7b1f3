import Foundation
public import GRDB
public import NollyMatching
import NollyModel
public import NollyStore
import NollySync
import NollyValues

/// The talent search index, kept inside the replica and updated in the same transaction as every
/// merge: a remote change, a local edit or a delete is searchable (or gone) the moment it
/// commits, and a deleted or hidden profile never appears.
///
/// - `search_text`: FTS5 over folded text (name, headline, bio, skills, credits, languages,
///   kinds, city), ranked by bm25, with prefix indexes for as-you-type words.
/// - `search_profile`: one row per listed profile, the filter and sort columns. Its `id` is the
///   FTS rowid and the cursor's tie-breaker, kept when a profile is re-indexed.
/// - `search_term`: facet terms (kind, skill, language, accent) as folded keys, skills under
///   their synonym group's name.
/// - `search_booked`: booked days, for availability.
/// - `search_rating`, `search_badge`: ratings and verified badges by subject. Which attesters
///   count is node policy, applied when searching.
public struct ProfileSearchIndex: DerivedTable {
    public let name = "profile_search"
    /// 2: unit vectors for distances.
    public let version = 2
    let synonyms: SynonymTable

    public init(synonyms: SynonymTable = .builtIn) { self.synonyms = synonyms }

    /// FTS columns, in order, and their bm25 weights.
    static let textColumns: [(name: String, weight: Double)] = [
        ("name", 8), ("headline", 4), ("bio", 1), ("skills", 3), ("credits", 2), ("languages", 2), ("kinds", 2),
        ("place", 1),
    ]

    /// Every table the index keeps.
    static let tables = [
        "search_profile", "search_term", "search_booked", "search_rating", "search_badge", "search_text",
    ]

    public func migrate(_ db: Database) throws {
        // Version 1 had no unit vectors: its tables go, and the rebuild refills the new ones.
        if try db.tableExists("search_profile"),
            try !db.columns(in: "search_profile").contains(where: { $0.name == "ux" })
        {
            for table in Self.tables { try db.execute(sql: "DROP TABLE IF EXISTS \(table)") }
        }
        try db.execute(
            sql: """
                CREATE TABLE IF NOT EXISTS search_profile (
                    id INTEGER PRIMARY KEY,
                    user BLOB NOT NULL UNIQUE,
                    display_name TEXT, headline TEXT, city TEXT, city_key TEXT,
                    latitude_e6 INTEGER, longitude_e6 INTEGER, ux REAL, uy REAL, uz REAL,
                    rate_minor INTEGER, rate_currency TEXT,
                    age_min INTEGER, age_max INTEGER, height_cm INTEGER, gender_key TEXT,
                    rating_average REAL, rating_count INTEGER NOT NULL DEFAULT 0);
                CREATE INDEX IF NOT EXISTS search_profile_latitude ON search_profile(latitude_e6);
                CREATE TABLE IF NOT EXISTS search_term (
                    facet TEXT NOT NULL, key TEXT NOT NULL, profile INTEGER NOT NULL, label TEXT NOT NULL,
                    PRIMARY KEY (facet, key, profile)) WITHOUT ROWID;
                CREATE INDEX IF NOT EXISTS search_term_profile ON search_term(profile);
                CREATE TABLE IF NOT EXISTS search_booked (
                    profile INTEGER NOT NULL, day INTEGER NOT NULL, PRIMARY KEY (profile, day)) WITHOUT ROWID;
                CREATE TABLE IF NOT EXISTS search_rating (row BLOB PRIMARY KEY, subject BLOB NOT NULL, stars INTEGER NOT NULL);
                CREATE INDEX IF NOT EXISTS search_rating_subject ON search_rating(subject);
                CREATE TABLE IF NOT EXISTS search_badge (row BLOB PRIMARY KEY, subject BLOB NOT NULL, attester BLOB NOT NULL);
                CREATE INDEX IF NOT EXISTS search_badge_subject ON search_badge(subject);
                CREATE VIRTUAL TABLE IF NOT EXISTS search_text USING fts5(
                    \(Self.textColumns.map(\.name).joined(separator: ", ")),
                    tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3');
                """
        )
    }

    public func rebuild(_ db: Database) throws {
        for table in Self.tables { try db.execute(sql: "DELETE FROM \(table)") }
        try ReplicaStore.forEachLiveRow(in: db, of: [.rating, .verification]) { row in
            try row.entity == .rating ? refreshRating(row.row, row, db) : refreshBadge(row.row, row, db)
        }
        try ReplicaStore.forEachLiveRow(in: db, of: [.profile]) { profile in
            try reindex(user: profile.row, profile: profile, db)
        }
    }

    public func update(for changes: CommittedChanges, in db: Database) throws {
        var users = Set<RowID>()
        for touched in changes.rows {
            let bytes = touched.row.bytes
            switch touched.entity {
            case .profile, .user:
                users.insert(touched.row)
            case .rating:
                try refreshRating(touched.row, ReplicaStore.liveSnapshot(in: db, .rating, touched.row), db)
                users.insert(RowID(Array(bytes[32..<64])))
            case .verification:
                try refreshBadge(touched.row, ReplicaStore.liveSnapshot(in: db, .verification, touched.row), db)
            default:
                continue
            }
        }
        for user in users {
            try reindex(user: user, profile: ReplicaStore.liveSnapshot(in: db, .profile, user), db)
        }
    }

    /// Keeps a rating's stars by subject (rater ‖ subject row ids); a deleted rating is dropped.
    private func refreshRating(_ row: RowID, _ rating: RowSnapshot?, _ db: Database) throws {
        let id = Data(row.bytes)
        if let stars = rating?.integer("stars") {
            try db.cachedStatement(sql: "INSERT OR REPLACE INTO search_rating (row, subject, stars) VALUES (?, ?, ?)")
                .execute(arguments: [id, Data(row.bytes[32..<64]), stars])
        } else {
            try db.cachedStatement(sql: "DELETE FROM search_rating WHERE row = ?").execute(arguments: [id])
        }
    }

    /// Keeps a verified badge by subject (attester ‖ subject ‖ nonce row ids); any other status drops it.
    private func refreshBadge(_ row: RowID, _ badge: RowSnapshot?, _ db: Database) throws {
        let id = Data(row.bytes)
        if badge?.text("status") == "verified" {
            try db.cachedStatement(sql: "INSERT OR REPLACE INTO search_badge (row, subject, attester) VALUES (?, ?, ?)")
                .execute(arguments: [id, Data(row.bytes[32..<64]), Data(row.bytes[0..<32])])
        } else {
            try db.cachedStatement(sql: "DELETE FROM search_badge WHERE row = ?").execute(arguments: [id])
        }
    }

    /// Rewrites one user's entry from their profile and user rows, keeping its id; removes it when
    /// the profile is not listed.
    private func reindex(user: RowID, profile: RowSnapshot?, _ db: Database) throws {
        let key = Data(user.bytes)
        let existing = try Int64.fetchOne(
            db.cachedStatement(sql: "SELECT id FROM search_profile WHERE user = ?"),
            arguments: [key]
        )
        if let existing {
            for sql in [
                "DELETE FROM search_term WHERE profile = ?", "DELETE FROM search_booked WHERE profile = ?",
                "DELETE FROM search_text WHERE rowid = ?",
            ] {
                try db.cachedStatement(sql: sql).execute(arguments: [existing])
            }
        }
        let document = ProfileDocument(
            profile: profile,
            user: try ReplicaStore.liveSnapshot(in: db, .user, user),
            synonyms: synonyms
        )
        guard let document else {
            if let existing {
                try db.cachedStatement(sql: "DELETE FROM search_profile WHERE id = ?").execute(arguments: [existing])
            }
            return
        }
        let rating = try Row.fetchOne(
            db.cachedStatement(sql: "SELECT avg(stars), count(*) FROM search_rating WHERE subject = ?"),
            arguments: [key]
        )
        let vector = document.point?.unitVector
        let columns: [(any DatabaseValueConvertible)?] = [
            key, document.displayName, document.headline, document.city, document.cityKey, document.point?.latitudeE6,
            document.point?.longitudeE6, vector?.x, vector?.y, vector?.z, document.rate?.minorUnits,
            document.rate?.currency, document.ageMin, document.ageMax,
            document.heightCm, document.genderKey, rating?[0] as Double?, (rating?[1] as Int64?) ?? 0,
        ]
        try db.cachedStatement(
            sql: """
                INSERT INTO search_profile (id, user, display_name, headline, city, city_key, latitude_e6, longitude_e6,
                    ux, uy, uz, rate_minor, rate_currency, age_min, age_max, height_cm, gender_key, rating_average,
                    rating_count)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT(user) DO UPDATE SET display_name = excluded.display_name, headline = excluded.headline,
                    city = excluded.city, city_key = excluded.city_key, latitude_e6 = excluded.latitude_e6,
                    longitude_e6 = excluded.longitude_e6, ux = excluded.ux, uy = excluded.uy, uz = excluded.uz, rate_minor = excluded.rate_minor,
                    rate_currency = excluded.rate_currency, age_min = excluded.age_min, age_max = excluded.age_max,
                    height_cm = excluded.height_cm, gender_key = excluded.gender_key,
                    rating_average = excluded.rating_average, rating_count = excluded.rating_count
                """
        ).execute(arguments: StatementArguments([existing] + columns))
        let id = existing ?? db.lastInsertedRowID
        let insertTerm = try db.cachedStatement(
            sql: "INSERT INTO search_term (facet, key, profile, label) VALUES (?, ?, ?, ?)"
        )
        for term in document.terms {
            try insertTerm.execute(arguments: [term.facet, term.key, id, term.label])
        }
        let insertDay = try db.cachedStatement(sql: "INSERT OR IGNORE INTO search_booked (profile, day) VALUES (?, ?)")
        for day in document.bookedDays { try insertDay.execute(arguments: [id, day]) }
        try db.cachedStatement(
            sql: """
                INSERT INTO search_text (rowid, \(Self.textColumns.map(\.name).joined(separator: ", ")))
                VALUES (?\(String(repeating: ", ?", count: Self.textColumns.count)))
                """
        ).execute(arguments: StatementArguments([id] + document.text))
    }
}
