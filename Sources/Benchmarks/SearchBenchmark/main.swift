// search-benchmark: the talent search index on a generated roster, in a release build.
//
//   swift build -c release --product search-benchmark && .build/release/search-benchmark [--profiles N]
//       [--data DIR]
//
// Prints: import time with and without the index (so the index's share), the incremental cost
// per change, a rebuild from scratch, p50/p99 of 1,000 varied queries, index size on disk, peak
// memory; then the same profiles and text-plus-filter queries in tantivy (PyPI `tantivy`) when
// python3 can import it, with the ratio of p99 latencies and whether both give the same top 10
// for the filter-only queries.
import Foundation
import GRDB
import NollyCrypto
import NollyMatching
import NollyNode
import NollyRandom
import NollyRoster
import NollySearchIndex
import NollyStore
import NollySync
import NollyValues

struct BenchmarkFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

func seconds(_ body: () throws -> Void) rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

func peakMegabytes() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_maxrss) / 1024
}

func percentile(_ sorted: [Double], _ fraction: Double) -> Double {
    sorted[min(sorted.count - 1, Int((Double(sorted.count) * fraction).rounded(.down)))]
}

func megabytes(_ path: String) -> Double {
    let files = [path, path + "-wal"]
    return files.reduce(0) { total, file in
        total + Double((try? FileManager.default.attributesOfItem(atPath: file)[.size] as? Int) ?? 0) / 1_048_576
    }
}

/// One benchmark query, with what tantivy needs to run the same one.
struct BenchmarkQuery {
    enum Shape: String {
        case textAndFilters = "text+3 filters", filtersOnly = "filters only", geoAndDates = "geo+availability"
    }
    let shape: Shape
    let query: SearchQuery
    var json: [String: Any] {
        var object: [String: Any] = ["shape": shape.rawValue, "kinds": query.kinds, "languages": query.languages]
        object["text"] = query.text
        object["rate_max"] = query.rateMax?.minorUnits
        object["age"] = query.age
        return object
    }
}

func queries(count: Int, seed: UInt64, firstDay: CivilDate) -> [BenchmarkQuery] {
    var random = SplitMix64(seed: seed)
    let words = [
        "cinematographer", "gaffer", "dancing", "comedy", "singing", "Chioma", "Adébáyọ̀", "Musa", "Okafor", "theatre",
        "voice", "editor", "stunts", "drone", "Ibadan", "makeup", "kora", "guitar", "runway", "villain",
    ]
    let kinds = ["actor", "crew", "musician", "voice_artist", "model"]
    let languages = ["English", "Yoruba", "Igbo", "Hausa", "Pidgin"]
    let cities = ["Lagos", "Abuja", "Enugu", "Port Harcourt", "Ibadan", "Asaba", "Kano", "Calabar", "Accra"]
    return (0..<count).map { index in
        var query = SearchQuery()
        query.limit = 10
        let rate = try? Money(minorUnits: Int64.random(in: 20...100, using: &random) * 500_000)
        switch index % 3 {
        case 0:
            query.text = words[Int.random(in: 0..<words.count, using: &random)]
            query.kinds = [kinds[Int.random(in: 0..<kinds.count, using: &random)]]
            query.languages = [languages[Int.random(in: 0..<languages.count, using: &random)]]
            query.rateMax = rate
            return BenchmarkQuery(shape: .textAndFilters, query: query)
        case 1:
            query.kinds = [kinds[Int.random(in: 0..<kinds.count, using: &random)]]
            query.languages = [languages[Int.random(in: 0..<languages.count, using: &random)]]
            query.rateMax = rate
            query.sort = .rate
            return BenchmarkQuery(shape: .filtersOnly, query: query)
        default:
            query.near = Gazetteer.builtIn.place(named: cities[Int.random(in: 0..<cities.count, using: &random)])?.point
            let start = firstDay.day + Int.random(in: 0..<170, using: &random)
            query.available = CivilDate(day: start)...CivilDate(day: start + 6)
            return BenchmarkQuery(shape: .geoAndDates, query: query)
        }
    }
}

