import Foundation

/// Tunables, from defaults overridden by the environment (flags override both in the CLI).
public struct NodeSettings: Sendable {
    /// How far ahead of this node's clock a change's clock may be (default 5 minutes).
    public var maxClockDrift: Duration = .seconds(300)
    /// The allowance for bundles, which come from laptops whose clocks drift (default 24 hours).
    public var bundleClockDrift: Duration = .seconds(86_400)
    /// Changes per transaction when importing.
    public var importBatchSize = 512

    public init() {}

    /// Defaults, then `NOLLYCREW_MAX_DRIFT_SECONDS` and `NOLLYCREW_BUNDLE_MAX_DRIFT_SECONDS`.
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) throws
        -> NodeSettings
    {
        var settings = NodeSettings()
        if let text = environment["NOLLYCREW_MAX_DRIFT_SECONDS"] {
            guard let seconds = Int64(text), seconds >= 0 else {
                throw NodeError("NOLLYCREW_MAX_DRIFT_SECONDS must be a whole number of seconds, got '\(text)'")
            }
            settings.maxClockDrift = .seconds(seconds)
        }
        if let text = environment["NOLLYCREW_BUNDLE_MAX_DRIFT_SECONDS"] {
            guard let seconds = Int64(text), seconds >= 0 else {
                throw NodeError("NOLLYCREW_BUNDLE_MAX_DRIFT_SECONDS must be a whole number of seconds, got '\(text)'")
            }
            settings.bundleClockDrift = .seconds(seconds)
        }
        return settings
    }
}
