import Foundation
import NollyCrypto
import NollyModel
import NollyRandom
import NollyStore
import NollySync
import Testing

@testable import NollyNode

@Suite("Bundles and the store")
struct BundleTests {
    /// A node with three profile changes by one user, exported to a bundle.
    func exportedNode(_ directory: TemporaryDirectory) throws -> (Node, Author, URL) {
        let node = try directory.node("origin")
        let ada = try node.users.add(name: "ada", roles: [.actor])
        try node.rows.edit(.profile, RowID(ada.key.bytes), [.assign("city", .text("Calabar"))], by: ada)
        try node.rows.edit(.profile, RowID(ada.key.bytes), [.assign("headline", .text("Voice artist"))], by: ada)
        let bundle = directory.url.appendingPathComponent("origin.bundle")
        #expect(try node.replication.exportBundle(to: bundle, for: nil, scopes: nil) == 3)
        return (node, ada, bundle)
    }

    @Test("A bundle imports, and again as duplicates; a delta bundle holds only what the peer lacks")
    func roundTrip() throws {
        let directory = try TemporaryDirectory()
        defer { withExtendedLifetime(directory) {} }
        let (origin, ada, bundle) = try exportedNode(directory)
        let peer = try directory.node("peer")
        let first = try peer.replication.importBundle(from: bundle)
        #expect(first.applied == 3 && first.duplicates == 0 && first.rejected.isEmpty && first.problem == nil)
        let second = try peer.replication.importBundle(from: bundle)
        #expect(second.applied == 0 && second.duplicates == 3)
        #expect(try peer.replication.canonicalExport() == origin.replication.canonicalExport())
        try origin.rows.edit(.profile, RowID(ada.key.bytes), [.add("skills", .text("singing"))], by: ada)
        let delta = directory.url.appendingPathComponent("delta.bundle")
        #expect(try origin.replication.exportBundle(to: delta, for: try peer.store.seenVector(), scopes: nil) == 1)
        #expect(try peer.replication.importBundle(from: delta).applied == 1)
        #expect(try peer.replication.stateDigest() == origin.replication.stateDigest())
    }

    @Test("A flipped byte inside one change rejects that change and applies nothing of it")
    func flippedByte() throws {
        let directory = try TemporaryDirectory()
        defer { withExtendedLifetime(directory) {} }
        let (origin, _, bundle) = try exportedNode(directory)
        let changes = try origin.replication.changes(notCoveredBy: nil)
        var data = [UInt8](try Data(contentsOf: bundle))
        // Find the second change's signed bytes in the file and flip one byte of the city value.
        let body = changes[1].body
        let start = try #require(data.indices.first { data[$0..<min(data.count, $0 + body.count)].elementsEqual(body) })
        let city = try #require(body.indices.last { body[$0] == UInt8(ascii: "C") })
        data[start + city] ^= 0x20
        try Data(data).write(to: bundle)
        let peer = try directory.node("peer")
        let summary = try peer.replication.importBundle(from: bundle)
        #expect(summary.applied == 2)
        #expect(summary.rejected.count == 1 && summary.rejected[0].reason.contains("bad signature"))
        let export = try peer.replication.canonicalExport()
        #expect(!export.contains("Calabar") && !export.contains("calabar"))
        #expect(export.contains("Voice artist"))
    }

    @Test("A truncated bundle keeps every whole change before the cut and says where it stopped")
    func truncated() throws {
        let directory = try TemporaryDirectory()
        defer { withExtendedLifetime(directory) {} }
        let (_, _, bundle) = try exportedNode(directory)
        let data = try Data(contentsOf: bundle)
        try data.prefix(data.count - 20).write(to: bundle)
        let summary = try directory.node("peer").replication.importBundle(from: bundle)
        #expect(summary.applied == 2)
        #expect(summary.problem?.contains("truncated") == true)
    }

    @Test("A bundle cut exactly between records is reported incomplete, by its header's count")
    func cutBetweenRecords() throws {
        let directory = try TemporaryDirectory()
        defer { withExtendedLifetime(directory) {} }
        let (node, _, bundle) = try exportedNode(directory)
        let last = try #require(try node.replication.changes(notCoveredBy: nil).last).serialized()
        let data = try Data(contentsOf: bundle)
        // The last record is its varint length and its bytes.
        let lengthBytes = last.count < 128 ? 1 : last.count < 16_384 ? 2 : 3
        try data.prefix(data.count - last.count - lengthBytes).write(to: bundle)
        let summary = try directory.node("peer").replication.importBundle(from: bundle)
        #expect(summary.applied == 2)
        #expect(summary.problem?.contains("incomplete") == true)
    }

