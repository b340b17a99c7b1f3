public import NollyModel

extension RegisterMerge {
    /// Whether `candidate` replaces `current` in a register merged by this rule. Each rule is a
    /// strict total order on (value, version), so the merge is a maximum: the same on every
    /// replica, whatever the delivery order.
    public func prefers(
        _ candidate: (value: [UInt8], version: FieldVersion),
        over current: (value: [UInt8], version: FieldVersion)
    ) -> Bool {
        switch self {
        case .lastWriterWins:
            if candidate.version != current.version { return candidate.version > current.version }
            return current.value.lexicographicallyPrecedes(candidate.value)
        case .applicationStatus:
            if candidate.version.causalLength != current.version.causalLength {
                return candidate.version.causalLength > current.version.causalLength
            }
            let new = Self.status(candidate.value)
            let old = Self.status(current.value)
            switch (new.isFinal, old.isFinal) {
            case (true, false): return true
            case (false, true): return false
            case (false, false):
                // Open statuses only move forward; a tie goes to the later write.
                if new != old { return new > old }
                return Self.lastWriterWins.prefers(candidate, over: current)
            case (true, true):
                // The first final status stands: the earlier write wins.
                let (newClock, oldClock) = (candidate.version.hlc, current.version.hlc)
                if newClock != oldClock { return newClock < oldClock }
                if candidate.version.author != current.version.author {
                    return candidate.version.author.lexicographicallyPrecedes(current.version.author)
                }
                return new > old
            }
        }
    }

    /// A stored status; anything unreadable ranks as the first status (validation keeps it out).
    private static func status(_ encoded: [UInt8]) -> ApplicationStatus {
        guard case .text(let text) = try? ChangeCodec.decodeValue(encoded) else { return .submitted }
        return ApplicationStatus(rawValue: text) ?? .submitted
    }
}
