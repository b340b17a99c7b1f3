import Foundation
import NollyCrypto
import NollyModel
import NollyRandom
import NollyStore
import NollySync

/// Simulated time: one clock for the whole run, advanced by the simulation, never read from the
/// machine. Each node sees it through its own offset (clocks up to 2 hours apart).
final class SimulatedTime: @unchecked Sendable {
    private let lock = NSLock()
    private var milliseconds: UInt64

    init(start: UInt64) { milliseconds = start }

    var now: UInt64 { lock.withLock { milliseconds } }

    func advance(by delta: UInt64) { lock.withLock { milliseconds += delta } }
}

/// A deterministic simulation of several nodes, in the manner of TigerBeetle's VOPR: clock,
/// entropy and network are all driven by one seeded generator, so a seed replays exactly.
/// Honest users edit on their home node; the network delivers parts of logs late, twice,
/// shuffled, cut short and across partitions, within the scopes each node grants another;
/// one hostile identity sends the crafted changes of the trust review to honest nodes.
struct Simulation {
    struct Replica {
        let store: ReplicaStore
        /// Milliseconds this node's clock is ahead (or behind) simulated time.
        let offset: Int64
    }

    struct User {
        let identity: Identity
        let home: Int
        /// The job this user posts when a producer (one per producer, in its project).
        let project: RowID
        let job: RowID
    }

    var random: SplitMix64
    let time: SimulatedTime
    var replicas: [Replica] = []
    var users: [User] = []
    let hostile: Identity
    /// grants[from][to]: the scopes node `from` sends to node `to`.
    var grants: [[Set<Scope>]]
    /// The nodes that can currently reach each other (a partition splits them).
    var partition: [Int] = []

    init(seed: UInt64) throws {
        random = SplitMix64(seed: seed)
        time = SimulatedTime(start: 1_796_083_200_000)
        let nodeCount = 3 + Int(random.next() % 3)
        hostile = try Self.identity(&random)
        grants = Array(repeating: Array(repeating: [.public], count: nodeCount), count: nodeCount)
        for _ in 0..<nodeCount {
            let offset = Int64(random.next() % 7_200_000) - 3_600_000
            replicas.append(Replica(store: try ReplicaStore(), offset: offset))
        }
        for index in 0..<(nodeCount + 2) {
            let identity = try Self.identity(&random)
            let project = RowID(identity.publicKey.bytes + Self.bytes(&random, 8))
            users.append(
                User(
                    identity: identity,
                    home: index % nodeCount,
                    project: project,
                    job: RowID(project.bytes + Self.bytes(&random, 8))
                )
            )
        }
        partition = Array(repeating: 0, count: nodeCount)
    }

    static func bytes(_ random: inout SplitMix64, _ count: Int) -> [UInt8] {
        (0..<count).map { _ in UInt8(truncatingIfNeeded: random.next()) }
    }

    static func identity(_ random: inout SplitMix64) throws -> Identity {
        var seed = bytes(&random, 32)
        return try Identity(seed: SecretBytes(copying: &seed))
    }

    mutating func pick<T>(_ items: [T]) -> T { items[Int(random.next() % UInt64(items.count))] }

    func processor(for node: Int, drift: Duration = .seconds(300)) -> ChangeProcessor {
        let time = time
        let offset = replicas[node].offset
        return ChangeProcessor(maxClockDrift: drift, clockCeiling: .seconds(300)) {
            Date(timeIntervalSince1970: TimeInterval(Int64(time.now) + offset) / 1000)
        }
    }

    func physicalMilliseconds(of node: Int) -> UInt64 { UInt64(Int64(time.now) + replicas[node].offset) }

    // MARK: Edits

