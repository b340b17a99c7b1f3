public import Foundation

/// Where a setting's value came from, highest precedence first.
public enum SettingSource: String, Sendable, Codable {
    case flag, environment, file, `default`
}

/// One setting as resolved: its `config.toml` key, its value as text, and where it came from.
public struct ResolvedSetting: Sendable, Equatable, Codable {
    public let key: String
    public let value: String
    public let source: SettingSource
    /// The environment variable that sets it.
    public let environment: String
}

/// The node's settings resolved from command-line flags, then the environment, then
/// `config.toml` in the data directory, then the defaults; `nollycrew config show` prints it.
public struct NodeConfiguration: Sendable {
    public let settings: NodeSettings
    public let resolved: [ResolvedSetting]

    /// The file's name inside the data directory.
    public static let fileName = "config.toml"

    /// Resolves every setting. `flags` are the values given on the command line, by
    /// `config.toml` key (a command passes only the flags the user typed).
    public static func load(
        from directory: DataDirectory,
        environment: [String: String] = ProcessInfo.processInfo.environment,
        flags: [String: String] = [:]
    ) throws(NodeError) -> NodeConfiguration {
        let file = try fileValues(in: directory)
        let known = Set(SettingDefinition.all.map(\.key))
        if let unknown = file.keys.sorted().first(where: { !known.contains($0) }) {
            throw NodeError(
                .invalidInput,
                "config.toml: unknown setting '\(unknown)' (known: \(known.sorted().joined(separator: ", ")))"
            )
        }
        var settings = NodeSettings()
        var resolved = [ResolvedSetting]()
        for definition in SettingDefinition.all {
            let source: SettingSource
            if let text = flags[definition.key] {
                try definition.apply(.string(text), to: &settings, from: "--\(definition.flag)", textual: true)
                source = .flag
            } else if let text = environment[definition.environment] {
                try definition.apply(.string(text), to: &settings, from: definition.environment, textual: true)
                source = .environment
            } else if let value = file[definition.key] {
                try definition.apply(value, to: &settings, from: "config.toml \(definition.key)", textual: false)
                source = .file
            } else {
                source = .default
            }
            resolved.append(
                ResolvedSetting(
                    key: definition.key,
                    value: definition.read(settings),
                    source: source,
                    environment: definition.environment
                )
            )
        }
        return NodeConfiguration(settings: settings, resolved: resolved)
    }

    private static func fileValues(in directory: DataDirectory) throws(NodeError) -> [String: ConfigValue] {
        let url = directory.configFile
        guard FileManager.default.fileExists(atPath: url.path) else { return [:] }
        let data: Data
        do {
            let size = try FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int ?? 0
            guard size <= ConfigFile.maxBytes else {
                throw NodeError(.invalidInput, "config.toml is larger than \(ConfigFile.maxBytes / 1024) KiB")
            }
            data = try Data(contentsOf: url)
        } catch let error as NodeError {
            throw error
        } catch {
            throw NodeError(.invalidInput, "cannot read \(url.path): \(error.localizedDescription)")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw NodeError(.invalidInput, "config.toml is not UTF-8 text")
        }
        return try ConfigFile.parse(text)
    }

    /// The file `nollycrew init` writes: every setting, commented out at its default.
    public static var template: String {
        var lines = [
            "# NollyCrew node settings. Precedence: command-line flags, then environment variables,",
            "# then this file, then the defaults shown. `nollycrew config show` prints what is in effect.",
        ]
        var table = ""
        let defaults = NodeSettings()
        for definition in SettingDefinition.all {
            let parts = definition.key.split(separator: ".")
            let tableName = parts.count == 2 ? String(parts[0]) : ""
            if tableName != table {
                table = tableName
                lines += ["", "[\(table)]"]
            }
            let value = definition.read(defaults)
            let shown = definition.isInteger ? value : "\"\(value)\""
            lines += ["", "# \(definition.help) (\(definition.environment))", "# \(parts.last!) = \(shown)"]
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

extension DataDirectory {
    /// `config.toml`: the node's settings file.
    public var configFile: URL { url.appendingPathComponent(NodeConfiguration.fileName) }
}
