import GRDB
import Testing

@testable import NollyStore

/// The hot path's directly bound statements store exactly what GRDB would, and fail like it.
@Suite struct DirectStatementTests {
    private func database() throws -> DatabaseQueue {
        let queue = try DatabaseQueue()
        try queue.write { db in
            try db.execute(sql: "CREATE TABLE t (k TEXT PRIMARY KEY, b BLOB, n INTEGER, o BLOB)")
        }
        return queue
    }

    @Test func emptyValuesStayEmptyAndNeverBecomeNull() throws {
        let queue = try database()
        try queue.write { db in
            let insert = try DirectStatement(db, "INSERT INTO t (k, b, n, o) VALUES (?, ?, ?, ?)")
            try insert.execute {
                $0.text("")
                $0.blob([UInt8]())
                $0.integer(-7)
                $0.blob(nil)
            }
            let row = try #require(try Row.fetchOne(db, sql: "SELECT k, b, n, o, typeof(b) FROM t"))
            #expect(row[0] as String == "")
            #expect(row[4] as String == "blob")
            #expect(row[2] as Int64 == -7)
            #expect(row[3] as DatabaseValue == .null)
        }
    }

    @Test func textAndBytesRoundTripExactly() throws {
        let queue = try database()
        try queue.write { db in
            let insert = try DirectStatement(db, "INSERT INTO t (k, b, n) VALUES (?, ?, ?)")
            let name = "Adébáyọ̀ \u{0} after a NUL"
            let bytes = (0..<300).map { UInt8($0 % 256) }
            try insert.execute {
                $0.text(name)
                $0.blob(bytes)
                $0.integer(.max)
            }
            let select = try DirectStatement(db, "SELECT b, n FROM t WHERE k = ?")
            let found = try select.first({ $0.text(name) }, read: { ($0.blob(0), $0.integer(1)) })
            #expect(found?.0 == bytes)
            #expect(found?.1 == .max)
            #expect(try select.first({ $0.text("nobody") }, read: { $0.integer(1) }) == nil)
        }
    }

    @Test func aFailedStatementThrowsAndCanRunAgain() throws {
        let queue = try database()
        try queue.write { db in
            let insert = try DirectStatement(db, "INSERT INTO t (k) VALUES (?)")
            try insert.execute { $0.text("one") }
            let error = try #require(throws: DatabaseError.self) { try insert.execute { $0.text("one") } }
            #expect(error.resultCode == .SQLITE_CONSTRAINT)
            try insert.execute { $0.text("two") }
            #expect(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM t") == 2)
        }
    }

    @Test func aStatementThatDoesNotCompileIsADatabaseError() throws {
        let queue = try database()
        let error = try queue.read { db in
            #expect(throws: DatabaseError.self) { try DirectStatement(db, "SELECT nothing FROM nowhere") }
        }
        #expect(error?.resultCode == .SQLITE_ERROR)
    }
}
