import Dispatch
import Foundation
public import NollyCrypto
import NollyMatching
import NollyModel
public import NollyRoster
import NollyStore
public import NollySync
public import NollyValues

/// What `fixtures roster` wrote.
public struct RosterReport: Sendable, Equatable {
    public let profiles: Int
    /// Changes applied now; a roster already present applies none (the changes are identical).
    public let applied: Int
    public let duplicates: Int
    /// The key that attested the generated badges; trust it to count them as verified.
    public let attester: SigningPublicKey
}

/// Generated data for tests, benchmarks and demos.
public struct FixtureService: NodeService {
    let context: NodeContext

    /// Most profiles one call generates.
    public static let maximumRoster = 1_000_000

    /// Writes `count` generated talent and crew profiles (with their user rows, ratings from
    /// generated raters and badges from a generated attester) as changes signed by generated keys
    /// that are not kept, through the one write path, as if synced from agencies. The same seed
    /// gives the same keys and the same changes (clocks included), so running it twice adds nothing.
    /// Booked dates fall in the 180 days from `firstDay` (default: today by the node's clock).
    /// `planted` talents (an evaluation's, say) are written after the generated ones, the same way.
    public func generateRoster(
        count: Int,
        seed: UInt64,
        firstDay: CivilDate? = nil,
        planted: [GeneratedTalent] = []
    ) throws -> RosterReport {
        var applied = 0
        var duplicates = 0
        let attester = try Self.rosterChanges(
            count: count,
            seed: seed,
            firstDay: firstDay ?? context.today,
            planted: planted
        ) { _, changes in
            let report = try context.store.apply(changes, processor: context.processor(fromBundle: false))
            if let rejection = report.rejected.first {
                throw NodeError(.invalidState, "a generated change was refused: \(rejection.1.message)")
            }
            applied += report.applied
            duplicates += report.duplicates
        }
        return RosterReport(
            profiles: count + planted.count,
            applied: applied,
            duplicates: duplicates,
            attester: attester
        )
    }

    /// The roster's signed changes, handed to `body` a thousand talents at a time with the talents
    /// they describe (so a benchmark can feed the same changes to several stores); returns the
    /// attester's key. `planted` talents follow the `count` generated ones (their indices must
    /// not collide with the generator's: they name the talents' keys).
    public static func rosterChanges(
        count: Int,
        seed: UInt64,
        firstDay: CivilDate,
        planted: [GeneratedTalent] = [],
        _ body: ([GeneratedTalent], [SignedChange]) throws -> Void
    ) throws -> SigningPublicKey {
        guard ((planted.isEmpty ? 1 : 0)...maximumRoster).contains(count), planted.count <= maximumRoster else {
            throw NodeError(.invalidInput, "--count must be between 1 and \(maximumRoster), got \(count)")
        }
        let total = count + planted.count
        var generator = RosterGenerator(seed: seed, firstDay: firstDay)
        let raters = try (0..<RosterGenerator.raterCount).map { try key(seed, "rater \($0)") }
        let attester = try key(seed, "attester")
        var raterSeqs = [UInt64](repeating: 0, count: raters.count)
        var attesterSeq: UInt64 = 0
        let batch = 1_000
        for start in stride(from: 0, to: total, by: batch) {
            var drafts = [(key: SigningKey, seq: UInt64, rows: [RowOps])]()
            var talents = [GeneratedTalent]()
            for position in start..<min(total, start + batch) {
                let talent = position < count ? generator.next() : planted[position - count]
                talents.append(talent)
                let talentKey = try key(seed, "talent \(talent.index)")
                drafts.append((talentKey, 1, try rows(talent, talentKey.publicKey)))
                for rating in talent.ratings {
                    raterSeqs[rating.rater] += 1
                    let row = RowID(raters[rating.rater].publicKey.bytes + talentKey.publicKey.bytes)
                    let ops = [FieldOp("stars", .assign(.integer(Int64(rating.stars))))]
                    drafts.append(
                        (
                            raters[rating.rater], raterSeqs[rating.rater],
                            [RowOps(entity: .rating, row: row, causalLength: 1, ops: ops)]
                        )
                    )
                }
                if talent.verified {
                    attesterSeq += 1
                    let nonce = Array(Blake2b.hash(Array("badge \(seed) \(talent.index)".utf8), length: 16).prefix(8))
                    let row = RowID(attester.publicKey.bytes + talentKey.publicKey.bytes + nonce)
                    let ops = [
                        FieldOp("kind", .assign(.text("identity"))), FieldOp("status", .assign(.text("verified"))),
                        FieldOp("note", .assign(.text("Generated badge (roster seed \(seed))"))),
                    ]
                    drafts.append(
                        (attester, attesterSeq, [RowOps(entity: .verification, row: row, causalLength: 1, ops: ops)])
                    )
                }
            }
            try body(talents, sign(drafts, seed: seed))
        }
        return attester.publicKey
    }

