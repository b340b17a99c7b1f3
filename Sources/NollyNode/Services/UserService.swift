import Foundation
public import NollyCrypto
public import NollyModel
public import NollyStore
import NollySync

/// The node's local users, whose keys it holds: creating them, unlocking their keys, what they
/// grant their agents, and the verification badges about them.
public struct UserService: NodeService {
    let context: NodeContext
}

extension UserService {
    /// Creates a local user: a new identity whose keys stay on this node, and its public
    /// user row (display name and roles).
    public func add(name: String, displayName: String? = nil, roles: [UserRole]) throws -> Author {
        let trimmed = name.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty, trimmed.count <= 60 else {
            throw NodeError(.invalidInput, "a user name must have 1 to 60 characters")
        }
        guard try store.localUsers().allSatisfy({ $0.name.lowercased() != trimmed.lowercased() }) else {
            throw NodeError(.nameTaken, "a local user named '\(trimmed)' already exists")
        }
        let identity = try Identity.generate(using: entropy)
        try KeyFile.write(
            identity,
            to: directory.keyFile(identity.publicKey.hex),
            passphrase: context.passphrase.provide("New passphrase for \(trimmed): ")
        )
        try store.addLocalUser(
            LocalUserRecord(publicKey: identity.publicKey, name: trimmed, createdAt: Int64(nowMilliseconds))
        )
        let author = Author(name: trimmed, identity: identity)
        var edits = [Edit.assign("display_name", .text(displayName ?? trimmed))]
        edits += roles.filter { $0 != .admin }.map { .add("roles", .text($0.rawValue)) }
        try rows.edit(.user, RowID(identity.publicKey.bytes), edits, by: author)
        return author
    }

    /// The local user named `nameOrKey` (a name, or a public key or its hex prefix); with `nil`,
    /// the node's only local user, or its first.
    public func localUser(_ nameOrKey: String?) throws -> LocalUserRecord {
        let users = try store.localUsers()
        guard let nameOrKey else {
            guard let first = users.first else {
                throw NodeError(
                    .notFound,
                    "this node has no local users yet: run `nollycrew user add --name NAME --role ROLE`"
                )
            }
            return first
        }
        if let user = users.first(where: { $0.name.lowercased() == nameOrKey.lowercased() }) { return user }
        let matches = users.filter { $0.key.hex.hasPrefix(nameOrKey.lowercased()) }
        guard matches.count == 1 else {
            let known = users.map(\.name).joined(separator: ", ")
            throw NodeError(
                .notFound,
                "no single local user '\(nameOrKey)' (local users: \(known.isEmpty ? "none" : known))"
            )
        }
        return matches[0]
    }

    /// Unlocks a local user's keys (asking for the passphrase when they are sealed).
    public func author(_ nameOrKey: String?) throws -> Author {
        let user = try localUser(nameOrKey)
        let identity = try KeyFile.read(directory.keyFile(user.key.hex), passphrase: context.passphrase)
        return Author(name: user.name, identity: identity)
    }

    /// The users whose keys live on this node.
    public func list() throws -> [(name: String, key: SigningPublicKey)] {
        try store.localUsers().map { ($0.name, $0.key) }
    }

    /// Grants `agent` (a manager or agency user) the right to edit `author`'s profile.
    public func grantRepresentation(to agent: SigningPublicKey, by author: Author) throws {
        try rows.commit(
            [RowOps(entity: .representation, row: RowID(author.key.bytes + agent.bytes), causalLength: 1)],
            by: author
        )
    }

    /// Trusts `key` as an administrator: its badges show as verified here (node policy, applied
    /// when reading; nothing replicated changes, so nothing needs replaying).
    public func trustAdmin(_ key: SigningPublicKey) throws { try store.trustAdmin(key) }

    /// Records `author`'s verification of `subject`; returns the badge's row.
    @discardableResult
    public func attest(_ subject: SigningPublicKey, edits: [Edit], by author: Author) throws -> RowID {
        let row = context.newRow(after: author.key.bytes + subject.bytes)
        try rows.edit(.verification, row, edits, by: author)
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
