import CSodium

/// An X25519 public key for sealed boxes.
public struct BoxPublicKey: Hashable, Sendable {
    public static let length = Int(crypto_box_PUBLICKEYBYTES)
    public let bytes: [UInt8]

    public init(bytes: [UInt8]) throws(CryptoError) {
        try CryptoError.requireLength("an X25519 public key", bytes, Self.length)
        self.bytes = bytes
    }

    public var hex: String { Hex.encode(bytes) }
}

/// An X25519 key pair used to open sealed boxes.
public struct BoxKeyPair: Sendable {
    public let publicKey: BoxPublicKey
    private let secret: SecretBytes

    /// Derives the key pair from a 32-byte seed.
    public init(seed: SecretBytes) throws(CryptoError) {
        try Sodium.ready()
        var publicBytes = [UInt8](repeating: 0, count: BoxPublicKey.length)
        secret = SecretBytes(count: Int(crypto_box_SECRETKEYBYTES)) { secretBuffer in
            seed.withUnsafeBytes { seedBuffer in
                _ = crypto_box_seed_keypair(
                    &publicBytes,
                    secretBuffer.baseAddress!.assumingMemoryBound(to: UInt8.self),
                    seedBuffer.baseAddress!.assumingMemoryBound(to: UInt8.self)
                )
            }
        }
        publicKey = try BoxPublicKey(bytes: publicBytes)
    }

    /// Opens a sealed box addressed to this key pair.
    public func open(sealed ciphertext: [UInt8]) throws(CryptoError) -> [UInt8] {
        let overhead = crypto_box_sealbytes()
        guard ciphertext.count >= overhead else { throw CryptoError(.malformed("sealed box too short")) }
        var plaintext = [UInt8](repeating: 0, count: ciphertext.count - overhead)
        let status = secret.withUnsafeBytes { secretBuffer in
            crypto_box_seal_open(
                &plaintext,
                ciphertext,
                UInt64(ciphertext.count),
                publicKey.bytes,
                secretBuffer.baseAddress!.assumingMemoryBound(to: UInt8.self)
            )
        }
        guard status == 0 else { throw CryptoError(.authenticationFailed) }
        return plaintext
    }
}

/// Anonymous public-key encryption (libsodium sealed boxes): only the recipient can open it.
public enum SealedBox {
    /// Encrypts `plaintext` to `recipient`.
    public static func seal(_ plaintext: [UInt8], to recipient: BoxPublicKey) -> [UInt8] {
        _ = try? Sodium.ready()
        var out = [UInt8](repeating: 0, count: plaintext.count + crypto_box_sealbytes())
        _ = crypto_box_seal(&out, plaintext, UInt64(plaintext.count), recipient.bytes)
        return out
    }
}
