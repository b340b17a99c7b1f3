import CSodium

/// BLAKE2b hashing (libsodium's `crypto_generichash`).
public enum Blake2b {
    /// The default digest size used for change ids and content addresses: 32 bytes.
    public static let defaultLength = 32

    /// Hashes `bytes` to a digest of `length` bytes (16 to 64).
    public static func hash(_ bytes: [UInt8], length: Int = defaultLength) -> [UInt8] {
        _ = try? Sodium.ready()
        precondition(length >= 16 && length <= 64, "BLAKE2b digest length must be 16...64")
        var out = [UInt8](repeating: 0, count: length)
        _ = crypto_generichash(&out, length, bytes, UInt64(bytes.count), nil, 0)
        return out
    }

    /// An incremental hasher for data that arrives in pieces (for example a canonical export).
    public final class Hasher {
        // libsodium's state type needs 64-byte alignment, which Swift cannot import as a struct.
        private let state: UnsafeMutableRawPointer
        private let length: Int

        public init(length: Int = Blake2b.defaultLength) {
            _ = try? Sodium.ready()
            self.length = length
            state = UnsafeMutableRawPointer.allocate(byteCount: crypto_generichash_statebytes(), alignment: 64)
            crypto_generichash_init(OpaquePointer(state), nil, 0, length)
        }

        deinit { state.deallocate() }

        public func update(_ bytes: [UInt8]) {
            _ = crypto_generichash_update(OpaquePointer(state), bytes, UInt64(bytes.count))
        }

        public func finalize() -> [UInt8] {
            var out = [UInt8](repeating: 0, count: length)
            crypto_generichash_final(OpaquePointer(state), &out, length)
            return out
        }
    }
}

/// SHA-256 (libsodium's `crypto_hash_sha256`), where an outside standard names it: TLS
/// certificate pins are SHA-256 of the certificate's public key, as curl and browsers compute them.
public enum SHA256 {
    public static func hash(_ bytes: [UInt8]) -> [UInt8] {
        _ = try? Sodium.ready()
        var out = [UInt8](repeating: 0, count: Int(crypto_hash_sha256_BYTES))
        _ = crypto_hash_sha256(&out, bytes, UInt64(bytes.count))
        return out
    }
}
