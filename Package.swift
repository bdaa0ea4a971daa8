// swift-tools-version:6.2
import PackageDescription

let settings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "logtriage",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "logtriage", targets: ["logtriage"]),
        .library(name: "LogTriageCore", targets: ["LogTriageCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-protobuf", from: "1.39.0"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/modelcontextprotocol/swift-sdk", from: "0.12.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
    ],
    targets: [
        // zlib, for reading .gz logs; Debian: zlib1g-dev.
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"]), .brew(["zlib"])]),
        .target(name: "LogTriageCore", dependencies: ["CZlib"], swiftSettings: settings),
        // The tracker's store: SQLite through GRDB, behind the TrackerStore protocol.
        .target(
            name: "LogTriageStore",
            dependencies: ["LogTriageCore", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: settings
        ),
        // The scan as a service for every intake: files, pipes that stay open, HTTP.
        .target(name: "LogTriageService", dependencies: ["LogTriageCore", "LogTriageStore"], swiftSettings: settings),
        // HTTP intake (OTLP, Loki push, lines) and the read API, on the live scan.
        .target(
            name: "LogTriageServer",
            dependencies: [
                "LogTriageCore", "LogTriageStore", "LogTriageService",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: settings
        ),
        // The tracker as Model Context Protocol tools for coding agents.
        .target(
            name: "LogTriageMCP",
            dependencies: [
                "LogTriageCore", "LogTriageStore", "LogTriageService", .product(name: "MCP", package: "swift-sdk"),
            ],
            swiftSettings: settings
        ),
        .executableTarget(
            name: "logtriage",
            dependencies: [
                "LogTriageCore",
                "LogTriageStore",
                "LogTriageService",
                "LogTriageServer",
                "LogTriageMCP",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: settings
        ),
        .testTarget(
            name: "LogTriageCoreTests",
            // Yams decodes the built-in rule pack's YAML, as the CLI does.
            dependencies: ["LogTriageCore", .product(name: "Yams", package: "Yams")],
            resources: [.copy("Fixtures")],
            swiftSettings: settings
        ),
        .testTarget(
            name: "LogTriageStoreTests",
            dependencies: ["LogTriageStore"],
            swiftSettings: settings
        ),
        .testTarget(
            name: "LogTriageServiceTests",
            dependencies: ["LogTriageService", "LogTriageStore", "LogTriageServer"],
            swiftSettings: settings
        ),
        // Runs the built binary, as a user would: exit codes, messages, output shapes.
        .testTarget(
            name: "LogTriageCLITests",
            // the store, to check a tracker's file after a killed or refused scan
            dependencies: ["logtriage", "LogTriageStore"],
            // Read from the source tree by path, like a user's files.
            exclude: ["Fixtures"],
            swiftSettings: settings
        ),
    ]
)

// libFuzzer targets (`Scripts/fuzz.sh`): built only when asked, since the binary has no `main` of its own.
if Context.environment["LOGTRIAGE_FUZZ"] != nil {
    package.products.append(.executable(name: "logtriage-fuzz", targets: ["LogTriageFuzz"]))
    package.targets.append(
        .executableTarget(
            name: "LogTriageFuzz",
            dependencies: ["LogTriageCore", .product(name: "Yams", package: "Yams")],
            swiftSettings: settings
        ))
} else {
    package.targets.removeAll { $0.name == "LogTriageFuzz" }
}
