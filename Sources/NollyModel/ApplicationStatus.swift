/// Where an application stands. Status is a state machine, not last-writer-wins
/// (Sync/SYNC.md, "Application status"):
///
/// ```
/// submitted ─▶ viewed ─▶ shortlisted ─▶ offered ─┬─▶ hired      (producer)
///     │           │            │           │      └─▶ declined   (producer, from any open state)
///     └───────────┴────────────┴───────────┴────────▶ withdrawn  (applicant, from any open state)
/// ```
///
/// The open states only move forward. `hired`, `declined` and `withdrawn` are final: the
/// first of them stands, and neither party can undo the other's decision.
public enum ApplicationStatus: String, CaseIterable, Sendable, Comparable {
    case submitted, viewed, shortlisted, offered, hired, declined, withdrawn

    /// Who may move an application into a status.
    public enum Party: Sendable, Equatable { case applicant, producer }

    /// The party allowed to set this status.
    public var setBy: Party {
        switch self {
        case .submitted, .withdrawn: return .applicant
        case .viewed, .shortlisted, .offered, .hired, .declined: return .producer
        }
    }

    /// Final statuses end the application; nothing moves it on.
    public var isFinal: Bool {
        switch self {
        case .hired, .declined, .withdrawn: return true
        case .submitted, .viewed, .shortlisted, .offered: return false
        }
    }

    /// The position of an open status along the pipeline (final statuses come after all).
    public var progress: Int { Self.allCases.firstIndex(of: self)! }

    /// Whether a person may move an application from `self` to `next`: open statuses move
    /// forward only, and a final status is never left.
    public func canMove(to next: ApplicationStatus) -> Bool {
        !isFinal && next.progress > progress
    }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.progress < rhs.progress }
}
