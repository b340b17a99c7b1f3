/// A federation peer as `peer list` and the admin pages show it.
public struct PeerView: Codable, Sendable, Equatable {
    public let name: String
    /// The peer node's Ed25519 key, hex.
    public let nodeKey: String
    /// Where it is reached; nil for a peer that only connects to us.
    public let url: String?
    /// SHA-256 of its pinned TLS public key, hex.
    public let fingerprint: String?
    /// Scopes this node grants the peer, sorted.
    public let grants: [String]
    /// Scopes the peer says it grants this node.
    public let grantedToUs: [String]
    /// Milliseconds since 1970 UTC.
    public let lastSyncAt: Int64?

    public init(
        name: String,
        nodeKey: String,
        url: String?,
        fingerprint: String?,
        grants: [String],
        grantedToUs: [String],
        lastSyncAt: Int64?
    ) {
        self.name = name
        self.nodeKey = nodeKey
        self.url = url
        self.fingerprint = fingerprint
        self.grants = grants.sorted()
        self.grantedToUs = grantedToUs
        self.lastSyncAt = lastSyncAt
    }
}
