import Foundation
import NollyClient
import NollyCrypto
import NollyFederation
import NollyModel
import NollyNode
import NollyRandom
import NollyStore
import NollySync
import Testing

/// `nollycrew serve` as a separate process on a free loopback port.
final class ServerProcess {
    let process = Process()
    let dataDir: URL
    let log: URL
    private(set) var url = ""

    init(dataDir: URL, name: String) throws {
        self.dataDir = dataDir
        log = dataDir.deletingLastPathComponent().appendingPathComponent("\(name)-serve.log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        process.executableURL = NollyCrewProcess.executable
        process.arguments = ["serve", "--data-dir", dataDir.path, "--address", "127.0.0.1:0", "--name", name]
        var environment = ProcessInfo.processInfo.environment
        environment["NOLLYCREW_PASSPHRASE"] = nil
        environment["LOG_LEVEL"] = "notice"
        process.environment = environment
        let logHandle = try FileHandle(forWritingTo: log)
        process.standardOutput = logHandle
        process.standardError = logHandle
        try process.run()
        let urlFile = dataDir.appendingPathComponent("server.url")
        for _ in 0..<400 {
            if let text = try? String(contentsOf: urlFile, encoding: .utf8), !text.isEmpty {
                url = text
                return
            }
            guard process.isRunning else { break }
            usleep(50_000)
        }
        process.terminate()
        throw NodeError(
            .fileUnavailable,
            "the server did not start: \((try? String(contentsOf: log, encoding: .utf8)) ?? "")"
        )
    }

    /// Stops the server the way an operator or systemd does; returns its exit status.
    func stop() -> Int32 {
        if process.isRunning { kill(process.processIdentifier, SIGTERM) }
        process.waitUntilExit()
        return process.terminationStatus
    }

    deinit { if process.isRunning { process.terminate() } }
}

/// Several nodes as separate processes on loopback HTTPS.
@Suite("Federation over HTTPS", .serialized)
struct FederationProcessTests {
    let nodes: ProcessNodes
    var directory: URL { nodes.directory }

    init() throws { nodes = try ProcessNodes("https") }

    func dataDir(_ node: String) -> URL { nodes.dataDir(node) }

    /// Runs `nollycrew ARGS --data-dir <node>`, requiring success; returns its trimmed output.
    @discardableResult
    func run(_ node: String, _ arguments: String..., expect status: Int32 = 0) throws -> String {
        try nodes.run(node, arguments, expect: status).output.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    /// A project by kunle on the studio node; returns its id.
    func createProject(_ title: String) throws -> String {
        let created = try json(
            try run("studio", "project", "create", "--as", "kunle", "--title", title, "--kind", "movie", "--json")
        )
        return try #require(created["project"] as? String)
    }

    /// `peer invite` on the server node and `peer add` on `node`.
    func join(_ node: String, to server: String, scopes: String) throws {
        let token = try run(server, "peer", "invite", "--scopes", scopes)
        try run(node, "peer", "add", token, "--name", server)
    }

    @Test("Offline edits and syncs in random orders end with identical exports", arguments: [UInt64(7), 2026])
    func offlineEditsConverge(seed: UInt64) throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        var random = SplitMix64(seed: seed)
        for node in ["studio", "agency", "laptop"] { try run(node, "init") }
        try run("studio", "user", "add", "--name", "kunle", "--role", "producer")
        let project = try createProject("Ije Oru")
        let job =
            try json(
                try run(
                    "studio",
                    "job",
                    "post",
                    "--as",
                    "kunle",
                    "--project",
                    project,
                    "--title",
                    "Lead",
                    "role_name=Amaka",
                    "--json"
                )
            )["job"] as? String ?? ""
        // The laptop works offline before it ever connects.
        try run("laptop", "user", "add", "--name", "ada", "--role", "actor")
        try run("laptop", "profile", "set", "--as", "ada", "city=Calabar", "--add", "skills=singing")
        try run("agency", "user", "add", "--name", "zainab", "--role", "manager")
        try run("agency", "profile", "set", "--as", "zainab", "city=Lagos")

        let server = try ServerProcess(dataDir: dataDir("studio"), name: "studio")
        try join("agency", to: "studio", scopes: "public,project:\(project)")
        try join("laptop", to: "studio", scopes: "public,project:\(project)")
        // The laptop's first sync brings it the job; after that, syncs and edits come in any order.
        try run("laptop", "sync")
        var steps: [() throws -> Void] = [
            { try self.run("agency", "sync") },
            { try self.run("laptop", "sync") },
            { try self.run("agency", "sync") },
            { try self.run("laptop", "apply", "--as", "ada", "--job", job, "--note", "from set") },
            { try self.run("agency", "profile", "set", "--as", "zainab", "--add", "skills=negotiation") },
            { try self.run("studio", "job", "set", "--as", "kunle", "--job", job, "description=Amaka, 28") },
        ]
        steps.shuffle(using: &random)
        for step in steps { try step() }
        for node in ["laptop", "agency", "laptop"] { try run(node, "sync") }
        let exports = try ["studio", "agency", "laptop"].map { try run($0, "export", "--json") }
        #expect(exports[0] == exports[1] && exports[1] == exports[2], "exports differ (seed \(seed))")
        #expect(exports[0].contains("\"entity\":\"application\"") && exports[0].contains("Calabar"))
        #expect(server.stop() == 0, "SIGTERM stops the server cleanly")
        #expect(!FileManager.default.fileExists(atPath: dataDir("studio").appendingPathComponent("server.url").path))
    }

