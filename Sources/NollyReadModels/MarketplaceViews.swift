public import NollyModel

/// A project as the CLI, the API and the web app show it.
public struct ProjectView: Codable, Sendable, Equatable {
    public let id: String
    /// The producer who owns it.
    public let owner: String
    public let title: String?
    public let kind: String?
    public let status: String?
    public let logline: String?
    public let budget: AmountView?
    /// `YYYY-MM-DD`.
    public let startDate: String?
    public let endDate: String?
    public let members: [String]

    public init(_ row: RowSnapshot) {
        id = row.row.hex
        owner = row.idPart(0..<32)
        title = row.text("title")
        kind = row.text("kind")
        status = row.text("status")
        logline = row.text("logline")
        budget = row.amount("budget")
        startDate = row.text("start_date")
        endDate = row.text("end_date")
        members = row.hexes("members")
    }
}

/// A casting call or crew post.
public struct JobView: Codable, Sendable, Equatable {
    public let id: String
    /// The project it belongs to.
    public let project: String
    public let title: String?
    public let kind: String?
    public let status: String?
    public let roleName: String?
    public let department: String?
    public let description: String?
    public let rate: AmountView?
    public let city: String?
    public let shootStart: String?
    public let shootEnd: String?
    public let skills: [String]

    public init(_ row: RowSnapshot) {
        id = row.row.hex
        project = row.idPart(0..<40)
        title = row.text("title")
        kind = row.text("kind")
        status = row.text("status")
        roleName = row.text("role_name")
        department = row.text("department")
        description = row.text("description")
        rate = row.amount("rate")
        city = row.text("city")
        shootStart = row.text("shoot_start")
        shootEnd = row.text("shoot_end")
        skills = row.texts("skills")
    }
}

/// A talent's application to a job.
public struct ApplicationView: Codable, Sendable, Equatable {
    public let id: String
    public let applicant: String
    public let job: String
    /// One of ``ApplicationStatus``'s raw values.
    public let status: String?
    public let coverNote: String?

    public init(_ row: RowSnapshot) {
        id = row.row.hex
        applicant = row.idPart(0..<32)
        job = row.idPart(32..<80)
        status = row.text("status")
        coverNote = row.text("cover_note")
    }
}