/// A talent as tantivy indexes it: the same folded text and the same filter values.
func tantivyDocument(_ talent: GeneratedTalent, seed: UInt64) throws -> [String: Any] {
    var document: [String: Any] = [
        "user": try FixtureService.talentKey(seed: seed, index: talent.index).hex,
        "name": SearchText.key(talent.displayName), "headline": SearchText.key(talent.headline),
        "bio": SearchText.key(talent.bio),
        "skills": SearchText.key((talent.skills + talent.instruments + talent.departments).joined(separator: " | ")),
        "credits": SearchText.key(talent.credits.joined(separator: " | ")),
        "languages": SearchText.key((talent.languages + talent.accents).joined(separator: " | ")),
        "kinds": talent.roles,
        "language_keys": talent.languages.map { SynonymTable.builtIn.key($0) },
        "place": SearchText.key(talent.city),
    ]
    if let rate = talent.dayRate { document["rate_minor"] = rate.minorUnits }
    if let ages = talent.playingAges {
        document["age_min"] = ages.lowerBound
        document["age_max"] = ages.upperBound
    }
    return document
}

/// The value after `flag` on the command line.
func option(_ flag: String) -> String? {
    guard let index = CommandLine.arguments.firstIndex(of: flag), index + 1 < CommandLine.arguments.count else {
        return nil
    }
    return CommandLine.arguments[index + 1]
}

func run() throws {
    let profiles = option("--profiles").flatMap { Int($0) } ?? 100_000
    let seed: UInt64 = 2027
    let firstDay = CivilDate(parsing: "2027-01-04")!
    // `--data DIR` keeps the generated roster in DIR, and a later run with the same DIR measures
    // the queries again without importing (the import figures are then not printed).
    let kept = option("--data").map { URL(fileURLWithPath: $0) }
    let root =
        kept ?? FileManager.default.temporaryDirectory.appendingPathComponent("search-benchmark-\(UUID().uuidString)")
    defer { if kept == nil { try? FileManager.default.removeItem(at: root) } }
    let evaluation = CastingEvaluation(seed: seed, roles: 50, firstDay: firstDay)
    let nodeDirectory = DataDirectory(url: root.appendingPathComponent("node"))
    let node: Node
    if kept != nil, FileManager.default.fileExists(atPath: nodeDirectory.database.path) {
        node = try Node.open(at: nodeDirectory)
        print("search-benchmark: the roster kept in \(root.path) (seed \(seed)); import not measured")
    } else {
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        node = try Node.initialize(at: nodeDirectory)
        try importRoster(profiles: profiles, seed: seed, firstDay: firstDay, evaluation, into: node, root: root)
    }
    try measure(node, evaluation, seed: seed, firstDay: firstDay, root: root)
}

