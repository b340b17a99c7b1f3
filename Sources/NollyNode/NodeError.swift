/// An error a person can act on: what went wrong and, where possible, what to do.
public struct NodeError: Error, CustomStringConvertible, Sendable {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
