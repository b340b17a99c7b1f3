import Foundation
public import NollyCrypto

/// Signed HTTP requests between peers, as HTTP Message Signatures (RFC 9421) with an
/// RFC 9530 `Content-Digest`: the node signs a signature base made of the method, the target,
/// the authority, the SHA-256 digest of the body, and the signature parameters (creation and
/// expiry times, a nonce, the key id, the algorithm and the protocol tag). Pure: the federation
/// adapter carries the fields in headers; this type builds, signs and checks them.
public struct RequestSignature: Sendable, Equatable {
    /// The most a signature may live: 5 minutes.
    public static let maxLifetime: UInt64 = 300
    /// The protocol a request speaks, as its `tag` parameter (PROTOCOL.md, "Signed requests").
    public static let protocolTag = "nollycrew/2"

    public let method: String
    public let target: String
    public let authority: String
    /// SHA-256 of the body (RFC 9530 `sha-256`).
    public let bodyDigest: [UInt8]
    /// Seconds since 1970 UTC.
    public let created: UInt64
    public let expires: UInt64
    public let nonce: [UInt8]
    public let keyID: SigningPublicKey
    public let signature: [UInt8]
    /// The signature parameters exactly as serialized in `Signature-Input` after `sig1=`:
    /// RFC 9421 signs them verbatim as `@signature-params`.
    public let parameters: String

    /// The signature parameters this implementation writes, in this order.
    public static func parameters(created: UInt64, expires: UInt64, nonce: [UInt8], keyID: SigningPublicKey)
        -> String
    {
        "\(coveredComponents);created=\(created);expires=\(expires);nonce=\"\(Hex.encode(nonce))\";"
            + "keyid=\"\(keyID.hex)\";alg=\"ed25519\";tag=\"\(protocolTag)\""
    }

    /// The exact bytes that are signed: RFC 9421's signature base, one line per component.
    public static func base(
        method: String,
        target: String,
        authority: String,
        bodyDigest: [UInt8],
        parameters: String
    ) -> [UInt8] {
        let lines = [
            "\"@method\": \(method.uppercased())",
            "\"@target-uri\": \(target)",
            "\"@authority\": \(authority.lowercased())",
            "\"content-digest\": \(contentDigest(bodyDigest))",
            "\"@signature-params\": \(parameters)",
        ]
        return Array(lines.joined(separator: "\n").utf8)
    }

    /// The `Content-Digest` field value of a SHA-256 digest: `sha-256=:<base64>:`.
    public static func contentDigest(_ digest: [UInt8]) -> String { "sha-256=:\(Data(digest).base64EncodedString()):" }

    /// The bytes this request's signature covers.
    public var signatureBase: [UInt8] {
        Self.base(method: method, target: target, authority: authority, bodyDigest: bodyDigest, parameters: parameters)
    }

    /// Signs a request with the node's key.
    public init(
        signing method: String,
        target: String,
        authority: String,
        body: [UInt8],
        now: UInt64,
        lifetime: UInt64 = 60,
        nonce: [UInt8] = SecureRandom.bytes(16),
        with key: SigningKey
    ) {
        let digest = SHA256.hash(body)
        let expires = now + min(lifetime, Self.maxLifetime)
        let parameters = Self.parameters(created: now, expires: expires, nonce: nonce, keyID: key.publicKey)
        self.init(
            method: method,
            target: target,
            authority: authority,
            bodyDigest: digest,
            created: now,
            expires: expires,
            nonce: nonce,
            keyID: key.publicKey,
            signature: key.signature(
                for: Self.base(
                    method: method,
                    target: target,
                    authority: authority,
                    bodyDigest: digest,
                    parameters: parameters
                )
            ),
            parameters: parameters
        )
    }

    /// Reassembles a signature; `parameters` defaults to the form this implementation writes.
    public init(
        method: String,
        target: String,
        authority: String,
        bodyDigest: [UInt8],
        created: UInt64,
        expires: UInt64,
        nonce: [UInt8],
        keyID: SigningPublicKey,
        signature: [UInt8],
        parameters: String? = nil
    ) {
        self.method = method
        self.target = target
        self.authority = authority
        self.bodyDigest = bodyDigest
        self.created = created
        self.expires = expires
        self.nonce = nonce
        self.keyID = keyID
        self.signature = signature
        self.parameters =
            parameters ?? Self.parameters(created: created, expires: expires, nonce: nonce, keyID: keyID)
    }
}

/// Why a signed request is refused; each maps to a clear HTTP status in the server.
public enum RequestRefusal: Error, Equatable, Sendable, CustomStringConvertible {
    /// The signature header fields are missing or not in the protocol's form.
    case unsigned(String)
    case unknownKey
    case badSignature
    case expired
    case lifetimeTooLong
    case replayedNonce
    case wrongDestination(expected: String, got: String)
    case bodyDigestMismatch
    case bodyTooLarge(limit: Int)
    /// Signed before this server started: it could replay a request the previous process saw.
    case signedBeforeStart

    /// 401 for who-are-you problems, 403 for a trusted key pointed elsewhere, 409 for replays,
    /// 400 for a body that does not match, 413 for a body over the limit, 503 (try again) for a
    /// request signed before the server started.
    public var status: Int { refusalCode.status }

