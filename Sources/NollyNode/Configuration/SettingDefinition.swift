import Foundation
import NollyMedia

/// One setting: its `config.toml` key, environment variable and flag, how it is checked, and
/// where it lives in ``NodeSettings``. Every setting is listed once, in ``all``.
struct SettingDefinition: Sendable {
    let key: String
    let environment: String
    let flag: String
    let help: String
    /// Whole numbers in this range, or nil for text.
    let integerRange: ClosedRange<Int64>?
    let read: @Sendable (NodeSettings) -> String
    let write: @Sendable (inout NodeSettings, Int64?, String) throws(NodeError) -> Void

    var isInteger: Bool { integerRange != nil }

    /// Checks `value` and stores it. Flags and the environment give text (`textual`); the file
    /// gives typed values, so a quoted number there is refused rather than guessed at.
    func apply(_ value: ConfigValue, to settings: inout NodeSettings, from origin: String, textual: Bool)
        throws(NodeError)
    {
        if let integerRange {
            let number: Int64?
            switch value {
            case .integer(let integer): number = integer
            case .string(let text) where textual: number = Int64(text)
            default: number = nil
            }
            guard let number, integerRange.contains(number) else {
                throw NodeError(
                    .invalidInput,
                    "\(origin) must be a whole number from \(integerRange.lowerBound) to \(integerRange.upperBound)"
                )
            }
            try write(&settings, number, String(number))
        } else {
            guard case .string(let text) = value else {
                throw NodeError(.invalidInput, "\(origin) must be a \"string\"")
            }
            try write(&settings, nil, text)
        }
    }

    /// A whole number of seconds stored as a `Duration`.
    private static func seconds(
        _ key: String,
        _ environment: String,
        _ help: String,
        _ field: any WritableKeyPath<NodeSettings, Duration> & Sendable
    ) -> SettingDefinition {
        SettingDefinition(
            key: key,
            environment: environment,
            flag: key.replacingOccurrences(of: "_", with: "-"),
            help: help,
            integerRange: 0...NodeSettings.maxDriftSeconds,
            read: { String($0[keyPath: field].components.seconds) },
            write: { settings, number, _ in settings[keyPath: field] = .seconds(number ?? 0) }
        )
    }

    /// A count or size in `range`.
    private static func count(
        _ key: String,
        _ environment: String,
        _ help: String,
        _ range: ClosedRange<Int64>,
        _ field: any WritableKeyPath<NodeSettings, Int> & Sendable
    ) -> SettingDefinition {
        SettingDefinition(
            key: key,
            environment: environment,
            flag: key.replacingOccurrences(of: "_", with: "-"),
            help: help,
            integerRange: range,
            read: { String($0[keyPath: field]) },
            write: { settings, number, _ in settings[keyPath: field] = Int(number ?? range.lowerBound) }
        )
    }

    /// The size limit of one media category, in bytes: `media.max_<category>_bytes`.
    private static func mediaLimit(
        _ category: MediaType.Category,
        _ field: any WritableKeyPath<MediaLimits, Int64> & Sendable
    )
        -> SettingDefinition
    {
        SettingDefinition(
            key: "media.max_\(category.rawValue)_bytes",
            environment: "NOLLYCREW_MEDIA_MAX_\(category.rawValue.uppercased())_BYTES",
            flag: "max-\(category.rawValue)-bytes",
            help: "The largest \(category.rawValue) file accepted, in bytes",
            integerRange: 1...(1 << 40),
            read: { String($0.mediaLimits[keyPath: field]) },
            write: { settings, number, _ in settings.mediaLimits[keyPath: field] = number ?? 1 }
        )
    }

    static let all: [SettingDefinition] = [
        seconds(
            "max_clock_drift_seconds",
            "NOLLYCREW_MAX_DRIFT_SECONDS",
            "How far ahead of this node's clock a change's clock may be, in seconds",
            \.maxClockDrift
        ),
        seconds(
            "bundle_max_drift_seconds",
            "NOLLYCREW_BUNDLE_MAX_DRIFT_SECONDS",
            "The same allowance for bundles from laptops, in seconds",
            \.bundleClockDrift
        ),
        count(
            "import_batch_size",
            "NOLLYCREW_IMPORT_BATCH_SIZE",
            "Changes per transaction when importing",
            1...100_000,
            \.importBatchSize
        ),
        count(
            "import_batch_bytes",
            "NOLLYCREW_IMPORT_BATCH_BYTES",
            "Bytes of changes per transaction when importing",
            4_096...(1 << 30),
            \.importBatchBytes
        ),
        SettingDefinition(
            key: "serve.address",
            environment: "NOLLYCREW_ADDRESS",
            flag: "address",
            help: "host:port `nollycrew serve` listens on",
            integerRange: nil,
            read: { $0.serveAddress },
            write: { settings, _, text throws(NodeError) in
                guard let colon = text.lastIndex(of: ":"), !text[..<colon].isEmpty,
                    UInt16(text[text.index(after: colon)...]) != nil
                else { throw NodeError(.invalidInput, "serve.address must be host:port, got '\(text)'") }
                settings.serveAddress = text
            }
        ),
        SettingDefinition(
            key: "serve.public_url",
            environment: "NOLLYCREW_PUBLIC_URL",
            flag: "public-url",
            help: "The https URL peers reach this node at (empty: https://<address>)",
            integerRange: nil,
            read: { $0.publicURL ?? "" },
            write: { settings, _, text throws(NodeError) in
                guard !text.isEmpty else { return settings.publicURL = nil }
                guard let url = URL(string: text), url.scheme == "https", url.host != nil else {
                    throw NodeError(.invalidInput, "serve.public_url must be an https URL, got '\(text)'")
                }
                settings.publicURL = text
            }
        ),
        mediaLimit(.image, \.image),
        mediaLimit(.video, \.video),
        mediaLimit(.audio, \.audio),
        mediaLimit(.document, \.document),
        SettingDefinition(
            key: "media.fetch_eagerly",
            environment: "NOLLYCREW_MEDIA_FETCH_EAGERLY",
            flag: "fetch-eagerly",
            help: "Portfolio kinds fetched from peers after each sync, comma-separated (none: only on demand)",
            integerRange: nil,
            read: { $0.eagerMediaKinds.map(\.rawValue).sorted().joined(separator: ",") },
            write: { settings, _, text throws(NodeError) in
                let names = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
                guard names != ["none"] else { return settings.eagerMediaKinds = [] }
                var kinds = Set<MediaKind>()
                for name in names where !name.isEmpty {
                    guard let kind = MediaKind(rawValue: name) else {
                        throw NodeError(
                            .invalidInput,
                            "media.fetch_eagerly: '\(name)' is not a kind; use "
                                + MediaKind.allCases.map(\.rawValue).joined(separator: ", ") + " or none"
                        )
                    }
                    kinds.insert(kind)
                }
                settings.eagerMediaKinds = kinds
            }
        ),
    ]
}
