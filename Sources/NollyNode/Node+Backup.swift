public import Foundation
import NollyStore

extension Node {
    /// Writes an online, consistent copy of the replica to `url` (keys stay in keys/).
    public func backup(to url: URL) throws { try store.backup(to: url.path) }

    /// Replaces the replica with a backup; local users cannot sign until the node has caught up
    /// from a peer (`sync`) or a bundle, so no sequence number is used twice.
    public func restore(from url: URL) throws { try store.restore(from: url.path) }

    /// Whether local signing waits for the node to catch up after a restore.
    public func isHeldAfterRestore() throws -> Bool { try store.restoreHold() }
}
