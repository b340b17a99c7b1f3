import CSodium
import Synchronization

/// Where a node's fresh bytes come from: new identities, row ids, invite secrets.
///
/// Production nodes use ``SystemEntropy``. Tests and simulations inject ``SeededEntropy``, so
/// that a failing seeded run replays the same keys and row ids exactly.
public protocol EntropySource: Sendable {
    /// `count` fresh bytes.
    func bytes(_ count: Int) -> [UInt8]
    /// `count` fresh secret bytes (a master seed) in protected memory.
    func secret(count: Int) -> SecretBytes
}

extension EntropySource {
    /// Copies ``bytes(_:)`` into protected memory and wipes the copy.
    public func secret(count: Int) -> SecretBytes {
        var bytes = bytes(count)
        return SecretBytes(copying: &bytes)
    }
}

/// libsodium's CSPRNG.
public struct SystemEntropy: EntropySource {
    public init() {}

    public func bytes(_ count: Int) -> [UInt8] { SecureRandom.bytes(count) }

    /// Written straight into protected memory: a real key never passes through an ordinary array.
    public func secret(count: Int) -> SecretBytes {
        _ = try? Sodium.ready()
        return SecretBytes(count: count) { randombytes_buf($0.baseAddress!, $0.count) }
    }
}

/// A reproducible stream of bytes from a 64-bit seed, for tests and simulations only: never
/// give a real node a predictable source.
///
/// Call `n` yields `randombytes_buf_deterministic` keyed by BLAKE2b(seed ‖ n), so the stream
/// depends only on the seed and the order of calls.
public final class SeededEntropy: EntropySource {
    public let seed: UInt64
    private let calls = Mutex<UInt64>(0)

    public init(seed: UInt64) { self.seed = seed }

    public func bytes(_ count: Int) -> [UInt8] {
        guard count > 0 else { return [] }
        _ = try? Sodium.ready()
        let call = calls.withLock { value in
            defer { value += 1 }
            return value
        }
        let key = Blake2b.hash(Self.littleEndian(seed) + Self.littleEndian(call), length: 32)
        var out = [UInt8](repeating: 0, count: count)
        out.withUnsafeMutableBytes { buffer in
            key.withUnsafeBufferPointer { key in
                randombytes_buf_deterministic(buffer.baseAddress!, buffer.count, key.baseAddress!)
            }
        }
        return out
    }

    private static func littleEndian(_ value: UInt64) -> [UInt8] {
        (0..<8).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) }
    }
}

/// Cryptographically secure random bytes from libsodium.
public enum SecureRandom {
    /// `count` random bytes.
    public static func bytes(_ count: Int) -> [UInt8] {
        _ = try? Sodium.ready()
        var out = [UInt8](repeating: 0, count: count)
        out.withUnsafeMutableBytes { if let base = $0.baseAddress { randombytes_buf(base, $0.count) } }
        return out
    }
}
