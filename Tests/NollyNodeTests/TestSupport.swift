import Foundation
import NollyCrypto
import NollyModel
import NollyStore
import NollySync

@testable import NollyNode

/// A temporary directory removed when the value is released.
final class TemporaryDirectory {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("nollycrew-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    /// A new node in a subdirectory, with its clock offset from real time.
    func node(_ name: String, clockOffset: TimeInterval = 0, admins: [SigningPublicKey] = []) throws -> Node {
        let node = try Node.initialize(
            at: DataDirectory(url: url.appendingPathComponent(name)),
            now: { Date().addingTimeInterval(clockOffset) }
        )
        for admin in admins { try node.users.trustAdmin(admin) }
        return node
    }
}

/// Builds and signs a change directly, bypassing the workflows (for authorization tests).
func signedChange(
    by identity: Identity,
    seq: UInt64 = 1,
    at hlc: HLC = HLC(milliseconds: UInt64(Date().timeIntervalSince1970 * 1000), counter: 0),
    schemaVersion: UInt32 = Change.currentSchemaVersion,
    _ rows: [RowOps]
) -> SignedChange {
    SignedChange(
        signing: Change(schemaVersion: schemaVersion, author: identity.publicKey, seq: seq, hlc: hlc, rows: rows),
        with: identity.signingKey
    )
}

extension Node {
    /// Delivers every change of `other` this node lacks.
    func pullAll(from other: Node) throws {
        _ = try replication.receive(
            try other.replication.changes(notCoveredBy: try store.seenVector()),
            fromBundle: true
        )
    }
}
