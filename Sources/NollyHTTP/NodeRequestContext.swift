public import Hummingbird
import HummingbirdCore
public import NIOCore
public import NollyCrypto

/// The request context of every route group the node serves: Hummingbird's core storage, the
/// client's address (which rate limits are kept by), and what a group's authentication
/// middleware established about the caller.
public struct NodeRequestContext: RequestContext, RemoteAddressRequestContext {
    public var coreContext: CoreRequestContextStorage
    public let remoteAddress: SocketAddress?
    /// Set by ``SignedRequestAuthenticator`` for a request signed by a node key.
    public var signedRequest: SignedRequest?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
    }

    /// The client's IP address, the key of its rate limits.
    public var address: String { remoteAddress?.ipAddress ?? "unknown" }
}

/// A request whose signature and body digest checked out.
public struct SignedRequest: Sendable {
    /// The node key that signed it.
    public let key: SigningPublicKey
    /// The body, read up to the group's limit and matching the signed digest.
    public let body: [UInt8]
    /// The request's signature, which the answer's signature is bound to.
    public let signature: [UInt8]
}
