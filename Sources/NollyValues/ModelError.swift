/// A domain validation error with a message meant for the person who typed the input.
public struct ModelError: Error, CustomStringConvertible, Equatable, Sendable {
    public let message: String

    public init(_ message: String) { self.message = message }

    public var description: String { message }
}
