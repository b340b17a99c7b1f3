public import NollyCrypto
public import NollyModel

/// What a change that cannot be decided yet waits for. It is rejected, recorded with what it
/// waits for, and reconsidered when that arrives (Sync/SYNC.md, "Waiting changes").
public enum Awaited: Hashable, Sendable, CustomStringConvertible {
    /// A row to reach at least this causal length: a representation grant to exist, or the row
    /// a field write by someone other than the row's writers assumes to be live.
    case row(EntityKind, RowID, causalLength: UInt64)
    /// This node's clock to come within the drift allowance of the change's clock.
    case clock(milliseconds: UInt64)

    public var description: String {
        switch self {
        case .row(let entity, let row, let length):
            return "\(entity.rawValue) \(row.hex.prefix(16))… at causal length \(length)"
        case .clock(let milliseconds):
            return "this node's clock to reach \(milliseconds) ms"
        }
    }
}

/// The decision on whether an author may make a change, in the manner of CouchDB's
/// `validate_doc_update`, but built so that the answer never depends on delivery order.
public enum Authorization: Equatable, Sendable {
    case allowed
    /// The change is valid only once state that has not arrived (yet) is here.
    case awaiting(Awaited)
    case denied(String)
}

/// Decides who may write what (Sync/SYNC.md, "Who may write what").
///
/// Ownership is read from row ids, never from replicated state, so it cannot be raced. The
/// only state consulted is causal lengths, which only grow: a representation grant (which
/// cannot be deleted) exists, or a row has reached the length a field write assumes. So an
/// answer of ``Authorization/awaiting(_:)`` may later become allowed, and never the reverse.
///
/// Node policy (which administrators this node trusts) is never consulted: it is applied when
/// reading, so every replica accepts the same changes whatever each node trusts.
public struct Authorizer: Sendable {
    public init() {}

    /// Authorizes every row of `change`; `causalLength(entity, row)` reads a row's length.
    public func authorize(
        _ change: Change,
        causalLength: (EntityKind, RowID) throws -> UInt64
    ) rethrows -> Authorization {
        var awaiting: Awaited?
        for rowOps in change.rows {
            switch try authorize(rowOps, by: change.author, causalLength: causalLength) {
            case .allowed: continue
            case .denied(let reason): return .denied(reason)
            case .awaiting(let what): awaiting = awaiting ?? what
            }
        }
        return awaiting.map(Authorization.awaiting) ?? .allowed
    }

    /// Whether `author` creates, deletes and revives rows like `rowOps.row`.
    public func writesRows(_ rowOps: RowOps, author: SigningPublicKey) -> Bool {
        author.bytes == rowOps.row.ownerKey
    }

    private func authorize(
        _ rowOps: RowOps,
        by author: SigningPublicKey,
        causalLength: (EntityKind, RowID) throws -> UInt64
    ) rethrows -> Authorization {
        let schema = rowOps.entity.schema
        let isOwner = author.bytes == rowOps.row.ownerKey
        var what: String { "\(rowOps.entity.rawValue) \(rowOps.row.hex.prefix(16))…" }

        if rowOps.ops.isEmpty {
            switch schema.rowWriters {
            case .owner where isOwner: return .allowed
            case .ownerCreateOnly where isOwner:
                return CausalLength.isLive(rowOps.causalLength)
                    ? .allowed : .denied("\(what): representation grants cannot be revoked yet")
            default: return .denied("\(what): only its owner may create or delete it")
            }
        }
        var decision = Authorization.allowed
        for op in rowOps.ops {
            let spec = schema.fields[op.field]!
            switch spec.writers {
            case .owner where isOwner:
                continue
            case .owner:
                return .denied("\(what): only its owner may write \(op.field)")
            case .ownerExceptAdminRole:
                if op.operation.value == .text(UserRole.admin.rawValue) {
                    return .denied(
                        "\(what): the admin role is not replicated; each node trusts its administrators "
                            + "(`nollycrew admin trust KEY`)"
                    )
                } else if !isOwner {
                    return .denied("\(what): only its owner may write \(op.field)")
                }
            case .ownerOrRepresentative where isOwner:
                continue
            case .ownerOrRepresentative:
                let grant = RowID(rowOps.row.ownerKey + author.bytes)
                if try causalLength(.representation, grant) == 0, decision == .allowed {
                    decision = .awaiting(.row(.representation, grant, causalLength: 1))
                }
            case .applicationStatus:
                guard case .text(let text) = op.operation.value, let status = ApplicationStatus(rawValue: text) else {
                    continue
                }
                let applicant = rowOps.row.ownerKey
                let producer = Array(rowOps.row.bytes[32..<64])
                switch status.setBy {
                case .applicant where author.bytes != applicant:
                    return .denied("\(what): only the applicant may set status \(text)")
                case .producer where author.bytes != producer:
                    return .denied("\(what): only the job's producer may set status \(text)")
                default: continue
                }
            }
        }
        // Only a row's writers create, delete or revive it: anyone else's field write must find
        // the row at (at least) the causal length it was written at, and never raises it.
        if decision == .allowed, !writesRows(rowOps, author: author),
            try causalLength(rowOps.entity, rowOps.row) < rowOps.causalLength
        {
            decision = .awaiting(.row(rowOps.entity, rowOps.row, causalLength: rowOps.causalLength))
        }
        return decision
    }
}
