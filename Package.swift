// swift-tools-version:6.2
import PackageDescription

/// Upcoming features every target uses (house style, `../shared/reference/style.md` §6).
let settings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

/// How the `wired` executable is linked on Linux (measured in BENCHMARKS.md).
///
/// - statically, C and C++ runtimes included (`-static-executable`): the process maps no shared library, so
///   reading other processes never turns their private pages of libstdc++, libm or libgcc_s into shared ones
///   (the kernel's fault-around would map them into wired too, and their USS would drop while it runs); it also
///   starts faster and peaks lower than with the dynamic runtime. FoundationEssentials (which ArgumentParser
///   imports) then needs its helper libraries named explicitly, and Foundation (which GRDB imports) its ICU;
/// - with the toolchain's lld, packed relative relocations and identical-code folding, so the loader reads
///   7 KiB of relocations instead of 900 KiB and fewer pages of the binary are touched.
let staticRuntime: [LinkerSetting] = [
    .unsafeFlags(
        [
            "-static-executable", "-use-ld=lld",
            "-Xlinker", "-l_FoundationCollections", "-Xlinker", "-l_FoundationCShims",
            "-Xlinker", "-lswiftSynchronization",
            // GRDB imports Foundation, whose time zones and locales need ICU (issue 13's history store).
            "-Xlinker", "-lCoreFoundation", "-Xlinker", "-l_FoundationICU",
            "-Xlinker", "-z", "-Xlinker", "pack-relative-relocs", "-Xlinker", "--icf=all",
        ],
        .when(platforms: [.linux])
    )
]

