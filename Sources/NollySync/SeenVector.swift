public import NollyCrypto
public import NollyModel
public import NollyValues

/// What a replica has seen: for each author, the highest sequence number up to which it
/// holds every change with no gap. A peer sends its vector; the other side answers with
/// the changes above it (a version vector, as CouchDB checkpoints and cr-sqlite's
/// db_version are used).
public struct SeenVector: Equatable, Sendable {
    public var contiguous: [SigningPublicKey: UInt64]

    public init(_ contiguous: [SigningPublicKey: UInt64] = [:]) { self.contiguous = contiguous }

    /// Whether a change by `author` with sequence `seq` is already covered.
    public func covers(author: SigningPublicKey, seq: UInt64) -> Bool { seq <= contiguous[author, default: 0] }

    /// `{"<author hex>": seq, ...}` in canonical JSON.
    public var json: JSONValue {
        .object(contiguous.map { ($0.key.hex, .unsigned($0.value)) })
    }

    /// Parses the `seen` object of `nollycrew status --json`, or a bare object of the same shape.
    public init(parsing members: [String: UInt64]) throws(ModelError) {
        var contiguous = [SigningPublicKey: UInt64]()
        for (hex, seq) in members {
            guard let key = try? SigningPublicKey(hex: hex) else {
                throw ModelError("seen vector key '\(hex)' is not a 64-character hex public key")
            }
            contiguous[key] = seq
        }
        self.contiguous = contiguous
    }
}
