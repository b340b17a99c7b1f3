import ArgumentParser
import Foundation
import Logging
import NollyCrypto
import NollyHTTP
import NollyModel
import NollyNode

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve this node to its peers over HTTPS (stops cleanly on SIGTERM or Ctrl-C).",
        discussion: """
            Liveness at /health, readiness at /ready, the signed sync endpoints under /v1. The node \
            makes its own certificate at first start (tls/ in the data directory) unless one is given. \
            Logs go to standard error; LOG_LEVEL sets the level (trace, debug, info, notice, warning, error).
            """
    )

    @OptionGroup var options: NodeOptions

    @Option(
        name: .long,
        help: "host:port to listen on (port 0 picks a free one; default: serve.address, 127.0.0.1:7443)."
    )
    var address: String?

    @Option(name: .long, help: "The https URL peers reach this node at, if not https://<address>.")
    var publicURL: String?

    @OptionGroup var tls: TLSOptions

    @Option(name: .long, help: "The name this node gives itself to peers.")
    var name: String?

    func run() async throws {
        var flags = [String: String]()
        flags["serve.address"] = address
        flags["serve.public_url"] = publicURL
        let node = try options.openNode(flags: flags)
        var configuration = ServerConfiguration()
        (configuration.host, configuration.port) = try Self.parseAddress(node.settings.serveAddress)
        configuration.publicURL = node.settings.publicURL
        if let name { try node.peers.setName(name) }
        let identity = try tls.identity(of: node)
        let logger = ServerLogging.logger()
        let urlFile = node.directory.serverURLFile
        let json = options.json
        let federation = FederationRoutes(
            node: node,
            nodeSigningKey: try node.peers.nodeIdentity().signingKey,
            configuration: configuration,
            logger: logger
        )
        let server = NodeHTTPServer(
            identity: identity,
            configuration: configuration,
            groups: [HealthRoutes(isReady: node.isReady), federation],
            logger: logger
        )
        defer { try? FileManager.default.removeItem(at: urlFile) }
        try await server.run { url in
            try? Data(url.utf8).write(to: urlFile, options: .atomic)
            let text =
                json
                ? JSONValue.object([
                    ("url", .string(url)), ("node_key", .string(node.nodeKey.hex)), ("pin", .string(identity.pin)),
                ]).canonical
                : """
                Serving \(url)  (node \(node.nodeKey.hex.prefix(16))…, certificate \(identity.pin))
                To connect another node:
                  here:   nollycrew peer invite --scopes public          (prints a token)
                  there:  nollycrew init && nollycrew peer add TOKEN && nollycrew sync
                """
            FileHandle.standardOutput.write(Data((text + "\n").utf8))
        }
    }

    static func parseAddress(_ text: String) throws -> (String, Int) {
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]),
            (0...65_535).contains(port)
        else { throw ValidationError("--address must be host:port, got '\(text)'") }
        let host = String(text[..<colon]).trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        return (host.isEmpty ? "127.0.0.1" : host, port)
    }
}

/// `--certificate` and `--private-key`: the TLS identity `serve` uses and `peer invite` pins.
struct TLSOptions: ParsableArguments {
    @Option(name: .long, help: "PEM certificate to serve (with --private-key) instead of the node's own.")
    var certificate: String?

    @Option(name: .long, help: "PEM private key of --certificate.")
    var privateKey: String?

    /// The given files, else `NOLLYCREW_TLS_CERT`/`NOLLYCREW_TLS_KEY`, else the node's own (made if missing).
    func identity(of node: Node) throws -> TLSIdentity {
        try TLSIdentity.load(directory: node.directory, certificate: certificate, privateKey: privateKey)
    }
}

/// swift-log to standard error, at LOG_LEVEL (default info), bootstrapped once per process.
enum ServerLogging {
    private static let bootstrapped: Void = {
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel =
                ProcessInfo.processInfo.environment["LOG_LEVEL"].flatMap { Logger.Level(rawValue: $0.lowercased()) }
                ?? .info
            return handler
        }
    }()

    static func logger() -> Logger {
        _ = bootstrapped
        return Logger(label: "nollycrew")
    }
}
