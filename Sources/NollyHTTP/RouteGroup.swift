public import Hummingbird

/// A set of routes the node serves, behind its own authentication middleware: federation
/// today, the API and the web UI later. ``NodeHTTPServer`` mounts every group on one router.
public protocol RouteGroup: Sendable {
    /// Adds the group's routes and middleware to `router`.
    func mount(on router: Router<NodeRequestContext>)

    /// Called once the server listens: `url` is what peers use, `authority` its `host[:port]`.
    func serverStarted(url: String, authority: String)
}

extension RouteGroup {
    public func serverStarted(url: String, authority: String) {}
}
