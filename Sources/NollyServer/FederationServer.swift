import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTLS
import Logging
import NIOCore
import NIOPosix
import NIOSSL
import NollyCrypto
import NollyNode
import NollySync
import Synchronization

/// Where and how `nollycrew serve` listens.
public struct ServerConfiguration: Sendable {
    public var host = "127.0.0.1"
    /// 0 picks a free port (tests); the chosen one is printed and written to `server.url`.
    public var port = 7443
    /// The https URL peers use, when it is not `https://host:port` (behind a name or a proxy).
    public var publicURL: String?
    /// The largest request body accepted.
    public var maxBodyBytes = 8 << 20

    public init() {}
}

/// The node's HTTPS face (PROTOCOL.md, "Federation"): liveness and readiness, and the signed
/// join, pull and push endpoints. Database work runs on NIO's blocking thread pool; every
/// write goes through the node's one write path.
public final class FederationServer: Sendable {
    let node: Node
    let identity: TLSIdentity
    let configuration: ServerConfiguration
    let logger: Logger
    /// The replay cache and this server's authority, shared by all connections.
    private let verifier: Mutex<RequestVerifier>

    public init(node: Node, identity: TLSIdentity, configuration: ServerConfiguration, logger: Logger) {
        self.node = node
        self.identity = identity
        self.configuration = configuration
        self.logger = logger
        verifier = Mutex(
            RequestVerifier(
                trustedPeers: [],
                authority: "\(configuration.host):\(configuration.port)",
                maxBodyBytes: configuration.maxBodyBytes
            )
        )
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
        let application = Application(
            router: makeRouter(),
            server: try .tls(.http1(), tlsConfiguration: tls),
            configuration: ApplicationConfiguration(
                address: .hostname(configuration.host, port: configuration.port),
                serverName: "nollycrew"
            ),
            onServerRunning: { [self] channel in
                let port = channel.localAddress?.port ?? configuration.port
                let url = configuration.publicURL ?? "https://\(Self.hostForURL(configuration.host)):\(port)"
                let authority = URL(string: url).map(Self.authority) ?? "\(configuration.host):\(port)"
                verifier.withLock { $0.authority = authority }
                logger.info("serving", metadata: ["url": "\(url)", "node": "\(node.nodeKey.hex)"])
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

    private func makeRouter() -> Router<BasicRequestContext> {
        let router = Router()
        router.get("/health") { _, _ in Self.json(["status": "ok"]) }
        router.get("/ready") { [node] _, _ in
            guard node.store.isReady() else {
                throw HTTPError(.serviceUnavailable, message: "the database is not open or not migrated")
            }
            return Self.json(["status": "ready"])
        }
        router.post("/v1/join") { [self] request, _ in
            let (key, body) = try await authenticate(request, trustAnyKey: true)
            let join = try decode { () throws(MalformedMessage) in try JoinRequest(serialized: body) }
            let reply = try await work { try self.node.acceptJoin(join, from: key) }
            logger.notice("peer joined", metadata: ["peer": "\(key.hex)", "name": "\(join.name)"])
            return Self.protobuf(reply.serialized())
        }
        router.post("/v1/pull") { [self] request, _ in
            let (key, body) = try await authenticate(request)
            let pull = try decode { () throws(MalformedMessage) in try PullRequest(serialized: body) }
            let page = try await work { try self.node.pull(pull, for: key) }
            logger.info("pull", metadata: ["peer": "\(key.hex.prefix(12))", "changes": "\(page.changes.count)"])
            return Self.protobuf(page.serialized())
        }
        router.post("/v1/push") { [self] request, _ in
            let (key, body) = try await authenticate(request)
            let push = try decode { () throws(MalformedMessage) in try PushRequest(serialized: body) }
            let reply = try await work { try self.node.acceptPush(push, from: key) }
            logger.info("push", metadata: ["peer": "\(key.hex.prefix(12))", "changes": "\(push.changes.count)"])
            return Self.protobuf(reply.serialized())
        }
        return router
    }

    /// Reads the body (up to the limit) and checks the request's signature; returns the key
    /// that signed it. Only peers' keys are accepted, except for a join, which the invite vouches for.
    private func authenticate(_ request: Request, trustAnyKey: Bool = false) async throws -> (SigningPublicKey, [UInt8])
    {
        let limit = configuration.maxBodyBytes
        if let length = request.headers[.contentLength].flatMap(Int.init), length > limit {
            throw refusal(.bodyTooLarge(limit: limit))
        }
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: limit)
        } catch is NIOTooManyBytesError {
            throw refusal(.bodyTooLarge(limit: limit))
        }
        let body = Array(buffer.readableBytesView)
        let authority = request.head.authority ?? ""
        do throws(RequestRefusal) {
            let signature = try RequestSignature(
                method: request.method.rawValue,
                target: "https://\(authority)\(request.head.path ?? "/")",
                authority: authority,
                header: { name in HTTPField.Name(name).flatMap { request.headers[$0] } }
            )
            let now = UInt64(max(0, Date().timeIntervalSince1970))
            let store = node.store
            try verifier.withLock { verifier throws(RequestRefusal) in
                try verifier.verify(signature, body: body, now: now) { key in
                    trustAnyKey || ((try? store.isPeer(key)) ?? false)
                }
            }
            return (signature.keyID, body)
        } catch {
            throw refusal(error)
        }
    }

    private func refusal(_ refusal: RequestRefusal) -> HTTPError {
        logger.notice("refused", metadata: ["status": "\(refusal.status)", "reason": "\(refusal.description)"])
        return HTTPError(HTTPResponse.Status(code: refusal.status), message: refusal.description)
    }

    private func decode<T>(_ parse: () throws(MalformedMessage) -> T) throws -> T {
        do {
            return try parse()
        } catch {
            throw HTTPError(.badRequest, message: error.reason)
        }
    }

    /// Runs blocking database work off the async executors, mapping errors to statuses.
    private func work<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        do {
            return try await NIOThreadPool.singleton.runIfActive(body)
        } catch let refusal as FederationRefusal {
            throw HTTPError(HTTPResponse.Status(code: refusal.status), message: refusal.message)
        } catch {
            logger.error("request failed", metadata: ["error": "\(error)"])
            throw HTTPError(.internalServerError, message: "the node could not complete the request: \(error)")
        }
    }

    private static func protobuf(_ bytes: [UInt8]) -> Response {
        Response(
            status: .ok,
            headers: [.contentType: "application/x-protobuf"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes))
        )
    }

    private static func json(_ object: [String: String]) -> Response {
        let text =
            "{" + object.sorted { $0.key < $1.key }.map { "\"\($0.key)\":\"\($0.value)\"" }.joined(separator: ",") + "}"
        return Response(
            status: .ok,
            headers: [.contentType: "application/json"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: text))
        )
    }
}
