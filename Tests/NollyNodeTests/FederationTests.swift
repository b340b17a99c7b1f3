import Foundation
import NollyCrypto
import NollyFederation
import NollyModel
import NollyRandom
import NollyStore
import NollySync
import Testing

@testable import NollyNode

/// Calls a hub node's endpoints in-process, the way the HTTPS server does, optionally losing
/// the connection after a number of requests.
final class LoopbackTransport: PeerTransport {
    let server: Node
    let client: SigningPublicKey
    var failAfter: Int?
    var requests = 0

    init(server: Node, client: SigningPublicKey, failAfter: Int? = nil) {
        self.server = server
        self.client = client
        self.failAfter = failAfter
    }

    func post(_ path: String, body: [UInt8]) throws -> [UInt8] {
        requests += 1
        if let failAfter, requests > failAfter { throw PeerTransportError(status: nil, "simulated network loss") }
        switch path {
        case "/v1/pull": return try server.replication.pull(PullRequest(serialized: body), for: client).serialized()
        case "/v1/push":
            return try server.replication.acceptPush(PushRequest(serialized: body), from: client).serialized()
        default: throw PeerTransportError(status: 404, "no route \(path)")
        }
    }
}

/// Makes `spoke` a peer of `hub` through an invite, as `peer invite` and `peer add` do.
func connect(_ spoke: Node, to hub: Node, scopes: [Scope], spokeGrants: [Scope]? = nil) throws {
    let invite = try hub.peers.invite(
        scopes: scopes,
        url: "https://hub.test:7443",
        fingerprint: Array(repeating: 7, count: 32)
    )
    let reply = try hub.peers.acceptJoin(JoinRequest(secret: invite.secret, name: "spoke"), from: spoke.nodeKey)
    try spoke.peers.addPeer(invite: invite, reply: reply, name: "hub", granting: spokeGrants)
}

/// Syncs `spoke` with its peer "hub".
@discardableResult
func sync(_ spoke: Node, with hub: Node, pageSize: Int = 500, failAfter: Int? = nil) throws -> SyncSummary {
    try spoke.replication.sync(
        with: try spoke.peers.find("hub"),
        over: LoopbackTransport(server: hub, client: spoke.nodeKey, failAfter: failAfter),
        pageSize: pageSize
    )
}

