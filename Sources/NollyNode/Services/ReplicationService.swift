public import Foundation
public import NollyCrypto
public import NollyFederation
public import NollyModel
public import NollyStore
public import NollySync

/// Replication: serving and running syncs with peers, bundles for offline transfer, receiving
/// changes, and the canonical state replicas compare.
public struct ReplicationService: NodeService {
    let context: NodeContext
}

extension ReplicationService {
    /// The most changes one pull page carries, whatever the peer asks for.
    public static let maxPageChanges = 2_000
    /// The most changes a push carries.
    public static let maxPushChanges = 2_000

    // MARK: Serving

    /// A page of our log for a peer (`POST /v1/pull`).
    public func pull(_ request: PullRequest, for peer: SigningPublicKey) throws -> OutboundPage {
        let limit = request.limit <= 0 ? Self.maxPageChanges : min(request.limit, Self.maxPageChanges)
        let page = try store.outboundPage(for: peer, after: request.cursor, limit: limit)
        if !page.more { try store.setLastSync(of: peer, at: Int64(nowMilliseconds)) }
        return page
    }

    /// Changes pushed by a peer (`POST /v1/push`), through the one write path; one outcome per
    /// change in the order sent.
    public func acceptPush(_ request: PushRequest, from peer: SigningPublicKey) throws -> PushReply {
        guard request.changes.count <= Self.maxPushChanges else {
            throw FederationRefusal(.tooManyChanges, "a push carries at most \(Self.maxPushChanges) changes")
        }
        let report = try store.applyDurably(
            request.changes,
            processor: context.processor(fromBundle: false),
            from: peer
        )
        let outcomes = Dictionary(report.outcomes, uniquingKeysWith: { first, _ in first })
        return PushReply(
            outcomes: request.changes.map { change in
                let id = change.id
                return (id, outcomes[id] ?? .rejected(Rejection(.notProcessed, "not processed")))
            }
        )
    }

    // MARK: Syncing with a peer

    /// Pulls everything the peer lets us see after our cursor, then pushes what we grant it,
    /// page by page, carrying out a ``SyncSession``'s actions: every page is stored with its
    /// cursor, so an interrupted sync resumes. Pulls are pipelined: page n+1 is fetched and its
    /// signatures checked in the background while page n is merged and stored.
    public func sync(
        with peer: PeerRecord,
        over transport: some PeerTransport,
        pageSize: Int = ReplicationService.maxPageChanges,
        progress: (SyncProgress) -> Void = { _ in }
    ) throws -> SyncSummary {
        let processor = context.processor(fromBundle: false)
        func fetch(_ request: PullRequest) throws -> (OutboundPage, PendingCheck) {
            let answer = try transport.post("/v1/pull", body: request.serialized())
            do {
                let page = try OutboundPage(serialized: answer)
                return (page, PendingCheck(page.changes, processor: processor))
            } catch {
                throw PeerTransportError(status: nil, "\(peer.name) answered a pull with \(error)")
            }
        }
        var session = SyncSession(
            peer: peer.name,
            pullCursor: peer.pullCursor,
            pushCursor: peer.pushCursor,
            pageSize: pageSize,
            pushLimit: Self.maxPushChanges
        )
        var checking: PendingCheck?
        var prefetched: Result<(OutboundPage, PendingCheck), any Error>?
        var action = session.start()
        while true {
            switch action {
            case .fetch(let request):
                let (page, check) = try fetch(request)
                checking = check
                action = session.pageArrived(page)
            case .store(let page, let prefetch):
                if let prefetch { prefetched = Result { try fetch(prefetch) } }
                guard let check = checking else { preconditionFailure("a page is stored after it was fetched") }
                let report = try store.apply(
                    checked: check.wait(),
                    processor: processor,
                    from: peer.nodeKey,
                    advancingPullCursorTo: page.cursor
                )
                action = session.pageStored(report)
                progress(session.progress)
            case .deliverPrefetched:
                guard let next = prefetched else { preconditionFailure("a prefetched page is delivered once") }
                prefetched = nil
                // A lost connection keeps every page stored so far; the next sync resumes after it.
                let (page, check) = try next.get()
                checking = check
                action = session.pageArrived(page)
            case .finishPull:
                // A whole pull from a peer catches a restored node up with what it had signed.
                if try store.restoreHold() { try store.releaseRestoreHold() }
                action = session.pullFinished()
            case .readOutbound(let cursor, let limit):
                action = session.outboundRead(try store.outboundPage(for: peer.nodeKey, after: cursor, limit: limit))
            case .push(let request):
                let answer = try transport.post("/v1/push", body: request.serialized())
                do {
                    action = session.pushAnswered(try PushReply(serialized: answer))
                } catch {
                    throw PeerTransportError(status: nil, "\(peer.name) answered a push with \(error)")
                }
            case .storePushCursor(let cursor):
                try store.setPushCursor(cursor, for: peer.nodeKey, syncedAt: Int64(nowMilliseconds))
                action = session.pushCursorStored()
                progress(session.progress)
            case .finished(let summary):
                return summary
            }
        }
    }

