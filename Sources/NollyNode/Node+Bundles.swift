public import Foundation
public import NollyCrypto
public import NollyModel
import NollyStore
public import NollySync

/// What importing a bundle did.
public struct ImportSummary: Sendable {
    public var read = 0
    public var applied = 0
    public var duplicates = 0
    /// Changes rejected earlier (or earlier in this bundle) for want of a representation
    /// grant, applied once this bundle brought the grant.
    public var released = 0
    public var operations = 0
    public var rejected: [RejectedChange] = []
    /// Set when the file stopped being readable part-way; every change before it is stored whole.
    public var problem: String?
    public var origin: SigningPublicKey?

    mutating func add(_ report: ApplyReport) {
        read += report.outcomes.count
        applied += report.applied
        duplicates += report.duplicates
        released += report.released
        operations += report.appliedOperations
        rejected += report.rejected.map { RejectedChange(id: $0.0, rejection: $0.1) }
    }
}

extension Node {
    /// Writes the logged changes a peer lacks (all of them when `seen` is `nil`) to `url`
    /// atomically; returns how many. `scopes` limits them to the changes whose every row is in
    /// one of those scopes (a peer's grants); `nil` writes every scope.
    @discardableResult
    public func exportBundle(to url: URL, for seen: SeenVector?, scopes: Set<Scope>?) throws -> Int {
        let filter = scopes.map(ReplicationFilter.init(granted:))
        let count = try store.countChanges(notCoveredBy: seen, passing: filter)
        let temporary = url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier).partial")
        guard FileManager.default.createFile(atPath: temporary.path, contents: nil) else {
            throw NodeError(.fileUnavailable, "cannot write \(url.path): is the folder there and writable?")
        }
        do {
            let handle = try FileHandle(forWritingTo: temporary)
            defer { try? handle.close() }
            var writer = try BundleWriter(
                handle: handle,
                header: BundleFormat.Header(originNode: nodeKey, createdAt: nowMilliseconds, changeCount: UInt64(count))
            )
            try store.forEachChange(notCoveredBy: seen, passing: filter) { try writer.append($0) }
            try writer.flush()
            try handle.synchronize()
            guard rename(temporary.path, url.path) == 0 else {
                throw NodeError(.fileUnavailable, "cannot write \(url.path): \(String(cString: strerror(errno)))")
            }
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw error
        }
        return count
    }

    /// Verifies and merges every change in a bundle, in transactions of
    /// ``NodeSettings/importBatchSize`` changes, with the bundle clock allowance.
    public func importBundle(from url: URL) throws -> ImportSummary {
        let handle: FileHandle
        do {
            handle = try FileHandle(forReadingFrom: url)
        } catch {
            throw NodeError(.fileUnavailable, "cannot open bundle \(url.path): \(error.localizedDescription)")
        }
        defer { try? handle.close() }
        var reader = try BundleReader(handle: handle)
        let processor = processor(fromBundle: true)
        var summary = ImportSummary(origin: reader.header.originNode)
        var batch = [SignedChange]()
        var batchBytes = 0
        // Pipelined: batch n+1 is verified in the background while batch n is merged and stored.
        var checking: PendingCheck?
        func flush() throws {
            let next = batch.isEmpty ? nil : PendingCheck(batch, processor: processor)
            batch.removeAll(keepingCapacity: true)
            batchBytes = 0
            if let checking { summary.add(try store.apply(checked: checking.wait(), processor: processor)) }
            checking = next
        }
        do {
            while let record = try reader.nextRecord() {
                // An unreadable envelope still goes through the processor, which rejects and records it.
                batch.append((try? SignedChange(serialized: record)) ?? SignedChange(body: record, signature: []))
                batchBytes += record.count
                // Batches are bounded by bytes as well as by count, so a bundle of large records
                // cannot make the node hold more than two batches of ``NodeSettings/importBatchBytes``.
                if batch.count >= settings.importBatchSize || batchBytes >= settings.importBatchBytes { try flush() }
            }
        } catch let error as BundleError {
            summary.problem = error.message
        }
        try flush()
        try flush()
        if summary.problem == nil, try store.restoreHold() { try store.releaseRestoreHold() }
        return summary
    }
}

extension Node {
    /// Writes an online, consistent copy of the replica to `url` (keys stay in keys/).
    public func backup(to url: URL) throws { try store.backup(to: url.path) }

    /// Replaces the replica with a backup; local users cannot sign until the node has caught up
    /// from a peer (`sync`) or a bundle, so no sequence number is used twice.
    public func restore(from url: URL) throws { try store.restore(from: url.path) }

    /// Whether local signing waits for the node to catch up after a restore.
    public func isHeldAfterRestore() throws -> Bool { try store.restoreHold() }
}
