import CSodium

/// Argon2id password hashing and passphrase-based key derivation (libsodium `crypto_pwhash`).
public enum Argon2id {
    /// Cost parameters, stored next to every hash or salt so they can be raised later.
    public struct Parameters: Codable, Equatable, Sendable {
        /// Number of passes.
        public var opsLimit: UInt64
        /// Memory in bytes.
        public var memLimit: Int

        public init(opsLimit: UInt64, memLimit: Int) {
            self.opsLimit = opsLimit
            self.memLimit = memLimit
        }

        /// libsodium's interactive profile: 2 passes, 64 MiB.
        public static let interactive = Parameters(
            opsLimit: UInt64(crypto_pwhash_OPSLIMIT_INTERACTIVE),
            memLimit: Int(crypto_pwhash_MEMLIMIT_INTERACTIVE)
        )
        /// libsodium's moderate profile: 3 passes, 256 MiB; used for sealing secret keys.
        public static let moderate = Parameters(
            opsLimit: UInt64(crypto_pwhash_OPSLIMIT_MODERATE),
            memLimit: Int(crypto_pwhash_MEMLIMIT_MODERATE)
        )
    }

    /// Size of the salt for ``deriveKey(passphrase:salt:parameters:length:)``.
    public static let saltLength = Int(crypto_pwhash_SALTBYTES)

    /// Hashes a password for storage. The result is libsodium's encoded string, which carries
    /// the algorithm, its parameters and the salt (`$argon2id$v=19$m=...,t=...,p=1$...`).
    public static func hashPassword(_ password: String, parameters: Parameters = .interactive) throws(CryptoError)
        -> String
    {
        try Sodium.ready()
        var out = [CChar](repeating: 0, count: Int(crypto_pwhash_STRBYTES))
        let utf8 = Array(password.utf8CString.dropLast())
        let status = crypto_pwhash_str_alg(
            &out,
            utf8,
            UInt64(utf8.count),
            parameters.opsLimit,
            parameters.memLimit,
            crypto_pwhash_ALG_ARGON2ID13
        )
        guard status == 0 else { throw CryptoError(.keyDerivationFailed) }
        return String(decoding: out.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Checks a password against a string from ``hashPassword(_:parameters:)``.
    public static func verifyPassword(_ password: String, against encoded: String) -> Bool {
        _ = try? Sodium.ready()
        let utf8 = Array(password.utf8CString.dropLast())
        return crypto_pwhash_str_verify(encoded, utf8, UInt64(utf8.count)) == 0
    }

    /// Derives a symmetric key from a passphrase (for sealing secret keys at rest).
    public static func deriveKey(
        passphrase: String,
        salt: [UInt8],
        parameters: Parameters,
        length: Int = XChaCha20Poly1305.keyLength
    ) throws(CryptoError) -> SecretBytes {
        try Sodium.ready()
        try CryptoError.requireLength("an Argon2id salt", salt, saltLength)
        // NUL-terminated, so the buffer is never empty; the terminator is not hashed.
        var characters = Array(passphrase.utf8CString)
        defer { characters.withUnsafeMutableBytes { sodium_memzero($0.baseAddress, $0.count) } }
        var status: Int32 = 0
        let key = SecretBytes(count: length) { out in
            status = characters.withUnsafeBufferPointer { passphraseBytes in
                crypto_pwhash(
                    out.baseAddress!.assumingMemoryBound(to: UInt8.self),
                    UInt64(length),
                    passphraseBytes.baseAddress!,
                    UInt64(passphraseBytes.count - 1),
                    salt,
                    parameters.opsLimit,
                    parameters.memLimit,
                    crypto_pwhash_ALG_ARGON2ID13
                )
            }
        }
        guard status == 0 else { throw CryptoError(.keyDerivationFailed) }
        return key
    }
}
