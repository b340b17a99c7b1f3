import Dispatch

/// Stateless checks running in the background, so a large import verifies signatures of the
/// next batch while the current batch is being merged and stored.
public final class PendingCheck: @unchecked Sendable {
    // Written once on the background queue before `done` is signalled, read after waiting.
    private var result: [CheckedChange] = []
    private let done = DispatchSemaphore(value: 0)

    /// Starts checking `batch` on a background queue.
    public init(_ batch: [SignedChange], processor: ChangeProcessor) {
        DispatchQueue.global(qos: .userInitiated).async {
            self.result = processor.check(batch)
            self.done.signal()
        }
    }

    /// Waits for the checks and returns them in batch order.
    public func wait() -> [CheckedChange] {
        done.wait()
        return result
    }
}
