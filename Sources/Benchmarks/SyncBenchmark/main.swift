// Sync benchmark (issue: node core): 100,000 profile field edits on one node, bundled, and
// imported into a fresh node in a separate process. Prints changes/s to sign and store,
// bundle bytes per field operation, import field operations/s (signatures checked) and
// the peak memory of each process.
//
//     swift build -c release --product sync-benchmark && .build/release/sync-benchmark
import Foundation
import NollyCrypto
import NollyModel
import NollyNode
import NollyStore
import NollySync
import NollyValues

let talents = 100
let changesPerTalent = 100
let operationsPerChange = 10

func peakMemoryMB() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_maxrss) / 1024
}

func seconds(_ body: () throws -> Void) rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

func format(_ value: Double, _ digits: Int = 0) -> String { String(format: "%.\(digits)f", value) }

/// Ten field operations on one profile: assignments and set additions, realistic sizes.
func edits(_ talent: Int, _ round: Int) throws -> [FieldOp] {
    let cities = ["Lagos", "Abuja", "Enugu", "Calabar", "Port Harcourt", "Ibadan", "Kano", "Benin City"]
    let skills = ["dancing", "singing", "stunts", "horse riding", "stage combat", "drums", "swimming", "comedy"]
    let languages = ["English", "Yoruba", "Igbo", "Hausa", "Pidgin", "Efik", "French"]
    return [
        FieldOp("headline", .assign(.text("Actor, \(round % 7 + 2) features, \(talent % 5 + 1) series"))),
        FieldOp("city", .assign(.text(cities[(talent + round) % cities.count]))),
        FieldOp(
            "day_rate",
            .assign(.money(try Money(minorUnits: Int64(100_000 + (talent * 997 + round * 131) % 400_000) * 100)))
        ),
        FieldOp("height_cm", .assign(.integer(Int64(150 + (talent + round) % 45)))),
        FieldOp("playing_age_min", .assign(.integer(Int64(18 + round % 20)))),
        FieldOp("playing_age_max", .assign(.integer(Int64(30 + round % 25)))),
        FieldOp("bio", .assign(.text("Trained in \(cities[round % cities.count]); round \(round)."))),
        FieldOp("skills", .add(.text(skills[(talent + round) % skills.count]))),
        FieldOp("languages", .add(.text(languages[(talent * 3 + round) % languages.count]))),
        FieldOp("gender", .assign(.text(round % 2 == 0 ? "female" : "male"))),
    ]
}

/// The child process: import the bundle into a fresh node and report as JSON on stdout.
func importPhase(bundle: String, directory: String) throws {
    let node = try Node.initialize(at: DataDirectory(url: URL(fileURLWithPath: directory)))
    var summary: ImportSummary?
    let elapsed = try seconds { summary = try node.replication.importBundle(from: URL(fileURLWithPath: bundle)) }
    guard let summary else { return }
    print(
        "{\"seconds\":\(elapsed),\"applied\":\(summary.applied),\"operations\":\(summary.operations),"
            + "\"rejected\":\(summary.rejected.count),\"peak_mb\":\(peakMemoryMB()),\"digest\":\"\(try node.replication.stateDigest())\"}"
    )
}

func mainPhase() throws {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("nollycrew-bench-\(getpid())")
    defer { if ProcessInfo.processInfo.environment["KEEP"] == nil { try? FileManager.default.removeItem(at: root) } }
    let origin = try Node.initialize(at: DataDirectory(url: root.appendingPathComponent("origin")))
    var authors = [Author]()
    for index in 0..<talents { authors.append(try origin.users.add(name: "talent\(index)", roles: [.actor])) }

    let changes = talents * changesPerTalent
    let operations = changes * operationsPerChange
    let writeSeconds = try seconds {
        for (talent, author) in authors.enumerated() {
            let batch = try (0..<changesPerTalent).map { round in
                [RowOps(entity: .profile, row: RowID(author.key.bytes), causalLength: 1, ops: try edits(talent, round))]
            }
            try origin.rows.commit(batch, by: author)
        }
    }
    let bundle = root.appendingPathComponent("edits.bundle")
    var exported = 0
    let exportSeconds = try seconds {
        exported = try origin.replication.exportBundle(to: bundle, for: nil, scopes: nil)
    }
    let bundleBytes = (try FileManager.default.attributesOfItem(atPath: bundle.path)[.size] as? Int) ?? 0
    let editChanges = exported - talents  // the user rows written by `addUser` are in the bundle too
    let originPeak = peakMemoryMB()

    let child = Process()
    child.executableURL = URL(fileURLWithPath: CommandLine.arguments[0])
    child.arguments = ["import", bundle.path, root.appendingPathComponent("fresh").path]
    let pipe = Pipe()
    child.standardOutput = pipe
    try child.run()
    let report = pipe.fileHandleForReading.readDataToEndOfFile()
    child.waitUntilExit()
    guard child.terminationStatus == 0,
        let result = try JSONSerialization.jsonObject(with: report) as? [String: Any],
        let importSeconds = result["seconds"] as? Double, let importedOps = result["operations"] as? Int,
        let importPeak = result["peak_mb"] as? Double, let digest = result["digest"] as? String
    else { throw BenchmarkFailure("the import process failed") }

    let converged = digest == (try origin.replication.stateDigest())
    print("NollyCrew sync benchmark (release build, \(ProcessInfo.processInfo.activeProcessorCount) cores)")
    print(
        "workload: \(talents) profiles x \(changesPerTalent) changes x \(operationsPerChange) field ops = \(operations) field edits"
    )
    print("")
    print(
        "sign + verify + store   \(format(Double(changes) / writeSeconds)) changes/s  (\(format(Double(operations) / writeSeconds)) field ops/s, \(format(writeSeconds, 2)) s)"
    )
    print(
        "bundle export           \(exported) changes (\(editChanges) edits + \(talents) user rows), \(bundleBytes) bytes in \(format(exportSeconds, 2)) s"
    )
    print(
        "bundle size             \(format(Double(bundleBytes) / Double(operations), 1)) bytes per field op   (target <= 60)"
    )
    print(
        "import (fresh node)     \(format(Double(importedOps) / importSeconds)) field ops/s with signature checks (\(importedOps) ops in \(format(importSeconds, 2)) s; target >= 50000)"
    )
    print("peak memory             writer \(format(originPeak)) MB, importer \(format(importPeak)) MB   (target < 200)")
    print("state digests equal     \(converged)")
    if !converged { throw BenchmarkFailure("the imported replica differs from the origin") }
}

do {
    let arguments = CommandLine.arguments
    if arguments.count == 4 && arguments[1] == "import" {
        try importPhase(bundle: arguments[2], directory: arguments[3])
    } else {
        try mainPhase()
    }
} catch {
    FileHandle.standardError.write(Data("sync-benchmark: \(error)\n".utf8))
    exit(1)
}

/// A benchmark run that went wrong: its figures would mean nothing.
struct BenchmarkFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
