public import Foundation

/// A node's data directory and the files in it (DESIGN.md §1).
public struct DataDirectory: Sendable {
    public let url: URL

    public init(url: URL) { self.url = url }

    /// `--data-dir` if given, else `NOLLYCREW_HOME`, else `~/.nollycrew`.
    public static func resolve(flag: String?, environment: [String: String] = ProcessInfo.processInfo.environment)
        -> DataDirectory
    {
        if let flag, !flag.isEmpty { return DataDirectory(url: URL(fileURLWithPath: flag)) }
        if let home = environment["NOLLYCREW_HOME"], !home.isEmpty {
            return DataDirectory(url: URL(fileURLWithPath: home))
        }
        let userHome =
            environment["HOME"].map { URL(fileURLWithPath: $0) }
            ?? FileManager.default.homeDirectoryForCurrentUser
        return DataDirectory(url: userHome.appendingPathComponent(".nollycrew"))
    }

    public var database: URL { url.appendingPathComponent("node.db") }
    public var keys: URL { url.appendingPathComponent("keys") }
    public var media: URL { url.appendingPathComponent("media") }

    /// The key file of an identity, named by its public key (never by user input).
    public func keyFile(_ publicKeyHex: String) -> URL { keys.appendingPathComponent("\(publicKeyHex).key") }
    public var nodeKeyFile: URL { keys.appendingPathComponent("node.key") }
    /// Written by `nollycrew serve` while it runs: the URL peers reach it at.
    public var serverURLFile: URL { url.appendingPathComponent("server.url") }

    var isInitialized: Bool { FileManager.default.fileExists(atPath: database.path) }

    /// Creates the directory tree, private to the owner.
    func create() throws {
        for directory in [url, keys, media] {
            try FileManager.default.createDirectory(
                at: directory,
                withIntermediateDirectories: true,
                attributes: [.posixPermissions: 0o700]
            )
            try FileManager.default.setAttributes([.posixPermissions: 0o700], ofItemAtPath: directory.path)
        }
    }
}
