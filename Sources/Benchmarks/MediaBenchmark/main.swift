// Media benchmark (issue 12): BLAKE2b hashing from memory; `media add` of a large reel (copy in,
// hash, check the bytes, sign its row); and fetching that reel from a peer over loopback HTTPS
// (`nollycrew serve` as its own process), range by range with the hash check. Prints MB/s for
// each run and the spread.
//
//     swift build -c release --product nollycrew --product media-benchmark
//     .build/release/media-benchmark [--megabytes N] [--runs N]
import Foundation
import NollyClient
import NollyCrypto
import NollyMedia
import NollyModel
import NollyNode
import NollyReadModels
import NollySync

struct BenchmarkFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

func seconds(_ body: () throws -> Void) rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

func option(_ name: String, default value: Int) -> Int {
    guard let flag = CommandLine.arguments.firstIndex(of: name), flag + 1 < CommandLine.arguments.count else {
        return value
    }
    return Int(CommandLine.arguments[flag + 1]) ?? value
}

/// Prints one figure's runs: each, then min, median and max.
func report(_ label: String, megabytes: Double, times: [Double]) {
    let rates = times.map { megabytes / $0 }.sorted()
    let each = rates.map { String(format: "%.0f", $0) }.joined(separator: ", ")
    print(
        String(
            format: "%@: %.0f MB/s median (min %.0f, max %.0f; runs %@ MB/s)",
            label,
            rates[rates.count / 2],
            rates[0],
            rates[rates.count - 1],
            each
        )
    )
}

/// The committed sample reel followed by a `free` box of padding: a valid MP4 of about
/// `megabytes` MB, whose last byte is `variant` so each run adds a new file.
func largeReel(megabytes: Int, variant: UInt8, at url: URL) throws {
    let sample = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fixtures/media/reel.mp4")
    let reel = try Data(contentsOf: sample)
    let padding = megabytes << 20
    let boxSize = UInt32(padding + 8)
    guard FileManager.default.createFile(atPath: url.path, contents: nil) else {
        throw BenchmarkFailure("cannot write \(url.path)")
    }
    let handle = try FileHandle(forWritingTo: url)
    defer { try? handle.close() }
    try handle.write(contentsOf: reel)
    try handle.write(contentsOf: Data((0..<4).reversed().map { UInt8(truncatingIfNeeded: boxSize >> ($0 * 8)) }))
    try handle.write(contentsOf: Data("free".utf8))
    var chunk = Data(repeating: 0x2A, count: 1 << 20)
    for index in 0..<megabytes {
        if index == megabytes - 1 { chunk[chunk.count - 1] = variant }
        try handle.write(contentsOf: chunk)
    }
}

func nollycrew(_ arguments: [String]) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        .appendingPathComponent("nollycrew")
    process.arguments = arguments
    let pipe = Pipe()
    process.standardOutput = pipe
    try process.run()
    let output = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else { throw BenchmarkFailure("nollycrew \(arguments.first ?? "") failed") }
    return String(decoding: output, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
}

func run() throws {
    // Under the default 500 MB video limit.
    let megabytes = min(480, max(1, option("--megabytes", default: 200)))
    let runs = max(1, option("--runs", default: 5))
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("nollycrew-mediabench-\(getpid())")
    try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: root) }
    print("media benchmark: \(megabytes) MB files, \(runs) runs, \(ProcessInfo.processInfo.activeProcessorCount) cores")

    // Hashing alone, from memory, in the chunks the content store uses.
    let chunk = [UInt8](repeating: 0x5A, count: 1 << 20)
    var hashTimes = [Double]()
    for _ in 0..<runs {
        hashTimes.append(
            seconds {
                let hasher = Blake2b.Hasher()
                for _ in 0..<megabytes { hasher.update(chunk) }
                _ = hasher.finalize()
            }
        )
    }
    report("BLAKE2b-256 hashing", megabytes: Double(megabytes), times: hashTimes)

    // `media add`: copy in, hash, check the bytes, sign the row and the profile reference.
    let agencyDirectory = DataDirectory(url: root.appendingPathComponent("agency"))
    let agency = try Node.initialize(at: agencyDirectory)
    let ada = try agency.users.add(name: "ada", roles: [.actor])
    var addTimes = [Double]()
    var reels = [String]()
    for index in 0..<runs {
        let file = root.appendingPathComponent("reel-\(index).mp4")
        try largeReel(megabytes: megabytes, variant: UInt8(index), at: file)
        _ = try Data(contentsOf: file).count  // in the page cache, as a file just recorded would be
        var added: MediaView?
        addTimes.append(try seconds { added = try agency.media.add(file, kind: .reel, by: ada) })
        reels.append(added?.hash ?? "")
        try FileManager.default.removeItem(at: file)
    }
    let fileMegabytes = Double(megabytes)
    report("media add (copy, hash, check, sign)", megabytes: fileMegabytes, times: addTimes)

    // Fetch over loopback HTTPS from `nollycrew serve`.
    let serve = Process()
    serve.executableURL = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        .appendingPathComponent("nollycrew")
    serve.arguments = ["serve", "--data-dir", agencyDirectory.url.path, "--address", "127.0.0.1:0", "--name", "agency"]
    serve.standardOutput = FileHandle.nullDevice
    var environment = ProcessInfo.processInfo.environment
    environment["LOG_LEVEL"] = "warning"
    serve.environment = environment
    try serve.run()
    defer { if serve.isRunning { serve.terminate() } }
    var url = ""
    for _ in 0..<600 where url.isEmpty {
        usleep(50_000)
        url = (try? String(contentsOf: agencyDirectory.serverURLFile, encoding: .utf8)) ?? ""
    }
    guard !url.isEmpty else { throw BenchmarkFailure("the server did not start") }
    let token = try nollycrew(["peer", "invite", "--scopes", "public", "--data-dir", agencyDirectory.url.path])
    let laptop = try Node.initialize(at: DataDirectory(url: root.appendingPathComponent("laptop")))
    let invite = try PeerInvite(token: token)
    let key = try laptop.peers.nodeIdentity().signingKey
    let transport = try CurlPeerTransport(
        url: invite.url,
        fingerprint: invite.fingerprint,
        key: key,
        responder: invite.nodeKey
    )
    try laptop.peers.join(invite, over: transport, name: "agency", granting: [.public])
    _ = try laptop.replication.sync(with: try laptop.peers.find("agency"), over: transport)
    var fetchTimes = [Double]()
    for hash in reels {
        guard let bytes = Hex.decode(hash) else { throw BenchmarkFailure("no reel hash") }
        fetchTimes.append(
            try seconds {
                try laptop.media.fetch(
                    RowID(ada.key.bytes + bytes),
                    from: [BlobSource(name: "agency", transport: transport)]
                )
            }
        )
    }
    report("fetch over HTTPS (4 MiB ranges, hash checked)", megabytes: fileMegabytes, times: fetchTimes)
    serve.terminate()
    serve.waitUntilExit()
}

do {
    try run()
} catch {
    FileHandle.standardError.write(Data("media-benchmark: \(error)\n".utf8))
    exit(1)
}
