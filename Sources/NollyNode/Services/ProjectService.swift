public import NollyCrypto
public import NollyModel
import NollyStore

/// Projects, the jobs posted on them, and producers' shortlists.
public struct ProjectService: NodeService {
    let context: NodeContext
}

extension ProjectService {
    /// Creates a project owned by `author`; returns its id.
    public func create(title: String, kind: String, edits: [Edit] = [], by author: Author) throws -> RowID {
        let row = context.newRow(after: author.key.bytes)
        try rows.edit(
            .project,
            row,
            [.assign("title", .text(title)), .assign("kind", .text(kind)), .assign("status", .text("planning"))]
                + edits,
            by: author
        )
        return row
    }

    /// Posts a job (casting call or crew post) on one of the author's projects; returns its id.
    public func postJob(project: RowID, title: String, kind: String, edits: [Edit] = [], by author: Author) throws
        -> RowID
    {
        _ = try rows.require(.project, project)
        guard project.ownerKey == author.key.bytes else {
            throw NodeError(.notPermitted, "\(author.name) is not the producer of project \(project.hex.prefix(16))…")
        }
        let row = context.newRow(after: project.bytes)
        try rows.edit(
            .job,
            row,
            [.assign("title", .text(title)), .assign("kind", .text(kind)), .assign("status", .text("open"))] + edits,
            by: author
        )
        return row
    }

    /// Live projects.
    public func list() throws -> [RowSnapshot] { try store.liveRows(.project) }

    /// Live jobs, optionally only those with `status` (open, closed, filled).
    public func jobs(status: String? = nil) throws -> [RowSnapshot] {
        try store.liveRows(.job).filter { job in status.map { job.text("status") == $0 } ?? true }
    }

    /// Adds `member` to the author's shortlist named `name`, creating it if needed; returns its id.
    public func addToShortlist(named name: String, member: SigningPublicKey, note: String?, by author: Author) throws
        -> RowID
    {
        let existing = try store.liveRows(.shortlist).first {
            $0.row.ownerKey == author.key.bytes && $0.text("name") == name
        }
        let row = existing?.row ?? context.newRow(after: author.key.bytes)
        var edits: [Edit] = existing == nil ? [.assign("name", .text(name))] : []
        edits.append(.add("members", .blob(member.bytes)))
        if let note { edits.append(.assign("notes", .text(note))) }
        try rows.edit(.shortlist, row, edits, by: author)
        return row
    }
}
