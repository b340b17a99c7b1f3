import NollySync

extension Int64 {
    /// `value` as SQLite stores it: exactly, or an error naming `what`. ``ChangeValidator``
    /// keeps replicated integers below 2^63, so this only fails on a bug, never by trapping.
    init(storing value: UInt64, _ what: @autoclosure () -> String) throws(StoreError) {
        guard let exact = Int64(exactly: value) else {
            throw StoreError(.outOfRange, "\(what()) \(value) does not fit the store's 64-bit signed integers")
        }
        self = exact
    }
}

extension UInt64 {
    /// A stored integer read back: exactly, or an error naming `what` (a damaged database).
    init(stored value: Int64, _ what: @autoclosure () -> String) throws(StoreError) {
        guard let exact = UInt64(exactly: value) else {
            throw StoreError(.damagedData, "\(what()) \(value) in the database is negative: is the file damaged?")
        }
        self = exact
    }
}