    @Test("A peer outside a scope never receives it, and gets its backfill once granted")
    func scopesAndBackfill() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        try run("studio", "init")
        try run("outsider", "init")
        try run("studio", "user", "add", "--name", "kunle", "--role", "producer")
        let project = try createProject("Secret")
        let server = try ServerProcess(dataDir: dataDir("studio"), name: "studio")
        defer { _ = server.stop() }
        try join("outsider", to: "studio", scopes: "public")
        try run("outsider", "sync")
        #expect(try !run("outsider", "export", "--json").contains("\"entity\":\"project\""))
        let peerName = try #require(
            (try JSONSerialization.jsonObject(with: Data(try run("studio", "peer", "list", "--json").utf8))
                as? [[String: Any]])?
                .first?["name"] as? String
        )
        try run("studio", "peer", "grant", peerName, "--scopes", "project:\(project)")
        let summary = try json(try run("outsider", "sync", "--json"))
        #expect(summary["pulled"] as? Int == 1, "only the project's change is backfilled")
        #expect(try run("outsider", "export", "--json").contains("\"title\":\"Secret\""))
    }

    @Test("Portfolio files travel over HTTPS: headshots right after a sync, reels when asked for")
    func mediaOverHTTPS() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let samples = MediaCommandTests.samples
        try run("agency", "init")
        try run("laptop", "init")
        let ada = try json(try run("agency", "user", "add", "--name", "ada", "--role", "actor", "--json"))
        let adaKey = try #require(ada["key"] as? String)
        let headshot = try json(
            try run(
                "agency",
                "media",
                "add",
                samples.appendingPathComponent("headshot.jpg").path,
                "--kind",
                "headshot",
                "--json"
            )
        )
        let reel = try json(
            try run(
                "agency",
                "media",
                "add",
                samples.appendingPathComponent("reel.mp4").path,
                "--kind",
                "reel",
                "--json"
            )
        )
        let server = try ServerProcess(dataDir: dataDir("agency"), name: "agency")
        defer { _ = server.stop() }
        try join("laptop", to: "agency", scopes: "public")
        let synced = try nodes.run("laptop", ["sync"])
        let headshotHash = try #require(headshot["hash"] as? String)
        let reelHash = try #require(reel["hash"] as? String)
        #expect(synced.errors.contains("fetched \(headshotHash.prefix(16))"), "\(synced.errors)")
        let listed = try json(try run("laptop", "media", "list", adaKey, "--json"))
        let media = try #require(listed["media"] as? [[String: Any]])
        #expect(media.map { $0["stored"] as? Bool } == [true, false], "the headshot eagerly, the reel not yet")
        let out = directory.appendingPathComponent("reel.mp4")
        let got = try json(
            try run(
                "laptop",
                "media",
                "get",
                String(reelHash.prefix(12)),
                "--user",
                adaKey,
                "--out",
                out.path,
                "--json"
            )
        )
        #expect(got["fetched_from"] as? String == "agency")
        #expect(try Data(contentsOf: out) == Data(contentsOf: samples.appendingPathComponent("reel.mp4")))
        let rest = try json(try run("laptop", "media", "fetch", "--json"))
        #expect((rest["fetched"] as? [Any])?.isEmpty == true && (rest["failed"] as? [Any])?.isEmpty == true)
    }

    @Test("Every refusal gets its status and reason, and the node keeps serving")
    func refusals() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        try run("studio", "init")
        try run("laptop", "init")
        let server = try ServerProcess(dataDir: dataDir("studio"), name: "studio")
        defer { _ = server.stop() }
        let token = try run("studio", "peer", "invite", "--scopes", "public")
        try run("laptop", "peer", "add", token)
        let invite = try PeerInvite(token: token)
        let laptopKey = try Node.open(at: DataDirectory(url: dataDir("laptop"))).peers.nodeIdentity().signingKey
        let client = try CurlPeerTransport(
            url: server.url,
            fingerprint: invite.fingerprint,
            key: laptopKey,
            responder: invite.nodeKey
        )
        let authority = String(server.url.dropFirst("https://".count))
        let body = PullRequest(cursor: .start, limit: 10).serialized()
        let now = UInt64(Date().timeIntervalSince1970)

        func signed(
            _ body: [UInt8],
            key: SigningKey = laptopKey,
            authority: String? = nil,
            created: UInt64 = now,
            nonce: [UInt8] = SecureRandom.bytes(16)
        ) -> [(name: String, value: String)] {
            let authority = authority ?? String(server.url.dropFirst("https://".count))
            return RequestSignature(
                signing: "POST",
                target: "https://\(authority)/v1/pull",
                authority: authority,
                body: body,
                now: created,
                nonce: nonce,
                with: key
            ).headerFields
        }
        func expectRefusal(
            _ headers: [(name: String, value: String)],
            body sent: [UInt8] = body,
            status: Int,
            reason: String
        ) throws {
            let answer = try client.send("/v1/pull", body: sent, headers: headers)
            #expect(answer.status == status, "expected \(status) for '\(reason)', got \(answer.status)")
            let message = CurlPeerTransport.errorMessage(answer.body) ?? ""
            #expect(message.contains(reason), "'\(message)' should mention '\(reason)'")
        }

        let stranger = try Identity.generate().signingKey
        try expectRefusal([], status: 401, reason: "not signed")
        try expectRefusal(signed(body, key: stranger), status: 401, reason: "does not trust")
        var forged = signed(body)
        forged[2].value = "sig1=:\(Data(repeating: 0xAB, count: 64).base64EncodedString()):"
        try expectRefusal(forged, status: 401, reason: "does not verify")
        try expectRefusal(signed(body, created: now - 400), status: 401, reason: "expired")
        let once = signed(body)
        #expect(try client.send("/v1/pull", body: body, headers: once).status == 200)
        try expectRefusal(once, status: 409, reason: "replay")
        try expectRefusal(
            signed(body, authority: "studio.example:7443") + [("Host", "studio.example:7443")],
            status: 403,
            reason: "signed for studio.example:7443"
        )
        try expectRefusal(signed(body), body: body + [1], status: 400, reason: "does not match its signed digest")
        let huge = [UInt8](repeating: 0, count: 9 << 20)
        try expectRefusal(signed(huge), body: huge, status: 413, reason: "limit")
        try expectRefusal(
            signed([0xFF, 0xFF, 0xFF]),
            body: [0xFF, 0xFF, 0xFF],
            status: 400,
            reason: "not valid protobuf"
        )
        #expect(authority.hasPrefix("127.0.0.1:"))

        // A certificate other than the pinned one is refused before anything is sent.
        let impostor = try CurlPeerTransport(
            url: server.url,
            fingerprint: Array(repeating: 1, count: 32),
            key: laptopKey,
            responder: invite.nodeKey
        )
        #expect(throws: PeerTransportError.self) { try impostor.post("/v1/pull", body: body) }
        // Still serving: a normal sync works.
        let sync = try json(try run("laptop", "sync", "--json"))
        #expect(sync["pulled"] as? Int == 0 && (sync["rejected"] as? [Any])?.isEmpty == true)
    }

    @Test("A sync killed half-way resumes where it stopped and converges")
    func killedSyncResumes() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        try run("studio", "init")
        try run("laptop", "init")
        let studio = try Node.open(at: DataDirectory(url: dataDir("studio")))
        let kunle = try studio.users.add(name: "kunle", roles: [.producer])
        for index in 0..<1_500 {
            try studio.rows.edit(
                .profile,
                RowID(kunle.key.bytes),
                [.assign("headline", .text("take \(index)"))],
                by: kunle
            )
        }
        let total = try studio.status().counts.loggedChanges
        let server = try ServerProcess(dataDir: dataDir("studio"), name: "studio")
        defer { _ = server.stop() }
        try join("laptop", to: "studio", scopes: "public")

        let syncing = Process()
        syncing.executableURL = NollyCrewProcess.executable
        syncing.arguments = ["sync", "--page-size", "5", "--data-dir", dataDir("laptop").path]
        syncing.standardOutput = FileHandle.nullDevice
        syncing.standardError = FileHandle.nullDevice
        try syncing.run()
        let laptop = try Node.open(at: DataDirectory(url: dataDir("laptop")))
        var held = 0
        for _ in 0..<600 where syncing.isRunning {
            held = try laptop.status().counts.loggedChanges
            if held >= 100 { break }
            usleep(20_000)
        }
        kill(syncing.processIdentifier, SIGKILL)
        syncing.waitUntilExit()
        held = try laptop.status().counts.loggedChanges
        #expect(held > 0 && held < total, "killed half-way: held \(held) of \(total)")

        let resumed = try json(try run("laptop", "sync", "--json"))
        #expect(resumed["pulled"] as? Int ?? total <= total - held + 5, "resumed, not restarted: \(resumed)")
        #expect(try run("laptop", "export", "--digest") == run("studio", "export", "--digest"))
    }
}
