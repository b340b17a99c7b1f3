public import NollyCrypto
public import NollyModel
import NollyStore

/// A verification badge as this node shows it: the attester's statement, and whether this node
/// trusts the attester. Trust is node policy applied here, when reading; the replicated badge is
/// the same on every node.
public struct Badge: Sendable, Equatable {
    public let row: RowID
    public let attester: SigningPublicKey
    public let subject: SigningPublicKey
    public let kind: String
    public let status: String
    public let note: String?
    /// Whether this node trusts the attester as an administrator.
    public let attesterTrusted: Bool

    /// Shown as verified: the attester says so, and this node trusts the attester.
    public var isVerified: Bool { status == "verified" && attesterTrusted }
}

extension Node {
    /// Records `author`'s verification of `subject`; returns the badge's row.
    @discardableResult
    public func attest(_ subject: SigningPublicKey, edits: [Edit], by author: Author) throws -> RowID {
        let row = RowID(author.key.bytes + subject.bytes + SecureRandom.bytes(8))
        try edit(.verification, row, edits, by: author)
        return row
    }

    /// Every badge about `subject` this node holds, trusted attesters first.
    public func badges(of subject: SigningPublicKey) throws -> [Badge] {
        let trusted = try store.trustedAdmins()
        return try store.liveRows(.verification).compactMap { row -> Badge? in
            guard row.row.bytes.count == 72, Array(row.row.bytes[32..<64]) == subject.bytes,
                let attester = try? SigningPublicKey(bytes: row.row.ownerKey)
            else { return nil }
            return Badge(
                row: row.row,
                attester: attester,
                subject: subject,
                kind: row.text("kind") ?? "badge",
                status: row.text("status") ?? "pending",
                note: row.text("note"),
                attesterTrusted: trusted.contains(attester)
            )
        }
        .sorted { ($0.attesterTrusted ? 0 : 1, $0.row.hex) < ($1.attesterTrusted ? 0 : 1, $1.row.hex) }
    }
}
