import Foundation
import NollyCrypto
import NollyModel
import NollyStore
import NollySync
import NollyValues

/// What every service of a node works with: the data directory and its keys, the replica, the
/// settings, the clock and the entropy source. ``Node`` builds one and hands it to each service,
/// so a test that injects a clock and a seeded entropy source controls every service at once.
struct NodeContext: Sendable {
    let directory: DataDirectory
    let store: ReplicaStore
    let settings: NodeSettings
    let nodeKey: SigningPublicKey
    let passphrase: PassphraseSource
    let now: @Sendable () -> Date
    let entropy: any EntropySource

    /// Milliseconds since 1970 UTC.
    var nowMilliseconds: UInt64 { UInt64(max(0, now().timeIntervalSince1970 * 1000)) }

    /// Today in UTC, by the injected clock.
    var today: CivilDate { CivilDate(millisecondsSince1970: nowMilliseconds) }

    /// A new row id: `prefix` (the owner's key, a project, …) and 8 fresh bytes.
    func newRow(after prefix: [UInt8]) -> RowID { RowID(prefix + entropy.bytes(8)) }

    /// The processor for changes arriving with the given clock allowance.
    func processor(drift: Duration) -> ChangeProcessor {
        ChangeProcessor(maxClockDrift: drift, clockCeiling: settings.maxClockDrift, now: now)
    }

    /// The processor for changes from peers: bundles get the larger clock allowance.
    func processor(fromBundle: Bool) -> ChangeProcessor {
        processor(drift: fromBundle ? settings.bundleClockDrift : settings.maxClockDrift)
    }
}

/// A service over the node's context. The members below are what the domain workflows are
/// written in; none of them is public, so the storage layer stays inside the node.
protocol NodeService: Sendable {
    var context: NodeContext { get }
}

extension NodeService {
    var store: ReplicaStore { context.store }
    var settings: NodeSettings { context.settings }
    var directory: DataDirectory { context.directory }
    var nodeKey: SigningPublicKey { context.nodeKey }
    var entropy: any EntropySource { context.entropy }
    var nowMilliseconds: UInt64 { context.nowMilliseconds }
    func now() -> Date { context.now() }

    /// The one write path, shared by every service.
    var rows: RowService { RowService(context: context) }
}
