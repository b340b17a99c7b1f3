import NollyCrypto

/// The version of a last-writer-wins field value. Versions are totally ordered: a higher
/// causal length wins (a write after a revival beats any write before the delete), then
/// the later hybrid logical clock, then the larger author key. Two writes with equal versions
/// (an equivocating author, a node restored from an old copy) are ordered by their encoded
/// value bytes, the larger winning, so every replica keeps the same one (SYNC.md).
public struct FieldVersion: Comparable, Hashable, Sendable {
    public let causalLength: UInt64
    public let hlc: HLC
    public let author: [UInt8]

    public init(causalLength: UInt64, hlc: HLC, author: [UInt8]) {
        self.causalLength = causalLength
        self.hlc = hlc
        self.author = author
    }

    public static func < (lhs: Self, rhs: Self) -> Bool {
        if lhs.causalLength != rhs.causalLength { return lhs.causalLength < rhs.causalLength }
        if lhs.hlc != rhs.hlc { return lhs.hlc < rhs.hlc }
        return lhs.author.lexicographicallyPrecedes(rhs.author)
    }
}

/// Causal length of a row (cr-sqlite's scheme): 0 = never seen, odd = live, even = deleted.
public enum CausalLength {
    public static func isLive(_ length: UInt64) -> Bool { length % 2 == 1 }

    /// The causal length of the first write to a row that is absent or deleted, or of an edit
    /// to a live one.
    public static func forWrite(current: UInt64) -> UInt64 { isLive(current) ? current : current + 1 }

    /// The causal length that deletes a live row (a deleted row stays as it is).
    public static func forDelete(current: UInt64) -> UInt64 { isLive(current) ? current + 1 : current }
}
