public import NollyCrypto
public import NollyStore

/// A local user with their keys unlocked, ready to sign changes.
public struct Author: Sendable {
    public let name: String
    public let identity: Identity

    public var key: SigningPublicKey { identity.publicKey }
}

extension Node {
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
        let identity = try KeyFile.read(directory.keyFile(user.key.hex), passphrase: passphrase)
        return Author(name: user.name, identity: identity)
    }
}
