import Foundation
import NollyClient
import NollyCrypto
import NollyFederation
import NollyModel
import NollyNode
import NollySync
import Testing

/// Attacks over the real HTTPS server, each ending with the server alive and the replica unchanged.
@Suite("A hostile peer over HTTPS", .serialized)
struct HostileHTTPSTests {
    let nodes: ProcessNodes
    var directory: URL { nodes.directory }

    init() throws { nodes = try ProcessNodes("hostile") }

    func dataDir(_ node: String) -> URL { nodes.dataDir(node) }

    @discardableResult
    func run(_ node: String, _ arguments: String..., expect status: Int32 = 0) throws -> NollyCrewProcess.Result {
        try nodes.run(node, arguments, expect: status)
    }

    func digest(_ node: String) throws -> String { try run(node, "export", "--digest").output }

    func peers(_ node: String) throws -> [[String: Any]] {
        let text = try run(node, "peer", "list", "--json").output
        return try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]])
    }

    func health(_ server: ServerProcess, key: SigningKey, responder: SigningPublicKey, pin: [UInt8]) throws -> Bool {
        let client = try CurlPeerTransport(url: server.url, fingerprint: pin, key: key, responder: responder)
        return (try? client.post("/v1/hello", body: [])) != nil
    }

    @Test("Crafted changes pushed to the server or imported by bundle are refused; it keeps serving, unchanged")
    func pushOutOfRange() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        try run("studio", "init")
        try run("laptop", "init")
        let server = try ServerProcess(dataDir: dataDir("studio"), name: "studio")
        defer { _ = server.stop() }
        let token = try run("studio", "peer", "invite", "--scopes", "public").output.trimmingCharacters(
            in: .whitespacesAndNewlines
        )
        try run("laptop", "peer", "add", token)
        let invite = try PeerInvite(token: token)
        let laptopKey = try Node.open(at: DataDirectory(url: dataDir("laptop"))).peers.nodeIdentity().signingKey
        let client = try CurlPeerTransport(
            url: server.url,
            fingerprint: invite.fingerprint,
            key: laptopKey,
            responder: invite.nodeKey
        )
        let before = try digest("studio")
        let author = try Identity.generate()
        let row = RowID(author.publicKey.bytes)
        let now = HLC(milliseconds: UInt64(Date().timeIntervalSince1970 * 1000), counter: 0)
        let crafted: [(seq: UInt64, length: UInt64, hlc: HLC)] = [
            (1 << 63, 1, now), (.max, 1, now), (1, 1 << 63 | 1, now), (1, .max, now), (1, 1, HLC(rawValue: .max)),
        ]
        let changes = crafted.map { numbers in
            SignedChange(
                signing: Change(
                    author: author.publicKey,
                    seq: numbers.seq,
                    hlc: numbers.hlc,
                    rows: [
                        RowOps(
                            entity: .profile,
                            row: row,
                            causalLength: numbers.length,
                            ops: [FieldOp("city", .assign(.text("Jos")))]
                        )
                    ]
                ),
                with: author.signingKey
            )
        }
        // The other findings of the review, each crafted in protobuf and signed with a test key.
        let victim = try Identity.generate().publicKey
        let job = RowID(victim.bytes + Array(repeating: 6, count: 16))
        func forged(_ rows: [RowOps], seq: UInt64) -> SignedChange {
            SignedChange(
                signing: Change(author: author.publicKey, seq: seq, hlc: now, rows: rows),
                with: author.signingKey
            )
        }
        let city = [FieldOp("city", .assign(.text("Jos")))]
        let nonCanonicalBody =
            ChangeCodec.encode(
                Change(
                    author: author.publicKey,
                    seq: 9,
                    hlc: now,
                    rows: [RowOps(entity: .profile, row: row, causalLength: 1, ops: city)]
                )
            ) + [0x78, 0x01]
        let hired = [FieldOp("status", .assign(.text("hired")))]
        let admin = [FieldOp("roles", .add(.text("admin")))]
        let others: [(SignedChange, String)] = [
            (
                forged([RowOps(entity: .profile, row: RowID(victim.bytes), causalLength: 999, ops: city)], seq: 2),
                "representation"
            ),
            (
                forged(
                    [
                        RowOps(
                            entity: .application,
                            row: RowID(author.publicKey.bytes + job.bytes),
                            causalLength: 1,
                            ops: hired
                        )
                    ],
                    seq: 3
                ), "producer"
            ),
            (forged([RowOps(entity: .user, row: row, causalLength: 1, ops: admin)], seq: 4), "admin role"),
            (
                SignedChange(body: nonCanonicalBody, signature: author.signingKey.signature(for: nonCanonicalBody)),
                "canonical"
            ),
            (SignedChange(body: changes[0].body, signature: Array(repeating: 7, count: 64)), "out of range"),
        ]
        let expected = Array(repeating: "out of range", count: changes.count) + others.map(\.1)
        let all = changes + others.map(\.0)
        let reply = try PushReply(
            serialized: try client.post("/v1/push", body: PushRequest(changes: all).serialized())
        )
        #expect(reply.outcomes.count == all.count)
        for ((_, outcome), reason) in zip(reply.outcomes, expected) {
            guard case .rejected(let rejection) = outcome else {
                Issue.record("a crafted change was not rejected: \(outcome)")
                continue
            }
            let given = rejection.message
            #expect(given.contains(reason), "'\(given)' should mention '\(reason)'")
        }
        // The same changes in a bundle file.
        let bundle = directory.appendingPathComponent("crafted.bundle")
        _ = FileManager.default.createFile(atPath: bundle.path, contents: nil)
        do {
            let handle = try FileHandle(forWritingTo: bundle)
            var writer = try BundleWriter(
                handle: handle,
                header: BundleFormat.Header(
                    originNode: author.publicKey,
                    createdAt: 0,
                    changeCount: UInt64(all.count)
                )
            )
            for change in all { try writer.append(change) }
            try writer.flush()
            try handle.close()
        }
        let imported = try run("studio", "bundle", "import", bundle.path, "--json")
        let summary = try #require(try JSONSerialization.jsonObject(with: Data(imported.output.utf8)) as? [String: Any])
        #expect(summary["applied"] as? Int == 0 && summary["read"] as? Int == all.count)
        let reasons = (summary["rejected"] as? [[String: Any]])?.compactMap { $0["reason"] as? String } ?? []
        #expect(reasons.count + (summary["duplicates"] as? Int ?? 0) == all.count, "every crafted change is refused")
        #expect(try health(server, key: laptopKey, responder: invite.nodeKey, pin: invite.fingerprint))
        #expect(try digest("studio") == before, "the replica is unchanged")
    }

    @Test("A stolen certificate pin neither redirects a peer nor feeds a node data")
    func stolenPin() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        for node in ["studio", "impostor", "laptop", "newcomer"] { try run(node, "init", "--name", node) }
        let studio = try ServerProcess(dataDir: dataDir("studio"), name: "studio")
        defer { _ = studio.stop() }
        let studioToken = try run("studio", "peer", "invite", "--scopes", "public").output
        try run("laptop", "peer", "add", studioToken.trimmingCharacters(in: .whitespacesAndNewlines))
        let studioInvite = try PeerInvite(token: studioToken.trimmingCharacters(in: .whitespacesAndNewlines))

        // The impostor holds the studio's TLS certificate and key, but not its node key.
        try FileManager.default.copyItem(
            at: dataDir("studio").appendingPathComponent("tls"),
            to: dataDir("impostor").appendingPathComponent("tls")
        )
        let impostor = try ServerProcess(dataDir: dataDir("impostor"), name: "impostor")
        defer { _ = impostor.stop() }
        var forged = try PeerInvite(
            token: try run("impostor", "peer", "invite", "--scopes", "public", "--url", impostor.url)
                .output.trimmingCharacters(in: .whitespacesAndNewlines)
        )
        #expect(forged.fingerprint == studioInvite.fingerprint, "the same certificate")
        forged.nodeKey = studioInvite.nodeKey

        let laptopBefore = try digest("laptop")
        // A token naming a known peer at another address is refused before anything is sent.
        let redirect = try run("laptop", "peer", "add", forged.token, expect: 1)
        #expect(redirect.errors.contains("already the peer"))
        // A node joining by the forged token: the answer is not signed by the studio's node key.
        let fooled = try run("newcomer", "peer", "add", forged.token, expect: 1)
        #expect(fooled.errors.contains("without a valid signature"))
        #expect(try peers("newcomer").isEmpty)
        // Moving the studio to the impostor's address, even once the impostor (under its own key)
        // is a peer that answers the laptop: it cannot prove the studio's key.
        let impostorToken = try run("impostor", "peer", "invite", "--scopes", "public", "--url", impostor.url).output
        try run("laptop", "peer", "add", impostorToken.trimmingCharacters(in: .whitespacesAndNewlines))
        let moved = try run(
            "laptop",
            "peer",
            "set-address",
            "studio",
            impostor.url,
            "--fingerprint",
            Hex.encode(studioInvite.fingerprint),
            expect: 1
        )
        #expect(moved.errors.contains("without a valid signature"))
        let studioPeer = try #require(try peers("laptop").first { $0["name"] as? String == "studio" })
        #expect(studioPeer["url"] as? String == studio.url)
        #expect(try digest("laptop") == laptopBefore)

        // The genuine token, read from a file (kept out of the process list), joins; without
        // --scopes the newcomer grants back only what the token showed.
        let tokenFile = directory.appendingPathComponent("token")
        try studioToken.write(to: tokenFile, atomically: true, encoding: .utf8)
        let secondToken = try run("studio", "peer", "invite", "--scopes", "public").output
        try secondToken.write(to: tokenFile, atomically: true, encoding: .utf8)
        try run("newcomer", "peer", "add", "--token-file", tokenFile.path)
        #expect(try peers("newcomer").first?["grants"] as? [String] == ["public"])
        #expect(try run("newcomer", "sync", "--json").status == 0)
    }

    @Test("An address that keeps failing authentication is answered 429, and the server keeps serving")
    func failedAuthenticationIsRateLimited() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        try run("studio", "init")
        let server = try ServerProcess(dataDir: dataDir("studio"), name: "studio")
        defer { _ = server.stop() }
        let token = try run("studio", "peer", "invite", "--scopes", "public").output
        let invite = try PeerInvite(token: token.trimmingCharacters(in: .whitespacesAndNewlines))
        let stranger = try Identity.generate().signingKey
        let client = try CurlPeerTransport(
            url: server.url,
            fingerprint: invite.fingerprint,
            key: stranger,
            responder: invite.nodeKey
        )
        var statuses = [Int]()
        for _ in 0..<25 {
            statuses.append(try client.send("/v1/pull", body: [], headers: []).status)
        }
        #expect(statuses.prefix(20).allSatisfy { $0 == 401 })
        #expect(statuses.suffix(5).allSatisfy { $0 == 429 }, "\(statuses)")
        let limited = try client.send("/v1/pull", body: [], headers: [])
        #expect(CurlPeerTransport.errorMessage(limited.body)?.contains("too many failed authentications") == true)
        #expect(try run("studio", "status").status == 0)
    }

    @Test("A client that trickles its header fields is disconnected after the header timeout")
    func slowHeadersAreCut() throws {
        defer { nodes.remove() }
        try run("studio", "init")
        let server = try ServerProcess(dataDir: dataDir("studio"), name: "studio")
        defer { _ = server.stop() }
        let port = try #require(URL(string: server.url)?.port)
        // A TLS client (Python's ssl, no NollyCrew code) that sends half a request head and waits.
        let script = """
            import socket, ssl, sys, time
            context = ssl.create_default_context()
            context.check_hostname = False
            context.verify_mode = ssl.CERT_NONE
            connection = context.wrap_socket(socket.create_connection(("127.0.0.1", \(port))), server_hostname="studio")
            connection.sendall(b"POST /v1/pull HTTP/1.1\\r\\nHost: 127.0.0.1\\r\\n")
            connection.settimeout(25)
            start = time.time()
            data = connection.recv(100)
            print(len(data), round(time.time() - start))
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        process.waitUntilExit()
        let answer = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let parts = answer.split(separator: " ").compactMap { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        #expect(parts.count == 2 && parts[0] == 0, "the server closed the connection: \(answer)")
        #expect(parts.count == 2 && (8...14).contains(parts[1]), "after about 10 s: \(answer)")
        #expect(try run("studio", "status").status == 0)
    }
}
