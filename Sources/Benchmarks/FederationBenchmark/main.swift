// Federation benchmark (issue 3): a server node holding 100,000 public profiles (one signed
// change of ten field operations each, by 100,000 talents) runs `nollycrew serve` as its
// own process; an empty node in this process joins it and syncs over loopback HTTPS. Then
// the server writes one change at a time and the client syncs it. Prints times, throughput,
// HTTP body bytes per field operation and the peak memory of both processes.
//
//     swift build -c release --product nollycrew --product federation-benchmark
//     .build/release/federation-benchmark [--profiles N]
import Foundation
import NollyClient
import NollyCrypto
import NollyFederation
import NollyModel
import NollyNode
import NollyStore
import NollySync
import NollyValues

let operationsPerProfile = 10

func seconds(_ body: () throws -> Void) rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

func format(_ value: Double, _ digits: Int = 0) -> String { String(format: "%.\(digits)f", value) }

func peakMemoryMB(pid: pid_t? = nil) -> Double {
    guard let pid else {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_maxrss) / 1024
    }
    // VmHWM: the process's peak resident set.
    let status = (try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)) ?? ""
    let line = status.split(separator: "\n").first { $0.hasPrefix("VmHWM:") } ?? ""
    return Double(line.split(separator: " ").dropFirst().first.flatMap { Int($0) } ?? 0) / 1024
}

/// The processor time this process has used so far, in user and kernel mode, in seconds.
func processorTime() -> (user: Double, system: Double) {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    func seconds(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) / 1e6 }
    return (seconds(usage.ru_utime), seconds(usage.ru_stime))
}

/// The bytes this process has caused to be written to storage (`write_bytes` in /proc/self/io), in MB.
func writtenMegabytes() -> Double {
    let io = (try? String(contentsOfFile: "/proc/self/io", encoding: .utf8)) ?? ""
    let line = io.split(separator: "\n").first { $0.hasPrefix("write_bytes:") } ?? ""
    return Double(line.split(separator: " ").last.flatMap { Int($0) } ?? 0) / 1_048_576
}

/// Counts the HTTP body bytes that cross the wire in both directions.
final class CountingTransport: PeerTransport {
    let inner: CurlPeerTransport
    var sent = 0
    var received = 0
    var requests = 0
    var waiting = 0.0

    init(_ inner: CurlPeerTransport) { self.inner = inner }

    func post(_ path: String, body: [UInt8]) throws -> [UInt8] {
        var answer = [UInt8]()
        waiting += try seconds { answer = try inner.post(path, body: body) }
        sent += body.count
        received += answer.count
        requests += 1
        return answer
    }
}

/// One talent's public profile: ten field operations, signed by the talent.
func profileChange(_ index: Int, seed: [UInt8]) throws -> SignedChange {
    var bytes = seed
    let key = try SigningKey(seed: SecretBytes(copying: &bytes))
    let cities = ["Lagos", "Abuja", "Enugu", "Calabar", "Port Harcourt", "Ibadan", "Kano", "Benin City"]
    let skills = ["dancing", "singing", "stunts", "horse riding", "stage combat", "drums", "swimming", "comedy"]
    let ops = [
        FieldOp("headline", .assign(.text("Actor, \(index % 7 + 2) features, \(index % 5 + 1) series"))),
        FieldOp("city", .assign(.text(cities[index % cities.count]))),
        FieldOp("day_rate", .assign(.money(try Money(minorUnits: Int64(100_000 + index * 997 % 400_000) * 100)))),
        FieldOp("height_cm", .assign(.integer(Int64(150 + index % 45)))),
        FieldOp("playing_age_min", .assign(.integer(Int64(18 + index % 20)))),
        FieldOp("playing_age_max", .assign(.integer(Int64(30 + index % 25)))),
        FieldOp("bio", .assign(.text("Trained in \(cities[(index / 8) % cities.count]); talent \(index)."))),
        FieldOp("skills", .add(.text(skills[index % skills.count]))),
        FieldOp("languages", .add(.text(["English", "Yoruba", "Igbo", "Hausa", "Pidgin"][index % 5]))),
        FieldOp("gender", .assign(.text(index % 2 == 0 ? "female" : "male"))),
    ]
    let change = Change(
        schemaVersion: Change.currentSchemaVersion,
        author: key.publicKey,
        seq: 1,
        hlc: HLC(milliseconds: UInt64(Date().timeIntervalSince1970 * 1000), counter: 0),
        rows: [RowOps(entity: .profile, row: RowID(key.publicKey.bytes), causalLength: 1, ops: ops)]
    )
    return SignedChange(signing: change, with: key)
}

