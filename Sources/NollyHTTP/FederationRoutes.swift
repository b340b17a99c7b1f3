public import Foundation
import HTTPTypes
public import Hummingbird
public import Logging
import NIOCore
import NIOPosix
public import NollyCrypto
public import NollyNode
import NollySync

/// The signed federation endpoints (PROTOCOL.md, "Federation"): join, hello, pull, push and blob,
/// each behind ``SignedRequestAuthenticator`` with its own body limit. Database work runs on
/// NIO's blocking thread pool; every write goes through the node's one write path.
public struct FederationRoutes: RouteGroup {
    let node: Node
    /// The node key, which signs every answer to a signed request (``ResponseSignature``).
    let nodeSigningKey: SigningKey
    let guardian: RequestGuard
    let limits: ServerConfiguration
    let logger: Logger

    /// `now` is the clock (seconds since 1970) that signatures, the replay cache and rate limits
    /// are checked against, injected for tests.
    public init(
        node: Node,
        nodeSigningKey: SigningKey,
        configuration: ServerConfiguration,
        logger: Logger,
        now: @escaping @Sendable () -> UInt64 = { UInt64(max(0, Date().timeIntervalSince1970)) }
    ) {
        self.node = node
        self.nodeSigningKey = nodeSigningKey
        limits = configuration
        self.logger = logger
        guardian = RequestGuard(
            authority: "\(configuration.host):\(configuration.port)",
            maxBodyBytes: configuration.maxBodyBytes,
            joinsPerMinute: configuration.joinsPerMinute,
            failedAuthenticationsPerMinute: configuration.failedAuthenticationsPerMinute,
            logger: logger,
            now: now
        )
    }

    public func serverStarted(url: String, authority: String) { guardian.setAuthority(authority) }

    public func mount(on router: Router<NodeRequestContext>) {
        let node = node
        let isPeer: @Sendable (SigningPublicKey) -> Bool = { key in (try? node.peers.isPeer(key)) ?? false }
        func authenticated(limit: Int, trustAnyKey: Bool = false) -> SignedRequestAuthenticator {
            SignedRequestAuthenticator(guardian: guardian, limit: limit, trustAnyKey: trustAnyKey, isPeer: isPeer)
        }
        router.group("/v1/join")
            .add(middleware: JoinRateLimit(guardian: guardian))
            .add(middleware: authenticated(limit: limits.maxSmallBodyBytes, trustAnyKey: true))
            .post { [self] _, context in
                let signed = try Self.caller(context)
                let join = try Self.decode { () throws(MalformedMessage) in try JoinRequest(serialized: signed.body) }
                let reply = try await work { try node.peers.acceptJoin(join, from: signed.key) }
                logger.notice("peer joined", metadata: ["peer": "\(signed.key.hex)", "name": "\(join.name)"])
                return answer(reply.serialized(), to: signed)
            }
        router.group("/v1/hello")
            .add(middleware: authenticated(limit: limits.maxSmallBodyBytes))
            .post { [self] _, context in
                let signed = try Self.caller(context)
                let reply = try await work { try node.peers.hello(from: signed.key) }
                return answer(reply.serialized(), to: signed)
            }
        router.group("/v1/pull")
            .add(middleware: authenticated(limit: limits.maxSmallBodyBytes))
            .post { [self] _, context in
                let signed = try Self.caller(context)
                let pull = try Self.decode { () throws(MalformedMessage) in try PullRequest(serialized: signed.body) }
                let page = try await work { try node.replication.pull(pull, for: signed.key) }
                logger.info(
                    "pull",
                    metadata: ["peer": "\(signed.key.hex.prefix(12))", "changes": "\(page.changes.count)"]
                )
                return answer(page.serialized(), to: signed)
            }
        router.group("/v1/push")
            .add(middleware: authenticated(limit: limits.maxBodyBytes))
            .post { [self] _, context in
                let signed = try Self.caller(context)
                let push = try Self.decode { () throws(MalformedMessage) in try PushRequest(serialized: signed.body) }
                let reply = try await work { try node.replication.acceptPush(push, from: signed.key) }
                logger.info(
                    "push",
                    metadata: ["peer": "\(signed.key.hex.prefix(12))", "changes": "\(push.changes.count)"]
                )
                return answer(reply.serialized(), to: signed)
            }
        router.group("/v1/blob")
            .add(middleware: authenticated(limit: limits.maxSmallBodyBytes))
            .post { [self] _, context in
                let signed = try Self.caller(context)
                let request = try Self.decode { () throws(MalformedMessage) in try BlobRequest(serialized: signed.body)
                }
                let bytes = try await work { try node.media.blob(request, for: signed.key) }
                return answer(bytes, to: signed, type: "application/octet-stream")
            }
    }

    private static func caller(_ context: NodeRequestContext) throws -> SignedRequest {
        guard let signed = context.signedRequest else {
            throw RefusalResponse(.unsigned, "the request is not signed as the protocol asks")
        }
        return signed
    }

    /// An answer (protobuf unless said otherwise) signed by the node key, bound to the request
    /// it answers.
    private func answer(_ bytes: [UInt8], to request: SignedRequest, type: String = "application/x-protobuf")
        -> Response
    {
        var response = Response(
            status: .ok,
            headers: [.contentType: type],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes))
        )
        if let name = HTTPField.Name(ResponseSignature.headerName) {
            response.headers[name] = ResponseSignature.headerValue(
                answering: request.signature,
                status: 200,
                body: bytes,
                with: nodeSigningKey
            )
        }
        return response
    }

    private static func decode<T>(_ parse: () throws(MalformedMessage) -> T) throws -> T {
        do {
            return try parse()
        } catch {
            throw RefusalResponse(.malformedMessage, error.reason)
        }
    }

    /// Runs blocking database work off the async executors; a refusal keeps its code, any other
    /// error becomes a 500 that names a request id (the detail stays in the log).
    private func work<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        do {
            return try await NIOThreadPool.singleton.runIfActive(body)
        } catch let refusal as FederationRefusal {
            throw RefusalResponse(refusal)
        } catch {
            let requestID = Hex.encode(SecureRandom.bytes(8))
            logger.error("request failed", metadata: ["error": "\(error)", "request_id": "\(requestID)"])
            throw RefusalResponse(
                .internal,
                "the node could not complete the request (request id \(requestID); see the node's log)"
            )
        }
    }
}

/// Liveness at `/health` and readiness at `/ready`, unauthenticated.
public struct HealthRoutes: RouteGroup {
    let isReady: @Sendable () -> Bool

    public init(isReady: @escaping @Sendable () -> Bool) { self.isReady = isReady }

    public func mount(on router: Router<NodeRequestContext>) {
        router.get("/health") { _, _ in Self.json(["status": "ok"]) }
        router.get("/ready") { [isReady] _, _ in
            guard isReady() else { throw RefusalResponse(.notReady, "the database is not open or not migrated") }
            return Self.json(["status": "ready"])
        }
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
