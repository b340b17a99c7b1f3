/// A secret sealed at rest with a passphrase: Argon2id derives a key from the passphrase and
/// a random salt, XChaCha20-Poly1305 encrypts the secret. The parameters travel with it.
public struct SealedSecret: Codable, Equatable, Sendable {
    public var algorithm: String
    public var parameters: Argon2id.Parameters
    /// Hex of the Argon2id salt.
    public var salt: String
    /// Hex of `nonce ‖ ciphertext ‖ tag`.
    public var ciphertext: String

    static let algorithmName = "argon2id+xchacha20poly1305"
    static let maxOpsLimit: UInt64 = 10
    static let maxMemLimit = 1 << 30

    /// Seals `secret` under `passphrase`, by default with libsodium's moderate profile.
    public static func seal(
        _ secret: SecretBytes,
        passphrase: String,
        parameters: Argon2id.Parameters = .moderate
    ) throws(CryptoError) -> SealedSecret {
        let salt = SecureRandom.bytes(Argon2id.saltLength)
        let key = try Argon2id.deriveKey(passphrase: passphrase, salt: salt, parameters: parameters)
        var plaintext = secret.withUnsafeBytes { Array($0) }
        defer { wipe(&plaintext) }
        let sealed = try XChaCha20Poly1305.seal(plaintext, key: key, associatedData: Array(Self.algorithmName.utf8))
        return SealedSecret(
            algorithm: algorithmName,
            parameters: parameters,
            salt: Hex.encode(salt),
            ciphertext: Hex.encode(sealed)
        )
    }

    /// Opens the secret; a wrong passphrase fails with ``CryptoError`` (authentication failed).
    public func open(passphrase: String) throws(CryptoError) -> SecretBytes {
        guard algorithm == Self.algorithmName else {
            throw CryptoError(.malformed("unknown sealing algorithm '\(algorithm)'"))
        }
        guard let salt = Hex.decode(salt), let sealed = Hex.decode(ciphertext) else {
            throw CryptoError(.malformed("sealed secret is not hex"))
        }
        // A damaged or crafted file must not make opening it take hours or all memory.
        guard (1...Self.maxOpsLimit).contains(parameters.opsLimit),
            (8_192...Self.maxMemLimit).contains(parameters.memLimit)
        else {
            throw CryptoError(.malformed("sealing parameters out of range (at most 10 passes and 1 GiB)"))
        }
        let key = try Argon2id.deriveKey(passphrase: passphrase, salt: salt, parameters: parameters)
        var plaintext = try XChaCha20Poly1305.open(sealed, key: key, associatedData: Array(Self.algorithmName.utf8))
        return SecretBytes(copying: &plaintext)
    }
}
