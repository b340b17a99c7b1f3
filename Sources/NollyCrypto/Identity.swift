import CSodium

/// One master seed and the separate keys derived from it for each purpose.
///
/// Keys are derived with libsodium's `crypto_kdf_derive_from_key` (BLAKE2b) under distinct
/// subkey ids, so the signing key and the encryption key are independent: there is no
/// Ed25519-to-X25519 conversion anywhere.
public struct Identity: Sendable {
    /// Size of the master seed.
    public static let seedLength = Int(crypto_kdf_KEYBYTES)

    /// The purposes a key is derived for. The raw value is the libsodium subkey id.
    public enum Purpose: UInt64, Sendable {
        /// Ed25519 signatures over changes and requests.
        case signing = 1
        /// X25519 sealed boxes and key exchange for end-to-end encrypted messages.
        case encryption = 2
    }

    private static let context = Array("NollyKey".utf8)

    /// The master seed this identity was derived from (kept so it can be written back, sealed).
    public let seed: SecretBytes
    public let signingKey: SigningKey
    public let encryptionKey: BoxKeyPair

    /// The identity's public name: its Ed25519 public key.
    public var publicKey: SigningPublicKey { signingKey.publicKey }

    /// Derives every purpose key from `seed` (32 bytes).
    public init(seed: SecretBytes) throws(CryptoError) {
        try Sodium.ready()
        guard seed.count == Self.seedLength else {
            throw CryptoError(.invalidLength(what: "a master seed", expected: Self.seedLength, actual: seed.count))
        }
        self.seed = seed
        signingKey = try SigningKey(seed: Self.derive(.signing, from: seed))
        encryptionKey = try BoxKeyPair(seed: Self.derive(.encryption, from: seed))
    }

    /// A new identity from fresh bytes of `entropy` (libsodium's CSPRNG unless a test injects
    /// a seeded source).
    public static func generate(using entropy: any EntropySource = SystemEntropy()) throws(CryptoError) -> Identity {
        try Identity(seed: entropy.secret(count: seedLength))
    }

    static func derive(_ purpose: Purpose, from seed: SecretBytes) -> SecretBytes {
        SecretBytes(count: 32) { subkey in
            seed.withUnsafeBytes { master in
                context.withUnsafeBufferPointer { context in
                    _ = crypto_kdf_derive_from_key(
                        subkey.baseAddress!.assumingMemoryBound(to: UInt8.self),
                        32,
                        purpose.rawValue,
                        UnsafeRawPointer(context.baseAddress!).assumingMemoryBound(to: CChar.self),
                        master.baseAddress!.assumingMemoryBound(to: UInt8.self)
                    )
                }
            }
        }
    }
}
