import Foundation
import NollyCrypto
import NollyModel

/// The outcome of offering one signed change to a replica.
public enum ChangeOutcome: Equatable, Sendable {
    case applied
    case duplicate
    case rejected(String)
}

/// What a batch did, change by change, with totals.
public struct ApplyReport: Sendable, Equatable {
    public var outcomes: [(ChangeID, ChangeOutcome)] = []
    public var appliedOperations = 0
    /// Changes rejected earlier for want of a representation grant that a grant in this batch
    /// made valid, and that were then applied.
    public var released = 0
    /// The largest clock seen in an accepted change, for the node's clock to observe.
    public var latestClock: HLC?

    public init() {}

    public var applied: Int { count { $0 == .applied } }
    public var duplicates: Int { count { $0 == .duplicate } }
    public var rejected: [(ChangeID, String)] {
        outcomes.compactMap { if case .rejected(let reason) = $1 { ($0, reason) } else { nil } }
    }

    private func count(_ predicate: (ChangeOutcome) -> Bool) -> Int { outcomes.count { predicate($0.1) } }

    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.outcomes.elementsEqual(rhs.outcomes) { $0.0 == $1.0 && $0.1 == $1.1 }
            && lhs.appliedOperations == rhs.appliedOperations && lhs.released == rhs.released
    }

    mutating func merge(_ other: ApplyReport) {
        outcomes += other.outcomes
        appliedOperations += other.appliedOperations
        released += other.released
        if let clock = other.latestClock { latestClock = max(latestClock ?? clock, clock) }
    }
}

/// A signed change after the stateless checks: decoded, signature verified, schema checked.
public struct CheckedChange: Sendable {
    public let signed: SignedChange
    public let id: ChangeID
    /// The decoded change, or why it is rejected before touching state.
    public let verdict: Result<Change, RejectionReason>
}

/// Why a change was rejected (a stateless check, the clock, or authorization).
public struct RejectionReason: Error, Sendable, Equatable {
    public let message: String
    public let author: SigningPublicKey?
}

/// The one write path. Every change, local or remote, goes through ``check(_:)`` (decode,
/// verify the signature over the exact bytes, validate) and then ``apply(_:in:)``
/// (deduplicate, check the clock, authorize, merge, log) inside one store transaction.
public struct ChangeProcessor: Sendable {
    public var authorizer: Authorizer
    /// How far ahead of `now` a change's clock may be.
    public var maxClockDrift: Duration
    /// The physical clock, injected for tests.
    public var now: @Sendable () -> Date

    public init(
        trustedAdmins: Set<SigningPublicKey>,
        maxClockDrift: Duration = .seconds(300),
        now: @escaping @Sendable () -> Date = Date.init
    ) {
        authorizer = Authorizer(trustedAdmins: trustedAdmins)
        self.maxClockDrift = maxClockDrift
        self.now = now
    }

    /// Stateless checks on a batch, spread over the machine's cores (signature checks dominate).
    public func check(_ batch: [SignedChange]) -> [CheckedChange] {
        let results = UnsafeMutableBufferPointer<CheckedChange?>.allocate(capacity: batch.count)
        results.initialize(repeating: nil)
        defer {
            // Deinitialize before freeing: the checked changes hold references (their bytes and
            // decoded operations), which would otherwise leak, about 1.6 KB a change.
            results.deinitialize()
            results.deallocate()
        }
        let chunk = 64
        let chunks = (batch.count + chunk - 1) / chunk
        nonisolated(unsafe) let output = results
        DispatchQueue.concurrentPerform(iterations: chunks) { index in
            for position in (index * chunk)..<min(batch.count, (index + 1) * chunk) {
                output[position] = Self.check(batch[position])
            }
        }
        return results.map { $0! }
    }

    /// Stateless checks on one change.
    public static func check(_ signed: SignedChange) -> CheckedChange {
        let id = signed.id
        func reject(_ message: String, _ author: SigningPublicKey? = nil) -> CheckedChange {
            CheckedChange(signed: signed, id: id, verdict: .failure(RejectionReason(message: message, author: author)))
        }
        let change: Change
        do {
            change = try ChangeCodec.decode(signed.body)
        } catch {
            return reject(error.description)
        }
        guard change.author.isValidSignature(signed.signature, for: signed.body) else {
            return reject("bad signature", change.author)
        }
        if let problem = ChangeValidator.problem(in: change) { return reject(problem, change.author) }
        return CheckedChange(signed: signed, id: id, verdict: .success(change))
    }

