/// A hybrid logical clock timestamp (Kulkarni et al., 2014): the upper 48 bits are
/// milliseconds since 1970 UTC, the lower 16 bits a logical counter for ties.
public struct HLC: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let rawValue: UInt64

    public init(rawValue: UInt64) { self.rawValue = rawValue }

    public init(milliseconds: UInt64, counter: UInt16) {
        rawValue = milliseconds << 16 | UInt64(counter)
    }

    public var milliseconds: UInt64 { rawValue >> 16 }
    public var counter: UInt16 { UInt16(truncatingIfNeeded: rawValue) }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }

    public var description: String { "\(milliseconds).\(counter)" }
}

/// The clock state machine. Physical time is passed in, so it is deterministic under test;
/// the node persists ``latest`` so the clock never goes backwards across restarts.
public struct HybridClock: Sendable {
    /// The largest timestamp issued or observed.
    public private(set) var latest: HLC

    public init(latest: HLC = HLC(rawValue: 0)) { self.latest = latest }

    /// A timestamp for a local event, greater than every one issued or observed before.
    public mutating func tick(physicalMilliseconds: UInt64) -> HLC {
        if physicalMilliseconds > latest.milliseconds {
            latest = HLC(milliseconds: physicalMilliseconds, counter: 0)
        } else {
            latest = HLC(rawValue: latest.rawValue + 1)
        }
        return latest
    }

    /// Folds in a timestamp received from another node so later local events follow it.
    public mutating func observe(_ remote: HLC) {
        if remote > latest { latest = remote }
    }
}
