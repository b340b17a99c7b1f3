public import NollyModel

/// Partial replication: which changes a peer may receive, given the scopes it is granted.
/// A change travels whole (its signature covers every row), so a peer receives a change only
/// when every row it touches is in a granted scope. Workflows write one scope per change, so
/// in practice nothing is withheld that a peer should see.
public struct ReplicationFilter: Sendable, Equatable {
    public var granted: Set<Scope>

    public init(granted: Set<Scope>) { self.granted = granted }

    /// Whether `change` may be sent to the peer.
    public func allows(_ change: Change) -> Bool { allows(scopes: change.scopes) }

    /// Whether a change whose rows are in `scopes` may be sent to the peer.
    public func allows(scopes: some Sequence<Scope>) -> Bool {
        scopes.allSatisfy(granted.contains)
    }
}

extension Change {
    /// The scope of each row the change touches, in row order.
    public var scopes: [Scope] { rows.map { $0.entity.schema.scope(of: $0.row) } }
}