    /// One random edit by a random user on their home node, through the one write path. A
    /// local edit the processor refuses (an agent without a grant, say) changes nothing.
    mutating func randomEdit() throws {
        let user = pick(users)
        let store = replicas[user.home].store
        let profile = RowID(user.identity.publicKey.bytes)
        var rows: [RowOps]
        func length(_ entity: EntityKind, _ row: RowID) throws -> UInt64 {
            CausalLength.forWrite(current: try store.causalLength(entity, row))
        }
        switch random.next() % 10 {
        case 0, 1:
            let city = pick(["Lagos", "Enugu", "Kano", "Calabar", "Jos", "Abuja"])
            rows = [
                RowOps(
                    entity: .profile,
                    row: profile,
                    causalLength: try length(.profile, profile),
                    ops: [FieldOp("city", .assign(.text(city)))]
                )
            ]
        case 2:
            let skill = pick(["dance", "stunts", "singing", "Yoruba"])
            rows = [
                RowOps(
                    entity: .profile,
                    row: profile,
                    causalLength: try length(.profile, profile),
                    ops: [FieldOp("skills", .add(.text(skill)))]
                )
            ]
        case 3:
            let skill = pick(["dance", "stunts", "singing", "Yoruba"])
            let tags = try store.observedTags(.profile, profile, "skills", element: .text(skill))
            guard !tags.isEmpty else { return }
            rows = [
                RowOps(
                    entity: .profile,
                    row: profile,
                    causalLength: try store.causalLength(.profile, profile),
                    ops: [FieldOp("skills", .remove(.text(skill), observed: tags))]
                )
            ]
        case 4:
            let current = try store.causalLength(.profile, profile)
            // Delete a live profile, or revive a deleted one.
            rows = [RowOps(entity: .profile, row: profile, causalLength: current + 1)]
        case 5:
            let agent = pick(users)
            guard agent.identity.publicKey != user.identity.publicKey else { return }
            rows = [
                RowOps(
                    entity: .representation,
                    row: RowID(user.identity.publicKey.bytes + agent.identity.publicKey.bytes),
                    causalLength: 1
                )
            ]
        case 6:
            // An edit of someone else's profile: applied with a grant and the row, waits otherwise.
            let client = pick(users)
            let row = RowID(client.identity.publicKey.bytes)
            rows = [
                RowOps(
                    entity: .profile,
                    row: row,
                    causalLength: max(1, try store.causalLength(.profile, row) | 1),
                    ops: [FieldOp("headline", .assign(.text("edited by an agent")))]
                )
            ]
        case 7:
            let producer = pick(users)
            let application = RowID(user.identity.publicKey.bytes + producer.job.bytes)
            let status = pick([ApplicationStatus.submitted, .withdrawn])
            rows = [
                RowOps(
                    entity: .application,
                    row: application,
                    causalLength: try length(.application, application),
                    ops: [FieldOp("status", .assign(.text(status.rawValue)))]
                )
            ]
        case 8:
            let applicant = pick(users)
            let application = RowID(applicant.identity.publicKey.bytes + user.job.bytes)
            let status = pick([ApplicationStatus.viewed, .shortlisted, .offered, .hired, .declined])
            rows = [
                RowOps(
                    entity: .application,
                    row: application,
                    causalLength: max(1, try store.causalLength(.application, application) | 1),
                    ops: [FieldOp("status", .assign(.text(status.rawValue)))]
                )
            ]
        default:
            rows = [
                RowOps(
                    entity: .project,
                    row: user.project,
                    causalLength: try length(.project, user.project),
                    ops: [FieldOp("logline", .assign(.text("take \(random.next() % 100)")))]
                )
            ]
        }
        let physical = physicalMilliseconds(of: user.home)
        do {
            _ = try store.applyLocal(author: user.identity.publicKey, processor: processor(for: user.home)) {
                next,
                latest in
                var clock = HybridClock(latest: latest)
                let change = Change(
                    author: user.identity.publicKey,
                    seq: next,
                    hlc: clock.tick(physicalMilliseconds: physical),
                    rows: rows
                )
                return [SignedChange(signing: change, with: user.identity.signingKey)]
            }
        } catch is StoreError {
            // Refused before anything was stored, as `nollycrew` refuses it.
        }
    }

    // MARK: The network

    /// The changes of `from`'s log that `to` may receive, in log order.
    func outbound(from: Int, to: Int) throws -> [SignedChange] {
        var changes = [SignedChange]()
        try replicas[from].store.forEachChange(notCoveredBy: nil, passing: ReplicationFilter(granted: grants[from][to]))
        {
            changes.append($0)
        }
        return changes
    }

    /// Delivers part of one node's log to another: a random slice, shuffled, with duplicates,
    /// sometimes cut short (an interrupted sync), as pages over HTTPS or as one bundle.
    mutating func deliver() throws {
        let from = Int(random.next() % UInt64(replicas.count))
        let to = Int(random.next() % UInt64(replicas.count))
        guard from != to, partition[from] == partition[to] else { return }
        var changes = try outbound(from: from, to: to)
        guard !changes.isEmpty else { return }
        let start = Int(random.next() % UInt64(changes.count))
        changes = Array(changes[start...])
        if random.next() % 2 == 0 { changes.shuffle(using: &random) }
        changes += changes.prefix(Int(random.next() % 3))
        if random.next() % 4 == 0 { changes = Array(changes.prefix(Int(random.next() % UInt64(changes.count + 1)))) }
        let bundle = random.next() % 4 == 0
        let processor = processor(for: to, drift: bundle ? .seconds(86_400) : .seconds(300))
        var index = 0
        while index < changes.count {
            let page = Array(changes[index..<min(changes.count, index + 1 + Int(random.next() % 16))])
            _ = try replicas[to].store.apply(page, processor: processor)
            index += page.count
        }
    }

