public import Foundation
import NollyCrypto
public import NollyModel
import NollyStore

/// A stored version of a project's script.
public struct ScriptVersion: Sendable {
    public let row: RowID
    public let number: Int
    public let title: String
    public let breakdown: String
}

/// A project's script versions, each stored as a content-addressed file and its breakdown.
public struct ScriptService: NodeService {
    let context: NodeContext
}

extension ScriptService {
    /// Stores the script file as a content-addressed blob in the data directory and a new
    /// script version (title, version number, content hash, format, breakdown JSON) in the
    /// project, signed by its producer.
    public func add(
        project: RowID,
        title: String,
        file: URL,
        format: String,
        breakdown: String,
        by author: Author
    ) throws -> (row: RowID, number: Int) {
        _ = try rows.require(.project, project)
        guard project.ownerKey == author.key.bytes else {
            throw NodeError(.notPermitted, "\(author.name) is not the producer of project \(project.hex.prefix(16))…")
        }
        let content = try Data(contentsOf: file)
        let hash = try ContentStore(folder: directory.media).put(Array(content))
        let number = (try versions(project: project).map(\.number).max() ?? 0) + 1
        let row = context.newRow(after: project.bytes)
        try rows.edit(
            .script,
            row,
            [
                .assign("title", .text(String(title.prefix(200)))), .assign("version", .integer(Int64(number))),
                .assign("content", .blob(hash)), .assign("format", .text(format)), .assign("access", .text("project")),
                .assign("breakdown", .text(breakdown)),
            ],
            by: author
        )
        return (row, number)
    }

    /// The project's script versions, oldest first.
    public func versions(project: RowID) throws -> [ScriptVersion] {
        try store.liveRows(.script).filter { $0.row.bytes.starts(with: project.bytes) }.compactMap { row in
            guard case .integer(let number) = row.value("version") else { return nil }
            return ScriptVersion(
                row: row.row,
                number: Int(number),
                title: row.text("title") ?? "",
                breakdown: row.text("breakdown") ?? "{}"
            )
        }.sorted { $0.number < $1.number }
    }
}
