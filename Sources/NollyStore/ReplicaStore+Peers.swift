import Foundation
import GRDB
public import NollyCrypto
public import NollyModel
public import NollySync

/// A node this node syncs with (table `peer`, local and not replicated).
public struct PeerRecord: Sendable, Equatable {
    public var nodeKey: SigningPublicKey
    public var name: String
    /// Where to reach the peer (`nil` for a peer that only connects to us, such as a laptop).
    public var url: String?
    /// SHA-256 of the peer's TLS certificate public key (SubjectPublicKeyInfo), pinned.
    public var fingerprint: [UInt8]?
    /// Scopes the peer said it grants us (informational: the peer enforces them).
    public var grantedToUs: [String]
    /// Scopes we grant the peer, each with the grant epoch it was granted in.
    public var grants: [Scope: UInt64]
    public var grantEpoch: UInt64
    /// Where we are in the peer's outbound stream.
    public var pullCursor: SyncCursor
    /// Where the peer is in ours, as far as our pushes go.
    public var pushCursor: SyncCursor
    /// Milliseconds since 1970 UTC.
    public var addedAt: Int64
    public var lastSyncAt: Int64?

    public init(
        nodeKey: SigningPublicKey,
        name: String,
        url: String? = nil,
        fingerprint: [UInt8]? = nil,
        grantedToUs: [String] = [],
        addedAt: Int64
    ) {
        self.nodeKey = nodeKey
        self.name = name
        self.url = url
        self.fingerprint = fingerprint
        self.grantedToUs = grantedToUs
        grants = [:]
        grantEpoch = 0
        pullCursor = .start
        pushCursor = .start
        self.addedAt = addedAt
    }
}

extension ReplicaStore {
    // MARK: Peers

    /// Adds a new peer and grants it `scopes`, in one transaction. A node key that is already a
    /// peer is refused (``StoreError``): an invite never changes a known peer's address or pin,
    /// which ``setPeerAddress(_:url:fingerprint:)`` does once the peer has proved its key.
    public func addPeer(_ peer: PeerRecord, granting scopes: [Scope]) throws {
        try writer.write { db in
            if let known = try String.fetchOne(
                db,
                sql: "SELECT name FROM peer WHERE node_key = ?",
                arguments: [Data(peer.nodeKey.bytes)]
            ) {
                throw StoreError(.peerConflict, "node \(peer.nodeKey.hex.prefix(16))… is already the peer '\(known)'")
            }
            try PeerRow(new: peer).insert(db)
            try Self.grant(db, scopes, to: peer.nodeKey)
        }
    }

    /// Records what a known peer grants us after it invited us again (same address and pin),
    /// and grants it `scopes` too; its cursors are kept.
    public func rejoin(_ key: SigningPublicKey, grantedToUs: [String], granting scopes: [Scope]) throws {
        try writer.write { db in
            try db.execute(
                sql: "UPDATE peer SET granted_to_us = ? WHERE node_key = ?",
                arguments: [grantedToUs.joined(separator: " "), Data(key.bytes)]
            )
            try Self.grant(db, scopes, to: key)
        }
    }

    /// Changes where a known peer is reached and which certificate is pinned.
    public func setPeerAddress(_ key: SigningPublicKey, url: String, fingerprint: [UInt8]) throws {
        try writer.write { db in
            try db.execute(
                sql: "UPDATE peer SET url = ?, fingerprint = ? WHERE node_key = ?",
                arguments: [url, Data(fingerprint), Data(key.bytes)]
            )
        }
    }

    public func peers() throws -> [PeerRecord] {
        try writer.read { db in
            try PeerRow.order(Column("name")).fetchAll(db).map {
                try $0.peerRecord(grants: Self.grants(db, $0.nodeKey))
            }
        }
    }

    public func peer(_ key: SigningPublicKey) throws -> PeerRecord? {
        try writer.read { db in try Self.peer(db, key) }
    }

    /// Whether `key` belongs to a peer (the server accepts signed requests from peers only).
    public func isPeer(_ key: SigningPublicKey) throws -> Bool {
        try writer.read { db in
            try Bool.fetchOne(db, sql: "SELECT 1 FROM peer WHERE node_key = ?", arguments: [Data(key.bytes)]) ?? false
        }
    }

    /// Forgets a peer: its grants, cursors and trust. Returns whether it was known.
    @discardableResult
    public func removePeer(_ key: SigningPublicKey) throws -> Bool {
        try writer.write { db in
            try db.execute(sql: "DELETE FROM peer_grant WHERE node_key = ?", arguments: [Data(key.bytes)])
            try db.execute(sql: "DELETE FROM peer WHERE node_key = ?", arguments: [Data(key.bytes)])
            return db.changesCount > 0
        }
    }

    /// Grants scopes to a peer. Scopes it did not have yet get a new grant epoch, so the next
    /// page it is sent backfills them from the start of the log.
    public func grant(_ scopes: [Scope], to key: SigningPublicKey) throws {
        try writer.write { db in try Self.grant(db, scopes, to: key) }
    }

    /// Withdraws scopes from a peer: nothing more of them is sent to it.
    public func revoke(_ scopes: [Scope], from key: SigningPublicKey) throws {
        try writer.write { db in
            for scope in scopes {
                try db.execute(
                    sql: "DELETE FROM peer_grant WHERE node_key = ? AND scope = ?",
                    arguments: [Data(key.bytes), scope.description]
                )
            }
        }
    }

