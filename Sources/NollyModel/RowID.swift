import NollyCrypto

/// The identifier of a replicated row: raw bytes whose layout depends on the entity
/// (see ``RowLayout``). Printed as lower-case hex.
public struct RowID: Hashable, Sendable, Comparable, CustomStringConvertible {
    public let bytes: [UInt8]

    public init(_ bytes: [UInt8]) { self.bytes = bytes }

    /// Parses hex; `nil` when it is not hex or empty.
    public init?(hex: String) {
        guard let bytes = Hex.decode(hex), !bytes.isEmpty else { return nil }
        self.bytes = bytes
    }

    public var hex: String { Hex.encode(bytes) }
    public var description: String { hex }

    /// The first `count` bytes as a row id (for example a job's project).
    public func prefix(_ count: Int) -> RowID { RowID(Array(bytes.prefix(count))) }

    /// Bytes `start..<end` as a row id.
    public func slice(_ start: Int, _ end: Int) -> RowID { RowID(Array(bytes[start..<end])) }

    /// The 32-byte key that owns the row: the first 32 bytes in every layout.
    public var ownerKey: [UInt8] { Array(bytes.prefix(32)) }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.bytes.lexicographicallyPrecedes(rhs.bytes) }
}
