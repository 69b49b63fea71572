public import WiredCore
import WiredLinux

/// A captured Linux tree (`--root DIR`): every reading reads the whole tree again; nothing is kept.
public final class TreeReader: MemoryReader {
    let reader: LinuxReader

    /// A reader of the tree at `root`, which must be a directory.
    public init(root: String) throws {
        guard FileSystemCheck.isDirectory(root) else { throw ReadError("--root \(root): not a directory") }
        reader = LinuxReader(root: root)
    }

    public var source: ReadSource { .tree(reader.root) }

    public func read(_ request: ReadRequest) throws -> Reading {
        var none: LinuxReadingState?
        return LinuxReading.read(reader, request, state: &none)
    }

    public func processCosts(_ snapshot: Snapshot) -> ProcessCosts { LinuxReading.processCosts(reader, snapshot) }
}

/// The running Linux system, read again and again by one reader that keeps what it can between readings.
///
/// Kept between readings: the facts that last the whole boot, checked against
/// `/proc/sys/kernel/random/boot_id` (installed RAM from DMI, memory blocks and the firmware map, the
/// reserved-at-boot lines from the kernel log, the kernel config, possible CPUs); the previous reading's
/// paging counters, so rates need no sleep after the first reading; each process as last read: a process whose
/// `statm` shows the same RSS and virtual size has only its `statm` read (and its `stat` once every `statBound`
/// seconds, which must show the same state, threads, name and parent), the rest (`status`, `smaps_rollup`,
/// command line, cgroup) carried for at most ``pssBound`` seconds (``ProcessFacts/pssAge`` says how old); the
/// slow sources (owners, locked memory), read again every ``slowInterval`` seconds (vmallocinfo and the open
/// files every sixth time) and carried in between, each named with its age (``OwnerFacts/carried``,
/// ``LinuxFacts/carried``); the listing of `/proc`, while no pid is given out. A first reading reads everything,
/// so one-shot commands show what they always showed.
public final class LiveLinuxReader: MemoryReader {
    let reader = LinuxReader(root: "/")
    var state: LinuxReadingState?
    /// The oldest a carried process may be, in seconds.
    public let pssBound: Double
    /// Seconds between two readings of the slow sources.
    public let slowInterval: Double

    /// Creates a reader; `pssBound` is the oldest a carried process may be (120 s by default), `slowInterval`
    /// how often the slow sources are read again (10 s by default; 0 reads them in every reading), `statBound`
    /// how often a carried process's `stat` is (10 s by default).
    public init(
        pssBound: Double = 120,
        slowInterval: Double = 10,
        statBound: Double = 10
    ) {
        self.pssBound = pssBound
        self.slowInterval = slowInterval
        state = LinuxReadingState(
            carry: ProcessCarry(bound: pssBound, statBound: statBound),
            slow: SlowSources(interval: slowInterval)
        )
    }

    public var source: ReadSource { .liveLinux }

    public func read(_ request: ReadRequest) throws -> Reading {
        LinuxReading.read(reader, request, state: &state)
    }

    public func processCosts(_ snapshot: Snapshot) -> ProcessCosts { LinuxReading.processCosts(reader, snapshot) }

    /// The boot the kept boot-long facts belong to (`boot_id`), once a reading has kept them.
    public var cachedBootID: String? { state?.boot?.bootID }

    /// True when the process `identity` is carried to the next reading.
    public func carries(_ identity: ProcessIdentity) -> Bool { state?.carry?.holds(identity) ?? false }

    /// How many `/proc/PID/statm` descriptors are held open for the next reading.
    public var heldDescriptors: Int { state?.heldStatm.count ?? 0 }

    /// How many processes are carried to the next reading.
    public var carriedCount: Int { state?.carry?.count ?? 0 }
}