    /// The crafted changes of the trust review, from the hostile identity, to one honest node.
    mutating func attack() throws {
        let target = Int(random.next() % UInt64(replicas.count))
        let victim = pick(users)
        let now = HLC(milliseconds: physicalMilliseconds(of: target), counter: 0)
        let key = hostile.publicKey
        func signed(seq: UInt64 = 1, hlc: HLC = now, _ rows: [RowOps]) -> SignedChange {
            SignedChange(signing: Change(author: key, seq: seq, hlc: hlc, rows: rows), with: hostile.signingKey)
        }
        let own = RowID(key.bytes)
        let city = [FieldOp("city", .assign(.text("Nowhere")))]
        var crafted = [
            signed(seq: 1 << 63, [RowOps(entity: .profile, row: own, causalLength: 1, ops: city)]),
            signed([RowOps(entity: .profile, row: own, causalLength: .max, ops: city)]),
            signed(hlc: HLC(rawValue: .max), [RowOps(entity: .profile, row: own, causalLength: 1, ops: city)]),
            // Someone else's rows: a profile without a grant, at a huge length (a revival), and
            // an application the victim never made, "hired" by someone who is not the producer.
            signed(
                seq: 2,
                [RowOps(entity: .profile, row: RowID(victim.identity.publicKey.bytes), causalLength: 999, ops: city)]
            ),
            signed(
                seq: 3,
                [
                    RowOps(
                        entity: .application,
                        row: RowID(victim.identity.publicKey.bytes + pick(users).job.bytes),
                        causalLength: 1,
                        ops: [FieldOp("status", .assign(.text("hired")))]
                    )
                ]
            ),
            signed(
                seq: 4,
                [RowOps(entity: .user, row: own, causalLength: 1, ops: [FieldOp("roles", .add(.text("admin")))])]
            ),
        ]
        // A change claiming the victim as author, signed by the hostile key.
        let claimed = Change(
            author: victim.identity.publicKey,
            seq: 1,
            hlc: now,
            rows: [RowOps(entity: .profile, row: RowID(victim.identity.publicKey.bytes), causalLength: 1, ops: city)]
        )
        crafted.append(
            SignedChange(
                body: ChangeCodec.encode(claimed),
                signature: hostile.signingKey.signature(for: ChangeCodec.encode(claimed))
            )
        )
        // A non-canonical encoding, and bad-signature copies of honest changes.
        let body =
            ChangeCodec.encode(
                Change(
                    author: key,
                    seq: 5,
                    hlc: now,
                    rows: [RowOps(entity: .profile, row: own, causalLength: 1, ops: city)]
                )
            ) + [0x78, 0x01]
        crafted.append(SignedChange(body: body, signature: hostile.signingKey.signature(for: body)))
        for honest in try outbound(from: target, to: target).prefix(3) {
            crafted.append(SignedChange(body: honest.body, signature: Array(repeating: 0xEE, count: 64)))
        }
        // Its own rows, honestly signed, with an equivocation: two changes numbered 6.
        crafted.append(signed(seq: 6, [RowOps(entity: .profile, row: own, causalLength: 1, ops: city)]))
        crafted.append(
            signed(
                seq: 6,
                [
                    RowOps(
                        entity: .profile,
                        row: own,
                        causalLength: 1,
                        ops: [FieldOp("city", .assign(.text("Elsewhere")))]
                    )
                ]
            )
        )
        crafted.shuffle(using: &random)
        _ = try replicas[target].store.apply(crafted, processor: processor(for: target, drift: .seconds(86_400)))
    }

    mutating func changeGrants() {
        let from = Int(random.next() % UInt64(replicas.count))
        let to = Int(random.next() % UInt64(replicas.count))
        let project = Scope.project(pick(users).project)
        if random.next() % 3 == 0 { grants[from][to].remove(project) } else { grants[from][to].insert(project) }
    }

    mutating func repartition() {
        partition = replicas.indices.map { _ in random.next() % 3 == 0 ? 1 : 0 }
    }

    // MARK: A run

    /// Random steps, then healing: every scope granted everywhere, the partition gone, clocks
    /// past every parked change, and full deliveries until nothing changes.
    mutating func run(steps: Int) throws {
        for _ in 0..<steps {
            time.advance(by: random.next() % 20_000)
            switch random.next() % 20 {
            case 0..<9: try randomEdit()
            case 9..<16: try deliver()
            case 16: try attack()
            case 17: changeGrants()
            case 18: repartition()
            default: time.advance(by: random.next() % 600_000)
            }
        }
        // Every run includes at least one attack, however the steps fell.
        try attack()
        partition = Array(repeating: 0, count: replicas.count)
        let everything = Set([Scope.public] + users.map { Scope.project($0.project) })
        grants = Array(repeating: Array(repeating: everything, count: replicas.count), count: replicas.count)
        time.advance(by: 3 * 3_600_000)
        for _ in 0..<3 {
            for from in replicas.indices {
                for to in replicas.indices where from != to {
                    _ = try replicas[to].store.apply(try outbound(from: from, to: to), processor: processor(for: to))
                }
            }
        }
    }
}