    /// Stores where our pushes to a peer have got.
    public func setPushCursor(_ cursor: SyncCursor, for key: SigningPublicKey, syncedAt: Int64) throws {
        try writer.write { db in
            try Self.setCursor(db, column: "push_cursor", peer: key, cursor: cursor)
            try Self.setLastSync(db, key, syncedAt)
        }
    }

    /// Records when a peer last finished a pull from us.
    public func setLastSync(of key: SigningPublicKey, at time: Int64) throws {
        try writer.write { db in try Self.setLastSync(db, key, time) }
    }

    private static func setLastSync(_ db: Database, _ key: SigningPublicKey, _ time: Int64) throws {
        try db.execute(sql: "UPDATE peer SET last_sync_at = ? WHERE node_key = ?", arguments: [time, Data(key.bytes)])
    }

    static func setCursor(_ db: Database, column: String, peer: SigningPublicKey, cursor: SyncCursor) throws {
        // `column` is one of two literals chosen in this file, never input.
        try db.execute(
            sql: "UPDATE peer SET \(column) = ? WHERE node_key = ?",
            arguments: [Data(cursor.serialized()), Data(peer.bytes)]
        )
    }

    private static func grant(_ db: Database, _ scopes: [Scope], to key: SigningPublicKey) throws {
        let granted = Set(
            try String.fetchAll(
                db,
                sql: "SELECT scope FROM peer_grant WHERE node_key = ?",
                arguments: [Data(key.bytes)]
            )
        )
        let fresh = Set(scopes.map(\.description)).subtracting(granted)
        guard !fresh.isEmpty else { return }
        // Epochs come from one node-wide counter, never reused: a peer removed and added again
        // gets epochs above any its old cursor holds, so its new grants are backfilled too.
        let epoch = Int64(try Self.counter(db, "grant_epoch") + 1)
        try Self.setCounter(db, "grant_epoch", UInt64(epoch))
        try db.execute(sql: "UPDATE peer SET grant_epoch = ? WHERE node_key = ?", arguments: [epoch, Data(key.bytes)])
        guard db.changesCount == 1 else {
            throw StoreError(.notFound, "no peer \(key.hex.prefix(12)) to grant scopes to")
        }
        for scope in fresh.sorted() {
            try db.execute(
                sql: "INSERT INTO peer_grant (node_key, scope, epoch) VALUES (?, ?, ?)",
                arguments: [Data(key.bytes), scope, epoch]
            )
        }
    }

    private static func peer(_ db: Database, _ key: SigningPublicKey) throws -> PeerRecord? {
        try PeerRow.fetchOne(db, key: Data(key.bytes)).map { try $0.peerRecord(grants: grants(db, $0.nodeKey)) }
    }

    /// The scopes granted to a peer, each with the grant epoch it was granted in. A scope that
    /// does not parse is damage, reported rather than silently dropped.
    static func grants(_ db: Database, _ key: Data) throws -> [Scope: UInt64] {
        var grants = [Scope: UInt64]()
        for row in try PeerGrantRow.filter(Column("node_key") == key).fetchAll(db) {
            guard let scope = try? Scope(parsing: row.scope) else {
                throw StoreError(.damagedData, "the peer_grant table holds an invalid scope '\(row.scope.prefix(80))'")
            }
            grants[scope] = try UInt64(stored: row.epoch, "grant epoch")
        }
        return grants
    }

    // MARK: Invites

    /// Remembers an invite by the hash of its secret (the secret itself is only in the token).
    public func addInvite(secretHash: [UInt8], scopes: [Scope], expiresAt: Int64) throws {
        try writer.write { db in
            try db.execute(
                sql: "INSERT INTO peer_invite (secret_hash, scopes, expires_at) VALUES (?, ?, ?)",
                arguments: [Data(secretHash), scopes.map(\.description).joined(separator: " "), expiresAt]
            )
        }
    }

    /// Uses up an invite and makes `peer` a peer with the invite's scopes, in one transaction;
    /// returns the scopes, or `nil` if the invite is unknown, used or expired.
    public func redeemInvite(secretHash: [UInt8], now: Int64, peer: PeerRecord) throws -> [Scope]? {
        try writer.write { db in
            try db.execute(sql: "DELETE FROM peer_invite WHERE expires_at <= ?", arguments: [now])
            guard
                let text = try String.fetchOne(
                    db,
                    sql: "SELECT scopes FROM peer_invite WHERE secret_hash = ?",
                    arguments: [Data(secretHash)]
                )
            else { return nil }
            try db.execute(sql: "DELETE FROM peer_invite WHERE secret_hash = ?", arguments: [Data(secretHash)])
            let scopes = text.split(separator: " ").compactMap { try? Scope(parsing: String($0)) }
            var name = peer.name
            var suffix = 2
            while try Bool.fetchOne(
                db,
                sql: "SELECT 1 FROM peer WHERE name = ? AND node_key != ?",
                arguments: [name, Data(peer.nodeKey.bytes)]
            ) ?? false {
                name = "\(peer.name)-\(suffix)"
                suffix += 1
            }
            try db.execute(
                sql: """
                    INSERT INTO peer (node_key, name, added_at) VALUES (?, ?, ?)
                    ON CONFLICT (node_key) DO NOTHING
                    """,
                arguments: [Data(peer.nodeKey.bytes), name, peer.addedAt]
            )
            try Self.grant(db, scopes, to: peer.nodeKey)
            return scopes
        }
    }
}
