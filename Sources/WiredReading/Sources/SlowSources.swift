import WiredCore
import WiredLinux

/// The sources a stateful live reader reads again at most every ``interval`` seconds, carried with their ages
/// in between (``CarriedSource``).
///
/// Slow: the owners (slab caches, the memory cgroups' `memory.stat` tree, tmpfs mounts, SysV segments, GPUs and
/// `nvidia-smi`) and the locked-memory facts (one `status` per process and the `smaps` of each locking process,
/// read only when meminfo leaves open how much locked memory is shared memory). Slower still, every
/// ``heavyIntervals`` intervals: the two owners sources that cost the most kernel time, `/proc/vmallocinfo` and
/// the memfds and DRM clients the process scan finds among every process's open descriptors (docs/linux.md
/// §12.1a). Fresh in every reading: everything else (meminfo, vmstat, zoneinfo, pressure, the processes' `statm`).
/// The first reading reads everything as a one-shot reading does.
struct SlowSources {
    /// The default seconds between two readings of the slow sources.
    static let defaultInterval = 10.0

    /// The owners as last read (the heavy sources in them as ``heavy`` holds them) and when (monotonic seconds).
    struct KeptOwners {
        var facts: OwnerFacts
        var readAt: Double
    }

    /// The heavy owners sources as last read: the vmalloc callers, the open files the process scan found
    /// (`nil` when the reading had no processes), and when.
    struct KeptHeavy {
        var vmalloc: VmallocReading
        var openFiles: OpenFiles?
        var readAt: Double
    }

    /// How many intervals the heavy owners sources are carried: at 1 Hz with 1,000 processes, scanning every
    /// process's descriptors took 0.39% of a core and `vmallocinfo` 0.18% when both were read every 10 s.
    static let heavyIntervals = 6.0

    /// The locked-memory facts as last read, with the problems met, when, and meminfo's locked counters then.
    struct KeptLocked {
        var facts: LockedMemoryFacts
        var problems: [SourceProblem]
        var readAt: Double
        var counters = LockedCounters(nil)
    }

    /// meminfo's `Mlocked` and `Unevictable`: memory locked or unlocked by any process, or a SysV segment
    /// locked with `SHM_LOCK`, moves one of them.
    struct LockedCounters: Equatable {
        var mlocked: Int64?
        var unevictable: Int64?

        init(_ meminfo: [String: Int64]?) {
            mlocked = meminfo?["Mlocked"]
            unevictable = meminfo?["Unevictable"]
        }

        /// True when both were read.
        var isComplete: Bool { mlocked != nil && unevictable != nil }

        /// True when both were read here and in `earlier`, and neither moved by more than
        /// ``LockedShared/tolerance`` (the few pages some process locks and unlocks on any machine, which
        /// would otherwise send the reader back to every process's `status` every interval).
        func isNear(_ earlier: LockedCounters) -> Bool {
            let tolerance = LockedShared.tolerance.bytes.magnitude
            func near(_ now: Int64?, _ then: Int64?) -> Bool {
                guard let now, let then, let moved = Checked.subtract(now, then) else { return false }
                return moved.magnitude <= tolerance
            }
            return near(mlocked, earlier.mlocked) && near(unevictable, earlier.unevictable)
        }
    }

    /// How many intervals kept locked-memory facts may be carried while meminfo's locked counters stay near
    /// where they were (``LockedCounters/isNear(_:)``).
    static let stillIntervals = 6.0

    /// Seconds between two readings of a slow source; 0 reads them every time.
    let interval: Double
    var owners: KeptOwners?
    var heavy: KeptHeavy?
    var locked: KeptLocked?
    /// False until the first reading is done.
    var started = false

    /// Slow sources read every `interval` seconds (a day at most; not a number gives the default).
    init(interval: Double = Self.defaultInterval) {
        self.interval = interval.isNaN ? Self.defaultInterval : max(0, min(interval, 86_400))
    }

    /// Seconds between two readings of the heavy owners sources.
    var heavyInterval: Double { interval * Self.heavyIntervals }

