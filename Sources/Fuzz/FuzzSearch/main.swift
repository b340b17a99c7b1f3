// libFuzzer harness (`make fuzz`): what a person or a browser can put in a search. The input's
// lines are the text, --near, --available, --rate-min, --rate-max and --after; nothing may
// crash, and the FTS expression built from the text may hold only quoted words, `*`, parentheses,
// AND and OR.
import NollyMatching

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSearch(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let text = String(decoding: UnsafeRawBufferPointer(start: start, count: count), as: UTF8.self)
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    func line(_ index: Int) -> String? { index < lines.count && !lines[index].isEmpty ? lines[index] : nil }
    var query = SearchQuery()
    query.text = line(0) ?? ""
    if let expression = (try? FullTextQuery(query.text, synonyms: .builtIn))?.expression {
        let allowed = expression.allSatisfy { $0.isLetter || $0.isNumber || " \"*()".contains($0) }
        precondition(allowed, "user text leaked into FTS syntax: \(expression)")
    }
    query.near = line(1).flatMap { try? Gazetteer.builtIn.resolve($0).point }
    query.available = line(2).flatMap { try? SearchQuery.dateRange(parsing: $0) }
    query.rateMin = line(3).flatMap { try? SearchQuery.money(parsing: $0, flag: "--rate-min") }
    query.rateMax = line(4).flatMap { try? SearchQuery.money(parsing: $0, flag: "--rate-max") }
    query.after = line(5)
    query.skills = lines.dropFirst(6).prefix(30).map { $0 }
    query.limit = count % 250
    query.withinKilometres = count % 30_000
    if let prepared = try? PreparedSearch(query, knownKinds: ["actor", "crew"]), let after = prepared.after {
        precondition(after.fingerprint == prepared.fingerprint, "a cursor of another query was accepted")
    }
    return 0
}
