public import NollyValues

/// The replicated entities. The raw value is the name used on the wire and in the store.
public enum EntityKind: String, CaseIterable, Sendable, Comparable {
    case user, profile, representation, verification, project, script, job, application, shortlist, rating, schedule
    case media

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }

    /// The entity's schema.
    public var schema: EntitySchema { EntitySchema.all[self]! }
}

/// How an entity's row id is laid out. Ownership is part of the id, so authorization never
/// depends on which other changes happened to arrive first.
public enum RowLayout: Sendable, Equatable {
    /// The owner's 32-byte key (users, profiles).
    case ownerKey
    /// Owner key ‖ another user's key: one row per pair (representation grants, ratings).
    case ownerAndUser
    /// Owner key ‖ 8 random bytes (projects, shortlists).
    case ownerAndNonce
    /// Attester key ‖ subject key ‖ 8 random bytes (verification badges).
    case attestation
    /// Project id (40 bytes) ‖ 8 random bytes (scripts, jobs).
    case projectChild
    /// Applicant key ‖ job id (48 bytes).
    case application
    /// Owner key ‖ the BLAKE2b-256 hash of a file (portfolio media).
    case ownerAndContent

    /// Row id length in bytes.
    public var length: Int {
        switch self {
        case .ownerKey: return 32
        case .ownerAndUser, .ownerAndContent: return 64
        case .ownerAndNonce: return 40
        case .projectChild: return 48
        case .application: return 80
        case .attestation: return 72
        }
    }
}

/// Who may create, delete or revive a row.
public enum RowWriters: Sendable, Equatable {
    /// The row's owner creates, deletes and revives it.
    case owner
    /// The owner creates it; it cannot be deleted (representation grants, see SYNC.md).
    case ownerCreateOnly
}

/// The replicated shape of one entity.
public struct EntitySchema: Sendable {
    public let kind: EntityKind
    public let layout: RowLayout
    public let rowWriters: RowWriters
    public let fields: [String: FieldSpec]
    /// The single-valued fields merged by another rule than last-writer-wins (usually none), so
    /// the merge looks a field up only for the entities that have one.
    public let registerRules: [String: RegisterMerge]

    init(_ kind: EntityKind, _ layout: RowLayout, rowWriters: RowWriters = .owner, _ fields: [FieldSpec]) {
        self.kind = kind
        self.layout = layout
        self.rowWriters = rowWriters
        self.fields = Dictionary(uniqueKeysWithValues: fields.map { ($0.name, $0) })
        registerRules = Dictionary(
            uniqueKeysWithValues: fields.filter { $0.merge != .lastWriterWins }.map { ($0.name, $0.merge) }
        )
    }

    /// How writes to the single-valued field `name` merge.
    public func registerRule(_ name: String) -> RegisterMerge {
        registerRules.isEmpty ? .lastWriterWins : registerRules[name] ?? .lastWriterWins
    }

    /// The field named `name`, or an error naming the entity.
    public func field(_ name: String) throws(ModelError) -> FieldSpec {
        guard let spec = fields[name] else {
            let known = fields.keys.sorted().joined(separator: ", ")
            throw ModelError("\(kind.rawValue) has no field '\(name)' (fields: \(known))")
        }
        return spec
    }

    /// The scope a row of this entity belongs to; it decides which peers receive it.
    public func scope(of row: RowID) -> Scope {
        switch kind {
        case .project: return .project(row.prefix(40))
        case .script, .schedule: return .project(row.prefix(40))
        case .application: return .project(row.slice(32, 72))
        case .shortlist: return .organisation(row.prefix(32))
        case .user, .profile, .representation, .verification, .job, .rating, .media: return .public
        }
    }
}

/// Which peers may receive a row.
public enum Scope: Hashable, Sendable, CustomStringConvertible {
    /// Discoverable by everyone: public profiles, open casting calls.
    case `public`
    /// An organisation's internal data, named by its owner's key.
    case organisation(RowID)
    /// A project's data, visible to its members.
    case project(RowID)

    /// Parses what ``description`` prints: `public`, `org:<owner key hex>` or `project:<project id hex>`.
    public init(parsing text: String) throws(ModelError) {
        let trimmed = String(text.filter { !$0.isWhitespace }).lowercased()
        if trimmed == "public" {
            self = .public
            return
        }
        let parts = trimmed.split(separator: ":", maxSplits: 1).map(String.init)
        guard parts.count == 2, let id = RowID(hex: parts[1]) else {
            throw ModelError("'\(text)' is not a scope: use public, org:<owner key hex> or project:<project id hex>")
        }
        switch (parts[0], id.bytes.count) {
        case ("org", 32): self = .organisation(id)
        case ("project", 40): self = .project(id)
        default:
            throw ModelError(
                "'\(text)' is not a scope: org: takes a 32-byte owner key, project: a 40-byte project id (in hex)"
            )
        }
    }

    public var description: String {
        switch self {
        case .public: return "public"
        case .organisation(let owner): return "org:\(owner.hex)"
        case .project(let project): return "project:\(project.hex)"
        }
    }
}
