public import Foundation

/// A refusal or failure someone can act on: a stable machine code that scripts, peers and the
/// API match, a message for a person, and where possible a hint of what to do next.
///
/// Modelled on Hummingbird's `HTTPResponseError`: each error type knows its own code, and the
/// edges (the CLI, the HTTP server) present it without knowing the type.
public protocol CodedError: LocalizedError, CustomStringConvertible, Sendable {
    /// A stable `snake_case` name, listed in PROTOCOL.md; never reworded once published.
    var code: String { get }
    /// What went wrong, for a person.
    var message: String { get }
    /// What to do about it, when there is something to do.
    var hint: String? { get }
}

extension CodedError {
    public var hint: String? { nil }
    public var description: String { message }

    /// What argument-parser prints after "Error: ": the message, the code, then the hint.
    public var errorDescription: String? {
        "\(message) [\(code)]" + (hint.map { "\nHint: \($0)" } ?? "")
    }
}
