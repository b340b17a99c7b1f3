// libFuzzer harness (`make fuzz`): a role file, as `nollycrew match --role-file` reads it. Nothing
// may crash; a role that is accepted must prepare as a search or be refused with a coded error,
// and recommending it among a few fixed candidates must give scores in 0...1, best first.
import Foundation
import NollyMatching
import NollyValues

let candidates = (1...4).map { id in
    CastingCandidate(
        id: Int64(id),
        point: GeoPoint(latitudeE6: 6_450_000 + Int64(id) * 100_000, longitudeE6: 3_400_000),
        dayRate: try? Money(minorUnits: Int64(id) * 5_000_000),
        ratingAverage: id.isMultiple(of: 2) ? 4.5 : nil,
        ratingCount: id.isMultiple(of: 2) ? 3 : 0,
        bookedShootingDays: id == 3 ? [20_515] : [],
        credits: ["police officer eko nights 2019", "gaffer lagos gold 2020"]
    )
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzRole(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let data = Data(bytes: start, count: count)
    guard let role = try? CastingRole(roleFile: data, knownKinds: ["actor", "crew", "model"]) else { return 0 }
    _ = try? PreparedSearch(role.eligibility, knownKinds: ["actor", "crew", "model"])
    let list = CastingRecommender().recommend(role, among: candidates, limit: 3) { ids in
        ids.map { CandidateProfile(id: $0, user: "\($0)", displayName: nil, city: nil, words: ["police", "officer"]) }
    }
    let scores = list.recommendations.map(\.matchScore)
    precondition(scores.allSatisfy { (0...1).contains($0) }, "a match score left 0...1: \(scores)")
    precondition(scores == scores.sorted(by: >), "recommendations out of order: \(scores)")
    precondition(list.recommendations.allSatisfy { (0...1).contains($0.similarity) }, "similarity left 0...1")
    return 0
}
