public import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdCore
import HummingbirdTLS
public import Logging
import NIOCore
import NIOPosix
import NIOSSL
public import NollyCrypto
public import NollyNode
import NollyStore
import NollySync
import Synchronization

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

/// The node's HTTPS face (PROTOCOL.md, "Federation"): liveness and readiness, and the signed
/// join, pull and push endpoints. Database work runs on NIO's blocking thread pool; every
/// write goes through the node's one write path.
public final class FederationServer: Sendable {
    let node: Node
    /// The node key, which signs every answer to a signed request (``ResponseSignature``).
    let nodeSigningKey: SigningKey
    let identity: TLSIdentity
    let configuration: ServerConfiguration
    let logger: Logger
    /// The replay cache and this server's authority, shared by all connections.
    private let verifier: Mutex<RequestVerifier>
    /// Joins, and failed authentications, per client address.
    private let joinLimiter: Mutex<RateLimiter>
    private let failureLimiter: Mutex<RateLimiter>

    public init(
        node: Node,
        nodeSigningKey: SigningKey,
        identity: TLSIdentity,
        configuration: ServerConfiguration,
        logger: Logger
    ) {
        self.node = node
        self.nodeSigningKey = nodeSigningKey
        self.identity = identity
        self.configuration = configuration
        self.logger = logger
        verifier = Mutex(
            RequestVerifier(
                trustedPeers: [],
                authority: "\(configuration.host):\(configuration.port)",
                maxBodyBytes: configuration.maxBodyBytes,
                startedAt: UInt64(max(0, Date().timeIntervalSince1970))
            )
        )
        joinLimiter = Mutex(RateLimiter(burst: configuration.joinsPerMinute, per: 60))
        failureLimiter = Mutex(RateLimiter(burst: configuration.failedAuthenticationsPerMinute, per: 60))
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
        let application = Application(
            router: makeRouter(),
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

    private func makeRouter() -> Router<FederationRequestContext> {
        let router = Router(context: FederationRequestContext.self)
        router.get("/health") { _, _ in Self.json(["status": "ok"]) }
        router.get("/ready") { [node] _, _ in
            guard node.store.isReady() else {
                throw HTTPError(.serviceUnavailable, message: "the database is not open or not migrated")
            }
            return Self.json(["status": "ready"])
        }
        router.post("/v1/join") { [self] request, context in
            let address = context.address
            if let wait = joinLimiter.withLock({ $0.spend(address, now: Self.now) }) {
                throw tooManyRequests(wait, "too many joins from \(address)")
            }
            let (key, body, signature) = try await authenticate(
                request,
                from: address,
                limit: configuration.maxSmallBodyBytes,
                trustAnyKey: true
            )
            let join = try decode { () throws(MalformedMessage) in try JoinRequest(serialized: body) }
            let reply = try await work { try self.node.acceptJoin(join, from: key) }
            logger.notice("peer joined", metadata: ["peer": "\(key.hex)", "name": "\(join.name)"])
            return signed(reply.serialized(), answering: signature)
        }
        router.post("/v1/hello") { [self] request, context in
            let (key, _, signature) = try await authenticate(
                request,
                from: context.address,
                limit: configuration.maxSmallBodyBytes
            )
            let reply = try await work { try self.node.hello(from: key) }
            return signed(reply.serialized(), answering: signature)
        }
        router.post("/v1/pull") { [self] request, context in
            let (key, body, signature) = try await authenticate(
                request,
                from: context.address,
                limit: configuration.maxSmallBodyBytes
            )
            let pull = try decode { () throws(MalformedMessage) in try PullRequest(serialized: body) }
            let page = try await work { try self.node.pull(pull, for: key) }
            logger.info("pull", metadata: ["peer": "\(key.hex.prefix(12))", "changes": "\(page.changes.count)"])
            return signed(page.serialized(), answering: signature)
        }
        router.post("/v1/push") { [self] request, context in
            let (key, body, signature) = try await authenticate(
                request,
                from: context.address,
                limit: configuration.maxBodyBytes
            )
            let push = try decode { () throws(MalformedMessage) in try PushRequest(serialized: body) }
            let reply = try await work { try self.node.acceptPush(push, from: key) }
            logger.info("push", metadata: ["peer": "\(key.hex.prefix(12))", "changes": "\(push.changes.count)"])
            return signed(reply.serialized(), answering: signature)
        }
        return router
    }

    /// Checks the request's signature from its header fields, then reads the body (up to
    /// `limit`) and checks it against the signed digest; returns the key that signed it, the body
    /// and the signature (which the answer's signature is bound to). Only peers' keys are
    /// accepted, except for a join, which the invite vouches for. No body is read for a request
    /// refused on its headers.
    private func authenticate(
        _ request: Request,
        from address: String,
        limit: Int,
        trustAnyKey: Bool = false
    ) async throws -> (SigningPublicKey, [UInt8], [UInt8]) {
        if let wait = failureLimiter.withLock({ $0.retryAfter(address, now: Self.now) }) {
            throw tooManyRequests(wait, "too many failed authentications from \(address)")
        }
        if let length = request.headers[.contentLength].flatMap(Int.init), length > limit {
            throw refusal(.bodyTooLarge(limit: limit))
        }
        let authority = request.head.authority ?? ""
        let signature: RequestSignature
        do throws(RequestRefusal) {
            signature = try RequestSignature(
                method: request.method.rawValue,
                target: "https://\(authority)\(request.head.path ?? "/")",
                authority: authority,
                header: { name in HTTPField.Name(name).flatMap { request.headers[$0] } }
            )
            let now = UInt64(max(0, Date().timeIntervalSince1970))
            let store = node.store
            try verifier.withLock { verifier throws(RequestRefusal) in
                try verifier.verifyHeaders(signature, now: now) { key in
                    trustAnyKey || ((try? store.isPeer(key)) ?? false)
                }
            }
        } catch {
            if error.status == 401 { _ = failureLimiter.withLock { $0.spend(address, now: Self.now) } }
            throw refusal(error)
        }
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: limit)
        } catch is NIOTooManyBytesError {
            throw refusal(.bodyTooLarge(limit: limit))
        }
        let body = Array(buffer.readableBytesView)
        do throws(RequestRefusal) {
            let now = UInt64(max(0, Date().timeIntervalSince1970))
            try verifier.withLock { verifier throws(RequestRefusal) in
                try verifier.verifyBody(signature, body: body, now: now)
            }
        } catch {
            throw refusal(error)
        }
        return (signature.keyID, body, signature.signature)
    }

