import NollyValues

/// Checks, in one pass over the bytes and without allocating, that a change's protobuf bytes
/// are the one encoding SwiftProtobuf writes for their contents (PROTOCOL.md, "Canonical
/// encoding"): known fields only, in field-number order, each once (repeated fields together),
/// at most one member of a oneof, shortest varints, implicit-presence scalars omitted when zero
/// or empty, booleans 0 or 1, `uint32` values within 32 bits. Decoding then re-encoding gives the
/// same verdict (the fuzz harness compares the two); this is the fast path.
enum CanonicalForm {
    /// How a field is written.
    enum FieldType: Equatable {
        case uint32, uint64, sint64, bool, bytes
        /// A nested message, by its index in ``messages``.
        case message(Int)
    }

    /// When a field is written.
    enum Presence: Equatable {
        /// A scalar omitted when zero or empty.
        case implicit
        /// A member of the oneof with this number: written whenever set, even when zero.
        case oneof(Int)
        /// A singular message: written when set.
        case explicit
        case repeated
    }

    struct Field {
        let number: UInt64
        let type: FieldType
        let presence: Presence
    }

    static let change = 0
    /// The messages of a change, in the order of nollycrew.proto: Change, RowOps, FieldOp, Value,
    /// Money, Removal, Tag.
    static let messages: [[Field]] = [
        [
            Field(number: 1, type: .uint32, presence: .implicit), Field(number: 2, type: .bytes, presence: .implicit),
            Field(number: 3, type: .uint64, presence: .implicit), Field(number: 4, type: .uint64, presence: .implicit),
            Field(number: 5, type: .message(1), presence: .repeated),
        ],
        [
            Field(number: 1, type: .bytes, presence: .implicit), Field(number: 2, type: .bytes, presence: .implicit),
            Field(number: 3, type: .uint64, presence: .implicit),
            Field(number: 4, type: .message(2), presence: .repeated),
        ],
        [
            Field(number: 1, type: .bytes, presence: .implicit),
            Field(number: 2, type: .message(3), presence: .oneof(1)),
            Field(number: 3, type: .message(3), presence: .oneof(1)),
            Field(number: 4, type: .message(5), presence: .oneof(1)),
        ],
        [
            Field(number: 1, type: .bytes, presence: .oneof(1)), Field(number: 2, type: .sint64, presence: .oneof(1)),
            Field(number: 3, type: .bool, presence: .oneof(1)), Field(number: 4, type: .bytes, presence: .oneof(1)),
            Field(number: 5, type: .message(4), presence: .oneof(1)),
        ],
        [Field(number: 1, type: .sint64, presence: .implicit), Field(number: 2, type: .bytes, presence: .implicit)],
        [
            Field(number: 1, type: .message(3), presence: .explicit),
            Field(number: 2, type: .message(6), presence: .repeated),
        ],
        [Field(number: 1, type: .bytes, presence: .implicit), Field(number: 2, type: .uint32, presence: .implicit)],
    ]

    /// Whether `body` is the canonical encoding of a `Change`.
    static func isCanonicalChange(_ body: [UInt8]) -> Bool {
        body.withUnsafeBytes { isCanonical($0, message: change, depth: 0) }
    }

    private static func isCanonical(_ bytes: UnsafeRawBufferPointer, message: Int, depth: Int) -> Bool {
        guard depth < 8 else { return false }
        let fields = messages[message]
        var position = 0
        var lastNumber: UInt64 = 0
        var oneofSeen = false
        while position < bytes.count {
            guard let tag = readVarint(bytes, &position) else { return false }
            let number = tag >> 3
            let wireType = tag & 7
            guard let field = fields.first(where: { $0.number == number }) else { return false }
            if number < lastNumber || (number == lastNumber && field.presence != .repeated) { return false }
            if case .oneof = field.presence {
                if oneofSeen { return false }
                oneofSeen = true
            }
            lastNumber = number
            switch field.type {
            case .uint32, .uint64, .sint64, .bool:
                guard wireType == 0, let value = readVarint(bytes, &position) else { return false }
                if field.presence == .implicit && value == 0 { return false }
                if field.type == .uint32 && value > UInt64(UInt32.max) { return false }
                if field.type == .bool && value > 1 { return false }
            case .bytes, .message:
                guard wireType == 2, let length = readVarint(bytes, &position), length <= UInt64(bytes.count - position)
                else { return false }
                let end = position + Int(length)
                if case .message(let nested) = field.type {
                    let slice = UnsafeRawBufferPointer(rebasing: bytes[position..<end])
                    guard isCanonical(slice, message: nested, depth: depth + 1) else { return false }
                } else if field.presence == .implicit && length == 0 {
                    return false
                }
                position = end
            }
        }
        return true
    }

    /// A varint in its shortest form (no trailing zero byte), at most 10 bytes and 64 bits.
    private static func readVarint(_ bytes: UnsafeRawBufferPointer, _ position: inout Int) -> UInt64? {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        var count = 0
        while position < bytes.count {
            let byte = bytes[position]
            position += 1
            count += 1
            if count == 10 && byte > 1 { return nil }
            value |= UInt64(byte & 0x7F) << shift
            if byte < 0x80 { return count > 1 && byte == 0 ? nil : value }
            shift += 7
            if count == 10 { return nil }
        }
        return nil
    }
}
