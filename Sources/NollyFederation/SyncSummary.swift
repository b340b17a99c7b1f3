public import NollySync

/// Where a sync with one peer stands, for progress bars.
public struct SyncProgress: Sendable, Equatable {
    public enum Phase: Sendable { case pulling, pushing }
    public var phase: Phase
    public var done: Int
    /// An estimate of the total (log positions), which may shrink as the sync goes.
    public var total: Int

    public init(phase: Phase, done: Int, total: Int) {
        self.phase = phase
        self.done = done
        self.total = total
    }
}

/// What a sync with one peer did.
public struct SyncSummary: Sendable, Equatable {
    public var peer: String
    public var pulled = 0
    public var pushed = 0
    /// Changes applied here (pulled) and there (pushed).
    public var applied = 0
    public var duplicates = 0
    public var rejected: [RejectedChange] = []

    public init(peer: String) { self.peer = peer }
}
