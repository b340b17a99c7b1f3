public import ArgumentParser

/// The `nollycrew` command tree. The executable target only calls argument-parser's
/// ``NollyCrewCommand/main()``.
public struct NollyCrewCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "nollycrew",
        abstract: "A NollyCrew node: find talent, crew a production, sync offline.",
        version: "0.1.0",
        subcommands: [
            InitCommand.self, StatusCommand.self, UserCommand.self, ProfileCommand.self, ProjectCommand.self,
            JobCommand.self, ApplyCommand.self, ApplicationCommand.self, ShortlistCommand.self,
            RepresentCommand.self, AdminCommand.self, VerifyCommand.self, BundleCommand.self, ExportCommand.self,
            ScriptCommand.self, ScheduleCommand.self, ServeCommand.self, PeerCommand.self, SyncCommand.self,
            BackupCommand.self, RestoreCommand.self, ConfigCommand.self, SearchCommand.self, MatchCommand.self,
            FixturesCommand.self, MediaCommand.self,
        ]
    )

    public init() {}
}
