public import Foundation
public import Hummingbird
import HummingbirdCore
import HummingbirdTLS
public import Logging
import NIOCore
import NIOPosix
import NIOSSL

/// Where and how `nollycrew serve` listens.
public struct ServerConfiguration: Sendable {
    public var host = "127.0.0.1"
    /// 0 picks a free port (tests); the chosen one is printed and written to `server.url`.
    public var port = 7443
    /// The https URL peers use, when it is not `https://host:port` (behind a name or a proxy).
    public var publicURL: String?
    /// The largest request body accepted (a push); joins, hellos and pulls get far less.
    public var maxBodyBytes = 8 << 20
    /// The largest join, hello or pull request body: they carry a secret, a name or a cursor.
    public var maxSmallBodyBytes = 4 << 10
    /// Connections served at once; more wait in the listen backlog.
    public var maxConnections = 512
    /// A connection with nothing to read or write for this long is closed (slow or stalled clients).
    public var idleTimeout: Duration = .seconds(30)
    /// A request's header fields must all arrive within this long of the connection opening or
    /// of the previous answer (header fields are limited to 16 KiB in all).
    public var headerTimeout: Duration = .seconds(10)
    /// Joins per address: `burst` at once, refilled over a minute.
    public var joinsPerMinute = 10
    /// Failed authentications per address per minute before the address is answered 429.
    public var failedAuthenticationsPerMinute = 20

    public init() {}
}

/// The node's one HTTPS application: it mounts route groups (health and federation today, the
/// API and the web UI later), each behind its own authentication middleware, on one router.
public struct NodeHTTPServer: Sendable {
    let identity: TLSIdentity
    let configuration: ServerConfiguration
    let groups: [any RouteGroup]
    let logger: Logger

    public init(identity: TLSIdentity, configuration: ServerConfiguration, groups: [any RouteGroup], logger: Logger) {
        self.identity = identity
        self.configuration = configuration
        self.groups = groups
        self.logger = logger
    }

    /// The router with every group mounted: what the server serves, and what router tests drive.
    public static func router(mounting groups: [any RouteGroup]) -> Router<NodeRequestContext> {
        let router = Router(context: NodeRequestContext.self)
        for group in groups { group.mount(on: router) }
        return router
    }

    /// Serves until SIGTERM or SIGINT, then stops accepting, lets requests in flight finish
    /// (an apply is one transaction: it commits whole or not at all) and returns.
    /// `onRunning` receives the URL peers should use once the port is bound.
    public func run(onRunning: @escaping @Sendable (String) -> Void) async throws {
        let tls = try TLSConfiguration.makeServerConfiguration(
            certificateChain: NIOSSLCertificate.fromPEMBytes(Array(identity.certificatePEM.utf8)).map {
                .certificate($0)
            },
            privateKey: .privateKey(NIOSSLPrivateKey(bytes: Array(identity.privateKeyPEM.utf8), format: .pem))
        )
        let headerTimeout = TimeAmount(configuration.headerTimeout)
        let configuration = configuration
        let groups = groups
        let logger = logger
        let application = Application(
            router: Self.router(mounting: groups),
            server: try .tls(
                .http1(
                    configuration: .init(
                        additionalChannelHandlers: [RequestHeadTimeout(timeout: headerTimeout)],
                        idleTimeout: .init(configuration.idleTimeout),
                        httpDecoderConfiguration: .init(maxHeaderFieldSize: 8 << 10, maxHeaderListSize: 16 << 10)
                    )
                ),
                tlsConfiguration: tls
            ),
            configuration: ApplicationConfiguration(
                address: .hostname(configuration.host, port: configuration.port),
                serverName: "nollycrew",
                availableConnectionsDelegate: MaximumAvailableConnections(configuration.maxConnections)
            ),
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? configuration.port
                let url = configuration.publicURL ?? "https://\(Self.hostForURL(configuration.host)):\(port)"
                let authority = URL(string: url).map(Self.authority) ?? "\(configuration.host):\(port)"
                for group in groups { group.serverStarted(url: url, authority: authority) }
                logger.info("serving", metadata: ["url": "\(url)"])
                onRunning(url)
            },
            logger: logger
        )
        try await application.runService()
        logger.info("stopped")
    }

    /// `host[:port]` as a client puts it in its Host header (no port when it is 443).
    public static func authority(of url: URL) -> String {
        let host = url.host.map { $0.contains(":") ? "[\($0)]" : $0 } ?? ""
        guard let port = url.port, port != 443 else { return host.lowercased() }
        return "\(host.lowercased()):\(port)"
    }

    private static func hostForURL(_ host: String) -> String {
        switch host {
        case "0.0.0.0", "": return "127.0.0.1"
        case "::": return "[::1]"
        default: return host.contains(":") ? "[\(host)]" : host
        }
    }
}
