public import ArgumentParser

/// The `nollycrew` command tree. The executable target only calls ``NollyCrewCommand/main()``.
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
            BackupCommand.self, RestoreCommand.self,
        ]
    )

    public init() {}
}

extension NollyCrewCommand {
    /// Parses the process arguments and runs the chosen command, awaiting async ones (`serve`).
    public static func runFromCommandLine() async {
        do {
            var command = try await asyncParseAsRoot(nil)
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            exit(withError: error)
        }
    }
}
