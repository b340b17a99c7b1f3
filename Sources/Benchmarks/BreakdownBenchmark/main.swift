// Breakdown benchmark (issue: script breakdown engine): generates a 120-page and a 400-page
// Fountain script, and measures parse + breakdown time (best of 20) and peak memory, beside
// jouvence (PyPI), a Python Fountain parser, on the same files in the same run.
//
//     make bench   (or: swift build -c release --product breakdown-benchmark && .build/release/breakdown-benchmark)
import Foundation
import NollyBreakdown

/// An original, generated screenplay of about `pages` pages (55 lines a page).
func generatedScript(pages: Int, seed: UInt64) -> String {
    var state = seed
    func next(_ bound: Int) -> Int {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return Int((state >> 33) % UInt64(bound))
    }
    let places = [
        "MARKET", "LAGOON JETTY", "NEWSROOM", "POLICE STATION", "ADA'S FLAT", "CHURCH", "MOTOR PARK", "HOSPITAL",
        "PALACE", "BUKKA",
    ]
    let times = ["DAY", "NIGHT", "DAWN", "DUSK", "CONTINUOUS", "LATER"]
    let people = ["ADA", "TUNDE", "NGOZI", "CHIDI", "AMAKA", "FEMI", "ZAINAB", "EMEKA", "BISI", "KUNLE"]
    let props = ["phone", "briefcase", "danfo", "goat", "lantern", "radio", "knife", "envelope", "crowd", "drums"]
    var lines = ["Title: Generated Feature \(pages)", "Author: sync benchmark generator", ""]
    var scene = 0
    while lines.count < pages * 55 {
        scene += 1
        let setting = next(3) == 0 ? "EXT." : "INT."
        lines += ["", "\(setting) \(places[next(places.count)]) - \(times[next(times.count)]) #\(scene)#", ""]
        for _ in 0..<(2 + next(4)) {
            let a = people[next(people.count)]
            lines.append(
                "\(a) crosses the room with a \(props[next(props.count)]), watching the door. Rain taps on the roof."
            )
            lines.append("")
            lines.append(a)
            if next(3) == 0 { lines.append("(quietly)") }
            lines.append("We have until Friday. After that the \(props[next(props.count)]) is gone and so are we.")
            lines.append("")
            if next(5) == 0 { lines += ["> CUT TO:", ""] }
        }
    }
    return lines.joined(separator: "\n") + "\n"
}

func peakMemoryMB() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_maxrss) / 1024
}

func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
}

func jouvence(_ path: String) -> Double? {
    let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("jouvence_time.py")
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", script.path, path, "5"]
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = FileHandle.nullDevice
    guard (try? process.run()) != nil else { return nil }
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0,
        let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
    else { return nil }
    return object["seconds"] as? Double
}

let directory = FileManager.default.temporaryDirectory.appendingPathComponent("nollycrew-breakdown-bench-\(getpid())")
try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(at: directory) }
print("NollyCrew breakdown benchmark (release build, \(ProcessInfo.processInfo.activeProcessorCount) cores)")
print("target: a 120-page script in < 50 ms, >= 20x faster than jouvence on the same file")
for pages in [120, 400] {
    let path = directory.appendingPathComponent("generated-\(pages).fountain").path
    let text = generatedScript(pages: pages, seed: UInt64(pages))
    try text.write(toFile: path, atomically: true, encoding: .utf8)
    var best = Double.infinity
    var bestParse = Double.infinity
    var breakdown: Breakdown?
    let builder = BreakdownBuilder()
    for _ in 0..<20 {
        let start = ContinuousClock.now
        let (screenplay, _) = try ScriptLoader.load(path)
        let parsed = ContinuousClock.now
        breakdown = builder.breakdown(screenplay)
        best = min(best, seconds(ContinuousClock.now - start))
        bestParse = min(bestParse, seconds(parsed - start))
    }
    let result = breakdown!
    let theirs = jouvence(path)
    let ratio =
        theirs.map { String(format: "%.0fx faster", $0 / best) } ?? "(jouvence unavailable: pip install jouvence)"
    print(
        "\(pages) pages (\(text.utf8.count / 1024) KB, \(result.totals.scenes) scenes, \(result.totals.pages) pages counted): "
            + String(format: "%.1f ms (parse %.1f ms)", best * 1000, bestParse * 1000)
            + " parse + breakdown; jouvence parse only "
            + (theirs.map { String(format: "%.1f ms", $0 * 1000) } ?? "-") + "; \(ratio)"
    )
}
print(String(format: "peak memory %.0f MB (whole process, both scripts)", peakMemoryMB()))
