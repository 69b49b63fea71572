// swift-tools-version:6.2
import PackageDescription

/// The libFuzzer executables, one per target of `FuzzTarget` (in the main package's `WiredFuzzEntries`, which the
/// regression test also uses). Built only by `Fuzz/run.sh`, with the fuzzer and address sanitizers:
///
///     swift build --package-path Fuzz/Targets --scratch-path .build-fuzz -c release \
///         --sanitize=fuzzer -Xswiftc -sanitize=fuzzer,address
///
/// See Fuzz/README.md.
let targets = [
    "linux-system",
    "linux-process",
    "linux-owner",
    "linux-tree",
    "macos-vm-stat",
    "macos-top",
    "macos-footprint",
    "macos-zprint",
    "macos-memory-pressure",
    "macos-sysctl",
    "macos-kextstat",
    "snapshot",
    "gzip",
    "tar",
    "history-chain",
    "web-config",
]

let package = Package(
    name: "wired-fuzz",
    platforms: [.macOS(.v15)],
    products: targets.map { .executable(name: "fuzz-\($0)", targets: ["fuzz-\($0)"]) },
    dependencies: [.package(name: "wired", path: "../..")],
    targets: targets.map {
        .executableTarget(
            name: "fuzz-\($0)",
            dependencies: [.product(name: "WiredFuzzEntries", package: "wired")],
            swiftSettings: [
                .enableUpcomingFeature("ExistentialAny"), .enableUpcomingFeature("InternalImportsByDefault"),
            ]
        )
    }
)
