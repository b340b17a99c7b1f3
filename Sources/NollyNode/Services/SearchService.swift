import NollyCrypto
public import NollyMatching
import NollyModel
import NollySearchIndex
import NollyStore

/// Talent search over the replica's index: the node's own roster and every public profile it
/// has synced, offline.
public struct SearchService: NodeService {
    let context: NodeContext

    /// The kinds `--kind` accepts: every user role but `admin`.
    public static let searchableKinds = Vocabulary.roles.filter { $0 != UserRole.admin.rawValue }

    /// One page of results. Verified means a badge from an administrator this node trusts.
    public func search(_ query: SearchQuery) throws -> SearchPage {
        let prepared = try PreparedSearch(query, knownKinds: Self.searchableKinds)
        let trusted = try store.trustedAdmins().map(\.bytes).sorted { $0.lexicographicallyPrecedes($1) }
        return try ProfileSearcher(store: store).search(prepared, trustedAttesters: trusted)
    }

    /// A place name or `LAT,LON`, as `--near` reads it.
    public func place(_ text: String) throws(SearchError) -> (point: GeoPoint, label: String) {
        try Gazetteer.builtIn.resolve(text)
    }
}
