import WiredCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Each process's `/proc/PID/statm` kept open by a live reader from one reading to the next, so a process that
/// has not moved costs one `pread` of seven numbers instead of opening its directory and its files.
///
/// A held descriptor also proves identity: it stays bound to the process it was opened on, and once that
/// process has exited every read of it fails (ESRCH), even when its pid has been given to another. At most
/// ``budget`` descriptors are held, within `RLIMIT_NOFILE` (raised toward the hard limit, leaving room for
/// everything else); all are closed when the holder goes. Each entry also says when the process's `stat` was
/// last read, for the round-robin that reads it again (``ProcessCarry/statBound``; docs/linux.md §8.1a).
public final class HeldStatmFiles: @unchecked Sendable {
    /// pid → the start time of the process, its open `statm`, and when (monotonic seconds) its `stat` was read.
    var held: [Int32: Held] = [:]
    /// The most descriptors held; `nil` until the first reading sizes it.
    var budget: Int?

    /// One held process.
    struct Held {
        var startTime: UInt64
        var fd: Int32
        var statAt: Double
    }

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

    /// Replaces the held descriptors with `kept` (pid and what is held for it), closing every descriptor in
    /// the old table or in `opened` that is not kept.
    func replace(with kept: [(pid: Int32, held: Held)], opened: [Int32]) {
        var next: [Int32: Held] = [:]
        next.reserveCapacity(kept.count)
        var keptFDs = Set<Int32>(minimumCapacity: kept.count)
        for entry in kept where entry.held.fd >= 0 {
            next[entry.pid] = entry.held
            keptFDs.insert(entry.held.fd)
        }
        // Each descriptor closed once, though it may be both in the old table and in `opened`.
        var closing = Set(held.values.map(\.fd))
        closing.formUnion(opened.filter { $0 >= 0 })
        for fd in closing.subtracting(keptFDs) { close(fd) }
        held = next
    }
}

/// The two figures of `/proc/PID/statm` a live reader compares: `size` and `resident` (pages), the same counters
/// `stat` gives as `vsize` (in bytes) and `rss`.
struct Statm: Equatable {
    var sizePages: Int64
    var residentPages: Int64

    /// Parses `size resident shared text lib data dt` (seven numbers, none negative); `nil` for anything else
    /// (the process is then read in full, where a problem names what is wrong).
    init?(_ line: UnsafeBufferPointer<UInt8>) {
        var cursor = ProcessParsers.StatCursor(buffer: line, index: 0)
        var (size, resident): (Int64, Int64) = (0, 0)
        for field in 0..<7 {
            guard let value = cursor.field(field)?.decimal.value, value >= 0 else { return nil }
            if field == 0 { size = value } else if field == 1 { resident = value }
        }
        guard cursor.field(7) == nil else { return nil }
        sizePages = size
        residentPages = resident
    }
}

extension ProcessParsers {
    /// `size` and `resident` (pages) of a `/proc/PID/statm` line, as a live reader compares them; `nil` for
    /// anything but seven numbers, none negative.
    public static func statm(_ buffer: UnsafeBufferPointer<UInt8>) -> (sizePages: Int64, residentPages: Int64)? {
        Statm(buffer).map { ($0.sizePages, $0.residentPages) }
    }
}

/// A reusable buffer for `statm` lines read through held descriptors (one per scan worker).
struct StatmBuffer {
    private var bytes = [UInt8](repeating: 0, count: 512)

    /// Reads the whole `statm` line of `fd` from its start and parses it; `nil` when the read fails (the process
    /// exited), the line fills the buffer or is not a `statm` line (it is read in full instead).
    mutating func read(_ fd: Int32) -> Statm? {
        bytes.withUnsafeMutableBytes { raw -> Statm? in
            var got = -1
            repeat { got = pread(fd, raw.baseAddress, raw.count, 0) } while got < 0 && errno == EINTR
            guard got > 0, got < raw.count else { return nil }
            return Statm(UnsafeBufferPointer(start: raw.baseAddress?.assumingMemoryBound(to: UInt8.self), count: got))
        }
    }
}
