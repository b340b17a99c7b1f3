import ArgumentParser
import NollyCrypto
import NollyModel
import NollyNode
import NollyReadModels
import NollyStore

struct ApplyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "apply", abstract: "Apply to an open job.")

    @OptionGroup var options: NodeOptions
    @OptionGroup var author: AuthorOption

    @Option(help: "The job id (or a unique prefix).")
    var job: String

    @Option(help: "A cover note for the producer.")
    var note: String?

    func run() throws {
        let node = try options.openNode()
        let id = try node.applications.apply(
            to: try node.rows.find(.job, job),
            note: note,
            by: try node.users.author(author.user)
        )
        options.emit(.object([("application", .string(id.hex))]), human: "Applied: application \(id.hex)")
    }
}

struct ApplicationCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "application",
        abstract: "Applications to jobs.",
        subcommands: [Status.self, List.self]
    )

    struct Status: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Move an application along: the producer shortlists, offers, hires or declines; the applicant withdraws."
        )

        @OptionGroup var options: NodeOptions
        @OptionGroup var author: AuthorOption

        @Option(help: "The application id (or a unique prefix).")
        var id: String

        @Option(help: "One of: \(Vocabulary.applicationStatuses.joined(separator: ", ")).")
        var status: String

        func validate() throws {
            guard Vocabulary.applicationStatuses.contains(status) else {
                throw ValidationError(
                    "--status must be one of \(Vocabulary.applicationStatuses.joined(separator: ", "))"
                )
            }
        }

        func run() throws {
            let node = try options.openNode()
            let row = try node.rows.find(.application, id)
            try node.applications.setStatus(
                row,
                to: ApplicationStatus(rawValue: status)!,
                by: try node.users.author(author.user)
            )
            options.emit(
                .object([("application", .string(row.hex)), ("status", .string(status))]),
                human: "Application \(row.hex.prefix(16))… is now \(status)"
            )
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List applications.")
        @OptionGroup var options: NodeOptions

        func run() throws {
            let rows = try options.openNode().applications.list()
            options.emit(
                view: rows.map(ApplicationView.init),
                human: RowPrinting.table(rows, columns: ["status", "cover_note"])
            )
        }
    }
}

struct ShortlistCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "shortlist",
        abstract: "Casting shortlists (private folders with notes).",
        subcommands: [Add.self]
    )

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add talent to a shortlist, creating it if needed.")

        @OptionGroup var options: NodeOptions
        @OptionGroup var author: AuthorOption

        @Option(help: "The shortlist's name.")
        var name: String

        @Option(help: "The talent's public key (hex).")
        var member: SigningPublicKey

        @Option(help: "Notes for the folder.")
        var note: String?

        func run() throws {
            let node = try options.openNode()
            let id = try node.projects.addToShortlist(
                named: name,
                member: member,
                note: note,
                by: try node.users.author(author.user)
            )
            options.emit(
                .object([("shortlist", .string(id.hex))]),
                human: "Shortlist \(name) (\(id.hex.prefix(16))…) has \(member.hex.prefix(12))…"
            )
        }
    }
}

struct RepresentCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "represent",
        abstract: "Let a manager or agency edit your profile (cannot be revoked yet)."
    )

    @OptionGroup var options: NodeOptions
    @OptionGroup var author: AuthorOption

    @Option(help: "The manager's or agency's public key (hex).")
    var agent: SigningPublicKey

    func run() throws {
        let node = try options.openNode()
        let signer = try node.users.author(author.user)
        try node.users.grantRepresentation(to: agent, by: signer)
        options.emit(
            .object([("owner", .string(signer.key.hex)), ("agent", .string(agent.hex))]),
            human: "\(signer.name) is now represented by \(agent.hex.prefix(16))…"
        )
    }
}