    /// The canonical dump of the replicated state (see ``ReplicaStore/canonicalExport()``).
    public func canonicalExport() throws -> String { try store.canonicalExport() }

    /// BLAKE2b-256 of ``canonicalExport()``, in hex: the state digest replicas compare.
    public func stateDigest() throws -> String {
        Hex.encode(Blake2b.hash(Array(try canonicalExport().utf8)))
    }

    /// Offers changes received from a peer (network or bundle) to the one write path.
    /// Bundles get the larger clock allowance of ``NodeSettings/bundleClockDrift``.
    public func receive(_ batch: [SignedChange], fromBundle: Bool = false) throws -> ApplyReport {
        try store.apply(batch, processor: context.processor(fromBundle: fromBundle))
    }

    /// The logged changes a peer with `seen` lacks (all when `nil`), in log order.
    public func changes(notCoveredBy seen: SeenVector?) throws -> [SignedChange] {
        var changes = [SignedChange]()
        try store.forEachChange(notCoveredBy: seen) { changes.append($0) }
        return changes
    }

    /// Writes the logged changes a peer lacks (all of them when `seen` is `nil`) to `url`
    /// atomically; returns how many. `scopes` limits them to the changes whose every row is in
    /// one of those scopes (a peer's grants); `nil` writes every scope. `withMedia` adds the
    /// portfolio files held here whose rows are in those scopes (PROTOCOL.md, "Bundles").
    @discardableResult
    public func exportBundle(to url: URL, for seen: SeenVector?, scopes: Set<Scope>?, withMedia: Bool = false)
        throws -> Int
    {
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
            if withMedia { _ = try MediaService(context: context).writeMediaSection(to: &writer, passing: filter) }
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
        let processor = context.processor(fromBundle: true)
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
        // The media section, once the rows that name its files are stored.
        let media = MediaService(context: context)
        do {
            while summary.problem == nil, let file = try reader.nextBlob() {
                if let refusal = try media.receive(file, from: &reader) {
                    summary.mediaRefused.append(refusal)
                } else {
                    summary.mediaStored += 1
                }
            }
        } catch let error as BundleError {
            summary.problem = error.message
        }
        return summary
    }
}

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
    /// Portfolio files from the media section stored here (or here already).
    public var mediaStored = 0
    /// Portfolio files of the media section not stored, each with the reason.
    public var mediaRefused: [String] = []

    mutating func add(_ report: ApplyReport) {
        read += report.outcomes.count
        applied += report.applied
        duplicates += report.duplicates
        released += report.released
        operations += report.appliedOperations
        rejected += report.rejected.map { RejectedChange(id: $0.0, rejection: $0.1) }
    }
}
