import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import NollyCrypto
import NollyHTTP
import NollyModel
import NollyNode
import NollyStore
import NollySync
import Testing

/// Every refusal of the federation routes, driven in process through HummingbirdTesting's
/// router client: the status, the `Refusal` body's code, and what must not happen.
@Suite("Federation routes refuse with codes (in process, through the router)")
final class FederationRouteTests: Sendable {
    let server: Node
    let routes: FederationRoutes
    let peer: Identity
    let folder: URL

    convenience init() throws { try self.init(failedAuthenticationsPerMinute: 100) }

    init(failedAuthenticationsPerMinute: Int) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("nollycrew-routes-\(UUID().uuidString)")
        server = try Node.initialize(at: DataDirectory(url: folder.appendingPathComponent("server")))
        var configuration = ServerConfiguration()
        configuration.host = "localhost"
        configuration.joinsPerMinute = 3
        configuration.failedAuthenticationsPerMinute = failedAuthenticationsPerMinute
        routes = FederationRoutes(
            node: server,
            nodeSigningKey: try server.peers.nodeIdentity().signingKey,
            configuration: configuration,
            logger: Logger(label: "test"),
            now: { Self.now }
        )
        // HummingbirdTesting's router client addresses requests to "localhost".
        routes.serverStarted(url: "https://localhost", authority: "localhost")
        peer = try Identity.generate()
        let invite = try server.peers.invite(
            scopes: [.public],
            url: "https://localhost",
            fingerprint: Array(repeating: 1, count: 32)
        )
        _ = try server.peers.acceptJoin(JoinRequest(secret: invite.secret, name: "laptop"), from: peer.publicKey)
    }

    deinit { try? FileManager.default.removeItem(at: folder) }

    var application: some ApplicationProtocol {
        Application(router: NodeHTTPServer.router(mounting: [HealthRoutes(isReady: server.isReady), routes]))
    }

    /// The server's clock, fixed for the whole run: requests are signed against it.
    static let now = UInt64(Date().timeIntervalSince1970)

    /// A signed POST: the header fields, signed for `authority` at `now` by `key`.
    static func signed(
        _ path: String,
        body: [UInt8],
        by key: SigningKey,
        authority: String = "localhost",
        now: UInt64 = now,
        nonce: [UInt8] = SecureRandom.bytes(16)
    ) -> HTTPFields {
        let signature = RequestSignature(
            signing: "POST",
            target: "https://\(authority)\(path)",
            authority: authority,
            body: body,
            now: now,
            nonce: nonce,
            with: key
        )
        var fields = HTTPFields()
        for (name, value) in signature.headerFields {
            if let name = HTTPField.Name(name) { fields[name] = value }
        }
        return fields
    }

    /// The refusal code of an answer, with its status.
    static func refusal(_ response: TestResponse) -> (Int, RefusalCode?) {
        (Int(response.status.code), FederationRefusal(serialized: Array(response.body.readableBytesView))?.kind)
    }

    static func post(
        _ client: some TestClientProtocol,
        _ path: String,
        _ headers: HTTPFields,
        _ body: [UInt8]
    ) async throws -> TestResponse {
        try await client.execute(uri: path, method: .post, headers: headers, body: ByteBuffer(bytes: body))
    }

    var pullBody: [UInt8] { PullRequest(cursor: SyncCursor(), limit: 10).serialized() }

    @Test("A signed pull from a peer is answered, signed by the node key and bound to the request")
    func answered() async throws {
        try await application.test(.router) { client in
            let headers = Self.signed("/v1/pull", body: pullBody, by: peer.signingKey)
            let response = try await Self.post(client, "/v1/pull", headers, pullBody)
            #expect(response.status == .ok)
            let signatureField = try #require(HTTPField.Name(ResponseSignature.headerName))
            let requestSignature = try RequestSignature(
                method: "POST",
                target: "https://localhost/v1/pull",
                authority: "localhost",
                header: { name in HTTPField.Name(name).flatMap { headers[$0] } }
            )
            #expect(
                ResponseSignature.isValid(
                    response.headers[signatureField],
                    answering: requestSignature.signature,
                    status: 200,
                    body: Array(response.body.readableBytesView),
                    by: server.nodeKey
                )
            )
            let health = try await client.execute(uri: "/health", method: .get)
            #expect(health.status == .ok)
            let ready = try await client.execute(uri: "/ready", method: .get)
            #expect(ready.status == .ok)
        }
    }

    @Test("Refusals on the signature: unsigned, unknown key, bad signature, expired, signed before start, elsewhere")
    func signatureRefusals() async throws {
        let stranger = try Identity.generate()
        try await application.test(.router) { client in
            let unsigned = try await Self.post(client, "/v1/pull", [:], pullBody)
            #expect(Self.refusal(unsigned) == (401, .unsigned))

            let unknown = try await Self.post(
                client,
                "/v1/pull",
                Self.signed("/v1/pull", body: pullBody, by: stranger.signingKey),
                pullBody
            )
            #expect(Self.refusal(unknown) == (401, .unknownKey))

            var forged = Self.signed("/v1/pull", body: pullBody, by: peer.signingKey)
            forged[.init("signature")!] = "sig1=:\(Data(repeating: 7, count: 64).base64EncodedString()):"
            let bad = try await Self.post(client, "/v1/pull", forged, pullBody)
            #expect(Self.refusal(bad) == (401, .badSignature))

            let old = try await Self.post(
                client,
                "/v1/pull",
                Self.signed("/v1/pull", body: pullBody, by: peer.signingKey, now: Self.now - 3_600),
                pullBody
            )
            #expect(Self.refusal(old) == (401, .expired))

            // Signed before this server started: it could replay what the previous process saw.
            let early = try await Self.post(
                client,
                "/v1/pull",
                Self.signed("/v1/pull", body: pullBody, by: peer.signingKey, now: Self.now - 1),
                pullBody
            )
            #expect(Self.refusal(early) == (503, .signedBeforeStart))
            #expect(early.headers[.retryAfter] == "1")

            // Signed for another address than the one it reached: its signature base differs.
            let misdirected = try await Self.post(
                client,
                "/v1/pull",
                Self.signed("/v1/pull", body: pullBody, by: peer.signingKey, authority: "other.example:7443"),
                pullBody
            )
            #expect(Self.refusal(misdirected) == (401, .badSignature))
            // Addressed to a name that is not this server's: a trusted key pointed elsewhere.
            routes.serverStarted(url: "https://studio.example:7443", authority: "studio.example:7443")
            let elsewhere = try await Self.post(
                client,
                "/v1/pull",
                Self.signed("/v1/pull", body: pullBody, by: peer.signingKey),
                pullBody
            )
            #expect(Self.refusal(elsewhere) == (403, .wrongDestination))
        }
    }

    @Test("Refusals on the body: replayed nonce, digest mismatch, too large, not the expected message")
    func bodyRefusals() async throws {
        try await application.test(.router) { client in
            let headers = Self.signed("/v1/pull", body: pullBody, by: peer.signingKey)
            #expect(try await Self.post(client, "/v1/pull", headers, pullBody).status == .ok)
            let replay = try await Self.post(client, "/v1/pull", headers, pullBody)
            #expect(Self.refusal(replay) == (409, .replayedNonce))

            let other = PullRequest(cursor: SyncCursor(), limit: 11).serialized()
            let mismatch = try await Self.post(
                client,
                "/v1/pull",
                Self.signed("/v1/pull", body: pullBody, by: peer.signingKey),
                other
            )
            #expect(Self.refusal(mismatch) == (400, .bodyDigestMismatch))

            let large = [UInt8](repeating: 0, count: 5 << 10)
            let tooLarge = try await Self.post(
                client,
                "/v1/pull",
                Self.signed("/v1/pull", body: large, by: peer.signingKey),
                large
            )
            #expect(Self.refusal(tooLarge) == (413, .bodyTooLarge))

            let junk: [UInt8] = [0xFF, 0xFF, 0xFF, 0x01]
            let malformed = try await Self.post(
                client,
                "/v1/pull",
                Self.signed("/v1/pull", body: junk, by: peer.signingKey),
                junk
            )
            #expect(Self.refusal(malformed) == (400, .malformedMessage))
        }
    }

    @Test("Refusals of the node: an unknown invite, a node joining itself, a push of too many changes")
    func nodeRefusals() async throws {
        let joiner = try Identity.generate()
        try await application.test(.router) { client in
            let join = JoinRequest(secret: SecureRandom.bytes(32), name: "nobody").serialized()
            let unknownInvite = try await Self.post(
                client,
                "/v1/join",
                Self.signed("/v1/join", body: join, by: joiner.signingKey),
                join
            )
            #expect(Self.refusal(unknownInvite) == (403, .inviteInvalid))
            #expect(try server.peers.list().count == 1, "a refused join records no peer")

            let own = try server.peers.nodeIdentity().signingKey
            let selfJoin = try await Self.post(client, "/v1/join", Self.signed("/v1/join", body: join, by: own), join)
            #expect(Self.refusal(selfJoin) == (400, .joinSelf))

            let junk = SignedChange(body: [1, 2, 3], signature: Array(repeating: 0, count: 64))
            let push = PushRequest(changes: Array(repeating: junk, count: ReplicationService.maxPushChanges + 1))
                .serialized()
            let tooMany = try await Self.post(
                client,
                "/v1/push",
                Self.signed("/v1/push", body: push, by: peer.signingKey),
                push
            )
            #expect(Self.refusal(tooMany) == (413, .tooManyChanges))
            #expect(try server.status().counts.rejectedChanges == 0, "nothing of a refused push is kept")
        }
    }

    @Test("Rate limits answer 429 with Retry-After: joins, and failed authentications")
    func rateLimits() async throws {
        let limited = try FederationRouteTests(failedAuthenticationsPerMinute: 4)
        let peer = limited.peer
        try await limited.application.test(.router) { client in
            var codes = [RefusalCode?]()
            for _ in 0..<4 {
                let joiner = try Identity.generate()
                let join = JoinRequest(secret: SecureRandom.bytes(32), name: "spam").serialized()
                let answer = try await Self.post(
                    client,
                    "/v1/join",
                    Self.signed("/v1/join", body: join, by: joiner.signingKey),
                    join
                )
                codes.append(Self.refusal(answer).1)
                if answer.status == .tooManyRequests { #expect(answer.headers[.retryAfter] != nil) }
            }
            #expect(codes == [.inviteInvalid, .inviteInvalid, .inviteInvalid, .rateLimited])

            var statuses = [Int]()
            for _ in 0..<5 {
                statuses.append(Self.refusal(try await Self.post(client, "/v1/hello", [:], [])).0)
            }
            #expect(statuses == [401, 401, 401, 401, 429])
            // The limit is per address, and it holds even for a correctly signed request.
            let signed = try await Self.post(
                client,
                "/v1/hello",
                Self.signed("/v1/hello", body: [], by: peer.signingKey),
                []
            )
            #expect(Self.refusal(signed) == (429, .rateLimited))
        }
    }
}
