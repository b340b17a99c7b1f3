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
