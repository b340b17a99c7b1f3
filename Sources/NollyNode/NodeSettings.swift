public import Foundation

/// Tunables, from defaults overridden by the environment (flags override both in the CLI).
public struct NodeSettings: Sendable {
    /// How far ahead of this node's clock a change's clock may be (default 5 minutes).
    public var maxClockDrift: Duration = .seconds(300)
    /// The allowance for bundles, which come from laptops whose clocks drift (default 24 hours).
    public var bundleClockDrift: Duration = .seconds(86_400)
    /// Changes per transaction when importing.
    public var importBatchSize = 512
    /// Bytes of changes per transaction when importing (whichever limit comes first).
    public var importBatchBytes = 16 << 20

    /// The largest drift allowance accepted from the environment: one year.
    public static let maxDriftSeconds: Int64 = 366 * 86_400

    public init() {}

    /// Defaults, then `NOLLYCREW_MAX_DRIFT_SECONDS` and `NOLLYCREW_BUNDLE_MAX_DRIFT_SECONDS`.
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) throws
        -> NodeSettings
    {
        var settings = NodeSettings()
        if let text = environment["NOLLYCREW_MAX_DRIFT_SECONDS"] {
            guard let seconds = Int64(text), (0...Self.maxDriftSeconds).contains(seconds) else {
                throw NodeError(
                    .invalidInput,
                    "NOLLYCREW_MAX_DRIFT_SECONDS must be a whole number of seconds up to 1 year, got '\(text)'"
                )
            }
            settings.maxClockDrift = .seconds(seconds)
        }
        if let text = environment["NOLLYCREW_BUNDLE_MAX_DRIFT_SECONDS"] {
            guard let seconds = Int64(text), (0...Self.maxDriftSeconds).contains(seconds) else {
                throw NodeError(
                    .invalidInput,
                    "NOLLYCREW_BUNDLE_MAX_DRIFT_SECONDS must be a whole number of seconds up to 1 year, got '\(text)'"
                )
            }
            settings.bundleClockDrift = .seconds(seconds)
        }
        return settings
    }
}
