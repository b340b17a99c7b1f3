import ArgumentParser
import Foundation
import NollyNode
import NollyReadModels

struct ConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "The node's settings: flags, then environment variables, then config.toml, then defaults.",
        subcommands: [Show.self]
    )

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show every setting in effect and where its value came from."
        )

        @OptionGroup var options: NodeOptions

        func run() throws {
            let resolved = try options.configuration().resolved
            let width = resolved.map(\.key.count).max() ?? 0
            let lines = resolved.map { setting in
                let padded = setting.key.padding(toLength: width, withPad: " ", startingAt: 0)
                return "\(padded) = \(setting.value.isEmpty ? "(none)" : setting.value)   [\(setting.source.rawValue)]"
            }
            options.emit(
                view: resolved,
                human: (["# \(options.directory.configFile.path)"] + lines).joined(separator: "\n")
            )
        }
    }
}