    /// True when a reading at `now` reads the owners rather than carrying them: after the interval, when the
    /// clock went back, or when it wants the open files (`openFiles`) and the kept ones were read without them.
    func ownersDue(now: Double, openFiles: Bool) -> Bool {
        guard let owners, interval > 0 else { return true }
        return now - owners.readAt >= interval || now < owners.readAt || (openFiles && heavy?.openFiles == nil)
    }

    /// True when a reading at `now` that reads the owners reads the heavy sources too (the open files when
    /// `openFiles`) rather than carrying them.
    func heavyDue(now: Double, openFiles: Bool) -> Bool {
        guard let heavy, interval > 0 else { return true }
        return now - heavy.readAt >= heavyInterval || now < heavy.readAt || (openFiles && heavy.openFiles == nil)
    }

    /// The kept owners as a reading at `now` shows them: each source they hold named with its age.
    func carriedOwners(now: Double) -> OwnerFacts? {
        guard let owners else { return nil }
        var facts = owners.facts
        facts.carried =
            CarriedSource.all(Self.sources(of: facts), seconds: now - owners.readAt)
            + (heavy.map { Self.carried($0, in: facts, now: now) } ?? [])
        return facts
    }

    /// The sources besides the heavy ones `owners` holds figures from.
    static func sources(of owners: OwnerFacts) -> [String] {
        var sources: [String] = []
        if owners.slabCaches != nil { sources.append("/proc/slabinfo") }
        if owners.cgroups != nil { sources.append("/sys/fs/cgroup (memory.stat)") }
        if owners.mounts != nil { sources.append("/proc/mounts (statvfs of tmpfs, ramfs, hugetlbfs)") }
        if owners.sysvSegments != nil { sources.append("/proc/sysvipc/shm") }
        if owners.gpus != nil { sources.append("/sys/class/drm") }
        if owners.nvidiaApps != nil { sources.append("nvidia-smi") }
        return sources
    }

    /// The heavy sources `owners` holds figures from as `heavy` read them, each with its age at `now`.
    static func carried(_ heavy: KeptHeavy, in owners: OwnerFacts, now: Double) -> [CarriedSource] {
        var sources: [String] = []
        if heavy.openFiles != nil { sources.append(CarriedSource.openFiles) }
        if owners.vmallocCallers != nil { sources.append(CarriedSource.vmallocinfo) }
        return CarriedSource.all(sources, seconds: now - heavy.readAt)
    }

    /// Puts the locked-memory facts into `snapshot` when its meminfo needs them: carried while younger than the
    /// interval (or than ``stillIntervals`` intervals while meminfo's locked counters stay near where they were),
    /// else read now and kept.
    mutating func addLockedMemory(_ reader: LinuxReader, into snapshot: inout Snapshot, now: Double) {
        let meminfo = snapshot.linux?.meminfo
        guard LockedShared.needsFacts(meminfo) else { return }
        if let locked, lockedCarriable(now: now, counters: LockedCounters(meminfo)) {
            snapshot.linux?.lockedMemory = locked.facts
            snapshot.problems += locked.problems
            let carried = CarriedSource.all(["/proc/PID/status, /proc/PID/smaps (VmLck)"], seconds: now - locked.readAt)
            let earlier = snapshot.linux?.carried ?? []
            snapshot.linux?.carried = earlier + carried
            return
        }
        let (facts, problems) = reader.readLockedMemory()
        snapshot.linux?.lockedMemory = facts
        snapshot.problems += problems
        locked = KeptLocked(facts: facts, problems: problems, readAt: now, counters: LockedCounters(meminfo))
    }

    /// True when the kept locked-memory facts may stand for a reading at `now` whose meminfo shows `counters`:
    /// younger than the interval, or younger than ``stillIntervals`` intervals with counters within
    /// ``LockedShared/tolerance`` of those when they were read (a lock or unlock anywhere moves `Mlocked` or
    /// `Unevictable`; docs/linux.md §12.1a).
    func lockedCarriable(now: Double, counters: LockedCounters) -> Bool {
        guard let locked, interval > 0, now >= locked.readAt else { return false }
        let age = now - locked.readAt
        if age < interval { return true }
        return counters.isNear(locked.counters) && age < interval * Self.stillIntervals
    }
}
