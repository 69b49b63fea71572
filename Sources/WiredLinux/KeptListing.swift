import WiredCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The pids a live reader's last listing of `/proc` found, kept so a reading need not list `/proc` again while
/// no process can have been created since (docs/linux.md §8.1b).
///
/// The last pid the kernel gave out in the reader's pid namespace (the last field of `/proc/loadavg`) is read
/// before each listing. While it stays the same, no process or thread has been created, in this namespace or any
/// below it, so no pid is missing from the kept list; processes that exited are those the scan found gone, and
/// are dropped. A listing is trusted only when the last pid was already the same at the reading before it (a
/// process whose pid is given out shows in a listing a moment later, once the kernel has attached it), for at
/// most ``bound`` seconds, and only while `/proc` is this namespace's.
public final class KeptListing: @unchecked Sendable {
    /// The oldest a kept listing may be, in seconds.
    public static let bound = 10.0

    /// The pids listed, less those since found gone, sorted.
    var pids: [Int32] = []
    /// The last pid given out when they were listed; `nil` when the listing may not be reused.
    var lastPID: Int64?
    /// Monotonic seconds at which they were listed.
    var listedAt: Double = 0
    /// The last pid given out as the previous reading saw it.
    var seen: Int64?
    /// Whether the last pid was the same at the reading before a fresh listing (set by ``reusable(procPath:now:)``).
    var settled = false
    /// Whether `/proc` is this process's pid namespace's, once looked up.
    var ownNamespace: Bool?

    /// An empty listing (the first reading lists `/proc`).
    public init() {}

    /// The kept pids when they may stand for a listing of `procPath` at `now`, and the last pid given out now (to
    /// keep with a fresh listing when it may be trusted); `nil` pids when `/proc` must be listed.
    func reusable(procPath: String, now: Double) -> (pids: [Int32]?, lastPID: Int64?) {
        if ownNamespace == nil { ownNamespace = Self.isOwnNamespace(procPath: procPath) }
        let last = ownNamespace == true ? Self.lastPID(procPath: procPath) : nil
        defer { seen = last }
        settled = last != nil && last == seen
        guard let last, last == lastPID, now >= listedAt, now - listedAt < Self.bound else {
            return (nil, settled ? last : nil)
        }
        return (pids, last)
    }

    /// Keeps `pids` (found alive or hidden, not gone) as listed at `listedAt` with `lastPID` (`nil`: not to be
    /// reused); a listing reused keeps the time it was made.
    func keep(_ pids: [Int32], lastPID: Int64?, listedAt: Double) {
        self.pids = pids
        self.lastPID = lastPID
        self.listedAt = listedAt
    }

    /// True when `/proc` is this process's pid namespace's: `/proc/self` names this process's pid, and its
    /// `NSpid` line has one pid (a `/proc` of an outer namespace lists this process's pid in each namespace).
    static func isOwnNamespace(procPath: String) -> Bool {
        var link = [CChar](repeating: 0, count: 32)
        let count = readlink(procPath + "/self", &link, link.count - 1)
        let named = count > 0 ? String(decoding: link[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self) : ""
        guard Int32(named) == getpid() else { return false }
        var reader = FileReader()
        let path = procPath + "/self/status"
        let pids = try? reader.withContents(of: path, displayPath: path) { buffer -> Int? in
            LineSplitter(buffer.uint8).lines.first { $0.hasPrefix("NSpid:") }.map { $0.fields.count - 1 }
        }
        // Kernels before 4.1 have no NSpid line: /proc/self naming this pid is all there is to go by.
        return (pids ?? nil).map { $0 == 1 } ?? true
    }

    /// The last pid given out in this process's pid namespace, from `/proc/loadavg`; `nil` when it cannot be
    /// read.
    static func lastPID(procPath: String) -> Int64? {
        var reader = FileReader()
        let path = procPath + "/loadavg"
        let field = try? reader.withContents(of: path, displayPath: path) { buffer -> Int64? in
            let bytes = buffer.uint8
            let end = bytes.lastIndex { !ASCII.isSpace($0) && $0 != ASCII.newline }.map { $0 + 1 } ?? 0
            let start = bytes[..<end].lastIndex(of: UInt8(ascii: " ")).map { $0 + 1 } ?? 0
            guard start < end else { return nil }
            return bytes[start..<end].decimal.value
        }
        return field ?? nil
    }
}
