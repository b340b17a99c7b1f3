import CSodium

/// An Ed25519 public key: the identity of a node or a user.
public struct SigningPublicKey: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// Size of an Ed25519 public key.
    public static let length = Int(crypto_sign_PUBLICKEYBYTES)
    /// The 32 key bytes.
    public let bytes: [UInt8]

    /// Wraps 32 key bytes.
    public init(bytes: [UInt8]) throws(CryptoError) {
        try CryptoError.requireLength("an Ed25519 public key", bytes, Self.length)
        self.bytes = bytes
    }

    /// Parses 64 hex characters.
    public init(hex: String) throws(CryptoError) {
        guard let bytes = Hex.decode(hex) else { throw CryptoError(.malformed("a public key must be hex")) }
        try self.init(bytes: bytes)
    }

    public var hex: String { Hex.encode(bytes) }
    public var description: String { hex }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.bytes.lexicographicallyPrecedes(rhs.bytes) }

    /// Checks an Ed25519 signature over exactly `message`.
    public func isValidSignature(_ signature: [UInt8], for message: [UInt8]) -> Bool {
        _ = try? Sodium.ready()
        guard signature.count == Int(crypto_sign_BYTES) else { return false }
        return crypto_sign_verify_detached(signature, message, UInt64(message.count), bytes) == 0
    }
}

/// An Ed25519 signing key. The secret half lives in ``SecretBytes``.
public struct SigningKey: Sendable {
    /// Size of a detached Ed25519 signature.
    public static let signatureLength = Int(crypto_sign_BYTES)

    public let publicKey: SigningPublicKey
    private let secret: SecretBytes

    /// Derives the key pair from a 32-byte seed.
    public init(seed: SecretBytes) throws(CryptoError) {
        try Sodium.ready()
        guard seed.count == Int(crypto_sign_SEEDBYTES) else {
            throw CryptoError(
                .invalidLength(what: "an Ed25519 seed", expected: Int(crypto_sign_SEEDBYTES), actual: seed.count)
            )
        }
        var publicBytes = [UInt8](repeating: 0, count: SigningPublicKey.length)
        secret = SecretBytes(count: Int(crypto_sign_SECRETKEYBYTES)) { secretBuffer in
            seed.withUnsafeBytes { seedBuffer in
                _ = crypto_sign_seed_keypair(
                    &publicBytes,
                    secretBuffer.baseAddress!.assumingMemoryBound(to: UInt8.self),
                    seedBuffer.baseAddress!.assumingMemoryBound(to: UInt8.self)
                )
            }
        }
        publicKey = try SigningPublicKey(bytes: publicBytes)
    }

    /// A detached Ed25519 signature over exactly `message`.
    public func signature(for message: [UInt8]) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: Self.signatureLength)
        secret.withUnsafeBytes { secretBuffer in
            _ = crypto_sign_detached(
                &out,
                nil,
                message,
                UInt64(message.count),
                secretBuffer.baseAddress!.assumingMemoryBound(to: UInt8.self)
            )
        }
        return out
    }
}