/// Imports the generated roster into a replica without the index and into `node`, and prints
/// the import figures and the index's share of them.
func importRoster(
    profiles: Int,
    seed: UInt64,
    firstDay: CivilDate,
    _ evaluation: CastingEvaluation,
    into node: Node,
    root: URL
) throws {
    // The same signed changes go into a replica without the index and into a node with it.
    let plain = try ReplicaStore(path: root.appendingPathComponent("plain.sqlite").path)
    let processor = ChangeProcessor()
    let corpus = root.appendingPathComponent("profiles.jsonl")
    _ = FileManager.default.createFile(atPath: corpus.path, contents: nil)
    let corpusFile = try FileHandle(forWritingTo: corpus)
    var plainSeconds = 0.0
    var indexedSeconds = 0.0
    var changes = 0
    let attester = try FixtureService.rosterChanges(
        count: profiles,
        seed: seed,
        firstDay: firstDay,
        planted: evaluation.talents
    ) { talents, batch in
        changes += batch.count
        plainSeconds += try seconds { _ = try plain.apply(batch, processor: processor) }
        indexedSeconds += try seconds { _ = try node.replication.receive(batch) }
        for talent in talents {
            let line = try JSONSerialization.data(withJSONObject: try tantivyDocument(talent, seed: seed))
            corpusFile.write(line + Data("\n".utf8))
        }
    }
    try corpusFile.close()
    try node.users.trustAdmin(attester)
    print(
        "search-benchmark: \(profiles) generated profiles and \(evaluation.talents.count) planted for the casting "
            + "evaluation, \(changes) signed changes (seed \(seed))"
    )
    print(
        String(
            format: "import without the index: %.2f s; with it: %.2f s (+%.1f%%)",
            plainSeconds,
            indexedSeconds,
            (indexedSeconds / plainSeconds - 1) * 100
        )
    )
    print(
        String(
            format: "incremental indexing: %.1f µs per change (%.1f µs per profile)",
            (indexedSeconds - plainSeconds) / Double(changes) * 1e6,
            (indexedSeconds - plainSeconds) / Double(profiles) * 1e6
        )
    )
    print(String(format: "peak memory after the import: %.0f MB", peakMegabytes()))
}

/// The rebuild, the size on disk, the query and recommendation latencies, and tantivy's.
func measure(_ node: Node, _ evaluation: CastingEvaluation, seed: UInt64, firstDay: CivilDate, root: URL) throws {
    let corpus = root.appendingPathComponent("profiles.jsonl")
    let store = try ReplicaStore(path: root.appendingPathComponent("node/node.db").path)
    try store.register(ProfileSearchIndex())
    let rebuildSeconds = try seconds { try store.rebuildDerivedTables() }
    print(String(format: "index built from scratch: %.2f s", rebuildSeconds))
    let indexBytes = try store.readDerived { db in
        try Int.fetchOne(db, sql: "SELECT sum(pgsize) FROM dbstat WHERE name LIKE 'search%'") ?? 0
    }
    print(
        String(
            format: "on disk: index %.1f MB; replica %.1f MB without the index, %.1f MB with it",
            Double(indexBytes) / 1_048_576,
            megabytes(root.appendingPathComponent("plain.sqlite").path),
            megabytes(root.appendingPathComponent("node/node.db").path)
        )
    )

    let workload = queries(count: 1_000, seed: seed, firstDay: firstDay)
    for item in workload.prefix(30) { _ = try node.search.search(item.query) }
    var latencies = [BenchmarkQuery.Shape: [Double]]()
    var topTens = [[Int64]]()
    var totals = [Int]()
    for item in workload {
        var page: SearchPage?
        let elapsed = try seconds { page = try node.search.search(item.query) }
        latencies[item.shape, default: []].append(elapsed * 1000)
        totals.append(page?.total ?? 0)
        if item.shape == .filtersOnly {
            topTens.append(page?.results.compactMap { $0.dayRate.flatMap { try? Money(parsing: $0).minorUnits } } ?? [])
        }
    }
    let all = latencies.values.flatMap { $0 }.sorted()
    print(
        String(
            format: "1,000 queries: p50 %.2f ms, p99 %.2f ms (mean %d results)",
            percentile(all, 0.5),
            percentile(all, 0.99),
            totals.reduce(0, +) / totals.count
        )
    )
    for shape in [BenchmarkQuery.Shape.textAndFilters, .filtersOnly, .geoAndDates] {
        let sorted = (latencies[shape] ?? []).sorted()
        print(
            String(
                format: "  %@: p50 %.2f ms, p99 %.2f ms",
                shape.rawValue,
                percentile(sorted, 0.5),
                percentile(sorted, 0.99)
            )
        )
    }
    try measureRecommendations(node, evaluation, seed: seed)
    print(String(format: "peak memory: %.0f MB", peakMegabytes()))

    try compareWithTantivy(
        corpus: corpus,
        workload: workload,
        ourTextP99: percentile((latencies[.textAndFilters] ?? []).sorted(), 0.99),
        ourTopTens: topTens,
        root: root
    )
}