    /// The key a generated talent signs with.
    public static func talentKey(seed: UInt64, index: Int) throws -> SigningPublicKey {
        try key(seed, "talent \(index)").publicKey
    }

    /// A key derived from the roster seed and a label; never stored.
    private static func key(_ seed: UInt64, _ label: String) throws -> SigningKey {
        var bytes = Blake2b.hash(Array("nollycrew roster \(seed) \(label)".utf8), length: 32)
        return try SigningKey(seed: SecretBytes(copying: &bytes))
    }

    /// Signs the drafts in parallel. Clocks are fixed by the seed (a day in 2026 plus the draft's
    /// place), so a second run produces byte-identical changes.
    private static func sign(_ drafts: [(key: SigningKey, seq: UInt64, rows: [RowOps])], seed: UInt64) -> [SignedChange]
    {
        let base: UInt64 = 1_767_225_600_000 + (seed % 1_000) * 86_400_000
        nonisolated(unsafe) let slots = UnsafeMutableBufferPointer<SignedChange?>.allocate(capacity: drafts.count)
        slots.initialize(repeating: nil)
        defer {
            slots.deinitialize()
            slots.deallocate()
        }
        DispatchQueue.concurrentPerform(iterations: drafts.count) { index in
            let draft = drafts[index]
            let change = Change(
                author: draft.key.publicKey,
                seq: draft.seq,
                hlc: HLC(milliseconds: base + draft.seq, counter: 0),
                rows: draft.rows
            )
            slots[index] = SignedChange(signing: change, with: draft.key)
        }
        return slots.compactMap { $0 }
    }

    /// The talent's user row and profile row.
    private static func rows(_ talent: GeneratedTalent, _ key: SigningPublicKey) throws -> [RowOps] {
        let user: [FieldOp] =
            [FieldOp("display_name", .assign(.text(talent.displayName)))]
            + talent.roles.map { FieldOp("roles", .add(.text($0))) }
        var profile: [FieldOp] = [
            FieldOp("headline", .assign(.text(talent.headline))), FieldOp("bio", .assign(.text(talent.bio))),
            FieldOp("city", .assign(.text(talent.city))),
            FieldOp("latitude_e6", .assign(.integer(talent.point.latitudeE6))),
            FieldOp("longitude_e6", .assign(.integer(talent.point.longitudeE6))),
            FieldOp("gender", .assign(.text(talent.gender))),
        ]
        if let rate = talent.dayRate { profile.append(FieldOp("day_rate", .assign(.money(rate)))) }
        if let ages = talent.playingAges {
            profile.append(FieldOp("playing_age_min", .assign(.integer(Int64(ages.lowerBound)))))
            profile.append(FieldOp("playing_age_max", .assign(.integer(Int64(ages.upperBound)))))
        }
        if let height = talent.heightCm { profile.append(FieldOp("height_cm", .assign(.integer(Int64(height))))) }
        let sets: [(String, [String])] = [
            ("skills", talent.skills), ("instruments", talent.instruments), ("departments", talent.departments),
            ("languages", talent.languages), ("accents", talent.accents), ("credits", talent.credits),
            ("booked_dates", talent.bookedDates.map(\.description)),
        ]
        for (field, values) in sets {
            profile += values.map { FieldOp(field, .add(.text($0))) }
        }
        if talent.hasHeadshot {
            profile.append(
                FieldOp("media", .add(.blob(Blake2b.hash(Array("headshot \(talent.index)".utf8), length: 32))))
            )
        }
        return [
            RowOps(entity: .user, row: RowID(key.bytes), causalLength: 1, ops: user),
            RowOps(entity: .profile, row: RowID(key.bytes), causalLength: 1, ops: profile),
        ]
    }
}
