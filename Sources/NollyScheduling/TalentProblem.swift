/// The talent scheduling problem (Cheng, Diamond & Lin 1993; CSPLib 039): order the scenes
/// so that actors, paid for every day from the start of their first scene to the end of
/// their last, cost least.
public struct TalentProblem: Sendable, Equatable {
    /// One performer: a daily cost (integer minor units) and the scenes they are in.
    public struct Actor: Sendable, Equatable {
        public var name: String
        public var dailyCost: Int
        public var scenes: [Int]

        public init(name: String, dailyCost: Int, scenes: [Int]) {
            self.name = name
            self.dailyCost = dailyCost
            self.scenes = scenes
        }
    }

    public var name: String
    /// Duration of each scene (days in the literature; any integer unit works).
    public var durations: [Int]
    public var actors: [Actor]

    public init(name: String, durations: [Int], actors: [Actor]) throws(SchedulingError) {
        guard !durations.isEmpty else { throw SchedulingError("a schedule needs at least one scene") }
        guard durations.count <= 64 else {
            throw SchedulingError(
                "the talent scheduling core handles at most 64 scenes per problem, got \(durations.count)"
            )
        }
        guard actors.count <= 64 else { throw SchedulingError("at most 64 actors per problem, got \(actors.count)") }
        guard durations.allSatisfy({ $0 > 0 }) else { throw SchedulingError("scene durations must be positive") }
        for actor in actors {
            guard actor.dailyCost >= 0 else { throw SchedulingError("\(actor.name): a daily cost cannot be negative") }
            guard actor.scenes.allSatisfy({ durations.indices.contains($0) }) else {
                throw SchedulingError("\(actor.name) is in a scene that does not exist")
            }
        }
        self.name = name
        self.durations = durations
        self.actors = actors
    }

    public var sceneCount: Int { durations.count }

    /// Total cost of an order: for every actor, daily cost times the days from the start of
    /// their first scene to the end of their last.
    public func cost(of order: [Int]) -> Int {
        var start = [Int](repeating: 0, count: sceneCount)
        var time = 0
        for scene in order {
            start[scene] = time
            time += durations[scene]
        }
        return actors.reduce(0) { total, actor in
            guard !actor.scenes.isEmpty else { return total }
            let first = actor.scenes.map { start[$0] }.min()!
            let last = actor.scenes.map { start[$0] + durations[$0] }.max()!
            return total + actor.dailyCost * (last - first)
        }
    }

    /// The part of any schedule's cost that no order can avoid: each actor's own scenes.
    public var workingCost: Int {
        actors.reduce(0) { total, actor in total + actor.dailyCost * Set(actor.scenes).reduce(0) { $0 + durations[$1] }
        }
    }
}

/// A scheduling input error or an impossible request, with a message for the producer.
public struct SchedulingError: Error, CustomStringConvertible, Sendable, Equatable {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

extension TalentProblem {
    /// Parses Stuckey's text format (../shared/scheduling/README.md): a name, the number of
    /// scenes, the number of actors, one line per actor (a 0/1 flag per scene, then the daily
    /// cost), then the scene durations. White space and line breaks are free.
    public init(stuckeyText text: String) throws(SchedulingError) {
        var tokens = text.split(whereSeparator: { $0.isWhitespace }).map(String.init)
        guard !tokens.isEmpty else { throw SchedulingError("the instance is empty") }
        let name = tokens.removeFirst()
        func number(_ what: String) throws(SchedulingError) -> Int {
            guard !tokens.isEmpty else { throw SchedulingError("the instance ends early: expected \(what)") }
            let token = tokens.removeFirst()
            guard let value = Int(token) else { throw SchedulingError("expected \(what), got '\(token)'") }
            return value
        }
        let sceneCount = try number("the number of scenes")
        let actorCount = try number("the number of actors")
        guard (1...64).contains(sceneCount), (0...64).contains(actorCount) else {
            throw SchedulingError("expected 1 to 64 scenes and at most 64 actors, got \(sceneCount) and \(actorCount)")
        }
        var actors = [Actor]()
        for index in 0..<actorCount {
            var scenes = [Int]()
            for scene in 0..<sceneCount {
                let flag = try number("a 0/1 flag for actor \(index + 1), scene \(scene + 1)")
                guard flag == 0 || flag == 1 else { throw SchedulingError("scene flags must be 0 or 1, got \(flag)") }
                if flag == 1 { scenes.append(scene) }
            }
            actors.append(
                Actor(name: "actor \(index + 1)", dailyCost: try number("actor \(index + 1)'s cost"), scenes: scenes)
            )
        }
        var durations = [Int]()
        for scene in 0..<sceneCount { durations.append(try number("the duration of scene \(scene + 1)")) }
        guard tokens.isEmpty else { throw SchedulingError("unexpected text after the durations: '\(tokens[0])'") }
        try self.init(name: name, durations: durations, actors: actors)
    }
}
