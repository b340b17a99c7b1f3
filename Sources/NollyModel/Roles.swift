import NollyMedia

/// What a user does in the industry. A user may hold several roles.
public enum UserRole: String, CaseIterable, Sendable {
    case actor, musician, model, crew, producer, manager, investor, admin
    case voiceArtist = "voice_artist"
    case castingDirector = "casting_director"
}

/// Closed vocabularies of enumerated fields.
public enum Vocabulary {
    public static let roles = UserRole.allCases.map(\.rawValue)
    public static let projectKinds = ["movie", "short_film", "series", "documentary"]
    public static let projectStatuses = ["planning", "pre_production", "production", "post_production", "completed"]
    public static let jobKinds = ["casting_call", "crew_post"]
    public static let jobStatuses = ["open", "closed", "filled"]
    /// Statuses an applicant may set on their own application.
    public static let applicantStatuses = ApplicationStatus.allCases.filter { $0.setBy == .applicant }.map(\.rawValue)
    /// Statuses only the job's producer may set.
    public static let producerStatuses = ApplicationStatus.allCases.filter { $0.setBy == .producer }.map(\.rawValue)
    public static let applicationStatuses = ApplicationStatus.allCases.map(\.rawValue)
    public static let verificationKinds = ["identity", "kyc", "badge"]
    public static let verificationStatuses = ["pending", "verified", "revoked"]
    public static let scriptAccess = ["project", "producer_only", "cast_and_crew"]
    /// `hidden` keeps a profile out of search and recommendations; unset means public.
    public static let profileVisibilities = ["public", "hidden"]
    public static let mediaKinds = MediaKind.allCases.map(\.rawValue)
    public static let mediaTypes = MediaType.allCases.map(\.rawValue)
}