    public var description: String {
        switch self {
        case .unsigned(let problem): return "the request is not signed as the protocol asks: \(problem)"
        case .unknownKey: return "the request is signed by a key this node does not trust"
        case .badSignature: return "the request signature does not verify"
        case .expired: return "the request signature has expired (or is not valid yet)"
        case .lifetimeTooLong: return "the request signature lives longer than 5 minutes"
        case .replayedNonce: return "the request nonce was already used (replay)"
        case .wrongDestination(let expected, let got): return "the request was signed for \(got), not for \(expected)"
        case .bodyDigestMismatch: return "the request body does not match its signed digest"
        case .bodyTooLarge(let limit): return "the request body is over the \(limit)-byte limit"
        case .signedBeforeStart: return "the request was signed before this server started; sign it again"
        }
    }
}

/// Checks signed requests against the trusted peers, the clock and a replay cache. A value
/// type: the server keeps one per process behind its own lock.
///
/// Checks come in two steps, so a server reads no body for a request it would refuse:
/// ``verifyHeaders(_:now:trusting:)`` needs only the header fields (the signature covers the
/// body's digest, not the body), and ``verifyBody(_:body:now:)`` checks the body against its
/// digest and records the nonce.
public struct RequestVerifier: Sendable {
    public var trustedPeers: Set<SigningPublicKey>
    /// This node's authority (host:port) as peers address it.
    public var authority: String
    public var maxBodyBytes: Int
    /// Clock skew tolerated on `created`.
    public var skew: UInt64 = 30
    /// When this verifier started (seconds since 1970). The replay cache lives in memory, so a
    /// request signed before the start could be a replay of one accepted by the previous process:
    /// it is refused (``RequestRefusal/signedBeforeStart``), and the client signs it again.
    public let startedAt: UInt64
    /// Nonces seen, with the second they expire in, and the same nonces by that second, so that
    /// forgetting the expired ones costs O(1) per request, amortized.
    private var seen: [[UInt8]: UInt64] = [:]
    private var expiring: [UInt64: [[UInt8]]] = [:]
    private var sweptThrough: UInt64

    public init(
        trustedPeers: Set<SigningPublicKey>,
        authority: String,
        maxBodyBytes: Int = 8 << 20,
        startedAt: UInt64 = 0
    ) {
        self.trustedPeers = trustedPeers
        self.authority = authority
        self.maxBodyBytes = maxBodyBytes
        self.startedAt = startedAt
        sweptThrough = startedAt
    }

    /// The number of nonces remembered (for tests of the cache's bound).
    public var rememberedNonces: Int { seen.count }

    /// Accepts the request or says why not. Checks cheap things first; the nonce is recorded
    /// only for a request that passes every other check.
    public mutating func verify(_ request: RequestSignature, body: [UInt8], now: UInt64) throws(RequestRefusal) {
        let trusted = trustedPeers
        try verify(request, body: body, now: now) { trusted.contains($0) }
    }

    /// As ``verify(_:body:now:)``, asking `isTrusted` instead of ``trustedPeers`` (a server whose
    /// peers change while it runs asks its database; a join vouched for by an invite trusts any key).
    public mutating func verify(
        _ request: RequestSignature,
        body: [UInt8],
        now: UInt64,
        trusting isTrusted: (SigningPublicKey) -> Bool
    ) throws(RequestRefusal) {
        guard body.count <= maxBodyBytes else { throw .bodyTooLarge(limit: maxBodyBytes) }
        try verifyHeaders(request, now: now, trusting: isTrusted)
        try verifyBody(request, body: body, now: now)
    }

    /// Everything that needs no body: trust, destination, lifetime, clock, signature, replay.
    public mutating func verifyHeaders(
        _ request: RequestSignature,
        now: UInt64,
        trusting isTrusted: (SigningPublicKey) -> Bool
    ) throws(RequestRefusal) {
        guard isTrusted(request.keyID) else { throw .unknownKey }
        guard request.authority.lowercased() == authority.lowercased() else {
            throw .wrongDestination(expected: authority, got: request.authority)
        }
        guard request.expires > request.created, request.expires - request.created <= RequestSignature.maxLifetime
        else {
            throw .lifetimeTooLong
        }
        guard request.created <= now + skew, now < request.expires else { throw .expired }
        guard request.created >= startedAt else { throw .signedBeforeStart }
        guard request.keyID.isValidSignature(request.signature, for: request.signatureBase) else {
            throw .badSignature
        }
        forgetExpired(now: now)
        guard seen[request.nonce] == nil else { throw .replayedNonce }
    }

    /// The body against its signed digest; then the nonce is remembered until it expires.
    public mutating func verifyBody(_ request: RequestSignature, body: [UInt8], now: UInt64) throws(RequestRefusal) {
        guard body.count <= maxBodyBytes else { throw .bodyTooLarge(limit: maxBodyBytes) }
        guard SHA256.hash(body) == request.bodyDigest else { throw .bodyDigestMismatch }
        forgetExpired(now: now)
        guard seen[request.nonce] == nil else { throw .replayedNonce }
        seen[request.nonce] = request.expires
        expiring[request.expires, default: []].append(request.nonce)
    }

    private mutating func forgetExpired(now: UInt64) {
        guard now > sweptThrough else { return }
        if now - sweptThrough > RequestSignature.maxLifetime + skew {
            // Every nonce seen so far has expired.
            seen.removeAll()
            expiring.removeAll()
        } else {
            for second in (sweptThrough + 1)...now {
                for nonce in expiring.removeValue(forKey: second) ?? [] { seen[nonce] = nil }
            }
        }
        sweptThrough = now
    }
}
