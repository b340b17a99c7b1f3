import NollyClient
import NollyCrypto
import NollyNode
import NollyStore

extension Node {
    /// Every peer with an address, reached over pinned HTTPS, as a place to fetch portfolio
    /// files from (in `peer list` order).
    func blobSources(timeout: Int) throws -> [BlobSource] {
        let key = try peers.nodeIdentity().signingKey
        return try peers.list().compactMap { peer in
            guard let url = peer.url, let fingerprint = peer.fingerprint else { return nil }
            let transport = try CurlPeerTransport(
                url: url,
                fingerprint: fingerprint,
                key: key,
                responder: peer.nodeKey,
                timeout: timeout
            )
            return BlobSource(name: peer.name, transport: transport)
        }
    }
}
