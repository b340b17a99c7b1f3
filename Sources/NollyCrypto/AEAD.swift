import CSodium

/// XChaCha20-Poly1305 authenticated encryption with a random 24-byte nonce.
///
/// The output is `nonce ‖ ciphertext ‖ tag`.
public enum XChaCha20Poly1305 {
    public static let keyLength = Int(crypto_aead_xchacha20poly1305_ietf_KEYBYTES)
    public static let nonceLength = Int(crypto_aead_xchacha20poly1305_ietf_NPUBBYTES)
    public static let tagLength = Int(crypto_aead_xchacha20poly1305_ietf_ABYTES)

    /// Encrypts and authenticates `plaintext`, binding `associatedData` too.
    public static func seal(
        _ plaintext: [UInt8],
        key: SecretBytes,
        associatedData: [UInt8] = []
    ) throws(CryptoError) -> [UInt8] {
        try requireKey(key)
        let nonce = SecureRandom.bytes(nonceLength)
        var ciphertext = [UInt8](repeating: 0, count: plaintext.count + tagLength)
        var written: UInt64 = 0
        key.withUnsafeBytes { keyBuffer in
            _ = crypto_aead_xchacha20poly1305_ietf_encrypt(
                &ciphertext,
                &written,
                plaintext,
                UInt64(plaintext.count),
                associatedData,
                UInt64(associatedData.count),
                nil,
                nonce,
                keyBuffer.baseAddress!.assumingMemoryBound(to: UInt8.self)
            )
        }
        return nonce + ciphertext[..<Int(written)]
    }

    /// Checks and decrypts the output of ``seal(_:key:associatedData:)``.
    public static func open(
        _ sealed: [UInt8],
        key: SecretBytes,
        associatedData: [UInt8] = []
    ) throws(CryptoError) -> [UInt8] {
        try requireKey(key)
        guard sealed.count >= nonceLength + tagLength else { throw CryptoError(.malformed("ciphertext too short")) }
        let nonce = Array(sealed[..<nonceLength])
        let ciphertext = Array(sealed[nonceLength...])
        var plaintext = [UInt8](repeating: 0, count: ciphertext.count - tagLength)
        var written: UInt64 = 0
        let status = key.withUnsafeBytes { keyBuffer in
            crypto_aead_xchacha20poly1305_ietf_decrypt(
                &plaintext,
                &written,
                nil,
                ciphertext,
                UInt64(ciphertext.count),
                associatedData,
                UInt64(associatedData.count),
                nonce,
                keyBuffer.baseAddress!.assumingMemoryBound(to: UInt8.self)
            )
        }
        guard status == 0 else { throw CryptoError(.authenticationFailed) }
        return plaintext
    }

    private static func requireKey(_ key: SecretBytes) throws(CryptoError) {
        try Sodium.ready()
        guard key.count == keyLength else {
            throw CryptoError(.invalidLength(what: "an XChaCha20 key", expected: keyLength, actual: key.count))
        }
    }
}
