/// When `sync --watch` tries a peer again. A pure value: the CLI reports each attempt's outcome
/// and sleeps for what it answers.
///
/// After a success the next sync is `interval` away. After a transient failure (no answer, a
/// 5xx, a 429, a nonce clash) the wait doubles (from 2 seconds, or from the interval after a
/// success) up to `maximumWait`. A permanent
/// failure (a 401 or 403: the peer does not know or trust this node; a pinned certificate that
/// does not match; any other 4xx) is not retried: the peer is set aside until someone acts.
public struct RetryPolicy: Sendable, Equatable {
    /// How an attempt ended.
    public enum Outcome: Sendable, Equatable {
        case succeeded
        case failedTransiently
        case failedPermanently
    }

    /// What to do next with the peer.
    public enum Decision: Sendable, Equatable {
        case retry(afterSeconds: Int)
        case giveUp
    }

    public let intervalSeconds: Int
    public let maximumWaitSeconds: Int
    public private(set) var waitSeconds = 1

    public init(intervalSeconds: Int, maximumWaitSeconds: Int = 300) {
        precondition(intervalSeconds >= 1 && maximumWaitSeconds >= 2)
        self.intervalSeconds = intervalSeconds
        self.maximumWaitSeconds = maximumWaitSeconds
    }

    /// Records an attempt's outcome and decides the next.
    public mutating func next(after outcome: Outcome) -> Decision {
        switch outcome {
        case .succeeded:
            waitSeconds = intervalSeconds
            return .retry(afterSeconds: intervalSeconds)
        case .failedTransiently:
            waitSeconds = min(maximumWaitSeconds, max(waitSeconds * 2, 2))
            return .retry(afterSeconds: waitSeconds)
        case .failedPermanently:
            return .giveUp
        }
    }

    /// Tells transient failures from permanent ones.
    public static func outcome(of error: any Error) -> Outcome {
        guard let transport = error as? PeerTransportError else {
            // Local trouble (a busy database, a full disk) may clear by itself.
            return .failedTransiently
        }
        return transport.isTransient ? .failedTransiently : .failedPermanently
    }
}
