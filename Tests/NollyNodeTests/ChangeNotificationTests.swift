import Foundation
import GRDB
import NollyCrypto
import NollyModel
import NollyStore
import NollySync
import Synchronization
import Testing

@testable import NollyNode

/// A derived table for the tests: how many times each row was touched, rebuilt from row_state.
struct TouchCounts: DerivedTable {
    let failing: @Sendable () -> Bool
    var name: String { "touch_counts" }
    var version: Int { 1 }

    func migrate(_ db: Database) throws {
        try db.execute(
            sql:
                "CREATE TABLE IF NOT EXISTS touch_counts (entity TEXT, row BLOB, touches INTEGER, PRIMARY KEY (entity, row))"
        )
    }

    func rebuild(_ db: Database) throws {
        try db.execute(sql: "DELETE FROM touch_counts")
        try db.execute(sql: "INSERT INTO touch_counts SELECT entity, row, 1 FROM row_state")
    }

    func update(for changes: CommittedChanges, in db: Database) throws {
        if failing() { throw StoreError(.damagedData, "the derived table refused") }
        for touched in changes.rows {
            try db.execute(
                sql: """
                    INSERT INTO touch_counts VALUES (?, ?, 1)
                    ON CONFLICT (entity, row) DO UPDATE SET touches = touches + 1
                    """,
                arguments: [touched.entity.rawValue, Data(touched.row.bytes)]
            )
        }
    }

    /// How many times the user row `row` was touched.
    static func touches(_ node: Node, _ row: RowID) throws -> Int {
        try node.store.readDerived { db in
            try Int.fetchOne(
                db,
                sql: "SELECT touches FROM touch_counts WHERE entity = ? AND row = ?",
                arguments: [EntityKind.user.rawValue, Data(row.bytes)]
            )
        } ?? 0
    }
}

@Suite("Change notifications and derived tables")
struct ChangeNotificationTests {
    @Test("Each committed transaction is published once, with its rows, change ids and origin")
    func published() async throws {
        let directory = try TemporaryDirectory()
        defer { withExtendedLifetime(directory) {} }
        let origin = try directory.node("origin")
        let peer = try directory.node("peer")
        var updates = peer.changes().makeAsyncIterator()
        let ada = try origin.users.add(name: "ada", roles: [.actor])
        try origin.rows.edit(.profile, RowID(ada.key.bytes), [.assign("city", .text("Calabar"))], by: ada)
        let bundle = directory.url.appendingPathComponent("origin.bundle")
        let exported = try origin.replication.exportBundle(to: bundle, for: nil, scopes: nil)
        let imported = try peer.replication.importBundle(from: bundle)
        let first = try #require(await updates.next())
        #expect(first.origin == .unattributed)
        #expect(first.changes.count == imported.applied && imported.applied == exported)
        #expect(first.rows.contains(TouchedRow(entity: .profile, row: RowID(ada.key.bytes), scope: .public)))
        #expect(Set(first.rows).count == first.rows.count, "each row is named once")

        // A local edit refused by the write path rolls back and publishes nothing; the next
        // element is the next committed transaction.
        let bola = try peer.users.add(name: "bola", roles: [.actor])
        let afterUser = try #require(await updates.next())
        #expect(afterUser.origin == .local)
        #expect(throws: StoreError.self) {
            try peer.rows.edit(.profile, RowID(ada.key.bytes), [.assign("city", .text("Lagos"))], by: bola)
        }
        try peer.rows.edit(.profile, RowID(bola.key.bytes), [.assign("city", .text("Enugu"))], by: bola)
        let edit = try #require(await updates.next())
        #expect(edit.origin == .local && edit.changes.count == 1)
        #expect(edit.rows == [TouchedRow(entity: .profile, row: RowID(bola.key.bytes), scope: .public)])
    }

    @Test("A derived table is rebuilt at registration, updated in the applying transaction, and rolled back with it")
    func derivedTable() throws {
        let directory = try TemporaryDirectory()
        defer { withExtendedLifetime(directory) {} }
        let node = try directory.node("node")
        let ada = try node.users.add(name: "ada", roles: [.actor])
        let user = RowID(ada.key.bytes)
        let failing = Mutex(false)
        try node.register(TouchCounts(failing: { failing.withLock { $0 } }))
        #expect(try TouchCounts.touches(node, user) == 1, "rebuilt from the rows already there")
        try node.rows.edit(.user, user, [.assign("display_name", .text("Ada O."))], by: ada)
        #expect(try TouchCounts.touches(node, user) == 2)

        failing.withLock { $0 = true }
        let before = try node.replication.canonicalExport()
        #expect(throws: StoreError.self) {
            try node.rows.edit(.user, user, [.assign("display_name", .text("Ada Okoro"))], by: ada)
        }
        #expect(try node.replication.canonicalExport() == before, "the rows roll back with the derived table")
        failing.withLock { $0 = false }
        #expect(try TouchCounts.touches(node, user) == 2)
    }
}