/// Fills the server node: profiles signed in parallel, stored through the one write path.
func populate(_ node: Node, profiles: Int) throws {
    let batch = 2_000
    for start in stride(from: 0, to: profiles, by: batch) {
        let count = min(batch, profiles - start)
        nonisolated(unsafe) let slots = UnsafeMutableBufferPointer<SignedChange?>.allocate(capacity: count)
        slots.initialize(repeating: nil)
        defer {
            slots.deinitialize()
            slots.deallocate()
        }
        DispatchQueue.concurrentPerform(iterations: count) { offset in
            let index = start + offset
            let seed = Blake2b.hash(Array("talent \(index)".utf8))
            slots[offset] = try? profileChange(index, seed: seed)
        }
        let changes = slots.compactMap { $0 }
        let report = try node.replication.receive(changes)
        guard report.applied == count else {
            throw BenchmarkFailure("populating: \(report.rejected.first.map { $0.1.message } ?? "?")")
        }
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
    var profiles = 100_000
    if let flag = CommandLine.arguments.firstIndex(of: "--profiles"), flag + 1 < CommandLine.arguments.count {
        profiles = Int(CommandLine.arguments[flag + 1]) ?? profiles
    }
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("nollycrew-fedbench-\(getpid())")
    defer { if ProcessInfo.processInfo.environment["KEEP"] == nil { try? FileManager.default.removeItem(at: root) } }
    let serverDirectory = DataDirectory(url: root.appendingPathComponent("server"))
    let server = try Node.initialize(at: serverDirectory)
    let producer = try server.users.add(name: "studio", roles: [.producer])
    let populateSeconds = try seconds { try populate(server, profiles: profiles) }
    let operations = profiles * operationsPerProfile

    let serve = Process()
    serve.executableURL = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        .appendingPathComponent("nollycrew")
    serve.arguments = ["serve", "--data-dir", serverDirectory.url.path, "--address", "127.0.0.1:0", "--name", "studio"]
    serve.standardOutput = FileHandle.nullDevice
    var environment = ProcessInfo.processInfo.environment
    environment["LOG_LEVEL"] = "warning"
    serve.environment = environment
    try serve.run()
    defer { if serve.isRunning { serve.terminate() } }
    var url = ""
    for _ in 0..<600 where url.isEmpty {
        usleep(50_000)
        url = (try? String(contentsOf: serverDirectory.serverURLFile, encoding: .utf8)) ?? ""
    }
    guard !url.isEmpty else { throw BenchmarkFailure("the server did not start") }
    let token = try nollycrew(["peer", "invite", "--scopes", "public", "--data-dir", serverDirectory.url.path])

    let client = try Node.initialize(at: DataDirectory(url: root.appendingPathComponent("client")))
    let invite = try PeerInvite(token: token)
    let key = try client.peers.nodeIdentity().signingKey
    let join = try CurlPeerTransport(
        url: invite.url,
        fingerprint: invite.fingerprint,
        key: key,
        responder: invite.nodeKey
    )
    try client.peers.join(invite, over: join, name: "studio", granting: [.public])

    // The initial sync runs in a process of its own, so its peak memory is the client's alone.
    let child = Process()
    child.executableURL = URL(fileURLWithPath: CommandLine.arguments[0])
    child.arguments = ["client", root.appendingPathComponent("client").path]
    let pipe = Pipe()
    child.standardOutput = pipe
    try child.run()
    let report = pipe.fileHandleForReading.readDataToEndOfFile()
    child.waitUntilExit()
    guard child.terminationStatus == 0,
        let initial = try JSONSerialization.jsonObject(with: report) as? [String: Double],
        let initialSeconds = initial["seconds"], let pulled = initial["pulled"], let requests = initial["requests"],
        let bodyBytes = initial["bytes"], let waiting = initial["waiting"], let clientPeak = initial["peak_mb"],
        let clientUser = initial["cpu_user"], let clientSystem = initial["cpu_system"],
        let written = initial["written_mb"]
    else { throw BenchmarkFailure("the client process failed") }

    // One change at a time: the server's producer edits, the client syncs (new connection each time).
    var roundTrips = [Double]()
    for round in 0..<20 {
        try server.rows.edit(
            .profile,
            RowID(producer.key.bytes),
            [.assign("headline", .text("take \(round)"))],
            by: producer
        )
        let once = try CurlPeerTransport(
            url: invite.url,
            fingerprint: invite.fingerprint,
            key: key,
            responder: invite.nodeKey
        )
        var one = SyncSummary(peer: "studio")
        roundTrips.append(
            try seconds { one = try client.replication.sync(with: try client.peers.find("studio"), over: once) }
        )
        guard one.applied == 1 else { throw BenchmarkFailure("incremental sync applied \(one.applied), not 1") }
    }
    roundTrips.sort()
    let serverPeak = peakMemoryMB(pid: serve.processIdentifier)
    kill(serve.processIdentifier, SIGTERM)
    serve.waitUntilExit()
    let converged = try client.replication.stateDigest() == server.replication.stateDigest()

    print(
        "NollyCrew federation benchmark (release build, loopback HTTPS, \(ProcessInfo.processInfo.activeProcessorCount) cores)"
    )
    print("workload: \(profiles) public profiles x \(operationsPerProfile) field ops = \(operations) field operations")
    print("(server populated in \(format(populateSeconds, 1)) s, not measured)")
    print("")
    print(
        "initial sync        \(format(initialSeconds, 2)) s for \(Int(pulled)) changes in \(Int(requests)) requests: "
            + "\(format(Double(operations) / initialSeconds)) field ops/s  (target < 30 s)"
    )
    print(
        "bytes on the wire   \(Int(bodyBytes)) HTTP body bytes = \(format(bodyBytes / Double(operations), 1)) per field op "
            + "(TLS records and HTTP headers add about 1 KB per request)"
    )
    print(
        "one-change sync     median \(format(roundTrips[roundTrips.count / 2] * 1000, 1)) ms, "
            + "max \(format(roundTrips.last! * 1000, 1)) ms over \(roundTrips.count) rounds (new TLS connection each; target < 50 ms)"
    )
    print(
        "client processor    \(format(clientUser, 1)) s user + \(format(clientSystem, 1)) s kernel; "
            + "\(format(written)) MB written to storage"
    )
    print("waiting on the server \(format(waiting, 2)) s of the initial sync (the rest: verify, merge, store)")
    print(
        "peak memory         server \(format(serverPeak)) MB, client \(format(clientPeak)) MB   (target < 300 each)"
    )
    print("state digests equal \(converged)")
    if !converged { throw BenchmarkFailure("the client's replica differs from the server's") }
}

/// The child process: the initial sync of an empty node that has joined the server.
func clientPhase(directory: String) throws {
    let client = try Node.open(at: DataDirectory(url: URL(fileURLWithPath: directory)))
    let peer = try client.peers.find("studio")
    guard let url = peer.url, let fingerprint = peer.fingerprint else { throw BenchmarkFailure("no server peer") }
    let transport = CountingTransport(
        try CurlPeerTransport(
            url: url,
            fingerprint: fingerprint,
            key: try client.peers.nodeIdentity().signingKey,
            responder: peer.nodeKey
        )
    )
    var summary = SyncSummary(peer: "studio")
    let elapsed = try seconds { summary = try client.replication.sync(with: peer, over: transport) }
    let usage = processorTime()
    print(
        "{\"seconds\":\(elapsed),\"pulled\":\(summary.pulled),\"requests\":\(transport.requests),"
            + "\"bytes\":\(transport.sent + transport.received),\"waiting\":\(transport.waiting),"
            + "\"peak_mb\":\(peakMemoryMB()),\"cpu_user\":\(usage.user),\"cpu_system\":\(usage.system),"
            + "\"written_mb\":\(writtenMegabytes())}"
    )
}

do {
    if CommandLine.arguments.count == 3 && CommandLine.arguments[1] == "client" {
        try clientPhase(directory: CommandLine.arguments[2])
    } else {
        try run()
    }
} catch {
    FileHandle.standardError.write(Data("federation-benchmark: \(error)\n".utf8))
    exit(1)
}

/// A benchmark run that went wrong: its figures would mean nothing.
struct BenchmarkFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