/// Recommendation latency over 200 roles (each evaluation role as written, without its language
/// and age requirements so that every actor or crew member is scored, with availability required,
/// and with a 1,000 km radius), then the evaluation's precision@10 and mean rank at this size.
func measureRecommendations(_ node: Node, _ evaluation: CastingEvaluation, seed: UInt64) throws {
    var roles = [CastingRole]()
    for item in evaluation.cases {
        var broad = item.role
        broad.languages = []
        broad.playingAges = nil
        var strict = item.role
        strict.availabilityRequired = true
        var wide = item.role
        wide.withinKilometres = 1_000
        roles += [item.role, broad, strict, wide]
    }
    for role in roles.prefix(10) { _ = try node.casting.recommend(role) }
    var latencies = [Double]()
    var eligible = [Int]()
    for role in roles {
        var list: RecommendationList?
        latencies.append(try seconds { list = try node.casting.recommend(role) } * 1000)
        eligible.append(list?.eligible ?? 0)
    }
    latencies.sort()
    print(
        String(
            format: "recommendation top 10, %d roles: p50 %.2f ms, p99 %.2f ms (eligible per role: median %d, max %d)",
            roles.count,
            percentile(latencies, 0.5),
            percentile(latencies, 0.99),
            eligible.sorted()[eligible.count / 2],
            eligible.max() ?? 0
        )
    )
    let report = try node.casting.evaluate(evaluation, rosterSeed: seed)
    print(
        String(
            format: "casting evaluation, %d roles: precision@10 %.3f, mean rank of the ideal candidates %.2f, "
                + "near misses above an ideal one %d, excluded look-alikes recommended %d",
            report.roles,
            report.precisionAt10,
            report.meanIdealRank,
            report.nearMissesAboveIdeal,
            report.excludedRecommended
        )
    )
}

/// Runs tantivy_search.py on the same profiles and queries, when tantivy is installed.
func compareWithTantivy(corpus: URL, workload: [BenchmarkQuery], ourTextP99: Double, ourTopTens: [[Int64]], root: URL)
    throws
{
    let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("tantivy_search.py")
    let queryFile = root.appendingPathComponent("queries.json")
    try JSONSerialization.data(withJSONObject: workload.filter { $0.shape != .geoAndDates }.map(\.json)).write(
        to: queryFile
    )
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = [
        "python3", script.path, corpus.path, queryFile.path, root.appendingPathComponent("tantivy").path,
    ]
    let pipe = Pipe()
    process.standardOutput = pipe
    try process.run()
    let output = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0,
        let report = try JSONSerialization.jsonObject(with: output) as? [String: Any],
        let p99 = report["text_p99_ms"] as? Double, let p50 = report["text_p50_ms"] as? Double,
        let theirTopTens = report["filter_top10_rates"] as? [[Int64]]
    else {
        print("tantivy: not run (pip install tantivy, then run again)")
        return
    }
    let same = zip(ourTopTens, theirTopTens).filter { $0 == $1 }.count
    print(
        String(
            format: "tantivy %@: index %.2f s; text+filter queries p50 %.2f ms, p99 %.2f ms",
            report["version"] as? String ?? "",
            report["index_seconds"] as? Double ?? 0,
            p50,
            p99
        )
    )
    print(String(format: "p99 ratio (nollycrew / tantivy, text+filter): %.2f", ourTextP99 / p99))
    print("filter-only queries with the same top 10 (day rates in order): \(same) of \(ourTopTens.count)")
}

do {
    try run()
} catch {
    FileHandle.standardError.write(Data("search-benchmark: \(error)\n".utf8))
    exit(1)
}
