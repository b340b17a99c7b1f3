public import Foundation
public import NollyMedia

/// Tunables: defaults, overridden by `config.toml`, the environment and flags, in that order
/// (``NodeConfiguration``).
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

    /// host:port `nollycrew serve` listens on.
    public var serveAddress = "127.0.0.1:7443"
    /// The https URL peers reach this node at, if not https://<address>.
    public var publicURL: String?
    /// The largest portfolio file accepted per category.
    public var mediaLimits = MediaLimits()
    /// The portfolio kinds fetched from peers right after each sync; the rest (reels, say) are
    /// fetched when asked for (`media get`, `media fetch`).
    public var eagerMediaKinds: Set<MediaKind> = [.headshot]

    public init() {}

    /// Defaults, then the environment (``NodeConfiguration`` adds `config.toml` and flags).
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) throws
        -> NodeSettings
    {
        var settings = NodeSettings()
        for definition in SettingDefinition.all {
            if let text = environment[definition.environment] {
                try definition.apply(.string(text), to: &settings, from: definition.environment, textual: true)
            }
        }
        return settings
    }
}
