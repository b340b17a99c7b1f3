import GRDB
import GRDBSQLite

/// A prepared statement for the merge's hot path, whose parameters are bound straight from Swift
/// values: no `StatementArguments`, no `DatabaseValue` boxes and no `Data` copies, which were a
/// third of the importer's time (perf, issue 10). Only plain DML runs this way, inside the
/// transaction GRDB opened; the statement is reset after each use, so it never holds a read
/// open or keeps a reference to a binding.
struct DirectStatement {
    private let statement: Statement
    private let db: Database

    /// Prepares `sql` on `db` (once per transaction: ``SQLiteReplicaTransaction`` keeps them).
    init(_ db: Database, _ sql: String) throws {
        self.db = db
        statement = try db.makeStatement(sql: sql)
    }

    /// Binds the parameters in order, then runs the statement to completion.
    func execute(_ bind: (inout Parameters) -> Void) throws {
        try run(bind) { _ in () }
    }

    /// Binds the parameters, steps once and reads the first row with `read`; nil when there is
    /// no row.
    func first<T>(_ bind: (inout Parameters) -> Void, read: (Columns) throws -> T) throws -> T? {
        try run(bind, read: read)
    }

    private func run<T>(_ bind: (inout Parameters) -> Void, read: (Columns) throws -> T) throws -> T? {
        let handle = statement.sqliteStatement
        defer { sqlite3_reset(handle) }
        var parameters = Parameters(handle: handle)
        bind(&parameters)
        guard parameters.failure == SQLITE_OK else { throw failure(parameters.failure) }
        switch sqlite3_step(handle) {
        case SQLITE_ROW:
            let value = try read(Columns(handle: handle))
            // Runs the rest, so a statement with side effects after its first row completes.
            var code = sqlite3_step(handle)
            while code == SQLITE_ROW { code = sqlite3_step(handle) }
            guard code == SQLITE_DONE else { throw failure(code) }
            return value
        case SQLITE_DONE:
            return nil
        case let code:
            throw failure(code)
        }
    }

    private func failure(_ code: CInt) -> DatabaseError {
        DatabaseError(resultCode: ResultCode(rawValue: code), message: db.lastErrorMessage, sql: statement.sql)
    }

    /// The parameters of one execution, bound in order (`?1`, `?2`, …). SQLite copies each
    /// value (`SQLITE_TRANSIENT`), so nothing has to outlive the call.
    struct Parameters {
        fileprivate let handle: SQLiteStatement
        fileprivate var index: CInt = 0
        fileprivate var failure: CInt = SQLITE_OK

        fileprivate init(handle: SQLiteStatement) { self.handle = handle }

        mutating func blob(_ bytes: [UInt8]) {
            index += 1
            let code =
                bytes.isEmpty
                ? sqlite3_bind_zeroblob(handle, index, 0)
                : bytes.withUnsafeBytes {
                    sqlite3_bind_blob(handle, index, $0.baseAddress, CInt($0.count), transient)
                }
            record(code)
        }

        mutating func blob(_ bytes: [UInt8]?) {
            if let bytes { blob(bytes) } else { null() }
        }

        mutating func text(_ string: String) {
            index += 1
            var string = string
            let code = string.withUTF8 { utf8 in
                // An empty buffer may have no address, which SQLite would read as NULL.
                utf8.isEmpty
                    ? sqlite3_bind_text(handle, index, "", 0, transient)
                    : sqlite3_bind_text(handle, index, utf8.baseAddress, CInt(utf8.count), transient)
            }
            record(code)
        }

        mutating func integer(_ value: Int64) {
            index += 1
            record(sqlite3_bind_int64(handle, index, value))
        }

        mutating func null() {
            index += 1
            record(sqlite3_bind_null(handle, index))
        }

        private mutating func record(_ code: CInt) {
            if code != SQLITE_OK && failure == SQLITE_OK { failure = code }
        }
    }

    /// The columns of the current row.
    struct Columns {
        fileprivate let handle: SQLiteStatement

        func integer(_ column: CInt) -> Int64 { sqlite3_column_int64(handle, column) }

        /// The column's bytes; empty for an empty blob or NULL.
        func blob(_ column: CInt) -> [UInt8] {
            // The pointer first, then the size, as SQLite's documentation asks.
            guard let start = sqlite3_column_blob(handle, column) else { return [] }
            return Array(UnsafeRawBufferPointer(start: start, count: Int(sqlite3_column_bytes(handle, column))))
        }

        func isNull(_ column: CInt) -> Bool { sqlite3_column_type(handle, column) == SQLITE_NULL }
    }
}

/// SQLite's "copy the value now" destructor.
private let transient = unsafeBitCast(OpaquePointer(bitPattern: -1), to: sqlite3_destructor_type.self)