@Suite("Federation protocol")
struct FederationTests {
    @Test("An invite is redeemed once, and only a peer's key is a peer")
    func invites() throws {
        let directory = try TemporaryDirectory()
        let hub = try directory.node("hub")
        let spoke = try directory.node("spoke")
        let stranger = try directory.node("stranger")
        let invite = try hub.peers.invite(
            scopes: [.public],
            url: "https://hub.test:7443",
            fingerprint: Array(repeating: 7, count: 32)
        )
        let decoded = try PeerInvite(token: invite.token)
        #expect(decoded == invite)
        let reply = try hub.peers.acceptJoin(JoinRequest(secret: invite.secret, name: "laptop"), from: spoke.nodeKey)
        #expect(reply.scopes == [.public] && reply.nodeKey == hub.nodeKey)
        #expect(throws: FederationRefusal.self) {
            try hub.peers.acceptJoin(JoinRequest(secret: invite.secret, name: "again"), from: stranger.nodeKey)
        }
        #expect(try hub.store.isPeer(spoke.nodeKey))
        #expect(try !hub.store.isPeer(stranger.nodeKey))
        #expect(throws: (any Error).self) { try PeerInvite(token: "nollycrew-invite:AAAA") }
        #expect(throws: (any Error).self) { try PeerInvite(token: String(invite.token.dropLast(10))) }
    }

    @Test("A peer receives only granted scopes; a new grant backfills; a revocation stops the flow")
    func partialReplication() throws {
        let directory = try TemporaryDirectory()
        let hub = try directory.node("hub")
        let agency = try directory.node("agency")
        let producer = try hub.users.add(name: "kunle", roles: [.producer])
        let secret = try hub.projects.create(title: "Ije Oru", kind: "movie", by: producer)
        let open = try hub.projects.create(title: "Open Call", kind: "movie", by: producer)
        _ = try hub.projects.postJob(project: secret, title: "Lead", kind: "casting_call", by: producer)
        try hub.rows.edit(.project, secret, [.assign("logline", .text("under wraps"))], by: producer)
        try connect(agency, to: hub, scopes: [.public])

        try sync(agency, with: hub, pageSize: 2)
        #expect(try agency.store.liveRows(.project).isEmpty, "project data stays home")
        #expect(try agency.store.liveRows(.user).count == 1)
        #expect(try agency.store.liveRows(.job).count == 1, "open casting calls are public")

        _ = try hub.peers.grant([.project(secret)], to: try hub.peers.list()[0].nodeKey.hex)
        let backfill = try sync(agency, with: hub, pageSize: 1)
        #expect(backfill.pulled == 2, "the project's creation and its edit, nothing else again")
        #expect(try agency.store.liveRows(.project).map(\.row) == [secret])
        #expect(try agency.store.snapshot(.project, secret)?.text("logline") == "under wraps")

        _ = try hub.peers.revoke([.project(secret)], from: try hub.peers.list()[0].nodeKey.hex)
        try hub.rows.edit(.project, secret, [.assign("logline", .text("recast"))], by: producer)
        try hub.rows.edit(.profile, RowID(producer.key.bytes), [.assign("city", .text("Lagos"))], by: producer)
        try sync(agency, with: hub)
        #expect(try agency.store.snapshot(.project, secret)?.text("logline") == "under wraps")
        #expect(try agency.store.snapshot(.profile, RowID(producer.key.bytes))?.text("city") == "Lagos")
        #expect(try agency.store.snapshot(.project, open) == nil)

        // Removed and invited again with more scopes: the agency's old cursor still gets the backfill.
        _ = try hub.peers.remove(try hub.peers.list()[0].nodeKey.hex)
        #expect(throws: (any Error).self) { try sync(agency, with: hub) }
        try connect(agency, to: hub, scopes: [.public, .project(open)])
        try sync(agency, with: hub)
        #expect(try agency.store.snapshot(.project, open)?.text("title") == "Open Call")
    }

    @Test("Pushed changes are applied through the write path and never echoed back")
    func pushAndNoEcho() throws {
        let directory = try TemporaryDirectory()
        let hub = try directory.node("hub")
        let laptop = try directory.node("laptop")
        let ada = try laptop.users.add(name: "ada", roles: [.actor])
        try laptop.rows.edit(.profile, RowID(ada.key.bytes), [.assign("city", .text("Calabar"))], by: ada)
        try connect(laptop, to: hub, scopes: [.public])
        let first = try sync(laptop, with: hub)
        #expect(first.pushed == 2 && first.applied == 2 && first.pulled == 0)
        let second = try sync(laptop, with: hub)
        #expect(second.pulled == 0 && second.pushed == 0, "nothing flows back or twice")
        #expect(try hub.replication.canonicalExport() == laptop.replication.canonicalExport())

        // A forged change (signed by a key that is not the row's owner) is rejected by the hub.
        let mallory = try Identity.generate()
        let forged = signedChange(
            by: mallory,
            [
                RowOps(
                    entity: .profile,
                    row: RowID(ada.key.bytes),
                    causalLength: 1,
                    ops: [FieldOp("city", .assign(.text("Nowhere")))]
                )
            ]
        )
        let reply = try hub.replication.acceptPush(PushRequest(changes: [forged]), from: laptop.nodeKey)
        guard case .rejected = reply.outcomes[0].outcome else {
            Issue.record("a forged change was not rejected: \(reply.outcomes)")
            return
        }
        #expect(try hub.store.snapshot(.profile, RowID(ada.key.bytes))?.text("city") == "Calabar")
    }

    @Test(
        "A scope granted while an earlier backfill is under way is still backfilled from the start",
        arguments: [UInt64(1), 2, 3, 4, 5, 6]
    )
    func grantsDuringBackfill(seed: UInt64) throws {
        var random = SplitMix64(seed: seed)
        let directory = try TemporaryDirectory()
        let hub = try directory.node("hub")
        let spoke = try directory.node("spoke")
        let producer = try hub.users.add(name: "kunle", roles: [.producer])
        var projects = [RowID]()
        for index in 0..<8 {
            let project = try hub.projects.create(title: "Film \(index)", kind: "movie", by: producer)
            projects.append(project)
            for take in 0..<Int(1 + random.next() % 6) {
                try hub.rows.edit(.project, project, [.assign("logline", .text("take \(take)"))], by: producer)
            }
        }
        try connect(spoke, to: hub, scopes: [.public])
        var granted = [RowID]()
        for _ in 0..<30 {
            if random.next() % 3 == 0, granted.count < projects.count {
                let next = projects.filter { !granted.contains($0) }.randomElement(using: &random)!
                granted.append(next)
                _ = try hub.peers.grant([.project(next)], to: spoke.nodeKey.hex)
            } else {
                do {
                    try sync(spoke, with: hub, pageSize: 1 + Int(random.next() % 4), failAfter: Int(random.next() % 3))
                } catch is PeerTransportError {
                    // Interrupted part-way: the next sync resumes from the stored cursor.
                }
            }
        }
        for _ in 0..<3 { try sync(spoke, with: hub, pageSize: 1 + Int(random.next() % 5)) }
        for project in granted {
            #expect(
                try spoke.store.snapshot(.project, project) == hub.store.snapshot(.project, project),
                "seed \(seed): project \(project.hex.prefix(12)) was not backfilled whole"
            )
        }
        for project in projects where !granted.contains(project) {
            #expect(try spoke.store.snapshot(.project, project) == nil, "seed \(seed): an ungranted project leaked")
        }
    }

    static let seeds: [UInt64] = [11, 12, 13, 14, 15, 20_261_121]

    @Test("Random edits and interrupted syncs in random orders converge", arguments: seeds)
    func convergesOverProtocol(seed: UInt64) throws {
        var random = SplitMix64(seed: seed)
        let directory = try TemporaryDirectory()
        let hub = try directory.node("hub")
        var replicas = [
            ConvergenceTests.Replica(node: hub, authors: [try hub.users.add(name: "h", roles: [.producer])])
        ]
        for index in 0..<3 {
            let node = try directory.node("spoke\(index)", clockOffset: Double(index))
            try connect(node, to: hub, scopes: [.public])
            replicas.append(
                .init(
                    node: node,
                    authors: [
                        try node.users.add(name: "p\(index)", roles: [.producer]),
                        try node.users.add(name: "a\(index)", roles: [.actor]),
                    ]
                )
            )
        }
        let editor = ConvergenceTests()
        func syncSomeone() throws {
            let spoke = replicas[1 + Int(random.next() % 3)].node
            let pageSize = 1 + Int(random.next() % 40)
            let failAfter = random.next() % 3 == 0 ? Int(random.next() % 4) : nil
            do {
                try sync(spoke, with: hub, pageSize: pageSize, failAfter: failAfter)
            } catch is PeerTransportError {
                // Interrupted: the next sync resumes.
            }
        }
        for step in 0..<150 {
            if random.next() % 3 == 0 {
                try syncSomeone()
            } else {
                let index = Int(random.next() % UInt64(replicas.count))
                try editor.randomEdit(on: &replicas[index], all: replicas.map(\.authors), step: step, random: &random)
            }
        }
        // Grant every project and organisation both ways (a backfill), then sync until quiet.
        let scopes =
            try Set(replicas.flatMap { replica in try replica.node.store.liveRows(.project).map(\.row) })
            .map(Scope.project)
            + replicas.flatMap(\.authors).map { Scope.organisation(RowID($0.key.bytes)) }
        for spoke in replicas.dropFirst().map(\.node) {
            _ = try hub.peers.grant(scopes, to: spoke.nodeKey.hex)
            _ = try spoke.peers.grant(scopes, to: "hub")
        }
        for _ in 0..<3 {
            for index in (1..<replicas.count).shuffled(using: &random) {
                try sync(replicas[index].node, with: hub, pageSize: 1 + Int(random.next() % 60))
            }
        }
        let exports = try replicas.map { try $0.node.replication.canonicalExport() }
        for (index, export) in exports.enumerated().dropFirst() where export != exports[0] {
            Issue.record(
                "spoke \(index) diverged from the hub (seed \(seed)): \(editor.firstDifference(exports[0], export))"
            )
        }
    }
}