    /// Applies checked changes inside the caller's transaction.
    public func apply(_ batch: [CheckedChange], in store: some ReplicaTransaction) throws -> ApplyReport {
        var report = ApplyReport()
        let nowMilliseconds = UInt64(max(0, (now().timeIntervalSince1970 * 1000).rounded(.down)))
        let horizon = nowMilliseconds + maxClockDrift.milliseconds
        for checked in batch {
            if try store.isLogged(checked.id) {
                report.outcomes.append((checked.id, .duplicate))
                continue
            }
            switch checked.verdict {
            case .failure(let reason):
                try reject(checked, reason.message, reason.author, awaiting: nil, store, &report)
            case .success(let change):
                guard change.hlc.milliseconds <= horizon else {
                    let ahead = (change.hlc.milliseconds - nowMilliseconds) / 1000
                    let reason = "clock \(ahead) s ahead of this node's (limit \(maxClockDrift.milliseconds / 1000) s)"
                    try reject(checked, reason, change.author, awaiting: nil, store, &report)
                    continue
                }
                switch try authorize(change, in: store) {
                case .denied(let reason):
                    try reject(checked, "not authorized: \(reason)", change.author, awaiting: nil, store, &report)
                case .awaitingGrant(let grant):
                    try reject(checked, Self.noGrant(grant), change.author, awaiting: grant, store, &report)
                case .allowed:
                    try store.appendToLog(checked.signed, id: checked.id, change: change)
                    try merge(change, id: checked.id, into: store, report: &report)
                    report.outcomes.append((checked.id, .applied))
                }
            }
        }
        return report
    }

    private func authorize(_ change: Change, in store: some ReplicaTransaction) throws -> Authorization {
        try authorizer.authorize(change) { owner, agent in
            try store.rowExists(entity: .representation, row: RowID(owner + agent))
        }
    }

    static func noGrant(_ grant: RowID) -> String {
        "not authorized: the profile's owner has not granted representation to this author "
            + "(reconsidered if grant \(grant.hex.prefix(16))… arrives)"
    }

    private func reject(
        _ checked: CheckedChange,
        _ reason: String,
        _ author: SigningPublicKey?,
        awaiting grant: RowID?,
        _ store: some ReplicaTransaction,
        _ report: inout ApplyReport
    ) throws {
        try store.recordRejection(checked.signed, id: checked.id, author: author, reason: reason, awaiting: grant)
        report.outcomes.append((checked.id, .rejected(reason)))
    }

    /// Merges an authorized change's operations, then reconsiders changes that were
    /// rejected for want of a representation grant it creates.
    private func merge(_ change: Change, id: ChangeID, into store: some ReplicaTransaction, report: inout ApplyReport)
        throws
    {
        report.latestClock = max(report.latestClock ?? change.hlc, change.hlc)
        var opIndex: UInt32 = 0
        var grants = [RowID]()
        for rowOps in change.rows {
            let current = try store.causalLength(entity: rowOps.entity, row: rowOps.row)
            if rowOps.causalLength > current {
                let scope = rowOps.entity.schema.scope(of: rowOps.row)
                try store.setCausalLength(rowOps.causalLength, entity: rowOps.entity, row: rowOps.row, scope: scope)
                if rowOps.entity == .representation && current == 0 { grants.append(rowOps.row) }
            }
            report.appliedOperations += max(rowOps.ops.count, 1)
            for op in rowOps.ops {
                defer { opIndex += 1 }
                switch op.operation {
                case .assign(let value):
                    let version = FieldVersion(
                        causalLength: rowOps.causalLength,
                        hlc: change.hlc,
                        author: change.author.bytes
                    )
                    try store.assignIfNewer(
                        ChangeCodec.encode(value),
                        version: version,
                        entity: rowOps.entity,
                        row: rowOps.row,
                        field: op.field
                    )
                case .add(let element):
                    try store.addElement(
                        ChangeCodec.encode(element),
                        tag: AddTag(change: id, op: opIndex),
                        causalLength: rowOps.causalLength,
                        entity: rowOps.entity,
                        row: rowOps.row,
                        field: op.field
                    )
                case .remove(_, let observed):
                    try store.removeTags(observed, entity: rowOps.entity, row: rowOps.row, field: op.field)
                }
            }
        }
        for grant in grants {
            for signed in try store.rejectedChanges(awaiting: grant) {
                let id = signed.id
                guard case .success(let waiting) = Self.check(signed).verdict else { continue }
                switch try authorize(waiting, in: store) {
                case .allowed:
                    try store.appendToLog(signed, id: id, change: waiting)
                    try merge(waiting, id: id, into: store, report: &report)
                    report.released += 1
                case .awaitingGrant(let next):
                    try store.recordRejection(
                        signed,
                        id: id,
                        author: waiting.author,
                        reason: Self.noGrant(next),
                        awaiting: next
                    )
                case .denied:
                    continue  // Cannot happen: a grant only ever adds permissions.
                }
            }
        }
    }
}

extension Duration {
    var milliseconds: UInt64 {
        let (seconds, attoseconds) = components
        return UInt64(max(0, seconds)) * 1000 + UInt64(max(0, attoseconds)) / 1_000_000_000_000_000
    }
}
