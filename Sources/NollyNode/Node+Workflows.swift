import Foundation
public import NollyCrypto
public import NollyModel
import NollyStore
import NollySync

/// The domain workflows: each builds row operations and commits them as one signed change.
extension Node {
    /// Creates a local user: a new identity whose keys stay on this node, and its public
    /// user row (display name and roles).
    public func addUser(name: String, displayName: String? = nil, roles: [UserRole]) throws -> Author {
        let trimmed = name.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty, trimmed.count <= 60 else {
            throw NodeError(.invalidInput, "a user name must have 1 to 60 characters")
        }
        guard try store.localUsers().allSatisfy({ $0.name.lowercased() != trimmed.lowercased() }) else {
            throw NodeError(.nameTaken, "a local user named '\(trimmed)' already exists")
        }
        let identity = try Identity.generate()
        try KeyFile.write(
            identity,
            to: directory.keyFile(identity.publicKey.hex),
            passphrase: passphrase.provide("New passphrase for \(trimmed): ")
        )
        try store.addLocalUser(
            LocalUserRecord(publicKey: identity.publicKey, name: trimmed, createdAt: Int64(nowMilliseconds))
        )
        let author = Author(name: trimmed, identity: identity)
        var edits = [Edit.assign("display_name", .text(displayName ?? trimmed))]
        edits += roles.filter { $0 != .admin }.map { .add("roles", .text($0.rawValue)) }
        try edit(.user, RowID(identity.publicKey.bytes), edits, by: author)
        return author
    }

    /// Creates a project owned by `author`; returns its id.
    public func createProject(title: String, kind: String, edits: [Edit] = [], by author: Author) throws -> RowID {
        let row = RowID(author.key.bytes + SecureRandom.bytes(8))
        try edit(
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
        _ = try requireRow(.project, project)
        guard project.ownerKey == author.key.bytes else {
            throw NodeError(.notPermitted, "\(author.name) is not the producer of project \(project.hex.prefix(16))…")
        }
        let row = RowID(project.bytes + SecureRandom.bytes(8))
        try edit(
            .job,
            row,
            [.assign("title", .text(title)), .assign("kind", .text(kind)), .assign("status", .text("open"))] + edits,
            by: author
        )
        return row
    }

    /// Applies to a job as `author`; returns the application id.
    public func apply(to job: RowID, note: String?, by author: Author) throws -> RowID {
        let snapshot = try requireRow(.job, job)
        guard snapshot.text("status") == "open" else {
            throw NodeError(
                .invalidState,
                "job \(job.hex.prefix(16))… is \(snapshot.text("status") ?? "not open"); it takes no applications"
            )
        }
        let row = RowID(author.key.bytes + job.bytes)
        var edits = [Edit.assign("status", .text("submitted"))]
        if let note { edits.append(.assign("cover_note", .text(note))) }
        try edit(.application, row, edits, by: author)
        return row
    }

    /// Moves an application to `status` as `author` (the applicant submits and withdraws, the
    /// job's producer does the rest), refusing what ``ApplicationStatus`` does not allow.
    public func setApplicationStatus(_ application: RowID, to status: ApplicationStatus, by author: Author) throws {
        let snapshot = try requireRow(.application, application)
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
        try edit(.application, application, [.assign("status", .text(status.rawValue))], by: author)
    }

    /// Grants `agent` (a manager or agency user) the right to edit `author`'s profile.
    public func grantRepresentation(to agent: SigningPublicKey, by author: Author) throws {
        try commit(
            [RowOps(entity: .representation, row: RowID(author.key.bytes + agent.bytes), causalLength: 1)],
            by: author
        )
    }

    /// Adds `member` to the author's shortlist named `name`, creating it if needed; returns its id.
    public func addToShortlist(named name: String, member: SigningPublicKey, note: String?, by author: Author) throws
        -> RowID
    {
        let existing = try store.liveRows(.shortlist).first {
            $0.row.ownerKey == author.key.bytes && $0.text("name") == name
        }
        let row = existing?.row ?? RowID(author.key.bytes + SecureRandom.bytes(8))
        var edits: [Edit] = existing == nil ? [.assign("name", .text(name))] : []
        edits.append(.add("members", .blob(member.bytes)))
        if let note { edits.append(.assign("notes", .text(note))) }
        try edit(.shortlist, row, edits, by: author)
        return row
    }
}
