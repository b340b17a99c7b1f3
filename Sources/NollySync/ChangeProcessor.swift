public import Foundation
public import NollyCrypto
public import NollyModel

/// The outcome of offering one signed change to a replica.
public enum ChangeOutcome: Equatable, Sendable {
    case applied
    case duplicate
    case rejected(Rejection)
}

/// What a batch did, change by change, with totals.
public struct ApplyReport: Sendable, Equatable {
    public var outcomes: [(ChangeID, ChangeOutcome)] = []
    public var appliedOperations = 0
    /// Changes rejected earlier while waiting (for a grant, a row, or this node's clock) that
    /// were applied in this batch once what they waited for was here.
    public var released = 0
    /// The largest clock seen in an accepted change, for the node's clock to observe.
    public var latestClock: HLC?
    /// Every row an applied change touched (released ones included), each once, in first-touch
    /// order: what change notifications and derived tables are told.
    public var touchedRows: [TouchedRow] = []
    private var touched: Set<TouchedRow> = []

    public init() {}

    public var applied: Int { count { $0 == .applied } }
    public var duplicates: Int { count { $0 == .duplicate } }
    public var rejected: [(ChangeID, Rejection)] {
        outcomes.compactMap { if case .rejected(let reason) = $1 { ($0, reason) } else { nil } }
    }

    private func count(_ predicate: (ChangeOutcome) -> Bool) -> Int { outcomes.count { predicate($0.1) } }

    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.outcomes.elementsEqual(rhs.outcomes) { $0.0 == $1.0 && $0.1 == $1.1 }
            && lhs.appliedOperations == rhs.appliedOperations && lhs.released == rhs.released
    }

    /// The ids of the changes applied (released ones included), in the order applied.
    public var appliedChanges: [ChangeID] = []

    mutating func merge(_ other: ApplyReport) {
        outcomes += other.outcomes
        appliedOperations += other.appliedOperations
        released += other.released
        if let clock = other.latestClock { latestClock = max(latestClock ?? clock, clock) }
        for row in other.touchedRows { touch(row) }
        appliedChanges += other.appliedChanges
    }

    mutating func touch(_ row: TouchedRow) {
        if touched.insert(row).inserted { touchedRows.append(row) }
    }
}

/// A signed change after the stateless checks: decoded, signature verified, schema checked.
public struct CheckedChange: Sendable {
    public let signed: SignedChange
    public let id: ChangeID
    /// The decoded change, or why it is rejected before touching state.
    public let verdict: Result<Change, RejectionReason>
}

/// Why a change was rejected by a stateless check, with what the store needs to keep it.
public struct RejectionReason: Error, Sendable, Equatable {
    public let rejection: Rejection
    public let author: SigningPublicKey?
    /// Whether the signature over the bytes checked out (then the rejection keeps the body).
    public let signatureVerified: Bool

    public init(_ rejection: Rejection, author: SigningPublicKey?, signatureVerified: Bool = false) {
        self.rejection = rejection
        self.author = author
        self.signatureVerified = signatureVerified
    }

    public var message: String { rejection.message }
}

/// The one write path. Every change, local or remote, goes through ``check(_:)`` (decode,
/// verify the signature over the exact bytes, validate) and then ``apply(_:in:)``
/// (deduplicate, check the clock, authorize, merge, log) inside one store transaction.
public struct ChangeProcessor: Sendable {
    public var authorizer: Authorizer
    /// How far ahead of `now` a change's clock may be.
    public var maxClockDrift: Duration
    /// How far ahead of `now` this node's own clock may be moved by what it accepts: the
    /// network allowance, even for bundles (whose allowance is larger), so that a bundle from a
    /// laptop with a fast clock never stamps this node's next edits out of its peers' range.
    public var clockCeiling: Duration
    /// The physical clock, injected for tests.
    public var now: @Sendable () -> Date

