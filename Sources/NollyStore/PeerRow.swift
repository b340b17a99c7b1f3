import Foundation
import GRDB
import NollyCrypto
import NollyModel
import NollySync

/// A row of the `peer` table as a GRDB record (its grants are rows of `peer_grant`). Every column
/// is decoded by GRDB; what GRDB cannot check (a key's length, a cursor's bytes, a negative
/// epoch) is checked in ``peerRecord(grants:)``, which throws instead of dropping damaged data.
struct PeerRow: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "peer"

    var nodeKey: Data
    var name: String
    var url: String?
    var fingerprint: Data?
    var grantedToUs: String
    var pullCursor: Data?
    var pushCursor: Data?
    var grantEpoch: Int64
    var addedAt: Int64
    var lastSyncAt: Int64?

    enum CodingKeys: String, CodingKey {
        case nodeKey = "node_key"
        case name, url, fingerprint
        case grantedToUs = "granted_to_us"
        case pullCursor = "pull_cursor"
        case pushCursor = "push_cursor"
        case grantEpoch = "grant_epoch"
        case addedAt = "added_at"
        case lastSyncAt = "last_sync_at"
    }

    /// A new peer's row: no cursors yet, grant epoch 0.
    init(new peer: PeerRecord) {
        nodeKey = Data(peer.nodeKey.bytes)
        name = peer.name
        url = peer.url
        fingerprint = peer.fingerprint.map { Data($0) }
        grantedToUs = peer.grantedToUs.joined(separator: " ")
        grantEpoch = 0
        addedAt = peer.addedAt
    }

    /// The peer, with the grants read from `peer_grant`.
    func peerRecord(grants: [Scope: UInt64]) throws -> PeerRecord {
        guard let key = try? SigningPublicKey(bytes: Array(nodeKey)) else {
            throw StoreError(.damagedData, "the peer table holds an invalid node key")
        }
        var peer = PeerRecord(
            nodeKey: key,
            name: name,
            url: url,
            fingerprint: fingerprint.map(Array.init),
            grantedToUs: grantedToUs.split(separator: " ").map(String.init),
            addedAt: addedAt
        )
        peer.grantEpoch = try UInt64(stored: grantEpoch, "grant epoch")
        peer.lastSyncAt = lastSyncAt
        peer.pullCursor = try Self.cursor(pullCursor)
        peer.pushCursor = try Self.cursor(pushCursor)
        peer.grants = grants
        return peer
    }

    private static func cursor(_ data: Data?) throws -> SyncCursor {
        guard let data else { return .start }
        do {
            return try SyncCursor(serialized: Array(data))
        } catch {
            throw StoreError(.damagedData, "a stored sync cursor is damaged: \(error)")
        }
    }
}

/// A row of `peer_grant`: one scope granted to a peer, in a grant epoch.
struct PeerGrantRow: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "peer_grant"

    var nodeKey: Data
    var scope: String
    var epoch: Int64

    enum CodingKeys: String, CodingKey {
        case nodeKey = "node_key"
        case scope, epoch
    }
}
