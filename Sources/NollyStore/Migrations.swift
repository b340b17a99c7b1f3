import GRDB

/// The database schema, as named migrations. A migration that has shipped is never edited:
/// schema changes are new migrations appended here.
enum Migrations {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1 change log") { db in
            try db.create(table: "change_log") { t in
                t.autoIncrementedPrimaryKey("position")
                t.column("id", .blob).notNull().unique()
                t.column("author", .blob).notNull()
                t.column("author_seq", .integer).notNull()
                t.column("hlc", .integer).notNull()
                t.column("body", .blob).notNull()
                t.column("signature", .blob).notNull()
                t.column("received_at", .integer).notNull()
            }
            try db.create(index: "change_log_by_author", on: "change_log", columns: ["author", "author_seq"])
            try db.create(table: "rejection") { t in
                t.primaryKey("id", .blob)
                t.column("author", .blob)
                t.column("reason", .text).notNull()
                t.column("body", .blob).notNull()
                t.column("signature", .blob).notNull()
                t.column("awaiting", .blob)
                t.column("rejected_at", .integer).notNull()
            }
            try db.create(index: "rejection_by_awaiting", on: "rejection", columns: ["awaiting"])
        }
        migrator.registerMigration("v1 replicated state") { db in
            try db.create(table: "row_state", options: .withoutRowID) { t in
                t.column("entity", .text).notNull()
                t.column("row", .blob).notNull()
                t.column("causal_length", .integer).notNull()
                t.column("scope", .text).notNull()
                t.primaryKey(["entity", "row"])
            }
            try db.create(table: "field_state", options: .withoutRowID) { t in
                t.column("entity", .text).notNull()
                t.column("row", .blob).notNull()
                t.column("field", .text).notNull()
                t.column("value", .blob).notNull()
                t.column("causal_length", .integer).notNull()
                t.column("hlc", .integer).notNull()
                t.column("author", .blob).notNull()
                t.primaryKey(["entity", "row", "field"])
            }
            try db.create(table: "set_element", options: .withoutRowID) { t in
                t.column("change", .blob).notNull()
                t.column("op", .integer).notNull()
                t.column("entity", .text).notNull()
                t.column("row", .blob).notNull()
                t.column("field", .text).notNull()
                t.column("element", .blob).notNull()
                t.column("causal_length", .integer).notNull()
                t.primaryKey(["change", "op"])
            }
            try db.create(
                index: "set_element_by_field",
                on: "set_element",
                columns: ["entity", "row", "field", "element"]
            )
            try db.create(table: "set_tombstone", options: .withoutRowID) { t in
                t.column("entity", .text).notNull()
                t.column("row", .blob).notNull()
                t.column("field", .text).notNull()
                t.column("change", .blob).notNull()
                t.column("op", .integer).notNull()
                t.primaryKey(["entity", "row", "field", "change", "op"])
            }
        }
        migrator.registerMigration("v1 local node") { db in
            try db.create(table: "node_meta", options: .withoutRowID) { t in
                t.primaryKey("key", .text)
                t.column("value", .blob).notNull()
            }
            try db.create(table: "local_user") { t in
                t.primaryKey("public_key", .blob)
                t.column("name", .text).notNull().unique(onConflict: .abort).collate(.nocase)
                t.column("created_at", .integer).notNull()
            }
            try db.create(table: "trusted_admin", options: .withoutRowID) { t in
                t.primaryKey("public_key", .blob)
            }
        }
        migrator.registerMigration("v2 federation") { db in
            // Scopes of a change's rows (space-separated) and the peer that delivered it, so pages
            // for a peer filter without decoding and never echo a peer's own changes back.
            try db.alter(table: "change_log") { t in
                t.add(column: "scopes", .text)
                t.add(column: "origin", .blob)
            }
            try db.create(table: "peer") { t in
                t.primaryKey("node_key", .blob)
                t.column("name", .text).notNull().unique(onConflict: .abort).collate(.nocase)
                t.column("url", .text)
                t.column("fingerprint", .blob)
                t.column("granted_to_us", .text).notNull().defaults(to: "")
                t.column("pull_cursor", .blob)
                t.column("push_cursor", .blob)
                t.column("grant_epoch", .integer).notNull().defaults(to: 0)
                t.column("added_at", .integer).notNull()
                t.column("last_sync_at", .integer)
            }
            try db.create(table: "peer_grant", options: .withoutRowID) { t in
                t.column("node_key", .blob).notNull().references("peer", onDelete: .cascade)
                t.column("scope", .text).notNull()
                t.column("epoch", .integer).notNull()
                t.primaryKey(["node_key", "scope"])
            }
            try db.create(table: "peer_invite", options: .withoutRowID) { t in
                t.primaryKey("secret_hash", .blob)
                t.column("scopes", .text).notNull()
                t.column("expires_at", .integer).notNull()
            }
        }
        migrator.registerMigration("v3 trust") { db in
            // What a rejected change waits for: a row at a causal length (representation grants
            // included), or this node's clock reaching the change's clock.
            try db.alter(table: "rejection") { t in
                t.add(column: "awaiting_entity", .text)
                t.add(column: "awaiting_length", .integer)
                t.add(column: "awaiting_clock", .integer)
                // The peer that delivered it (NULL: local, or a bundle), for the per-peer cap.
                t.add(column: "peer", .blob)
            }
            try db.create(index: "rejection_by_peer", on: "rejection", columns: ["peer"])
            try db.execute(
                sql: """
                    UPDATE rejection SET awaiting_entity = 'representation', awaiting_length = 1
                    WHERE awaiting IS NOT NULL
                    """
            )
            try db.execute(
                sql: "CREATE INDEX rejection_by_clock ON rejection (awaiting_clock) WHERE awaiting_clock IS NOT NULL"
            )
            // A removal's tombstones name the element they remove: a tag of another element is
            // never removed (authorization checked the element named). NULL in older rows.
            try db.alter(table: "set_tombstone") { t in t.add(column: "element", .blob) }
        }
        migrator.registerMigration("v4 rejection codes") { db in
            // The stable code of each rejection (RejectionCode); NULL in rows kept before codes.
            try db.alter(table: "rejection") { t in t.add(column: "code", .text) }
        }
        return migrator
    }
}
