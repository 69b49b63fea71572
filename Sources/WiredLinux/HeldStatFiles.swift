import WiredCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Each process's `/proc/PID/stat` kept open by a live reader from one reading to the next, so a process that
/// has not moved costs one `pread` instead of opening its directory and its file.
///
/// A held descriptor also proves identity: it stays bound to the process it was opened on, and once that
/// process has exited every read of it fails (ESRCH), even when its pid has been given to another; the start
/// time in the line read is checked as well. At most ``budget`` descriptors are held, within `RLIMIT_NOFILE`
/// (raised toward the hard limit, leaving room for everything else); all are closed when the holder goes.
public final class HeldStatFiles: @unchecked Sendable {
    /// pid → the start time of the process and its open `stat`.
    var held: [Int32: (startTime: UInt64, fd: Int32)] = [:]
    /// The most descriptors held; `nil` until the first reading sizes it.
    var budget: Int?

    /// An empty holder.
    public init() {}

    deinit {
        for entry in held.values { close(entry.fd) }
    }

    /// How many descriptors are held.
    public var count: Int { held.count }

    /// How many descriptors a reading of `processes` may hold: half of what `RLIMIT_NOFILE` leaves after
    /// room for the reading's own work, so lazy command lines, sockets and files keep the other half.
    func sized(for processes: Int) -> Int {
        if let budget, budget >= processes { return budget }
        let allowed = FileLimits.raiseForHandles(2 * processes + 1024)
        let size = max(0, (allowed - 1024) / 2)
        budget = size
        return size
    }

    /// Replaces the held descriptors with `kept` (pid, start time, descriptor), closing every descriptor in
    /// the old table or in `opened` that is not kept.
    func replace(with kept: [(pid: Int32, startTime: UInt64, fd: Int32)], opened: [Int32]) {
        var next: [Int32: (startTime: UInt64, fd: Int32)] = [:]
        next.reserveCapacity(kept.count)
        var keptFDs = Set<Int32>(minimumCapacity: kept.count)
        for entry in kept where entry.fd >= 0 {
            next[entry.pid] = (entry.startTime, entry.fd)
            keptFDs.insert(entry.fd)
        }
        // Each descriptor closed once, though it may be both in the old table and in `opened`.
        var closing = Set(held.values.map(\.fd))
        closing.formUnion(opened.filter { $0 >= 0 })
        for fd in closing.subtracting(keptFDs) { close(fd) }
        held = next
    }
}

/// A reusable buffer for `stat` lines read through held descriptors (one per scan worker).
struct StatBuffer {
    private var bytes = [UInt8](repeating: 0, count: 4096)

    /// Reads the whole `stat` line of `fd` from its start and parses it; `nil` when the read fails (the process
    /// exited) or the line fills the buffer (it is read the ordinary way instead).
    ///
    /// `path` names the file in a problem; it is only made when there is one (a thousand reads a second).
    mutating func read(
        _ fd: Int32,
        path: @autoclosure () -> String,
        problems: inout [SourceProblem]
    ) -> ProcessParsers.Stat? {
        bytes.withUnsafeMutableBytes { raw -> ProcessParsers.Stat? in
            var got = -1
            repeat { got = pread(fd, raw.baseAddress, raw.count, 0) } while got < 0 && errno == EINTR
            guard got > 0, got < raw.count else { return nil }
            let line = UnsafeBufferPointer(start: raw.baseAddress?.assumingMemoryBound(to: UInt8.self), count: got)
            var found: [SourceProblem] = []
            let stat = ProcessParsers.stat(line, path: "", problems: &found)
            if !found.isEmpty {
                let path = path()
                for var problem in found {
                    problem.source = path
                    problems.append(problem)
                }
            }
            return stat
        }
    }
}
