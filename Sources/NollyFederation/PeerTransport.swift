public import NollySync

/// Carries signed requests to one peer. The node decides what to send and what to do with
/// the answers; an adapter (libcurl in NollyClient, or an in-process one in tests) moves bytes.
public protocol PeerTransport {
    /// POSTs `body` to `path` (for example `/v1/pull`) as a request signed with the node key;
    /// returns the body of a 2xx answer and throws ``PeerTransportError`` otherwise.
    func post(_ path: String, body: [UInt8]) throws -> [UInt8]
}

/// A request to a peer that failed.
public struct PeerTransportError: Error, CustomStringConvertible, Sendable {
    /// The HTTP status the peer answered with; `nil` when no answer arrived.
    public let status: Int?
    public let message: String
    /// The refusal's code, when the peer answered with one.
    public let code: RefusalCode?

    public init(status: Int?, _ message: String, code: RefusalCode? = nil) {
        self.status = status
        self.message = message
        self.code = code
    }

    /// Whether trying again later may help: no answer, a server-side problem, a rate limit, or a
    /// nonce clash (the next attempt signs afresh). A 401 or 403 is not: the peer does not know
    /// or trust this node, and asking again will not change that.
    public var isTransient: Bool {
        guard let status else { return true }
        return status >= 500 || status == 429 || status == 409
    }

    public var description: String { status.map { "HTTP \($0): \(message)" } ?? message }
}
