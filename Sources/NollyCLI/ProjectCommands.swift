import ArgumentParser
import NollyModel
import NollyNode
import NollyReadModels
import NollyStore

struct ProjectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "project",
        abstract: "Productions.",
        subcommands: [Create.self, List.self]
    )

    struct Create: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a project owned by the signing user.",
            discussion: "Extra fields: \(EntityKind.project.schema.fields.keys.sorted().joined(separator: ", "))."
        )

        @OptionGroup var options: NodeOptions
        @OptionGroup var author: AuthorOption

        @Option(help: "Title.")
        var title: String

        @Option(help: "One of: \(Vocabulary.projectKinds.joined(separator: ", ")).")
        var kind = "movie"

        @Argument(help: "More field=value pairs, e.g. budget=\"25000000 NGN\" start_date=2027-01-10.")
        var assignments: [String] = []

        func validate() throws {
            guard Vocabulary.projectKinds.contains(kind) else {
                throw ValidationError("--kind must be one of \(Vocabulary.projectKinds.joined(separator: ", "))")
            }
        }

        func run() throws {
            let edits = try FieldArguments.edits(.project, assign: assignments)
            let node = try options.openNode()
            let id = try node.projects.create(
                title: title,
                kind: kind,
                edits: edits,
                by: try node.users.author(author.user)
            )
            options.emit(.object([("project", .string(id.hex))]), human: "Created project \(id.hex)")
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List projects.")
        @OptionGroup var options: NodeOptions

        func run() throws {
            let rows = try options.openNode().projects.list()
            options.emit(
                view: rows.map(ProjectView.init),
                human: RowPrinting.table(rows, columns: ["title", "kind", "status", "budget"])
            )
        }
    }
}

struct JobCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "job",
        abstract: "Casting calls and crew posts.",
        subcommands: [Post.self, List.self, Set.self]
    )

    struct Post: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Post a job on one of your projects.",
            discussion: "Extra fields: \(EntityKind.job.schema.fields.keys.sorted().joined(separator: ", "))."
        )

        @OptionGroup var options: NodeOptions
        @OptionGroup var author: AuthorOption

        @Option(help: "The project id (or a unique prefix).")
        var project: String

        @Option(help: "Title.")
        var title: String

        @Option(help: "casting_call or crew_post.")
        var kind = "casting_call"

        @Argument(help: "More field=value pairs, e.g. role_name=Ada rate=\"200000 NGN\" city=Lagos.")
        var assignments: [String] = []

        func validate() throws {
            guard Vocabulary.jobKinds.contains(kind) else {
                throw ValidationError("--kind must be one of \(Vocabulary.jobKinds.joined(separator: ", "))")
            }
        }

        func run() throws {
            let edits = try FieldArguments.edits(.job, assign: assignments)
            let node = try options.openNode()
            let project = try node.rows.find(.project, self.project)
            let id = try node.projects.postJob(
                project: project,
                title: title,
                kind: kind,
                edits: edits,
                by: try node.users.author(author.user)
            )
            options.emit(.object([("job", .string(id.hex))]), human: "Posted job \(id.hex)")
        }
    }

    struct Set: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Edit a job (for example status=closed).")

        @OptionGroup var options: NodeOptions
        @OptionGroup var author: AuthorOption

        @Option(help: "The job id (or a unique prefix).")
        var job: String

        @Argument(help: "field=value pairs.")
        var assignments: [String] = []

        func run() throws {
            let edits = try FieldArguments.edits(.job, assign: assignments)
            guard !edits.isEmpty else { throw ValidationError("nothing to change: give field=value pairs") }
            let node = try options.openNode()
            let id = try node.rows.find(.job, job)
            try node.rows.edit(.job, id, edits, by: try node.users.author(author.user))
            options.emit(.object([("job", .string(id.hex))]), human: "Updated job \(id.hex)")
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List jobs.")
        @OptionGroup var options: NodeOptions

        @Option(help: "Only jobs with this status (open, closed, filled).")
        var status: String?

        func run() throws {
            let rows = try options.openNode().projects.jobs(status: status)
            options.emit(
                view: rows.map(JobView.init),
                human: RowPrinting.table(rows, columns: ["title", "kind", "status", "rate"])
            )
        }
    }
}
