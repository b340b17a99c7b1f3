import Foundation
import NollyCrypto

/// Where a passphrase comes from: `NOLLYCREW_PASSPHRASE`, an interactive prompt, or none.
public struct PassphraseSource: Sendable {
    let provide: @Sendable (_ prompt: String) -> String?

    public init(_ provide: @escaping @Sendable (_ prompt: String) -> String?) { self.provide = provide }

    /// No passphrase: keys are stored unsealed (still mode 0600).
    public static let none = PassphraseSource { _ in nil }

    /// `NOLLYCREW_PASSPHRASE` when set; otherwise a prompt with echo off when standard input
    /// is a terminal; otherwise none.
    public static let standard = PassphraseSource { prompt in
        if let value = ProcessInfo.processInfo.environment["NOLLYCREW_PASSPHRASE"], !value.isEmpty { return value }
        guard isatty(STDIN_FILENO) == 1, let entered = getpass(prompt) else { return nil }
        let passphrase = String(cString: entered)
        return passphrase.isEmpty ? nil : passphrase
    }
}

/// An identity's master seed on disk: JSON, mode 0600, sealed with a passphrase when one is set.
struct KeyFile: Codable {
    var version = 1
    var publicKey: String
    /// Hex seed when no passphrase was set.
    var seed: String?
    var sealed: SealedSecret?

    enum CodingKeys: String, CodingKey {
        case version
        case publicKey = "public_key"
        case seed
        case sealed
    }

    static func write(_ identity: Identity, to url: URL, passphrase: String?) throws {
        var file = KeyFile(publicKey: identity.publicKey.hex)
        if let passphrase {
            file.sealed = try SealedSecret.seal(identity.seed, passphrase: passphrase)
        } else {
            file.seed = identity.seed.withUnsafeBytes { Hex.encode($0) }
        }
        let data = try JSONEncoder().encode(file)
        guard FileManager.default.createFile(atPath: url.path, contents: nil, attributes: [.posixPermissions: 0o600])
        else { throw NodeError(.fileUnavailable, "cannot create key file \(url.path)") }
        let handle = try FileHandle(forWritingTo: url)
        defer { try? handle.close() }
        try handle.write(contentsOf: data)
        try handle.synchronize()
    }

    static func read(_ url: URL, passphrase: PassphraseSource) throws -> Identity {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw NodeError(
                .keyUnavailable,
                "cannot read key file \(url.lastPathComponent): \(error.localizedDescription)"
            )
        }
        guard let file = try? JSONDecoder().decode(KeyFile.self, from: data) else {
            throw NodeError(.keyUnavailable, "key file \(url.lastPathComponent) is damaged")
        }
        if let sealed = file.sealed {
            guard let phrase = passphrase.provide("Passphrase for key \(file.publicKey.prefix(12)): ") else {
                throw NodeError(
                    .keyUnavailable,
                    "key \(file.publicKey.prefix(12)) is sealed: set NOLLYCREW_PASSPHRASE or run interactively"
                )
            }
            do {
                return try Identity(seed: try sealed.open(passphrase: phrase))
            } catch {
                throw NodeError(.keyUnavailable, "cannot unseal key \(file.publicKey.prefix(12)): wrong passphrase?")
            }
        }
        guard var seedBytes = file.seed.flatMap(Hex.decode), seedBytes.count == Identity.seedLength else {
            throw NodeError(.keyUnavailable, "key file \(url.lastPathComponent) has no valid seed")
        }
        let identity = try Identity(seed: SecretBytes(copying: &seedBytes))
        guard identity.publicKey.hex == file.publicKey else {
            throw NodeError(.keyUnavailable, "key file \(url.lastPathComponent) does not match its public key")
        }
        return identity
    }
}
