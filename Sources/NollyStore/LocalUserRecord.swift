public import Foundation
public import GRDB
public import NollyCrypto

/// A user whose secret key lives on this node (table `local_user`, not replicated).
public struct LocalUserRecord: Codable, FetchableRecord, PersistableRecord, Sendable, Equatable {
    public static let databaseTableName = "local_user"

    public enum Columns {
        static let publicKey = Column(CodingKeys.publicKey)
        static let name = Column(CodingKeys.name)
        static let createdAt = Column(CodingKeys.createdAt)
    }

    public var publicKey: Data
    public var name: String
    /// Milliseconds since 1970 UTC.
    public var createdAt: Int64

    enum CodingKeys: String, CodingKey {
        case publicKey = "public_key"
        case name
        case createdAt = "created_at"
    }

    public init(publicKey: SigningPublicKey, name: String, createdAt: Int64) {
        self.publicKey = Data(publicKey.bytes)
        self.name = name
        self.createdAt = createdAt
    }

    public var key: SigningPublicKey { try! SigningPublicKey(bytes: Array(publicKey)) }
}

extension ReplicaStore {
    /// Local users, oldest first.
    public func localUsers() throws -> [LocalUserRecord] {
        try writer.read { db in
            try LocalUserRecord.order(LocalUserRecord.Columns.createdAt, LocalUserRecord.Columns.name).fetchAll(db)
        }
    }

    /// Records a local user; fails with a clear message when the name is taken.
    public func addLocalUser(_ user: LocalUserRecord) throws(StoreError) {
        do {
            try writer.write { db in
                if try LocalUserRecord.filter(LocalUserRecord.Columns.name.collating(.nocase) == user.name).fetchCount(
                    db
                ) > 0 {
                    throw StoreError(.nameTaken, "a local user named '\(user.name)' already exists")
                }
                try user.insert(db)
            }
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError(.databaseUnavailable, "cannot record user: \(error)")
        }
    }
}
