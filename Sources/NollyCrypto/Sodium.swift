import CSodium

/// Process-wide libsodium initialisation. Every public entry point of this module calls
/// ``Sodium/ready()`` before touching libsodium; `sodium_init` is idempotent and thread-safe.
enum Sodium {
    private static let initialised: Bool = sodium_init() >= 0

    static func ready() throws(CryptoError) {
        guard initialised else { throw CryptoError(.libraryUnavailable) }
    }
}

/// An error raised by a cryptographic operation. The message never contains secret material.
public struct CryptoError: Error, CustomStringConvertible, Equatable {
    enum Code: Equatable {
        case libraryUnavailable
        case invalidLength(what: String, expected: Int, actual: Int)
        case authenticationFailed
        case keyDerivationFailed
        case malformed(String)
    }

    let code: Code

    init(_ code: Code) { self.code = code }

    public var description: String {
        switch code {
        case .libraryUnavailable: return "libsodium could not be initialised"
        case .invalidLength(let what, let expected, let actual):
            return "\(what) must be \(expected) bytes, got \(actual)"
        case .authenticationFailed: return "decryption failed: wrong key or passphrase, or the data was altered"
        case .keyDerivationFailed: return "key derivation failed (not enough memory for Argon2id?)"
        case .malformed(let detail): return "malformed data: \(detail)"
        }
    }

    static func requireLength(_ what: String, _ bytes: some Collection, _ expected: Int) throws(CryptoError) {
        guard bytes.count == expected else {
            throw CryptoError(.invalidLength(what: what, expected: expected, actual: bytes.count))
        }
    }
}
