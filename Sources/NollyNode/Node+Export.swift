import Foundation
import NollyCrypto
import NollyModel
import NollyStore
public import NollySync

extension Node {
    /// The canonical dump of the replicated state (see ``ReplicaStore/canonicalExport()``).
    public func canonicalExport() throws -> String { try store.canonicalExport() }

    /// BLAKE2b-256 of ``canonicalExport()``, in hex: the state digest replicas compare.
    public func stateDigest() throws -> String {
        Hex.encode(Blake2b.hash(Array(try canonicalExport().utf8)))
    }

    /// Offers changes received from a peer (network or bundle) to the one write path.
    /// Bundles get the larger clock allowance of ``NodeSettings/bundleClockDrift``.
    public func receive(_ batch: [SignedChange], fromBundle: Bool = false) throws -> ApplyReport {
        try store.apply(batch, processor: processor(fromBundle: fromBundle))
    }

    /// The processor for changes from peers: bundles get the larger clock allowance.
    func processor(fromBundle: Bool) -> ChangeProcessor {
        processor(drift: fromBundle ? settings.bundleClockDrift : settings.maxClockDrift)
    }

    /// The logged changes a peer with `seen` lacks (all when `nil`), in log order.
    public func changes(notCoveredBy seen: SeenVector?) throws -> [SignedChange] {
        var changes = [SignedChange]()
        try store.forEachChange(notCoveredBy: seen) { changes.append($0) }
        return changes
    }
}
