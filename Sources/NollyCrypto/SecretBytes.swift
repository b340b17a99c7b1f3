import CSodium

/// Secret key material in memory allocated by `sodium_malloc` (guard pages, locked where the
/// system allows) and wiped by `sodium_free` when the last reference goes away.
///
/// It has no `description` that reveals its contents, so it cannot end up in a log by accident.
public final class SecretBytes: @unchecked Sendable, CustomStringConvertible {
    // Immutable after initialisation; only read through `withUnsafeBytes`.
    private let pointer: UnsafeMutableRawPointer
    /// Number of secret bytes.
    public let count: Int

    /// Allocates `count` bytes and lets `fill` write them.
    public init(count: Int, fill: (UnsafeMutableRawBufferPointer) throws -> Void) rethrows {
        precondition(count > 0, "SecretBytes needs at least one byte")
        _ = try? Sodium.ready()  // sodium_malloc needs sodium_init
        guard let pointer = sodium_malloc(count) else {
            fatalError("sodium_malloc failed: out of memory")
        }
        self.pointer = pointer
        self.count = count
        do {
            try fill(UnsafeMutableRawBufferPointer(start: pointer, count: count))
        } catch {
            sodium_free(pointer)
            throw error
        }
    }

    /// Copies `bytes` into protected memory and wipes the caller's array copy where it can.
    public convenience init(copying bytes: inout [UInt8]) {
        self.init(count: bytes.count) { buffer in
            buffer.copyBytes(from: bytes)
        }
        bytes.withUnsafeMutableBytes { sodium_memzero($0.baseAddress, $0.count) }
    }

    /// Random secret bytes from libsodium's CSPRNG.
    public static func random(count: Int) throws(CryptoError) -> SecretBytes {
        try Sodium.ready()
        return SecretBytes(count: count) { randombytes_buf($0.baseAddress!, $0.count) }
    }

    deinit { sodium_free(pointer) }

    /// Gives read access to the secret bytes for the duration of `body`.
    public func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try body(UnsafeRawBufferPointer(start: pointer, count: count))
    }

    public var description: String { "SecretBytes(\(count) bytes, redacted)" }
}

/// Wipes a byte array in place (the storage is shared only if not uniquely referenced).
public func wipe(_ bytes: inout [UInt8]) {
    bytes.withUnsafeMutableBytes { sodium_memzero($0.baseAddress, $0.count) }
}
