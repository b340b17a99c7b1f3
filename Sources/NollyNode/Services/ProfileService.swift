import NollyCrypto
public import NollyModel
import NollyStore

/// Which profiles `profile list` shows.
public struct ProfileFilter: Sendable, Equatable {
    /// Only profiles in this city (case-insensitive).
    public var city: String?
    /// Only profiles with this skill.
    public var skill: String?

    public init(city: String? = nil, skill: String? = nil) {
        self.city = city
        self.skill = skill
    }

    func matches(_ profile: RowSnapshot) -> Bool {
        (city.map { profile.text("city")?.lowercased() == $0.lowercased() } ?? true)
            && (skill.map { profile.elements("skills").contains(.text($0)) } ?? true)
    }
}

/// Talent and crew profiles.
public struct ProfileService: NodeService {
    let context: NodeContext
}

extension ProfileService {
    /// Live profiles that match `filter`.
    public func list(matching filter: ProfileFilter = ProfileFilter()) throws -> [RowSnapshot] {
        try store.liveRows(.profile).filter(filter.matches)
    }
}
