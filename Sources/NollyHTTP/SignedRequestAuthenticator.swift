public import Foundation
import HTTPTypes
import Hummingbird
public import Logging
import NIOCore
import NollyCrypto
import NollySync
import Synchronization

/// What the signed routes share across connections: the replay cache and this server's
/// authority, and the per-address limits on joins and on failed authentications.
public final class RequestGuard: Sendable {
    let verifier: Mutex<RequestVerifier>
    let joinLimiter: Mutex<RateLimiter>
    let failureLimiter: Mutex<RateLimiter>
    let logger: Logger
    /// Seconds since 1970, injected for tests.
    let now: @Sendable () -> UInt64

    public init(
        authority: String,
        maxBodyBytes: Int,
        joinsPerMinute: Int,
        failedAuthenticationsPerMinute: Int,
        logger: Logger,
        now: @escaping @Sendable () -> UInt64 = { UInt64(max(0, Date().timeIntervalSince1970)) }
    ) {
        verifier = Mutex(
            RequestVerifier(trustedPeers: [], authority: authority, maxBodyBytes: maxBodyBytes, startedAt: now())
        )
        joinLimiter = Mutex(RateLimiter(burst: joinsPerMinute, per: 60))
        failureLimiter = Mutex(RateLimiter(burst: failedAuthenticationsPerMinute, per: 60))
        self.logger = logger
        self.now = now
    }

    /// The authority requests must be signed for, once the server knows its port.
    public func setAuthority(_ authority: String) { verifier.withLock { $0.authority = authority } }

    /// 429 with `Retry-After`.
    func tooManyRequests(_ seconds: UInt64, _ message: String) -> RefusalResponse {
        logger.notice("rate limited", metadata: ["reason": "\(message)"])
        return RefusalResponse(.rateLimited, message + "; try again later", retryAfter: seconds)
    }

    func refusal(_ refusal: RequestRefusal) -> RefusalResponse {
        logger.notice("refused", metadata: ["status": "\(refusal.status)", "reason": "\(refusal.description)"])
        return RefusalResponse(refusal.refusal)
    }
}

/// Spends one of the address's joins, or answers 429.
struct JoinRateLimit: RouterMiddleware {
    typealias Context = NodeRequestContext
    let guardian: RequestGuard

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        let address = context.address
        if let wait = guardian.joinLimiter.withLock({ $0.spend(address, now: guardian.now()) }) {
            throw guardian.tooManyRequests(wait, "too many joins from \(address)")
        }
        return try await next(request, context)
    }
}

/// The federation group's authentication: checks the request's signature from its header
/// fields, then reads the body (up to `limit`) and checks it against the signed digest, and puts
/// the result in ``NodeRequestContext/signedRequest``. Only peers' keys are accepted, unless
/// `trustAnyKey` (a join, which the invite vouches for). No body is read for a request refused on
/// its headers.
struct SignedRequestAuthenticator: RouterMiddleware {
    typealias Context = NodeRequestContext
    let guardian: RequestGuard
    let limit: Int
    let trustAnyKey: Bool
    let isPeer: @Sendable (SigningPublicKey) -> Bool

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        let address = context.address
        if let wait = guardian.failureLimiter.withLock({ $0.retryAfter(address, now: guardian.now()) }) {
            throw guardian.tooManyRequests(wait, "too many failed authentications from \(address)")
        }
        if let length = request.headers[.contentLength].flatMap(Int.init), length > limit {
            throw guardian.refusal(.bodyTooLarge(limit: limit))
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
            let now = guardian.now()
            try guardian.verifier.withLock { verifier throws(RequestRefusal) in
                try verifier.verifyHeaders(signature, now: now) { key in trustAnyKey || isPeer(key) }
            }
        } catch {
            if error.status == 401 { _ = guardian.failureLimiter.withLock { $0.spend(address, now: guardian.now()) } }
            throw guardian.refusal(error)
        }
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: limit)
        } catch is NIOTooManyBytesError {
            throw guardian.refusal(.bodyTooLarge(limit: limit))
        }
        let body = Array(buffer.readableBytesView)
        do throws(RequestRefusal) {
            let now = guardian.now()
            try guardian.verifier.withLock { verifier throws(RequestRefusal) in
                try verifier.verifyBody(signature, body: body, now: now)
            }
        } catch {
            throw guardian.refusal(error)
        }
        var context = context
        context.signedRequest = SignedRequest(key: signature.keyID, body: body, signature: signature.signature)
        return try await next(request, context)
    }
}
