import ArgumentParser
import Foundation
import NollyBreakdown
import NollyModel
import NollyNode

struct ScriptCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "script",
        abstract: "Screenplays: breakdowns, statistics, versions in a project.",
        subcommands: [Breakdown.self, Stats.self, Add.self, Diff.self]
    )

    /// `--rules FILE`: extra lexicon words and crew rules, added to the built-in ones.
    struct RulesOption: ParsableArguments {
        @Option(
            help:
                "A breakdown rules file (as Sources/NollyBreakdown/Resources/breakdown-rules.json) extending the built-in one."
        )
        var rules: String?

        func load() throws -> BreakdownRules {
            guard let rules else { return .builtIn() }
            guard let data = FileManager.default.contents(atPath: rules) else {
                throw ValidationError("--rules: cannot read \(rules)")
            }
            return BreakdownRules.builtIn().extended(with: try BreakdownRules.decode(data))
        }
    }

    static func breakdown(of file: String, rules: RulesOption) throws -> (NollyBreakdown.Breakdown, ScriptLoader.Format)
    {
        let (screenplay, format) = try ScriptLoader.load(file)
        return (BreakdownBuilder(rules: try rules.load()).breakdown(screenplay), format)
    }

    struct Breakdown: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Break a screenplay (Fountain, FDX, PDF or plain text) down into scenes, cast, elements and crew."
        )

        @Argument(help: "The screenplay file.")
        var file: String
        @OptionGroup var rules: RulesOption
        @Flag(help: "Print the breakdown as JSON (schema in Fixtures/breakdown/README.md).")
        var json = false

        func run() throws {
            let (breakdown, _) = try ScriptCommand.breakdown(of: file, rules: rules)
            print(json ? BreakdownReport.json(breakdown) : BreakdownReport.text(breakdown))
        }
    }

    struct Stats: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Pages, scenes, cast and locations of a screenplay.")

        @Argument(help: "The screenplay file.")
        var file: String
        @OptionGroup var rules: RulesOption

        func run() throws {
            print(BreakdownReport.stats(try ScriptCommand.breakdown(of: file, rules: rules).0))
        }
    }

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Store a new version of a project's script, with its breakdown, in the replica."
        )

        @OptionGroup var options: NodeOptions
        @OptionGroup var author: AuthorOption
        @OptionGroup var rules: RulesOption
        @Option(help: "The project id (or a unique prefix).")
        var project: String
        @Option(help: "A title for this version (default: the title page's, or the file name).")
        var title: String?
        @Argument(help: "The screenplay file.")
        var file: String

        func run() throws {
            let (breakdown, format) = try ScriptCommand.breakdown(of: file, rules: rules)
            let node = try options.openNode()
            let version = try node.scripts.add(
                project: try node.rows.find(.project, project),
                title: title ?? breakdown.title ?? URL(fileURLWithPath: file).lastPathComponent,
                file: URL(fileURLWithPath: file),
                format: format.rawValue,
                breakdown: BreakdownReport.json(breakdown),
                by: try node.users.author(author.user)
            )
            options.emit(
                .object([("script", .string(version.row.hex)), ("version", .integer(Int64(version.number)))]),
                human:
                    "Stored version \(version.number) of the script (\(breakdown.totals.scenes) scenes, "
                    + "\(breakdown.totals.pages) pages) as \(version.row.hex)"
            )
        }
    }

    struct Diff: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Scenes added, removed and changed between a project's last two script versions."
        )

        @OptionGroup var options: NodeOptions
        @Option(help: "The project id (or a unique prefix).")
        var project: String

        func run() throws {
            let node = try options.openNode()
            let versions = try node.scripts.versions(project: try node.rows.find(.project, project))
            guard versions.count >= 2 else {
                throw ValidationError("the project has \(versions.count) script version(s); a diff needs two")
            }
            let old = try BreakdownReport.decode(versions[versions.count - 2].breakdown)
            let new = try BreakdownReport.decode(versions[versions.count - 1].breakdown)
            let diff = ScriptDiff(old: old, new: new)
            options.emit(
                .object([
                    ("from_version", .integer(Int64(versions[versions.count - 2].number))),
                    ("to_version", .integer(Int64(versions[versions.count - 1].number))),
                    ("added", .array(diff.added.map(JSONValue.string))),
                    ("removed", .array(diff.removed.map(JSONValue.string))),
                    (
                        "changed",
                        .array(
                            diff.changed.map { .object([("scene", .string($0.scene)), ("what", .string($0.what))]) }
                        )
                    ),
                ]),
                human: diff.text(from: versions[versions.count - 2].number, to: versions[versions.count - 1].number)
            )
        }
    }
}
