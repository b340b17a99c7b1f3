import ArgumentParser
import NollyCrypto
import NollyModel
import NollyNode

/// `nollycrew fixtures`: generated data for demos, tests and benchmarks.
struct FixturesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fixtures",
        abstract: "Generate realistic data into the node.",
        subcommands: [Roster.self]
    )

    struct Roster: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write N generated talent and crew profiles, as if synced from agencies.",
            discussion: """
                The profiles are signed by generated keys that are not kept, with ratings from generated raters
                and identity badges from a generated attester. The same seed gives the same roster; running it
                again adds nothing. Booked dates fall in the 180 days from today (UTC).
                """
        )

        @OptionGroup var options: NodeOptions

        @Option(help: "How many profiles (1 to 1000000).")
        var count: Int

        @Option(help: "The seed: the same seed gives the same roster.")
        var seed: UInt64 = 1

        func run() throws {
            let node = try options.openNode()
            let report = try node.fixtures.generateRoster(count: count, seed: seed)
            options.emit(
                .object([
                    ("profiles", .integer(Int64(report.profiles))), ("applied", .integer(Int64(report.applied))),
                    ("duplicates", .integer(Int64(report.duplicates))), ("attester", .string(report.attester.hex)),
                ]),
                human: """
                    Generated \(report.profiles) profiles (seed \(seed)): \(report.applied) changes applied, \
                    \(report.duplicates) already here.
                    Badges are attested by \(report.attester.hex); to count them as verified here:
                      nollycrew admin trust \(report.attester.hex)
                    """
            )
        }
    }
}
