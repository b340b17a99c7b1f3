import Foundation
import NollyCrypto
public import NollyMatching
public import NollyModel
import NollyStore
import NollySync
import NollyValues

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

extension ProfileService {
    /// How complete `user`'s profile is, from 0 to 100, with what to add next (most points first).
    public func strength(of user: RowID) throws -> ProfileStrength {
        guard let profile = try store.snapshot(.profile, user) else {
            throw NodeError(
                .notFound,
                "\(user.hex.prefix(16)) has no profile",
                hint: "set one with `nollycrew profile set`"
            )
        }
        var facts = ProfileFacts()
        facts.mediaCount = profile.elements("media").count
        facts.links = profile.texts("links")
        facts.bio = profile.text("bio") ?? ""
        facts.hasDayRate = profile.value("day_rate") != nil
        facts.availabilityUpdated = try store.lastAddition(.profile, user, field: "booked_dates").map {
            CivilDate(millisecondsSince1970: $0.milliseconds)
        }
        facts.skills = profile.texts("skills")
        facts.languages = profile.texts("languages")
        facts.hasPlace = profile.text("city") != nil && profile.integer("latitude_e6") != nil
        facts.credits = profile.texts("credits").count
        return ProfileStrength(facts, today: context.today)
    }
}