    public init(
        maxClockDrift: Duration = .seconds(300),
        clockCeiling: Duration? = nil,
        now: @escaping @Sendable () -> Date = Date.init
    ) {
        authorizer = Authorizer()
        self.maxClockDrift = maxClockDrift
        self.clockCeiling = min(clockCeiling ?? maxClockDrift, maxClockDrift)
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
        func reject(_ rejection: Rejection, _ author: SigningPublicKey? = nil, verified: Bool = false) -> CheckedChange
        {
            CheckedChange(
                signed: signed,
                id: id,
                verdict: .failure(RejectionReason(rejection, author: author, signatureVerified: verified))
            )
        }
        let change: Change
        do {
            change = try ChangeCodec.decode(signed.body)
        } catch {
            return reject(Rejection(.malformed, error.description))
        }
        guard change.author.isValidSignature(signed.signature, for: signed.body) else {
            return reject(Rejection(.badSignature, "bad signature"), change.author)
        }
        if let problem = ChangeValidator.problem(in: change) { return reject(problem, change.author, verified: true) }
        return CheckedChange(signed: signed, id: id, verdict: .success(change))
    }

    /// Milliseconds since 1970 UTC, now.
    var nowMilliseconds: UInt64 { UInt64(max(0, (now().timeIntervalSince1970 * 1000).rounded(.down))) }

    /// Applies checked changes inside the caller's transaction. Then changes parked because
    /// their clock was ahead are reconsidered if this node's clock has caught up.
    public func apply(_ batch: [CheckedChange], in store: some ReplicaTransaction) throws -> ApplyReport {
        var report = ApplyReport()
        for checked in batch {
            if try store.isLogged(checked.id) {
                report.outcomes.append((checked.id, .duplicate))
                continue
            }
            var (outcome, raised) = try decide(checked, in: store, report: &report)
            report.outcomes.append((checked.id, outcome))
            try release(&raised, in: store, report: &report)
        }
        let horizon = nowMilliseconds.addingClamped(maxClockDrift.milliseconds)
        for signed in try store.rejectedChanges(awaitingClockThrough: horizon) {
            var raised = try reconsider(signed, in: store, report: &report)
            try release(&raised, in: store, report: &report)
        }
        return report
    }

    /// A row whose causal length a change raised: what waiting changes may need.
    typealias RaisedRow = (entity: EntityKind, row: RowID, length: UInt64)

    /// Decides one change not yet logged: rejects it (recording why, and what it waits for) or
    /// merges it; returns the outcome and the rows it raised.
    private func decide(_ checked: CheckedChange, in store: some ReplicaTransaction, report: inout ApplyReport)
        throws -> (ChangeOutcome, [RaisedRow])
    {
        func reject(_ rejection: Rejection, _ author: SigningPublicKey?, _ awaiting: Awaited?, verified: Bool) throws
            -> (ChangeOutcome, [RaisedRow])
        {
            try store.recordRejection(
                checked.signed,
                id: checked.id,
                author: author,
                rejection: rejection,
                awaiting: awaiting,
                verified: verified
            )
            return (.rejected(rejection), [])
        }
        let change: Change
        switch checked.verdict {
        case .failure(let reason):
            return try reject(reason.rejection, reason.author, nil, verified: reason.signatureVerified)
        case .success(let decoded):
            change = decoded
        }
        let now = nowMilliseconds
        guard change.hlc.milliseconds <= now.addingClamped(maxClockDrift.milliseconds) else {
            let ahead = (change.hlc.milliseconds - now) / 1000
            let reason = Rejection(
                .clockAhead,
                "clock \(ahead) s ahead of this node's (limit \(maxClockDrift.milliseconds / 1000) s); "
                    + "kept, and applied once this node's clock catches up"
            )
            return try reject(reason, change.author, .clock(milliseconds: change.hlc.milliseconds), verified: true)
        }
        switch try authorizer.authorize(change, causalLength: { try store.causalLength(entity: $0, row: $1) }) {
        case .denied(let reason):
            return try reject(
                Rejection(.notAuthorized, "not authorized: \(reason)"),
                change.author,
                nil,
                verified: true
            )
        case .awaiting(let what):
            return try reject(Self.waiting(for: what), change.author, what, verified: true)
        case .allowed:
            try store.appendToLog(checked.signed, id: checked.id, change: change)
            report.appliedChanges.append(checked.id)
            return (.applied, try merge(change, id: checked.id, into: store, report: &report))
        }
    }

