import Dispatch
import Synchronization
public import WiredCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A process reading, the problems met, and (when asked for) open handles to read command lines later.
public struct ProcessReadResult: Sendable {
    /// The processes.
    public var scan: ProcessScan
    /// Open `/proc/PID` descriptors for lazy command lines, if kept.
    public var handles: ProcessHandles?
    /// memfds and DRM clients, when ``ProcessReadOptions/openFiles`` asked for them.
    public var openFiles: OpenFiles?
    /// What could not be read.
    public var problems: [SourceProblem]
    /// The rollups to carry to the next reading, when ``ProcessReadOptions/carry`` was given.
    public var carry: ProcessCarry?
}

/// `/proc/PID` directories kept open after a process reading, so each command line read later comes from
/// the very process that was measured: a process that exited answers ESRCH and is reported as gone, and a
/// reused PID can never lend its command line to the old one.
public final class ProcessHandles: @unchecked Sendable {
    private let procFD: Int32
    private let procPath: String
    /// One descriptor per process of the scan, −1 where none was kept (over the file limit, or not a user process).
    private let fds: [Int32]
    private let identities: [ProcessIdentity]

    init(procFD: Int32, procPath: String, fds: [Int32], scan: ProcessScan) {
        self.procFD = procFD
        self.procPath = procPath
        self.fds = fds
        self.identities = scan.processes.map(ProcessIdentity.init)
    }

    deinit {
        for fd in fds where fd >= 0 { close(fd) }
        close(procFD)
    }

    /// Redacted command lines of the processes at `indices` (positions in the scan's process list), read in
    /// parallel; `nil` for a process that has exited since it was measured.
    public func commands(for indices: [Int]) -> [String?] {
        let results = CommandSlots(count: indices.count)
        let workers = indices.count < 32 ? 1 : max(1, min(Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))), 8))
        let live = procPath == "/proc"
        let body: @Sendable (Int) -> Void = { _ in
            var reader = FileReader(initialCapacity: 4 << 10)
            reader.regularFilesOnly = !live
            while true {
                let position = results.next.add(1, ordering: .relaxed).oldValue
                if position >= indices.count { break }
                results.set(position, self.command(at: indices[position], reader: &reader))
            }
        }
        if workers == 1 {
            body(0)
        } else {
            DispatchQueue.concurrentPerform(iterations: workers, execute: body)
        }
        return results.values
    }

    private func command(at index: Int, reader: inout FileReader) -> String? {
        let identity = identities[index]
        var directory = fds[index]
        var opened = false
        if directory < 0 {
            // No kept handle: open again by pid and check it is still the same process (same start time).
            directory = openat(procFD, String(identity.pid), O_RDONLY | O_DIRECTORY | O_CLOEXEC)
            guard directory >= 0 else { return nil }
            opened = true
        }
        defer { if opened { close(directory) } }
        let base = "\(procPath)/\(identity.pid)/"
        if opened {
            let stat = try? reader.withContents(of: "stat", relativeTo: directory, displayPath: base + "stat") {
                ProcessParsers.stat($0.uint8)
            }
            guard let stat = stat ?? nil, stat.startTime == identity.startTime else { return nil }
        }
        do {
            return try reader.withContents(of: "cmdline", relativeTo: directory, displayPath: base + "cmdline") {
                ProcessParsers.command($0.uint8)
            }
        } catch {
            return nil
        }
    }
}

/// Result slots written by several threads, each slot by exactly one.
private final class CommandSlots: @unchecked Sendable {
    private let base: UnsafeMutablePointer<String?>
    private let count: Int
    /// The next position to read.
    let next = Atomic<Int>(0)

    init(count: Int) {
        self.count = count
        base = .allocate(capacity: max(1, count))
        base.initialize(repeating: nil, count: count)
    }

    deinit {
        base.deinitialize(count: count)
        base.deallocate()
    }

    func set(_ index: Int, _ value: String?) { base[index] = value }

    var values: [String?] { Array(UnsafeBufferPointer(start: base, count: count)) }
}

extension Array where Element: Comparable {
    /// True when the elements are in ascending order.
    func isSorted() -> Bool {
        var index = 1
        while index < count {
            if self[index - 1] > self[index] { return false }
            index += 1
        }
        return true
    }
}
