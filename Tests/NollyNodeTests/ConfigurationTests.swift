import Foundation
import NollyRandom
import Testing

@testable import NollyNode

@Suite("Configuration")
struct ConfigurationTests {
    private func directory(with file: String?) throws -> (TemporaryDirectory, DataDirectory) {
        let temporary = try TemporaryDirectory()
        let directory = DataDirectory(url: temporary.url)
        if let file { try Data(file.utf8).write(to: directory.configFile) }
        return (temporary, directory)
    }

    private func setting(_ key: String, in configuration: NodeConfiguration) -> ResolvedSetting? {
        configuration.resolved.first { $0.key == key }
    }

    @Test("Flags beat the environment, the environment beats the file, the file beats the defaults")
    func precedence() throws {
        let (temporary, directory) = try directory(
            with: """
                # a comment
                import_batch_size = 64   # trailing comment
                max_clock_drift_seconds = 120

                [serve]
                address = "0.0.0.0:8443"
                public_url = "https://studio.example:8443"
                """
        )
        defer { _ = temporary }
        let configuration = try NodeConfiguration.load(
            from: directory,
            environment: ["NOLLYCREW_IMPORT_BATCH_SIZE": "99", "NOLLYCREW_ADDRESS": "127.0.0.1:9000"],
            flags: ["serve.address": "127.0.0.1:9443"]
        )
        #expect(configuration.settings.importBatchSize == 99)
        #expect(setting("import_batch_size", in: configuration)?.source == .environment)
        #expect(configuration.settings.maxClockDrift == .seconds(120))
        #expect(setting("max_clock_drift_seconds", in: configuration)?.source == .file)
        #expect(configuration.settings.serveAddress == "127.0.0.1:9443")
        #expect(setting("serve.address", in: configuration)?.source == .flag)
        #expect(configuration.settings.publicURL == "https://studio.example:8443")
        #expect(configuration.settings.bundleClockDrift == NodeSettings().bundleClockDrift)
        #expect(setting("bundle_max_drift_seconds", in: configuration)?.source == .default)
    }

    @Test("The template init writes lists every setting at its default, and reads back as all defaults")
    func template() throws {
        let (temporary, directory) = try directory(with: NodeConfiguration.template)
        defer { _ = temporary }
        let configuration = try NodeConfiguration.load(from: directory, environment: [:])
        #expect(configuration.resolved.allSatisfy { $0.source == .default })
        for definition in SettingDefinition.all {
            #expect(NodeConfiguration.template.contains(definition.environment))
        }
        let node = try Node.initialize(at: DataDirectory(url: temporary.url.appendingPathComponent("fresh")))
        #expect(try String(contentsOf: node.directory.configFile, encoding: .utf8) == NodeConfiguration.template)
    }

    @Test(
        "Bad files and values are refused with a coded error naming the line or the setting",
        arguments: [
            "import_batch_size = \"64\"", "import_batch_size = 0", "import_batch_size = 99999999999999999999",
            "bogus = 1", "x = [1]", "x = 1.5", "[serve\naddress = \"a:1\"", "[[serve]]", "a = \"unclosed",
            "a = \"bad \\q escape\"", "a = \"x\" trailing", "import_batch_size = 1\nimport_batch_size = 2",
            "= 3", "[serve]\naddress = \"no-port\"", "[serve]\npublic_url = \"http://plain.example\"",
            "max_clock_drift_seconds = -1", "import_batch_bytes = 1_",
        ]
    )
    func refused(file: String) throws {
        let (temporary, directory) = try directory(with: file)
        defer { _ = temporary }
        let error = #expect(throws: NodeError.self) { try NodeConfiguration.load(from: directory, environment: [:]) }
        #expect(error?.kind == .invalidInput)
    }

    @Test("A bad environment variable or flag is refused the same way")
    func badEnvironment() throws {
        let (temporary, directory) = try directory(with: nil)
        defer { _ = temporary }
        #expect(throws: NodeError.self) {
            try NodeConfiguration.load(from: directory, environment: ["NOLLYCREW_MAX_DRIFT_SECONDS": "soon"])
        }
        #expect(throws: NodeError.self) {
            try NodeConfiguration.load(from: directory, environment: [:], flags: ["serve.public_url": "ftp://x"])
        }
        #expect(throws: NodeError.self) { try NodeSettings.fromEnvironment(["NOLLYCREW_IMPORT_BATCH_SIZE": "-5"]) }
    }

    @Test("Random bytes never crash the parser: they parse or are refused")
    func randomInput() {
        let seed = UInt64.random(in: 0...UInt64.max)
        var generator = SplitMix64(seed: seed)
        let alphabet = Array("ab_=\"#[]\\ \n\t0123456789.-truefalse\u{0}é")
        for _ in 0..<2_000 {
            let length = Int.random(in: 0...80, using: &generator)
            let text = String((0..<length).map { _ in alphabet.randomElement(using: &generator)! })
            do {
                _ = try ConfigFile.parse(text)
            } catch {
                #expect(error.kind == .invalidInput, "seed \(seed): \(text.debugDescription)")
            }
        }
        #expect(throws: NodeError.self) { try ConfigFile.parse(String(repeating: "#", count: ConfigFile.maxBytes + 1)) }
    }
}