let package = Package(
    name: "wired",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "wired", targets: ["wired"]),
        // The fuzz targets' entry points, for the fuzzing package in Fuzz/ (Fuzz/README.md).
        .library(name: "WiredFuzzEntries", targets: ["WiredFuzzEntries"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        // `wired serve` (issue 15): HTTP server, Prometheus exposition, logging and service lifecycle. Hummingbird's
        // default traits (full Foundation, swift-configuration) are off: the server needs neither.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1", traits: []),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        // `wired serve --web-config` (issue 15): TLS, bcrypt-checked basic auth and the YAML web config.
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "5.0.1"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
    ],
    targets: [
        .systemLibrary(
            name: "CZlib",
            pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"]), .brew(["zlib"])]
        ),
        .target(name: "WiredCompression", dependencies: ["CZlib"], swiftSettings: settings),
        .target(name: "WiredCore", swiftSettings: settings),
        .target(name: "CLinuxSyscalls"),
        .target(
            name: "WiredLinux",
            dependencies: ["WiredCore", "WiredCompression", "CLinuxSyscalls"],
            swiftSettings: settings
        ),
        .target(name: "WiredJSON", swiftSettings: settings),
        .target(name: "WiredDarwin", dependencies: ["WiredCore", "WiredCompression"], swiftSettings: settings),
        .target(name: "WiredRender", dependencies: ["WiredCore", "WiredJSON"], swiftSettings: settings),
        .target(name: "WiredTerminal", dependencies: ["WiredCore"], swiftSettings: settings),
        .target(
            name: "WiredWatch",
            dependencies: ["WiredCore", "WiredHistory", "WiredRender", "WiredTerminal"],
            swiftSettings: settings
        ),
        .target(
            name: "WiredSnapshot",
            dependencies: ["WiredCore", "WiredCompression", "WiredJSON"],
            swiftSettings: settings
        ),
        // History (issue 13): the store of recorded moments, a source like a snapshot file.
        .target(
            name: "WiredHistory",
            dependencies: [
                "WiredCore", "WiredCompression", "WiredSnapshot",
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            swiftSettings: settings
        ),
        .target(
            name: "WiredReading",
            dependencies: ["CLinuxSyscalls", "WiredCore", "WiredDarwin", "WiredLinux", "WiredSnapshot"],
            swiftSettings: settings
        ),
        // The web config file and basic-auth header parsing, apart from the server so the fuzz targets
        // build without it.
        .target(
            name: "WiredWebConfig",
            dependencies: [.product(name: "Yams", package: "Yams")],
            swiftSettings: settings
        ),
        .target(
            name: "WiredServe",
            dependencies: [
                "WiredCore", "WiredCompression", "WiredHistory", "WiredJSON", "WiredRender", "WiredWebConfig",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            // The dashboard's files, compiled in as bytes (the static binary has no resource bundle).
            resources: [
                .embedInCode("Dashboard/index.html"), .embedInCode("Dashboard/app.js"),
                .embedInCode("Dashboard/app.css"),
            ],
            swiftSettings: settings
        ),
        .target(
            name: "WiredCommands",
            dependencies: [
                "WiredCore", "WiredHistory", "WiredJSON", "WiredReading", "WiredRender", "WiredServe",
                "WiredSnapshot", "WiredTerminal", "WiredWatch",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: settings
        ),
        .executableTarget(
            name: "wired",
            dependencies: ["WiredCommands"],
            swiftSettings: settings,
            linkerSettings: staticRuntime
        ),
        // The history store's benchmark (BENCHMARKS.md, "History store").
        .executableTarget(
            name: "wired-history-bench",
            dependencies: ["WiredCore", "WiredHistory", "WiredLinux"],
            swiftSettings: settings
        ),
        .executableTarget(
            name: "wired-test-helper",
            dependencies: ["CLinuxSyscalls", "WiredTerminal"],
            swiftSettings: settings
        ),
        // The live reader's cost at 1 Hz (BENCHMARKS.md, "The live reader").
        .executableTarget(
            name: "wired-reader-bench",
            dependencies: ["WiredCore", "WiredReading"],
            swiftSettings: settings
        ),
        .target(
            name: "WiredFuzzEntries",
            dependencies: [
                "WiredCore", "WiredLinux", "WiredDarwin", "WiredSnapshot", "WiredCompression", "WiredHistory",
                "WiredWebConfig",
            ],
            path: "Fuzz/Entries",
            swiftSettings: settings
        ),
        .target(name: "WiredTestSupport", dependencies: ["WiredCore", "WiredLinux"], swiftSettings: settings),
        .testTarget(
            name: "WiredCoreTests",
            dependencies: ["WiredCore", "WiredTestSupport"],
            swiftSettings: settings
        ),
        .testTarget(
            name: "WiredLinuxTests",
            dependencies: ["WiredCore", "WiredLinux", "WiredCompression", "WiredTestSupport"],
            exclude: ["Fixtures"],
            swiftSettings: settings
        ),
        .testTarget(
            name: "WiredDarwinTests",
            dependencies: ["WiredCore", "WiredDarwin", "WiredCompression", "WiredTestSupport"],
            exclude: ["Fixtures"],
            swiftSettings: settings
        ),
        .testTarget(
            name: "WiredSnapshotTests",
            dependencies: ["WiredCore", "WiredLinux", "WiredSnapshot", "WiredCompression", "WiredTestSupport"],
            exclude: ["Fixtures"],
            swiftSettings: settings
        ),
        .testTarget(
            name: "WiredRenderTests",
            dependencies: ["WiredCore", "WiredJSON", "WiredRender", "WiredTestSupport"],
            swiftSettings: settings
        ),
        .testTarget(
            name: "WiredTerminalTests",
            dependencies: ["WiredCore", "WiredTerminal", "WiredTestSupport"],
            swiftSettings: settings
        ),
        .testTarget(
            name: "WiredWatchTests",
            dependencies: ["WiredCore", "WiredHistory", "WiredTerminal", "WiredWatch", "WiredTestSupport"],
            swiftSettings: settings
        ),
        .testTarget(
            name: "WiredCLITests",
            dependencies: [
                "WiredCommands", "WiredCore", "WiredTestSupport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            exclude: ["Help"],
            swiftSettings: settings
        ),
        .testTarget(
            name: "WiredServeTests",
            dependencies: [
                "WiredCore", "WiredHistory", "WiredServe", "WiredTestSupport", "WiredWebConfig",
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            exclude: ["chromium-page.py"],
            swiftSettings: settings
        ),
        .testTarget(
            name: "WiredFuzzRegressionTests",
            dependencies: ["WiredFuzzEntries", "WiredTestSupport"],
            swiftSettings: settings
        ),
        .testTarget(
            name: "WiredHistoryTests",
            dependencies: ["WiredCore", "WiredHistory", "WiredSnapshot", "WiredTestSupport"],
            swiftSettings: settings
        ),
        .testTarget(
            name: "WiredLiveTests",
            dependencies: ["WiredCore", "WiredLinux", "WiredReading", "WiredTestSupport"],
            swiftSettings: settings
        ),
        .testTarget(
            name: "WiredReadingTests",
            dependencies: ["WiredCore", "WiredLinux", "WiredReading", "WiredTestSupport"],
            swiftSettings: settings
        ),
    ]
)