    @Test(
        "Files that are not bundles get a clear error",
        arguments: [Data(), Data("hello world".utf8), Data("NOLLYCB1".utf8)]
    )
    func notABundle(contents: Data) throws {
        let directory = try TemporaryDirectory()
        defer { withExtendedLifetime(directory) {} }
        let file = directory.url.appendingPathComponent("junk")
        try contents.write(to: file)
        let peer = try directory.node("peer")
        #expect(throws: (any Error).self) { try peer.replication.importBundle(from: file) }
        #expect(try peer.store.counts().loggedChanges == 0)
    }

    @Test("Migrations run on an empty database, by name, and are idempotent")
    func migrations() throws {
        let names = [
            "v1 change log", "v1 replicated state", "v1 local node", "v2 federation", "v3 trust", "v4 rejection codes",
        ]
        #expect(try ReplicaStore().appliedMigrations() == names)
        let directory = try TemporaryDirectory()
        defer { withExtendedLifetime(directory) {} }
        let path = directory.url.appendingPathComponent("node.db").path
        _ = try ReplicaStore(path: path)
        #expect(try ReplicaStore(path: path).appliedMigrations() == names)
    }

    @Test("Keys sealed with a passphrase need it; files are private to the owner")
    func sealedKeys() throws {
        let directory = try TemporaryDirectory()
        defer { withExtendedLifetime(directory) {} }
        let data = DataDirectory(url: directory.url.appendingPathComponent("sealed"))
        let phrase = PassphraseSource { _ in "nollywood" }
        let node = try Node.initialize(at: data, passphrase: phrase)
        let ada = try node.users.add(name: "ada", roles: [.actor])
        let attributes = try FileManager.default.attributesOfItem(atPath: data.keyFile(ada.key.hex).path)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        let text = try String(contentsOf: data.keyFile(ada.key.hex), encoding: .utf8)
        #expect(text.contains("argon2id") && !text.contains("\"seed\""))
        #expect(try Node.open(at: data, passphrase: phrase).users.author("ada").key == ada.key)
        #expect(throws: NodeError.self) { try Node.open(at: data, passphrase: .none).users.author("ada") }
        #expect(throws: NodeError.self) {
            try Node.open(at: data, passphrase: PassphraseSource { _ in "wrong" }).users.author("ada")
        }
    }
}

@Suite("Store merge order")
struct StoreMergeOrderTests {
    /// The store's upsert must keep exactly the value whose FieldVersion is greatest.
    @Test("assignIfNewer keeps the FieldVersion maximum, whatever the arrival order", arguments: [UInt64(7), 42, 2026])
    func upsertMatchesFieldVersion(seed: UInt64) throws {
        var random = SplitMix64(seed: seed)
        let directory = try TemporaryDirectory()
        defer { withExtendedLifetime(directory) {} }
        let node = try directory.node("order")
        let authors = try (0..<3).map { _ in try Identity.generate() }
        let owner = authors[0]
        // Edits by the owner only (so every change is authorized), with colliding clocks.
        var sequence: UInt64 = 0
        var offered = [(FieldVersion, String)]()
        for round in 0..<40 {
            sequence += 1
            let length = [UInt64(1), 3][Int(random.next() % 2)]
            let hlc = HLC(milliseconds: 1_700_000_000_000 + random.next() % 4, counter: UInt16(random.next() % 3))
            let city = "city \(round)"
            offered.append((FieldVersion(causalLength: length, hlc: hlc, author: owner.publicKey.bytes), city))
            let change = signedChange(
                by: owner,
                seq: sequence,
                at: hlc,
                [
                    RowOps(
                        entity: .profile,
                        row: RowID(owner.publicKey.bytes),
                        causalLength: length,
                        ops: [FieldOp("city", .assign(.text(city)))]
                    )
                ]
            )
            _ = try node.replication.receive([change], fromBundle: true)
        }
        // Equal versions (colliding clocks, one author) are ordered by the encoded value.
        let winner = offered.max { lower, higher in
            RegisterMerge.lastWriterWins.prefers(
                (ChangeCodec.encode(.text(higher.1)), higher.0),
                over: (ChangeCodec.encode(.text(lower.1)), lower.0)
            )
        }!
        let stored = try node.store.snapshot(.profile, RowID(owner.publicKey.bytes))
        #expect(stored?.text("city") == winner.1, "seed \(seed)")
    }
}
