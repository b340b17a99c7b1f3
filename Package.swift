// swift-tools-version:6.0
import PackageDescription

/// Our own targets treat every warning as an error.
let strict: [SwiftSetting] = [.unsafeFlags(["-warnings-as-errors"])]

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
    ],
    targets: [
        .systemLibrary(
            name: "CSodium",
            pkgConfig: "libsodium",
            providers: [.apt(["libsodium-dev"])]
        ),
        .target(name: "NollyCrypto", dependencies: ["CSodium"], swiftSettings: strict),
        .target(name: "NollyModel", dependencies: ["NollyCrypto"], swiftSettings: strict),
        .target(
            name: "NollySync",
            dependencies: [
                "NollyModel", "NollyCrypto",
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "BreakdownData",
            path: "Fixtures/breakdown",
            exclude: [
                "README.md", "make_formats.py", "the-last-ferry.fountain", "the-last-ferry.fdx", "the-last-ferry.pdf",
            ],
            resources: [.embedInCode("breakdown-rules.json")]
        ),
        .target(name: "NollyBreakdown", dependencies: ["BreakdownData"], swiftSettings: strict),
        .target(name: "NollyScheduling", dependencies: ["NollyModel"], swiftSettings: strict),
        .target(
            name: "NollyStore",
            dependencies: ["NollySync", "NollyModel", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: strict
        ),
        .target(
            name: "NollyNode",
            dependencies: [
                "NollyStore", "NollySync", "NollyModel", "NollyCrypto", "NollyBreakdown", "NollyScheduling",
            ],
            swiftSettings: strict
        ),
        .target(
            name: "NollyCLI",
            dependencies: [
                "NollyNode", "NollyScheduling", "NollyBreakdown",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(name: "nollycrew", dependencies: ["NollyCLI"], swiftSettings: strict),
        .executableTarget(
            name: "schedule-benchmark",
            dependencies: ["NollyScheduling", "NollyModel"],
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
            name: "sync-benchmark",
            dependencies: ["NollyNode", "NollyStore", "NollySync", "NollyCrypto"],
            path: "Sources/Benchmarks/SyncBenchmark",
            swiftSettings: strict
        ),
        .testTarget(name: "NollyCryptoTests", dependencies: ["NollyCrypto"], swiftSettings: strict),
        .testTarget(name: "NollyBreakdownTests", dependencies: ["NollyBreakdown"], swiftSettings: strict),
        .testTarget(
            name: "NollySchedulingTests",
            dependencies: ["NollyScheduling", "NollyModel"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "NollySyncTests",
            dependencies: ["NollySync", "NollyModel", "NollyCrypto"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "NollyNodeTests",
            dependencies: ["NollyNode", "NollyStore", "NollySync", "NollyModel", "NollyCrypto"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "NollyCLITests",
            dependencies: ["nollycrew", "NollyNode"],
            swiftSettings: strict
        ),
    ]
)
