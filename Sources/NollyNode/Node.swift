public import Foundation
public import NollyCrypto
import NollyModel
public import NollyStore
public import NollySync

/// A NollyCrew node: one data directory, its replica, its keys and its settings.
/// Every domain workflow turns into signed changes applied through ``ReplicaStore/apply(_:processor:)``.
public final class Node: Sendable {
    public let directory: DataDirectory
    public let store: ReplicaStore
    public let settings: NodeSettings
    public let nodeKey: SigningPublicKey
    let passphrase: PassphraseSource
    let now: @Sendable () -> Date

    init(
        directory: DataDirectory,
        store: ReplicaStore,
        settings: NodeSettings,
        nodeKey: SigningPublicKey,
        passphrase: PassphraseSource,
        now: @escaping @Sendable () -> Date
    ) {
        self.directory = directory
        self.store = store
        self.settings = settings
        self.nodeKey = nodeKey
        self.passphrase = passphrase
        self.now = now
    }

    /// Creates a data directory with a node identity and an empty replica.
    public static func initialize(
        at directory: DataDirectory,
        settings: NodeSettings = NodeSettings(),
        passphrase: PassphraseSource = .none,
        now: @escaping @Sendable () -> Date = Date.init
    ) throws -> Node {
        guard !directory.isInitialized else {
            throw NodeError(
                .alreadyInitialized,
                "\(directory.url.path) already holds a node; use it, or choose another --data-dir"
            )
        }
        try directory.create()
        let identity = try Identity.generate()
        try KeyFile.write(identity, to: directory.nodeKeyFile, passphrase: passphrase.provide("New passphrase: "))
        let store = try ReplicaStore(path: directory.database.path)
        try store.setMeta("node_key", Data(identity.publicKey.bytes))
        return Node(
            directory: directory,
            store: store,
            settings: settings,
            nodeKey: identity.publicKey,
            passphrase: passphrase,
            now: now
        )
    }

    /// Opens an initialized data directory.
    public static func open(
        at directory: DataDirectory,
        settings: NodeSettings = NodeSettings(),
        passphrase: PassphraseSource = .none,
        now: @escaping @Sendable () -> Date = Date.init
    ) throws -> Node {
        guard directory.isInitialized else {
            throw NodeError(
                .notInitialized,
                "no node at \(directory.url.path): run `nollycrew init` first (or pass --data-dir)"
            )
        }
        let store = try ReplicaStore(path: directory.database.path)
        guard let keyBytes = try store.meta("node_key"), let nodeKey = try? SigningPublicKey(bytes: Array(keyBytes))
        else {
            throw NodeError(
                .notInitialized,
                "\(directory.database.path) has no node key; was it created by nollycrew init?"
            )
        }
        return Node(
            directory: directory,
            store: store,
            settings: settings,
            nodeKey: nodeKey,
            passphrase: passphrase,
            now: now
        )
    }

    /// The processor for changes arriving with the given clock allowance.
    func processor(drift: Duration) -> ChangeProcessor {
        ChangeProcessor(
            maxClockDrift: drift,
            clockCeiling: settings.maxClockDrift,
            now: now
        )
    }

    /// Milliseconds since 1970 UTC.
    var nowMilliseconds: UInt64 { UInt64(max(0, now().timeIntervalSince1970 * 1000)) }
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
            localUsers: try store.localUsers().map { ($0.name, $0.key) },
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

    /// Whether `key` is one of this node's peers (the federation routes accept only their keys).
    public func isPeer(_ key: SigningPublicKey) throws -> Bool { try store.isPeer(key) }

    /// Whether the database answers and every migration has run (the server's readiness).
    @Sendable public func isReady() -> Bool { store.isReady() }

    /// Trusts `key` as an administrator: its badges show as verified here (node policy, applied
    /// when reading; nothing replicated changes, so nothing needs replaying).
    public func trustAdmin(_ key: SigningPublicKey) throws { try store.trustAdmin(key) }
}
