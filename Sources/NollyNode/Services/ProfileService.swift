import Foundation
import NollyCrypto
public import NollyMatching
import NollyMedia
public import NollyModel
import NollyStore
public import NollySync
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
    /// The profile `who` names: a local user's name, or a profile id (public key hex or a unique
    /// prefix); nil names the first local user.
    public func row(_ who: String?) throws -> RowID {
        let users = UserService(context: context)
        guard let who else { return RowID(try users.localUser(nil).key.bytes) }
        return try (try? users.localUser(who)).map { RowID($0.key.bytes) } ?? rows.find(.profile, who)
    }

    /// Edits `owner`'s profile as `author` (the owner or a representative). Links are
    /// normalised as `media link` does, so one video is one link whichever way it was written.
    @discardableResult
    public func edit(_ owner: RowID, _ edits: [Edit], by author: Author) throws -> ChangeID {
        let normalized = try edits.map { edit throws -> Edit in
            guard case .add("links", .text(let link)) = edit else { return edit }
            return .add("links", .text(try MediaLink.normalize(link)))
        }
        return try rows.edit(.profile, owner, normalized, by: author)
    }

    /// The external links on `user`'s profile, in order.
    public func links(of user: RowID) throws -> [String] {
        try store.snapshot(.profile, user)?.texts("links").sorted() ?? []
    }

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
