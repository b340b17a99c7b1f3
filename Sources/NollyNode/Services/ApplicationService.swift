import NollyCrypto
public import NollyModel
import NollyStore

/// Applications to jobs, moved through ``ApplicationStatus`` by the applicant and the producer.
public struct ApplicationService: NodeService {
    let context: NodeContext
}

extension ApplicationService {
    /// Applies to a job as `author`; returns the application id.
    public func apply(to job: RowID, note: String?, by author: Author) throws -> RowID {
        let snapshot = try rows.require(.job, job)
        guard snapshot.text("status") == "open" else {
            throw NodeError(
                .invalidState,
                "job \(job.hex.prefix(16))… is \(snapshot.text("status") ?? "not open"); it takes no applications"
            )
        }
        let row = RowID(author.key.bytes + job.bytes)
        var edits = [Edit.assign("status", .text("submitted"))]
        if let note { edits.append(.assign("cover_note", .text(note))) }
        try rows.edit(.application, row, edits, by: author)
        return row
    }

    /// Moves an application to `status` as `author` (the applicant submits and withdraws, the
    /// job's producer does the rest), refusing what ``ApplicationStatus`` does not allow.
    public func setStatus(_ application: RowID, to status: ApplicationStatus, by author: Author) throws {
        let snapshot = try rows.require(.application, application)
        let current = snapshot.text("status").flatMap(ApplicationStatus.init) ?? .submitted
        guard current.canMove(to: status) else {
            throw NodeError(
                .invalidState,
                "application \(application.hex.prefix(16))… is \(current.rawValue): "
                    + (current.isFinal
                        ? "that decision is final"
                        : "an application only moves forward, so it cannot become \(status.rawValue) now")
            )
        }
        try rows.edit(.application, application, [.assign("status", .text(status.rawValue))], by: author)
    }

    /// Live applications.
    public func list() throws -> [RowSnapshot] { try store.liveRows(.application) }
}
