import NollyCrypto
import NollyModel
public import NollyReadModels
public import NollyStore

extension PeerView {
    /// The view of a stored peer.
    public init(_ peer: PeerRecord) {
        self.init(
            name: peer.name,
            nodeKey: peer.nodeKey.hex,
            url: peer.url,
            fingerprint: peer.fingerprint.map { Hex.encode($0) },
            grants: peer.grants.keys.map(\.description),
            grantedToUs: peer.grantedToUs,
            lastSyncAt: peer.lastSyncAt
        )
    }
}
