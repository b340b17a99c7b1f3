// swift-tools-version:6.0
import PackageDescription

/// Our own targets treat every warning as an error and, as Hummingbird's do, make every import
/// internal unless marked `public import`, need a module imported in the file that uses its
/// members, and spell existential types `any P`.
let strict: [SwiftSetting] = [
    .unsafeFlags(["-warnings-as-errors"]),
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "NollyCrew",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "nollycrew", targets: ["nollycrew"])
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-protobuf", from: "1.39.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-certificates", from: "1.21.1"),
        .package(url: "https://github.com/apple/swift-asn1", from: "1.7.4"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        // Already in the graph through Hummingbird; named for NIOHTTPTypes (the header timeout).
        .package(url: "https://github.com/apple/swift-nio-extras", from: "1.35.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CSodium",
            pkgConfig: "libsodium",
            providers: [.apt(["libsodium-dev"])]
        ),
        .systemLibrary(
            name: "CCurl",
            pkgConfig: "libcurl",
            providers: [.apt(["libcurl4-openssl-dev"])]
        ),
        .target(name: "NollyCrypto", dependencies: ["CSodium"], swiftSettings: strict),
        // Seeded randomness for the engines and the tests, with no dependencies (no libsodium).
        .target(name: "NollyRandom", swiftSettings: strict),
        // The shared vocabulary, pure and dependency-free: coded errors, money, civil dates.
        .target(name: "NollyValues", swiftSettings: strict),
        .target(name: "NollyModel", dependencies: ["NollyValues", "NollyCrypto", "NollyMedia"], swiftSettings: strict),
        .target(
            name: "NollyReadModels",
            dependencies: ["NollyModel", "NollyValues", "NollyCrypto"],
            swiftSettings: strict
        ),
        .target(
            name: "NollySync",
            dependencies: [
                "NollyModel", "NollyValues", "NollyCrypto",
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "NollyFederation",
            dependencies: ["NollySync", "NollyModel", "NollyValues", "NollyCrypto"],
            swiftSettings: strict
        ),
        // The default breakdown rules are data, built into the engine so a node needs no files.
        .target(
            name: "NollyBreakdown",
            resources: [.embedInCode("Resources/breakdown-rules.json")],
            swiftSettings: strict
        ),
        .target(name: "NollyScheduling", dependencies: ["NollyValues", "NollyRandom"], swiftSettings: strict),
        // Search and matching: text folding, synonyms, places, queries and cursors; pure. The
        // synonym and place tables are data in Fixtures/search/, built into the engine.
        .target(
            name: "NollyMatching",
            dependencies: ["NollyValues"],
            resources: [
                .embedInCode("Resources/synonyms.json"), .embedInCode("Resources/places.json"),
                .embedInCode("Resources/skills.json"),
            ],
            swiftSettings: strict
        ),
        // Portfolio media: types recognised from bytes, header facts, size limits, video links; pure.
        .target(name: "NollyMedia", dependencies: ["NollyValues"], swiftSettings: strict),
        .target(
            name: "NollyStore",
            dependencies: [
                "NollySync", "NollyModel", "NollyValues", .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ],
            swiftSettings: strict
        ),
        // Generated talent and crew for tests, benchmarks and demos; pure and seeded.
        .target(
            name: "NollyRoster",
            dependencies: ["NollyMatching", "NollyValues", "NollyRandom"],
            swiftSettings: strict
        ),
        // The search index (FTS5 and filter tables), a derived table of the replica.
        .target(
            name: "NollySearchIndex",
            dependencies: [
                "NollyMatching", "NollyStore", "NollySync", "NollyModel", "NollyValues", "NollyCrypto",
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "NollyNode",
            dependencies: [
                "NollyStore", "NollySync", "NollyFederation", "NollyModel", "NollyValues", "NollyCrypto",
                "NollyBreakdown", "NollyReadModels",
                "NollyScheduling", "NollyMatching", "NollySearchIndex", "NollyRoster", "NollyMedia",
            ],
            swiftSettings: strict
        ),
        .target(
            name: "NollyHTTP",
            dependencies: [
                "NollyNode", "NollySync", "NollyCrypto",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "NollyClient",
            dependencies: ["CCurl", "NollyFederation", "NollySync", "NollyCrypto"],
            swiftSettings: strict
        ),
        .target(
            name: "NollyCLI",
            dependencies: [
                "NollyNode", "NollyScheduling", "NollyBreakdown", "NollyHTTP", "NollyClient", "NollyValues",
                "NollyReadModels", "NollyMatching", "NollyMedia",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(name: "nollycrew", dependencies: ["NollyCLI"], swiftSettings: strict),
        .executableTarget(
            name: "schedule-benchmark",
            dependencies: ["NollyScheduling", "NollyValues", "NollyRandom"],
            path: "Sources/Benchmarks/ScheduleBenchmark",
            exclude: ["cpsat_talent.py"],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "breakdown-benchmark",
            dependencies: ["NollyBreakdown"],
            path: "Sources/Benchmarks/BreakdownBenchmark",
            exclude: ["jouvence_time.py"],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "federation-benchmark",
            dependencies: ["NollyNode", "NollyClient", "NollySync", "NollyCrypto", "NollyModel", "NollyValues"],
            path: "Sources/Benchmarks/FederationBenchmark",
            swiftSettings: strict
        ),
        .executableTarget(
            name: "media-benchmark",
            dependencies: [
                "NollyNode", "NollyClient", "NollySync", "NollyCrypto", "NollyMedia", "NollyModel", "NollyReadModels",
            ],
            path: "Sources/Benchmarks/MediaBenchmark",
            swiftSettings: strict
        ),
        .executableTarget(
            name: "sync-benchmark",
            dependencies: ["NollyNode", "NollyStore", "NollySync", "NollyCrypto"],
            path: "Sources/Benchmarks/SyncBenchmark",
            swiftSettings: strict
        ),
        .executableTarget(
            name: "search-benchmark",
            dependencies: [
                "NollyNode", "NollyStore", "NollySync", "NollyCrypto", "NollyMatching", "NollyRoster", "NollyRandom",
                "NollySearchIndex", "NollyValues", .product(name: "GRDB", package: "GRDB.swift"),
            ],
            path: "Sources/Benchmarks/SearchBenchmark",
            exclude: ["tantivy_search.py"],
            swiftSettings: strict
        ),
        // libFuzzer harnesses, one per decoder a peer or a file reaches (`make fuzz` builds them
        // with --sanitize=fuzzer; an ordinary build links them as programs that do nothing).
        .executableTarget(
            name: "fuzz-change",
            dependencies: ["NollySync", "NollyStore", "NollyModel", "NollyValues", "NollyCrypto"],
            path: "Sources/Fuzz/FuzzChange",
            swiftSettings: strict
        ),
        .executableTarget(
            name: "fuzz-federation",
            dependencies: ["NollySync"],
            path: "Sources/Fuzz/FuzzFederation",
            swiftSettings: strict
        ),
        .executableTarget(
            name: "fuzz-request-signature",
            dependencies: ["NollySync", "NollyCrypto"],
            path: "Sources/Fuzz/FuzzRequestSignature",
            swiftSettings: strict
        ),
        .executableTarget(
            name: "fuzz-bundle",
            dependencies: ["NollySync"],
            path: "Sources/Fuzz/FuzzBundle",
            swiftSettings: strict
        ),
        .executableTarget(
            name: "fuzz-search",
            dependencies: ["NollyMatching"],
            path: "Sources/Fuzz/FuzzSearch",
            swiftSettings: strict
        ),
        .executableTarget(
            name: "fuzz-role",
            dependencies: ["NollyMatching", "NollyValues"],
            path: "Sources/Fuzz/FuzzRole",
            swiftSettings: strict
        ),
        .executableTarget(
            name: "fuzz-media",
            dependencies: ["NollyMedia"],
            path: "Sources/Fuzz/FuzzMedia",
            swiftSettings: strict
        ),
        .executableTarget(
            name: "fuzz-invite",
            dependencies: ["NollySync"],
            path: "Sources/Fuzz/FuzzInvite",
            swiftSettings: strict
        ),
        .testTarget(name: "NollyCryptoTests", dependencies: ["NollyCrypto"], swiftSettings: strict),
        .testTarget(
            name: "NollyMediaTests",
            dependencies: ["NollyMedia", "NollyValues", "NollyRandom"],
            swiftSettings: strict
        ),
        .testTarget(name: "NollyBreakdownTests", dependencies: ["NollyBreakdown"], swiftSettings: strict),
        .testTarget(
            name: "NollyRosterTests",
            dependencies: ["NollyRoster", "NollyMatching", "NollyValues"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "NollyMatchingTests",
            dependencies: ["NollyMatching", "NollyValues", "NollyRandom"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "NollySchedulingTests",
            dependencies: ["NollyScheduling", "NollyValues", "NollyRandom"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "NollySyncTests",
            dependencies: ["NollySync", "NollyModel", "NollyValues", "NollyCrypto", "NollyRandom"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "NollyNodeTests",
            dependencies: [
                "NollyNode", "NollyStore", "NollySync", "NollyFederation", "NollyModel", "NollyValues", "NollyCrypto",
                "NollyRandom", "NollyReadModels", "NollyMatching", "NollyRoster", "NollyBreakdown",
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "NollyFederationTests",
            dependencies: ["NollyFederation", "NollySync", "NollyCrypto", "NollyModel", "NollyValues", "NollyRandom"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "NollyHTTPTests",
            dependencies: [
                "NollyHTTP", "NollyNode", "NollySync", "NollyCrypto", "NollyModel", "NollyValues",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "NollyCLITests",
            dependencies: ["nollycrew", "NollyNode", "NollyClient", "NollySync", "NollyFederation", "NollyRandom"],
            swiftSettings: strict
        ),
    ]
)
