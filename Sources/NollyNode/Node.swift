public import Foundation
public import NollyCrypto
import NollyModel
import NollySearchIndex
public import NollyStore
public import NollySync

/// A NollyCrew node: one data directory, its replica, its keys and its settings, and the
/// per-domain services over them. Every workflow turns into signed changes applied through the
/// one write path, ``RowService``.
public final class Node: Sendable {
    /// What every service works with.
    let context: NodeContext

    /// The write path: row edits and deletes, signed and applied as changes.
    public let rows: RowService
    /// Local users, their keys, representation grants and verification badges.
    public let users: UserService
    /// Talent and crew profiles.
    public let profiles: ProfileService
    /// Projects, jobs and shortlists.
    public let projects: ProjectService
    /// Applications to jobs and their statuses.
    public let applications: ApplicationService
    /// Script versions and their breakdowns.
    public let scripts: ScriptService
    /// Portfolio media and links.
    public let media: MediaService
    /// Shooting schedules.
    public let schedules: ScheduleService
    /// Peers: invites, joins, addresses and grants.
    public let peers: PeerService
    /// Sync with peers, bundles, and the canonical state.
    public let replication: ReplicationService
    /// Talent search over the replica's index.
    public let search: SearchService
    /// Casting and crew recommendations.
    public let casting: CastingService
    /// Generated data for tests, benchmarks and demos.
    public let fixtures: FixtureService

    public var directory: DataDirectory { context.directory }
    public var settings: NodeSettings { context.settings }
    public var nodeKey: SigningPublicKey { context.nodeKey }
    /// The replica: services reach it, callers do not (tests read it through `@testable import`).
    var store: ReplicaStore { context.store }

    init(_ context: NodeContext) {
        self.context = context
        rows = RowService(context: context)
        users = UserService(context: context)
        profiles = ProfileService(context: context)
        projects = ProjectService(context: context)
        applications = ApplicationService(context: context)
        scripts = ScriptService(context: context)
        media = MediaService(context: context)
        schedules = ScheduleService(context: context)
        peers = PeerService(context: context)
        replication = ReplicationService(context: context)
        search = SearchService(context: context)
        casting = CastingService(context: context)
        fixtures = FixtureService(context: context)
    }

    /// Opens the replica with the derived tables every process must keep current (the search
    /// index), so that no write path, whichever command runs it, leaves them behind.
    private static func openStore(_ directory: DataDirectory) throws -> ReplicaStore {
        let store = try ReplicaStore(path: directory.database.path)
        try store.register(ProfileSearchIndex())
        return store
    }

    /// Creates a data directory with a node identity and an empty replica. `now` and `entropy`
    /// are the clock and the source of fresh bytes for every service (keys, row ids, invite
    /// secrets); tests inject them so that a seeded run replays exactly.
    public static func initialize(
        at directory: DataDirectory,
        settings: NodeSettings = NodeSettings(),
        passphrase: PassphraseSource = .none,
        now: @escaping @Sendable () -> Date = Date.init,
        entropy: any EntropySource = SystemEntropy()
    ) throws -> Node {
        guard !directory.isInitialized else {
            throw NodeError(
                .alreadyInitialized,
                "\(directory.url.path) already holds a node; use it, or choose another --data-dir"
            )
        }
        try directory.create()
        if !FileManager.default.fileExists(atPath: directory.configFile.path) {
            try Data(NodeConfiguration.template.utf8).write(to: directory.configFile, options: .atomic)
        }
        let identity = try Identity.generate(using: entropy)
        try KeyFile.write(identity, to: directory.nodeKeyFile, passphrase: passphrase.provide("New passphrase: "))
        let store = try openStore(directory)
        try store.setMeta("node_key", Data(identity.publicKey.bytes))
        return Node(
            NodeContext(
                directory: directory,
                store: store,
                settings: settings,
                nodeKey: identity.publicKey,
                passphrase: passphrase,
                now: now,
                entropy: entropy
            )
        )
    }

    /// Opens an initialized data directory.
    public static func open(
        at directory: DataDirectory,
        settings: NodeSettings = NodeSettings(),
        passphrase: PassphraseSource = .none,
        now: @escaping @Sendable () -> Date = Date.init,
        entropy: any EntropySource = SystemEntropy()
    ) throws -> Node {
        guard directory.isInitialized else {
            throw NodeError(
                .notInitialized,
                "no node at \(directory.url.path): run `nollycrew init` first (or pass --data-dir)"
            )
        }
        let store = try openStore(directory)
        guard let keyBytes = try store.meta("node_key"), let nodeKey = try? SigningPublicKey(bytes: Array(keyBytes))
        else {
            throw NodeError(
                .notInitialized,
                "\(directory.database.path) has no node key; was it created by nollycrew init?"
            )
        }
        return Node(
            NodeContext(
                directory: directory,
                store: store,
                settings: settings,
                nodeKey: nodeKey,
                passphrase: passphrase,
                now: now,
                entropy: entropy
            )
        )
    }
}

/// What `nollycrew status` shows.
public struct NodeStatus: Sendable {
    public let nodeKey: SigningPublicKey
    public let dataDirectory: String
    public let localUsers: [(name: String, key: SigningPublicKey)]
    public let counts: StoreCounts
    public let seen: SeenVector
    public let clock: HLC
    public let trustedAdmins: [SigningPublicKey]
    /// Authors seen signing two different changes with one sequence number.
    public let equivocations: [Equivocation]
}

extension Node {
    public func status() throws -> NodeStatus {
        NodeStatus(
            nodeKey: nodeKey,
            dataDirectory: directory.url.path,
            localUsers: try users.list(),
            counts: try store.counts(),
            seen: try store.seenVector(),
            clock: try store.clock(),
            trustedAdmins: try store.trustedAdmins().sorted(),
            equivocations: try store.equivocations()
        )
    }

    /// Committed changes as they happen: each element is one committed transaction's rows (by
    /// entity and scope), change ids and origin. The base of live updates, indexes and feeds.
    public func changes(bufferingNewest limit: Int = 1_024) -> AsyncStream<CommittedChanges> {
        store.changes(bufferingNewest: limit)
    }

    /// Registers a table derived from replicated rows, updated inside every applying transaction.
    public func register(_ table: some DerivedTable) throws { try store.register(table) }

    /// Whether the database answers and every migration has run (the server's readiness).
    @Sendable public func isReady() -> Bool { store.isReady() }
}