    private static var now: UInt64 { UInt64(max(0, Date().timeIntervalSince1970)) }

    /// 429 with `Retry-After`.
    private func tooManyRequests(_ seconds: UInt64, _ message: String) -> HTTPError {
        logger.notice("rate limited", metadata: ["reason": "\(message)"])
        return HTTPError(.tooManyRequests, headers: [.retryAfter: "\(seconds)"], message: message + "; try again later")
    }

    /// A protobuf answer signed by the node key, bound to the request it answers.
    private func signed(_ bytes: [UInt8], answering request: [UInt8]) -> Response {
        var response = Self.protobuf(bytes)
        if let name = HTTPField.Name(ResponseSignature.headerName) {
            response.headers[name] = ResponseSignature.headerValue(
                answering: request,
                status: 200,
                body: bytes,
                with: nodeSigningKey
            )
        }
        return response
    }

    private func refusal(_ refusal: RequestRefusal) -> HTTPError {
        logger.notice("refused", metadata: ["status": "\(refusal.status)", "reason": "\(refusal.description)"])
        var error = HTTPError(HTTPResponse.Status(code: refusal.status), message: refusal.description)
        if refusal == .signedBeforeStart { error.headers[.retryAfter] = "1" }
        return error
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
            // The detail stays in the log; the answer names the request so an operator can find it.
            let requestID = Hex.encode(SecureRandom.bytes(8))
            logger.error("request failed", metadata: ["error": "\(error)", "request_id": "\(requestID)"])
            throw HTTPError(
                .internalServerError,
                message: "the node could not complete the request (request id \(requestID); see the node's log)"
            )
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

/// The request context of the federation routes: Hummingbird's core storage and the client's
/// address, which rate limits are kept by.
struct FederationRequestContext: RequestContext, RemoteAddressRequestContext {
    var coreContext: CoreRequestContextStorage
    let remoteAddress: SocketAddress?

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
    }

    /// The client's IP address, the key of its rate limits.
    var address: String { remoteAddress?.ipAddress ?? "unknown" }
}
