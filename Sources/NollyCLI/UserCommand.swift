import ArgumentParser
import NollyCrypto
import NollyMatching
import NollyModel
import NollyNode
import NollyReadModels
import NollyStore
import NollySync

struct UserCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user",
        abstract: "Local users: identities whose keys live on this node.",
        subcommands: [Add.self, List.self]
    )

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a user identity and its public user row.")

        @OptionGroup var options: NodeOptions

        @Option(help: "A local name for the user (unique on this node).")
        var name: String

        @Option(help: "The name shown to others (default: --name).")
        var displayName: String?

        @Option(
            name: .customLong("role"),
            help:
                "A role (repeatable): \(UserRole.allCases.filter { $0 != .admin }.map(\.rawValue).joined(separator: ", "))."
        )
        var roles: [String] = []

        func validate() throws {
            for role in roles {
                guard let parsed = UserRole(rawValue: role) else {
                    throw ValidationError("unknown role '\(role)'; roles: \(Vocabulary.roles.joined(separator: ", "))")
                }
                if parsed == .admin {
                    throw ValidationError("the admin role is granted by an administrator, not chosen")
                }
            }
        }

        func run() throws {
            let node = try options.openNode()
            let author = try node.users.add(
                name: name,
                displayName: displayName,
                roles: roles.compactMap(UserRole.init)
            )
            options.emit(
                .object([("name", .string(author.name)), ("key", .string(author.key.hex))]),
                human: "Added user \(author.name) \(author.key.hex)"
            )
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List local users.")

        @OptionGroup var options: NodeOptions

        func run() throws {
            let users = try options.openNode().users.list()
            options.emit(
                .array(users.map { .object([("name", .string($0.name)), ("key", .string($0.key.hex))]) }),
                human: users.isEmpty ? "(none)" : users.map { "\($0.name)  \($0.key.hex)" }.joined(separator: "\n")
            )
        }
    }
}

struct ProfileCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "profile",
        abstract: "Talent and crew profiles.",
        subcommands: [Set.self, Show.self, List.self, Strength.self]
    )

    struct Set: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Edit a profile: field=value pairs, --add/--remove for multi-valued fields.",
            discussion: "Fields: \(EntityKind.profile.schema.fields.keys.sorted().joined(separator: ", "))."
        )

        @OptionGroup var options: NodeOptions
        @OptionGroup var author: AuthorOption

        @Option(help: "Whose profile (public key hex); default: the signing user's own.")
        var user: SigningPublicKey?

        @Option(help: "Add an element to a multi-valued field, e.g. skills=dancing (repeatable).")
        var add: [String] = []

        @Option(help: "Remove an element from a multi-valued field (repeatable).")
        var remove: [String] = []

        @Argument(help: "field=value pairs, e.g. city=Lagos day_rate=\"150000 NGN\".")
        var assignments: [String] = []

        func run() throws {
            let edits = try FieldArguments.edits(.profile, assign: assignments, add: add, remove: remove)
            guard !edits.isEmpty else {
                throw ValidationError("nothing to change: give field=value, --add or --remove")
            }
            let node = try options.openNode()
            let signer = try node.users.author(author.user)
            let owner = user ?? signer.key
            let id = try node.profiles.edit(RowID(owner.bytes), edits, by: signer)
            options.emit(
                .object([("profile", .string(owner.hex)), ("change", .string(id.hex))]),
                human: "Updated profile \(owner.hex) (change \(id.hex.prefix(16)))"
            )
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one profile.")

        @OptionGroup var options: NodeOptions

        @Argument(help: "A local user's name, or a profile id (public key hex or prefix).")
        var who: String

        func run() throws {
            let node = try options.openNode()
            let profile = try node.rows.require(.profile, try node.profiles.row(who))
            options.emit(view: ProfileView(profile), human: RowPrinting.describe(profile))
        }
    }

    struct Strength: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Score a profile from 0 to 100 and say what to add next, most valuable first."
        )

        @OptionGroup var options: NodeOptions

        @Argument(
            help: "A local user's name, or a profile id (public key hex or prefix); default: the first local user."
        )
        var who: String?

        func run() throws {
            let node = try options.openNode()
            let strength = try node.profiles.strength(of: try node.profiles.row(who))
            options.emit(
                view: strength,
                human: (["Profile strength: \(strength.score)/100"]
                    + strength.suggestions.map { "  +\($0.points)  \($0.message)" }).joined(separator: "\n")
            )
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List profiles, optionally filtered.")

        @OptionGroup var options: NodeOptions

        @Option(help: "Only profiles in this city.")
        var city: String?

        @Option(help: "Only profiles with this skill.")
        var skill: String?

        func run() throws {
            let profiles = try options.openNode().profiles.list(matching: ProfileFilter(city: city, skill: skill))
            options.emit(
                view: profiles.map(ProfileView.init),
                human: RowPrinting.table(profiles, columns: ["headline", "city", "day_rate", "skills"])
            )
        }
    }
}