    /// Releases what waited for the rows a change raised, and what those raise in turn: a
    /// worklist, not recursion, so a long chain of waiting changes cannot exhaust the stack.
    private func release(_ raised: inout [RaisedRow], in store: some ReplicaTransaction, report: inout ApplyReport)
        throws
    {
        while let (entity, row, length) = raised.popLast() {
            for signed in try store.rejectedChanges(awaitingRow: entity, row, reaching: length) {
                raised += try reconsider(signed, in: store, report: &report)
            }
        }
    }

    /// Offers a waiting change again, through the same decision as any change; returns the rows
    /// it raised if it was applied now (what it waits for next is recorded otherwise).
    private func reconsider(_ signed: SignedChange, in store: some ReplicaTransaction, report: inout ApplyReport)
        throws -> [RaisedRow]
    {
        let checked = Self.check(signed)
        guard try !store.isLogged(checked.id) else { return [] }
        let (outcome, raised) = try decide(checked, in: store, report: &report)
        if outcome == .applied { report.released += 1 }
        return raised
    }

    static func waiting(for what: Awaited) -> Rejection {
        switch what {
        case .row(.representation, let grant, _):
            return Rejection(
                .awaitingGrant,
                "not authorized: the profile's owner has not granted representation to this author "
                    + "(reconsidered if grant \(grant.hex.prefix(16))… arrives)"
            )
        case .row(let entity, let row, let length):
            return Rejection(
                .awaitingRow,
                "waiting: \(entity.rawValue) \(row.hex.prefix(16))… is not at causal length \(length) here, "
                    + "and only its owner creates, deletes or revives it (reconsidered when it is)"
            )
        case .clock:
            return Rejection(.clockAhead, "waiting for this node's clock")
        }
    }

    /// Merges an authorized change's operations; returns the rows whose causal length it raised.
    private func merge(_ change: Change, id: ChangeID, into store: some ReplicaTransaction, report: inout ApplyReport)
        throws -> [RaisedRow]
    {
        let ceiling = nowMilliseconds.addingClamped(clockCeiling.milliseconds)
        // Counter 0 at the ceiling, so the next local tick stays within it.
        let observed = min(change.hlc, HLC(milliseconds: ceiling, counter: 0))
        report.latestClock = max(report.latestClock ?? observed, observed)
        var opIndex: UInt32 = 0
        var raised = [RaisedRow]()
        for rowOps in change.rows {
            let schema = rowOps.entity.schema
            let scope = schema.scope(of: rowOps.row)
            report.touch(TouchedRow(entity: rowOps.entity, row: rowOps.row, scope: scope))
            if try CausalLength.merge(rowOps, scope: scope, into: store) {
                raised.append((rowOps.entity, rowOps.row, rowOps.causalLength))
            }
            report.appliedOperations += max(rowOps.ops.count, 1)
            for op in rowOps.ops {
                defer { opIndex += 1 }
                let site = OperationSite(
                    change: id,
                    index: opIndex,
                    hlc: change.hlc,
                    author: change.author,
                    entity: rowOps.entity,
                    row: rowOps.row,
                    causalLength: rowOps.causalLength,
                    field: op.field
                )
                try op.operation.merge(at: site, into: store)
            }
        }
        return raised
    }
}

extension Duration {
    var milliseconds: UInt64 {
        let (seconds, attoseconds) = components
        let (whole, overflow) = UInt64(max(0, seconds)).multipliedReportingOverflow(by: 1000)
        return overflow ? .max : whole.addingClamped(UInt64(max(0, attoseconds)) / 1_000_000_000_000_000)
    }
}

extension UInt64 {
    /// `self + other`, or `UInt64.max` when that overflows.
    func addingClamped(_ other: UInt64) -> UInt64 {
        let (sum, overflow) = addingReportingOverflow(other)
        return overflow ? .max : sum
    }
}

/// A row a change touched: its entity, id and the scope it replicates in.
public struct TouchedRow: Hashable, Sendable {
    public let entity: EntityKind
    public let row: RowID
    public let scope: Scope

    public init(entity: EntityKind, row: RowID, scope: Scope) {
        self.entity = entity
        self.row = row
        self.scope = scope
    }
}
