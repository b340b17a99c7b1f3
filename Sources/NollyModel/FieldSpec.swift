public import NollyValues

/// The type of a field's values, checked on every write, local or remote.
public enum FieldType: Sendable, Equatable {
    case text(maxLength: Int)
    case integer(ClosedRange<Int64>)
    case flag
    case money
    /// A calendar date `YYYY-MM-DD` (UTC).
    case date
    /// Milliseconds since 1970 UTC.
    case timestamp
    case oneOf([String])
    /// A 32-byte Ed25519 public key (a user id).
    case userKey
    /// A content hash (BLAKE2b-256) of a media blob.
    case contentHash
}

/// Who may write a field.
public enum WriteRule: Sendable, Equatable {
    /// The row's owner, as encoded in its row id.
    case owner
    /// The owner, or someone the owner granted representation (a manager or agency).
    case ownerOrRepresentative
    /// The owner, except that nobody writes the admin role: who is an administrator is each
    /// node's policy (`nollycrew admin trust`), never replicated state.
    case ownerExceptAdminRole
    /// Application status: the applicant for ``Vocabulary/applicantStatuses``, the job's
    /// producer for ``Vocabulary/producerStatuses``.
    case applicationStatus
}

/// How concurrent writes to a single-valued field merge (Sync/SYNC.md).
public enum RegisterMerge: Sendable, Equatable {
    /// The greatest version wins.
    case lastWriterWins
    /// ``ApplicationStatus``'s state machine: open statuses only move forward, and the first
    /// final status stands.
    case applicationStatus
}

/// One replicated field of an entity.
public struct FieldSpec: Sendable, Equatable {
    public let name: String
    public let type: FieldType
    /// Multi-valued fields are add-wins sets; others are last-writer-wins registers.
    public let isSet: Bool
    public let writers: WriteRule
    /// How concurrent writes merge (single-valued fields only).
    public let merge: RegisterMerge

    public init(
        _ name: String,
        _ type: FieldType,
        set isSet: Bool = false,
        writers: WriteRule = .owner,
        merge: RegisterMerge = .lastWriterWins
    ) {
        self.name = name
        self.type = type
        self.isSet = isSet
        self.writers = writers
        self.merge = merge
    }

    /// Checks that `value` fits this field's type.
    public func validate(_ value: Value) throws(ModelError) {
        switch (type, value) {
        case (.text(let maxLength), .text(let text)):
            guard text.utf8.count <= maxLength else { throw ModelError("\(name) is longer than \(maxLength) bytes") }
            guard !text.unicodeScalars.contains(where: { $0.value < 0x20 && $0 != "\n" && $0 != "\t" }) else {
                throw ModelError("\(name) contains control characters")
            }
        case (.integer(let range), .integer(let number)):
            guard range.contains(number) else {
                throw ModelError("\(name) must be between \(range.lowerBound) and \(range.upperBound), got \(number)")
            }
        case (.flag, .flag), (.money, .money), (.timestamp, .integer):
            break
        case (.date, .text(let text)):
            guard CivilDate(parsing: text) != nil else {
                throw ModelError("\(name) must be a date YYYY-MM-DD, got '\(text)'")
            }
        case (.oneOf(let allowed), .text(let text)):
            guard allowed.contains(text) else {
                throw ModelError("\(name) must be one of \(allowed.joined(separator: ", ")); got '\(text)'")
            }
        case (.userKey, .blob(let bytes)), (.contentHash, .blob(let bytes)):
            guard bytes.count == 32 else { throw ModelError("\(name) must be 32 bytes") }
        default:
            throw ModelError("\(name) has the wrong type of value")
        }
    }
}

extension FieldSpec {
    /// Parses text typed by a person (a CLI flag, a fixture) into a value of this field's type,
    /// then validates it.
    public func parse(_ text: String) throws(ModelError) -> Value {
        let value: Value
        switch type {
        case .text, .date, .oneOf:
            value = .text(text)
        case .integer, .timestamp:
            guard let number = Int64(text) else { throw ModelError("\(name) must be a whole number, got '\(text)'") }
            value = .integer(number)
        case .flag:
            switch text.lowercased() {
            case "true", "yes", "1": value = .flag(true)
            case "false", "no", "0": value = .flag(false)
            default: throw ModelError("\(name) must be true or false, got '\(text)'")
            }
        case .money:
            value = .money(try Money(parsing: text))
        case .userKey, .contentHash:
            guard let bytes = RowID(hex: text)?.bytes, bytes.count == 32 else {
                throw ModelError("\(name) must be 64 hex characters, got '\(text)'")
            }
            value = .blob(bytes)
        }
        try validate(value)
        return value
    }
}
