import Foundation
import Testing

/// Nodes as data directories under one temporary folder, driven through the `nollycrew` binary.
struct ProcessNodes {
    let directory: URL

    init(_ label: String) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "nollycrew-\(label)-\(UUID().uuidString)"
        )
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    func dataDir(_ node: String) -> URL { directory.appendingPathComponent(node) }

    /// Runs `nollycrew ARGS --data-dir <node>`, expecting success (status 0) or failure (any other).
    @discardableResult
    func run(_ node: String, _ arguments: [String], expect status: Int32 = 0) throws -> NollyCrewProcess.Result {
        let result = try NollyCrewProcess.run(arguments + ["--data-dir", dataDir(node).path])
        let command = "nollycrew \(arguments.joined(separator: " ")) on \(node)"
        if status == 0 {
            #expect(result.status == 0, "\(command): \(result.errors)")
        } else {
            #expect(result.status != 0, "\(command) should fail")
        }
        return result
    }

    func remove() { try? FileManager.default.removeItem(at: directory) }
}
