import Foundation
import NollyCrypto
import NollyModel
import NollyNode
import NollyStore
import NollySync
import Testing

/// Runs the real `nollycrew` executable, as a person or a script would.
struct NollyCrewProcess {
    static var executable: URL {
        if let path = ProcessInfo.processInfo.environment["NOLLYCREW_BIN"] { return URL(fileURLWithPath: path) }
        return Bundle.main.bundleURL.appendingPathComponent("nollycrew")
    }

    struct Result {
        let status: Int32
        let output: String
        let errors: String
    }

    static func run(_ arguments: [String], environment: [String: String] = [:]) throws -> Result {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        var variables = ProcessInfo.processInfo.environment
        variables["NOLLYCREW_PASSPHRASE"] = nil
        variables.merge(environment) { $1 }
        process.environment = variables
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        let errorData = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus,
            output: String(decoding: outputData, as: UTF8.self),
            errors: String(decoding: errorData, as: UTF8.self)
        )
    }
}

@Suite("The nollycrew command line")
struct CommandLineTests {
    let directory: URL

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("nollycrew-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    func nollycrew(_ arguments: String...) throws -> NollyCrewProcess.Result {
        try NollyCrewProcess.run(arguments + ["--data-dir", directory.appendingPathComponent("node").path])
    }

    @Test("init, user add, profile set and show, status --json")
    func happyPath() throws {
        #expect(try nollycrew("init").status == 0)
        #expect(try nollycrew("user", "add", "--name", "ada", "--role", "actor").status == 0)
        let set = try nollycrew("profile", "set", "city=Lagos", "day_rate=150000.50 NGN", "--add", "skills=dancing")
        #expect(set.status == 0, "\(set.errors)")
        let show = try nollycrew("profile", "show", "ada", "--json")
        #expect(show.output.contains("\"minor_units\": 15000050"))
        let status = try nollycrew("status", "--json")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(status.output.utf8)) as? [String: Any])
        #expect((json["rows"] as? [String: Int])?["profile"] == 1)
        #expect((json["seen"] as? [String: Int])?.values.first == 2)
        try? FileManager.default.removeItem(at: directory)
    }

    @Test(
        "Bad input gets a clear error and a nonzero exit, never a crash",
        arguments: [
            ["profile", "set", "day_rate=lots"],
            ["profile", "set", "height_cm=9000"],
            ["profile", "set", "nonsense=1"],
            ["profile", "set", "--add", "city=Lagos"],
            ["user", "add", "--name", "x", "--role", "wizard"],
            ["job", "post", "--project", "ffff", "--title", "Lead"],
            ["application", "status", "--id", "00", "--status", "hired"],
            ["bundle", "import", "/nonexistent/file.bundle"],
            ["bundle", "export", "--all", "--out", "/nonexistent/dir/out.bundle"],
            ["bundle", "export", "--out", "out.bundle"],
            ["shortlist", "add", "--name", "Leads", "--member", "not-hex"],
        ]
    )
    func badInput(arguments: [String]) throws {
        #expect(try nollycrew("init").status == 0)
        #expect(try nollycrew("user", "add", "--name", "ada", "--role", "actor").status == 0)
        let result = try NollyCrewProcess.run(
            arguments + ["--data-dir", directory.appendingPathComponent("node").path]
        )
        #expect(result.status != 0)
        #expect(result.errors.contains("Error") || result.errors.contains("error"), "\(result.errors)")
        #expect(!result.errors.contains("crashed") && !result.errors.contains("Backtrace"), "\(result.errors)")
        try? FileManager.default.removeItem(at: directory)
    }

    @Test("A command on a missing node says how to create one")
    func missingNode() throws {
        let result = try nollycrew("status")
        #expect(result.status != 0 && result.errors.contains("nollycrew init"))
        try? FileManager.default.removeItem(at: directory)
    }
}

@Suite("nollycrew schedule solve")
struct ScheduleCommandTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    @Test("A literature instance prints its optimal order and proof")
    func talentInstance() throws {
        let path = Self.repository.deletingLastPathComponent().appendingPathComponent("shared/scheduling/film105.dat")
            .path
        let result = try NollyCrewProcess.run(["schedule", "solve", path, "--json"])
        #expect(result.status == 0, "\(result.errors)")
        #expect(result.output.contains("\"cost\": 849") && result.output.contains("\"proven_optimal\": true"))
    }

    @Test("A production prints the stripboard, day-out-of-days and costs")
    func production() throws {
        let path = Self.repository.appendingPathComponent("Fixtures/scheduling/feature-150.json").path
        let result = try NollyCrewProcess.run(["schedule", "solve", path, "--time-limit", "3"])
        #expect(result.output.contains("STRIPBOARD") && result.output.contains("DAY OUT OF DAYS"))
        #expect(result.output.contains("Total"))
    }

    @Test("Unreadable or malformed input is a clear error", arguments: [["/nonexistent"], ["--time-limit", "-1"]])
    func badInput(extra: [String]) throws {
        let junk = FileManager.default.temporaryDirectory.appendingPathComponent("junk-\(UUID().uuidString)")
        try Data("{\"scenes\": 3}".utf8).write(to: junk)
        defer { try? FileManager.default.removeItem(at: junk) }
        let arguments =
            extra.first == "/nonexistent"
            ? ["schedule", "solve", "/nonexistent"] : ["schedule", "solve", junk.path] + extra
        let result = try NollyCrewProcess.run(arguments)
        #expect(result.status != 0)
        #expect(!result.errors.contains("crashed"), "\(result.errors)")
        let malformed = try NollyCrewProcess.run(["schedule", "solve", junk.path])
        #expect(malformed.status != 0 && malformed.errors.contains("Error"))
    }
}

@Suite("nollycrew script")
struct ScriptCommandTests {
    static let fixture = ScheduleCommandTests.repository.appendingPathComponent("Fixtures/breakdown/the-last-ferry")

    @Test(
        "breakdown prints the report and the documented JSON; stats summarises",
        arguments: ["fountain", "fdx", "pdf"]
    )
    func breakdown(format: String) throws {
        let path = Self.fixture.appendingPathExtension(format).path
        let text = try NollyCrewProcess.run(["script", "breakdown", path])
        #expect(text.status == 0, "\(text.errors)")
        #expect(text.output.contains("LOCATIONS") && text.output.contains("1 x gaffer (night scene)"))
        let json = try NollyCrewProcess.run(["script", "breakdown", path, "--json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.output.utf8)) as? [String: Any])
        #expect((object["totals"] as? [String: Any])?["scenes"] as? Int == 16)
        let stats = try NollyCrewProcess.run(["script", "stats", path])
        #expect(stats.output.contains("6 speaking, 2 non-speaking"))
    }

    @Test("Unreadable scripts and rules are clear errors")
    func errors() throws {
        let empty = FileManager.default.temporaryDirectory.appendingPathComponent("\(UUID().uuidString).fountain")
        try Data().write(to: empty)
        defer { try? FileManager.default.removeItem(at: empty) }
        for arguments in [
            ["script", "breakdown", empty.path], ["script", "stats", "/nonexistent.fdx"],
            [
                "script", "breakdown", Self.fixture.appendingPathExtension("fountain").path, "--rules",
                "/nonexistent.json",
            ],
        ] {
            let result = try NollyCrewProcess.run(arguments)
            #expect(result.status != 0 && result.errors.contains("Error"), "\(arguments)")
            #expect(!result.errors.contains("crashed"), "\(arguments)")
        }
    }
}
