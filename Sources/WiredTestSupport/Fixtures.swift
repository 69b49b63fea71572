import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Finds test fixtures, the shared reference folder and the built executables.
public enum Fixtures {
    /// The package's root folder, found from this file's path (no bundle, no Foundation).
    public static let packageRoot: String = {
        var path = "\(#filePath)"
        for _ in 0..<3 { path = parent(path) }  // …/Sources/WiredTestSupport/Fixtures.swift
        return path
    }()

    /// A Linux fixture tree in `Tests/WiredLinuxTests/Fixtures/NAME`.
    public static func linux(_ name: String) -> String {
        "\(packageRoot)/Tests/WiredLinuxTests/Fixtures/\(name)"
    }

    /// Names of all Linux fixture trees that are real captures (not edited copies).
    public static let capturedLinuxTrees = [
        "vm-6.18-idle", "vm-6.18-swapfile-zswap", "vm-6.18-zram-swap", "vm-6.18-hugepages", "vm-6.18-mlock-1g",
    ]

    /// A hand-made macOS fixture in `Tests/WiredDarwinTests/Fixtures/NAME`.
    public static func darwin(_ name: String) -> String {
        "\(packageRoot)/Tests/WiredDarwinTests/Fixtures/\(name)"
    }

    /// A genuine macOS output in `../shared/fixtures/macos/NAME`, or `nil` when `../shared` is absent.
    public static func sharedMacOS(_ name: String) -> String? {
        shared.path.map { "\($0)/fixtures/macos/\(name)" }
    }

    /// `../shared` beside the package, or `nil` (with the reason) when it is absent.
    public static var shared: (path: String?, reason: String) {
        let path = parent(packageRoot) + "/shared"
        return exists(path) ? (path, "") : (nil, "../shared is not present beside the package (\(path))")
    }

    /// The folder holding the built products (`wired`, `wired-test-helper`): the test bundle's own folder.
    public static let binFolder: String = {
        var buffer = [CChar](repeating: 0, count: 4096)
        let count = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        guard count > 0 else { return packageRoot + "/.build/debug" }
        buffer[count] = 0
        let exe = String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        // swift-testing runs tests inside …/debug/wiredPackageTests.xctest (a file on Linux).
        return parent(exe)
    }()

    /// Path of a built executable product, such as "wired".
    public static func product(_ name: String) -> String {
        "\(binFolder)/\(name)"
    }

    /// True when something exists at `path`.
    public static func exists(_ path: String) -> Bool {
        access(path, F_OK) == 0
    }

    /// The folder containing `path`.
    public static func parent(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    /// The memory cgroups holding this test process, its own and every ancestor but the root.
    ///
    /// From `/proc/self/cgroup`: the v1 `memory` line, else the v2 line. Other suites running beside a live test grow these
    /// (page cache, a browser), so a test that ranks owners leaves them out as other work.
    public static var ownMemoryCgroups: [String] {
        guard let text = try? String(contentsOfFile: "/proc/self/cgroup", encoding: .utf8) else { return [] }
        let lines = text.split(separator: "\n").map { $0.split(separator: ":", maxSplits: 2).map(String.init) }
        let memory = lines.first { $0.count == 3 && $0[1].split(separator: ",").contains("memory") }
        guard var path = (memory ?? lines.first { $0.count == 3 && $0[0] == "0" })?[2] else { return [] }
        var paths: [String] = []
        while path != "/" && !path.isEmpty {
            paths.append(path)
            path = parent(path)
        }
        return paths
    }

    /// Whether the tests run as root (live tests that change the machine need it).
    public static var isRoot: Bool { geteuid() == 0 }

    /// True when any user (such as `nobody`) may execute `path`: every folder on the way and the file are
    /// executable by others.
    public static func othersCanExecute(_ path: String) -> Bool {
        var current = path
        while current != "/" && !current.isEmpty {
            var info = stat()
            guard stat(current, &info) == 0, info.st_mode & 0o001 != 0 else { return false }
            current = parent(current)
        }
        return true
    }
}
