import WiredCore
import WiredDarwin
import WiredLinux

/// The one place that decides where readings come from.
///
/// The running system (Linux or macOS), a captured tree, or a saved snapshot or macOS capture. It holds the
/// only `#if os` on the command path.
public enum ReaderFactory {
    /// The source the options name: `--from FILE`, else `--root DIR`, else the running system.
    public static func source(root: String?, from: String?) -> ReadSource {
        if let from { return .saved(from) }
        if let root { return .tree(root) }
        return liveSource
    }

    /// The running system's source on this OS.
    public static var liveSource: ReadSource {
        #if canImport(Darwin)
        .liveMac
        #else
        .liveLinux
        #endif
    }

    /// A reader of `source`; a live one keeps its state, so hold it to read again.
    public static func reader(for source: ReadSource) throws -> any MemoryReader {
        switch source {
        case .saved(let path): return SavedReader(path: path)
        case .tree(let root): return try TreeReader(root: root)
        case .liveLinux:
            #if os(Linux)
            return LiveLinuxReader()
            #else
            throw ReadError("reading the running system is supported on Linux and macOS only")
            #endif
        case .liveMac:
            #if canImport(Darwin)
            return LiveMacReader()
            #else
            throw ReadError("reading the running system is supported on Linux and macOS only")
            #endif
        }
    }

    /// A reader of what the options name.
    public static func reader(root: String?, from: String?) throws -> any MemoryReader {
        try reader(for: source(root: root, from: from))
    }

    /// How this OS drops its clean caches, for `wired purge`.
    public static func purger(level: Int, compact: Bool) -> any CachePurger {
        #if os(Linux)
        LinuxCachePurger(level: level, compact: compact)
        #elseif canImport(Darwin)
        MacCachePurger()
        #else
        UnsupportedPurger()
        #endif
    }
}

/// Dropping the kernel's clean caches (root only).
public protocol CachePurger {
    /// What it will do, in words, for the question asked and the report.
    var what: String { get }
    /// Why it needs root.
    var needsRoot: String { get }
    /// Does it; a failure names the file and the error.
    func run() throws
}

/// Linux: sync, then `/proc/sys/vm/drop_caches`, then (with `compact`) `/proc/sys/vm/compact_memory`.
struct LinuxCachePurger: CachePurger {
    var level: Int
    var compact: Bool

    var what: String {
        let dropped = level == 1 ? "page cache" : level == 2 ? "reclaimable slab" : "page cache and reclaimable slab"
        return "sync, then drop_caches=\(level) (\(dropped))" + (compact ? ", then compact_memory" : "")
    }

    var needsRoot: String { "it writes /proc/sys/vm/drop_caches" }

    func run() throws {
        do {
            try CachePurge.dropCaches(level: level)
            if compact { try CachePurge.compact() }
        } catch let failure as CachePurge.Failure {
            throw ReadError(failure.message)
        }
    }
}

#if canImport(Darwin)
/// macOS: runs `purge`, which drops only the disk cache.
struct MacCachePurger: CachePurger {
    var what: String { "purge (macOS drops only the disk cache: app, wired and compressed memory stay)" }
    var needsRoot: String { "purge needs it" }

    func run() throws {
        do {
            try DarwinPurge.run()
        } catch let failure as DarwinPurge.Failure {
            throw ReadError(failure.message)
        }
    }
}

/// The running Mac, read through the host port it holds for its whole life.
final class LiveMacReader: MemoryReader {
    let host = DarwinHost()

    var source: ReadSource { .liveMac }

    func read(_ request: ReadRequest) throws -> Reading {
        // The macOS reader (WiredDarwin/Live): not yet tested on a Mac.
        var snapshot = host.read(
            processes: request.processes != nil || request.owners,
            interval: request.interval,
            toolVersion: WiredVersion.current
        )
        SnapshotValidation.check(&snapshot)
        return Reading(snapshot: snapshot)
    }
}
#endif

/// An OS this cannot purge.
struct UnsupportedPurger: CachePurger {
    var what: String { "nothing (dropping caches is supported on Linux and macOS only)" }
    var needsRoot: String { "purge needs it" }
    func run() throws { throw ReadError("dropping caches is supported on Linux and macOS only") }
}
