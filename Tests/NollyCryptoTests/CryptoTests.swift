import NollyCrypto
import Testing

@Suite("Crypto over libsodium")
struct CryptoTests {
    @Test("A signature verifies over the exact bytes and nothing else")
    func signAndVerify() throws {
        let identity = try Identity.generate()
        let message = Array("a change".utf8)
        let signature = identity.signingKey.signature(for: message)
        #expect(identity.publicKey.isValidSignature(signature, for: message))
        var altered = message
        altered[0] ^= 1
        #expect(!identity.publicKey.isValidSignature(signature, for: altered))
        #expect(!identity.publicKey.isValidSignature(Array(signature.dropLast()), for: message))
        let other = try Identity.generate()
        #expect(!other.publicKey.isValidSignature(signature, for: message))
    }

    @Test("Purpose keys derived from one seed are stable and independent")
    func derivation() throws {
        var seedBytes = [UInt8](repeating: 7, count: Identity.seedLength)
        let first = try Identity(seed: SecretBytes(copying: &seedBytes))
        #expect(seedBytes.allSatisfy { $0 == 0 }, "the caller's copy of the seed is wiped")
        var again = [UInt8](repeating: 7, count: Identity.seedLength)
        let second = try Identity(seed: SecretBytes(copying: &again))
        #expect(first.publicKey == second.publicKey)
        #expect(first.encryptionKey.publicKey == second.encryptionKey.publicKey)
        #expect(first.publicKey.bytes != first.encryptionKey.publicKey.bytes)
    }

    @Test("XChaCha20-Poly1305 round-trips and detects tampering")
    func aead() throws {
        let key = try SecretBytes.random(count: XChaCha20Poly1305.keyLength)
        let sealed = try XChaCha20Poly1305.seal(Array("escrow".utf8), key: key, associatedData: [1, 2])
        #expect(try XChaCha20Poly1305.open(sealed, key: key, associatedData: [1, 2]) == Array("escrow".utf8))
        #expect(throws: CryptoError.self) { try XChaCha20Poly1305.open(sealed, key: key, associatedData: [1, 3]) }
        var tampered = sealed
        tampered[tampered.count - 1] ^= 0x80
        #expect(throws: CryptoError.self) { try XChaCha20Poly1305.open(tampered, key: key) }
    }

    @Test("Only the recipient opens a sealed box")
    func sealedBox() throws {
        let recipient = try Identity.generate()
        let stranger = try Identity.generate()
        let sealed = SealedBox.seal(Array("hello".utf8), to: recipient.encryptionKey.publicKey)
        #expect(try recipient.encryptionKey.open(sealed: sealed) == Array("hello".utf8))
        #expect(throws: CryptoError.self) { try stranger.encryptionKey.open(sealed: sealed) }
    }

    @Test("Argon2id hashes carry their parameters and verify")
    func argon2id() throws {
        let cheap = Argon2id.Parameters(opsLimit: 1, memLimit: 8 << 20)
        let hash = try Argon2id.hashPassword("correct horse", parameters: cheap)
        #expect(hash.hasPrefix("$argon2id$v=19$m=8192,t=1,p=1$"))
        #expect(Argon2id.verifyPassword("correct horse", against: hash))
        #expect(!Argon2id.verifyPassword("wrong horse", against: hash))
    }

    @Test("A sealed secret opens with its passphrase only")
    func sealedSecret() throws {
        let secret = try SecretBytes.random(count: 32)
        let sealed = try SealedSecret.seal(
            secret,
            passphrase: "nolly",
            parameters: .init(opsLimit: 1, memLimit: 8 << 20)
        )
        let opened = try sealed.open(passphrase: "nolly")
        #expect(opened.withUnsafeBytes { Array($0) } == secret.withUnsafeBytes { Array($0) })
        #expect(throws: CryptoError.self) { try sealed.open(passphrase: "hollywood") }
        #expect(!"\(opened)".contains(Hex.encode(secret.withUnsafeBytes { Array($0) })))
    }

    @Test("BLAKE2b matches the RFC 7693 test vector for 'abc'")
    func blake2b() {
        let digest = Blake2b.hash(Array("abc".utf8), length: 64)
        #expect(
            Hex.encode(digest)
                == "ba80a53f981c4d0d6a2797b69f12f6e94c212f14685ac4b74b12bb6fdbffa2d1"
                + "7d87c5392aab792dc252d5de4533cc9518d38aa8dbf1925ab92386edd4009923"
        )
        let hasher = Blake2b.Hasher(length: 64)
        hasher.update(Array("a".utf8))
        hasher.update(Array("bc".utf8))
        #expect(hasher.finalize() == digest)
    }
}
