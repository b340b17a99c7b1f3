import NollyCrypto
import NollyModel

/// The decision on whether an author may make a change, in the manner of CouchDB's
/// `validate_doc_update`, but built so that the answer never depends on delivery order.
public enum Authorization: Equatable, Sendable {
    case allowed
    /// The change is valid only if a representation grant exists that has not arrived (yet).
    /// It is rejected and recorded, and reconsidered when that grant arrives.
    case awaitingGrant(RowID)
    case denied(String)
}

/// Decides who may write what (Sync/SYNC.md, "Who may write what").
///
/// Ownership is read from row ids, never from replicated state, so it cannot be raced.
/// The only state consulted is whether a representation grant exists; grants cannot be
/// deleted, so once present the answer never changes.
public struct Authorizer: Sendable {
    public let trustedAdmins: Set<SigningPublicKey>

    public init(trustedAdmins: Set<SigningPublicKey>) { self.trustedAdmins = trustedAdmins }

    /// Authorizes every row of `change`; `grantExists(owner, agent)` looks up representation.
    public func authorize(
        _ change: Change,
        grantExists: (_ owner: [UInt8], _ agent: [UInt8]) throws -> Bool
    ) rethrows -> Authorization {
        var awaiting: RowID?
        for rowOps in change.rows {
            switch try authorize(rowOps, by: change.author, grantExists: grantExists) {
            case .allowed: continue
            case .denied(let reason): return .denied(reason)
            case .awaitingGrant(let grant): awaiting = awaiting ?? grant
            }
        }
        return awaiting.map(Authorization.awaitingGrant) ?? .allowed
    }

    private func authorize(
        _ rowOps: RowOps,
        by author: SigningPublicKey,
        grantExists: (_ owner: [UInt8], _ agent: [UInt8]) throws -> Bool
    ) rethrows -> Authorization {
        let schema = rowOps.entity.schema
        let isOwner = author.bytes == rowOps.row.ownerKey
        let isAdmin = trustedAdmins.contains(author)
        var what: String { "\(rowOps.entity.rawValue) \(rowOps.row.hex.prefix(16))…" }

        if rowOps.ops.isEmpty {
            switch schema.rowWriters {
            case .owner where isOwner, .admin where isAdmin: return .allowed
            case .ownerCreateOnly where isOwner:
                return CausalLength.isLive(rowOps.causalLength)
                    ? .allowed : .denied("\(what): representation grants cannot be revoked yet")
            case .admin: return .denied("\(what): only an administrator may create or delete it")
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
            case .admin where isAdmin:
                continue
            case .admin:
                return .denied("\(what): only an administrator may write \(op.field)")
            case .ownerExceptAdminRole:
                if op.touchedValue == .text(UserRole.admin.rawValue) {
                    if !isAdmin { return .denied("\(what): only an administrator may grant the admin role") }
                } else if !isOwner {
                    return .denied("\(what): only its owner may write \(op.field)")
                }
            case .ownerOrRepresentative where isOwner:
                continue
            case .ownerOrRepresentative:
                if try !grantExists(rowOps.row.ownerKey, author.bytes) {
                    decision = .awaitingGrant(RowID(rowOps.row.ownerKey + author.bytes))
                }
            case .applicationStatus:
                guard case .text(let status) = op.touchedValue else { continue }
                let applicant = rowOps.row.ownerKey
                let producer = Array(rowOps.row.bytes[32..<64])
                if Vocabulary.applicantStatuses.contains(status), author.bytes != applicant {
                    return .denied("\(what): only the applicant may set status \(status)")
                }
                if Vocabulary.producerStatuses.contains(status), author.bytes != producer {
                    return .denied("\(what): only the job's producer may set status \(status)")
                }
            }
        }
        return decision
    }
}

extension FieldOp {
    /// The value an operation writes, adds or removes.
    var touchedValue: Value {
        switch operation {
        case .assign(let value), .add(let value), .remove(let value, _): return value
        }
    }
}
