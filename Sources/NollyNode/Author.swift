public import NollyCrypto

/// A local user with their keys unlocked, ready to sign changes.
public struct Author: Sendable {
    public let name: String
    public let identity: Identity

    public var key: SigningPublicKey { identity.publicKey }
}
