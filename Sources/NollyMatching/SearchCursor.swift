import Foundation

/// Where the next page starts: the last result's sort key and index id, and the query they
/// belong to. Pages ordered by (sort key, id) and started strictly after the cursor never repeat
/// or skip a result. Printed as 32 URL-safe base64 characters.
public struct SearchCursor: Sendable, Equatable {
    public let fingerprint: UInt64
    public let sortKey: Double
    public let id: Int64

    public init(fingerprint: UInt64, sortKey: Double, id: Int64) {
        self.fingerprint = fingerprint
        self.sortKey = sortKey
        self.id = id
    }

    public init(decoding text: String) throws(SearchError) {
        let invalid = SearchError(
            .invalidCursor,
            "the cursor is damaged",
            hint: "use the `next` value exactly as printed"
        )
        guard text.utf8.count == 32 else { throw invalid }
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += "=="
        guard let data = Data(base64Encoded: base64), data.count == 24 else { throw invalid }
        let bytes = Array(data)
        func word(_ offset: Int) -> UInt64 {
            bytes[offset..<offset + 8].reduce(0) { $0 << 8 | UInt64($1) }
        }
        let key = Double(bitPattern: word(8))
        guard key.isFinite else { throw invalid }
        self.init(fingerprint: word(0), sortKey: key, id: Int64(bitPattern: word(16)))
    }

    public var encoded: String {
        var bytes = [UInt8]()
        for word in [fingerprint, sortKey.bitPattern, UInt64(bitPattern: id)] {
            for shift in stride(from: 56, through: 0, by: -8) {
                bytes.append(UInt8(truncatingIfNeeded: word >> UInt64(shift)))
            }
        }
        return Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}
