/// One process as read from `/proc/PID`; sizes in bytes.
///
/// Identified by ``pid`` and ``startTime`` together: a PID whose start time differs is another process.
/// A reading holds thousands of these, so values the kernel may not report are stored without `Optional`
/// padding (−1 means "not reported") and read through optional properties.
public struct ProcessFacts: Sendable, Equatable {
    /// What kind of task this is.
    public enum Kind: String, Sendable, Codable {
        /// An ordinary user-space process.
        case user
        /// A kernel thread (`PF_KTHREAD` in `/proc/PID/stat` flags): no user memory, one kernel stack.
        case kernelThread
        /// A zombie (state Z): exited, memory already freed, waiting for its parent.
        case zombie
    }

    /// Process id.
    public var pid: Int32
    /// Parent process id (field 4 of `/proc/PID/stat`).
    public var parentPID: Int32
    /// `num_threads` (field 20 of `/proc/PID/stat`).
    public var threads: Int32
    private var uidValue: UInt32 = .max
    /// Field 22 of `/proc/PID/stat`: clock ticks after boot at which the process started.
    public var startTime: UInt64
    /// User process, kernel thread or zombie.
    public var kind: Kind
    private var stateByte: UInt8
    private var storedPSSAgeMs: Int32 = -1
    /// `comm`, the name in `/proc/PID/stat` between the first `(` and the last `)`; kept raw (text views escape it).
    public var name: String
    /// `/proc/PID/cmdline` with arguments joined by spaces and secrets redacted; empty when not read and for
    /// kernel threads.
    public var command: String = ""
    /// The byte counts of `/proc/PID/status` (``StatusSize``).
    public var sizes = StatusSizes()
    private var rollup: SmapsRollup?
    private var rare: Rare?

    /// Creates a process record with only its identity; readers fill the rest.
    public init(pid: Int32, startTime: UInt64, name: String, state: String, kind: Kind, threads: Int32) {
        self.pid = pid
        self.parentPID = 0
        self.threads = threads
        self.startTime = startTime
        self.kind = kind
        self.stateByte = state.utf8.first ?? UInt8(ascii: "?")
        self.name = name
    }

    /// Effective user id (`Uid:` in `/proc/PID/status`).
    public var uid: UInt32? {
        get { uidValue == .max ? nil : uidValue }
        set { uidValue = newValue ?? .max }
    }
    /// State letter (field 3 of `/proc/PID/stat`).
    public var state: String {
        get { String(UnicodeScalar(stateByte)) }
        set { stateByte = newValue.utf8.first ?? UInt8(ascii: "?") }
    }
    // Names for the sizes the analysis uses by name; ``sizes`` holds them all.
    /// `VmRSS` (``StatusSize/rss``).
    public var rss: Int64? {
        get { sizes[.rss] }
        set { sizes[.rss] = newValue }
    }
    /// `RssAnon` (4.5+).
    public var rssAnon: Int64? {
        get { sizes[.rssAnon] }
        set { sizes[.rssAnon] = newValue }
    }
    /// `RssFile` (4.5+).
    public var rssFile: Int64? {
        get { sizes[.rssFile] }
        set { sizes[.rssFile] = newValue }
    }
    /// `RssShmem` (4.5+).
    public var rssShmem: Int64? {
        get { sizes[.rssShmem] }
        set { sizes[.rssShmem] = newValue }
    }
    /// `VmSwap`.
    public var vmSwap: Int64? {
        get { sizes[.vmSwap] }
        set { sizes[.vmSwap] = newValue }
    }
    /// `VmPTE`.
    public var pageTables: Int64? {
        get { sizes[.pageTables] }
        set { sizes[.pageTables] = newValue }
    }
    /// `VmLck`.
    public var locked: Int64? {
        get { sizes[.locked] }
        set { sizes[.locked] = newValue }
    }
    /// `VmPin`.
    public var pinned: Int64? {
        get { sizes[.pinned] }
        set { sizes[.pinned] = newValue }
    }
    /// `HugetlbPages`.
    public var hugetlb: Int64? {
        get { sizes[.hugetlb] }
        set { sizes[.hugetlb] = newValue }
    }
    /// `/proc/PID/smaps_rollup`, or `nil` when it could not be read (see ``denial``).
    public var smaps: SmapsRollup? {
        get { rollup }
        set { rollup = newValue.flatMap { $0.pss < 0 ? nil : $0 } }
    }
    /// Seconds since ``smaps`` was read, when a live reader carried it over from an earlier reading (the
    /// process kept its RSS and state); `nil` when it was read in this reading.
    ///
    /// Kept in whole milliseconds (snapshot files write ``pssAgeMilliseconds``), at most about 24 days.
    public var pssAge: Double? {
        get { pssAgeMilliseconds.map { Double($0) / 1000 } }
        set { pssAgeMilliseconds = newValue.map { Int64(($0.isFinite ? max(0, min($0, 2e6)) : 2e6) * 1000) } }
    }
    /// ``pssAge`` in milliseconds.
    public var pssAgeMilliseconds: Int64? {
        get { storedPSSAgeMs < 0 ? nil : Int64(storedPSSAgeMs) }
        set { storedPSSAgeMs = newValue.flatMap { Int32(exactly: max(0, min($0, Int64(Int32.max)))) } ?? -1 }
    }
    /// Why ``smaps`` is missing for a user process: "permission", "no smaps_rollup (…)", or an error.
    public var denial: String? {
        get { rare?.denial }
        set { rare = Rare(denial: newValue, cgroup: rare?.cgroup, unit: rare?.unit) }
    }
    /// The cgroup its memory is charged to (`/proc/PID/cgroup`: the v2 line, or the v1 memory controller's),
    /// when it was read.
    public var cgroup: String? {
        get { rare?.cgroup }
        set { rare = Rare(denial: rare?.denial, cgroup: newValue, unit: rare?.unit) }
    }
    /// On cgroup v1 hosts, the `name=systemd` path when it differs from ``cgroup``: it names the systemd unit.
    public var unit: String? {
        get { rare?.unit }
        set { rare = Rare(denial: rare?.denial, cgroup: rare?.cgroup, unit: newValue) }
    }

    /// The service that owns the process: the deepest systemd unit or container in ``unit`` or ``cgroup``,
    /// else the memory cgroup's path; `nil` when cgroups were not read.
    public var service: String? {
        guard let cgroup else { return unit.map(ServiceName.from(cgroupPath:)) }
        if let unit, ServiceName.isUnitOrContainer(ServiceName.from(cgroupPath: unit)) {
            return ServiceName.from(cgroupPath: unit)
        }
        return ServiceName.from(cgroupPath: cgroup)
    }

    /// True when PSS, USS and SwapPss could be read.
    public var inspectable: Bool { rollup != nil }

    /// Fields that are usually absent, kept out of line so every record stays small.
    private final class Rare: Sendable, Equatable {
        let denial: String?
        let cgroup: String?
        let unit: String?

        init?(denial: String?, cgroup: String?, unit: String?) {
            if denial == nil && cgroup == nil && unit == nil { return nil }
            self.denial = denial
            self.cgroup = cgroup
            self.unit = unit
        }

        static func == (lhs: Rare, rhs: Rare) -> Bool {
            lhs.denial == rhs.denial && lhs.cgroup == rhs.cgroup && lhs.unit == rhs.unit
        }
    }
}

extension ProcessFacts: Codable {
    /// A key of a process record: the fixed ones, and one per ``StatusSize``.
    private struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(_ name: String) { stringValue = name }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }

        static let pid = Key("pid")
        static let parentPID = Key("parentPID")
        static let threads = Key("threads")
        static let uid = Key("uid")
        static let startTime = Key("startTime")
        static let kind = Key("kind")
        static let state = Key("state")
        static let name = Key("name")
        static let command = Key("command")
        static let smaps = Key("smaps")
        static let pssAgeMs = Key("pssAgeMs")
        static let denial = Key("denial")
        static let cgroup = Key("cgroup")
        static let unit = Key("unit")
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Key.self)
        self.init(
            pid: try c.decode(Int32.self, forKey: .pid),
            startTime: try c.decode(UInt64.self, forKey: .startTime),
            name: try c.decode(String.self, forKey: .name),
            state: try c.decode(String.self, forKey: .state),
            kind: try c.decode(Kind.self, forKey: .kind),
            threads: try c.decode(Int32.self, forKey: .threads)
        )
        parentPID = try c.decodeIfPresent(Int32.self, forKey: .parentPID) ?? 0
        uid = try c.decodeIfPresent(UInt32.self, forKey: .uid)
        command = try c.decodeIfPresent(String.self, forKey: .command) ?? ""
        for size in StatusSize.allCases {
            sizes[size] = try c.decodeIfPresent(Int64.self, forKey: Key(size.key))
        }
        smaps = try c.decodeIfPresent(SmapsRollup.self, forKey: .smaps)
        pssAgeMilliseconds = try c.decodeIfPresent(Int64.self, forKey: .pssAgeMs)
        denial = try c.decodeIfPresent(String.self, forKey: .denial)
        cgroup = try c.decodeIfPresent(String.self, forKey: .cgroup)
        unit = try c.decodeIfPresent(String.self, forKey: .unit)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Key.self)
        try c.encode(pid, forKey: .pid)
        try c.encode(parentPID, forKey: .parentPID)
        try c.encode(threads, forKey: .threads)
        try c.encodeIfPresent(uid, forKey: .uid)
        try c.encode(startTime, forKey: .startTime)
        try c.encode(kind, forKey: .kind)
        try c.encode(state, forKey: .state)
        try c.encode(name, forKey: .name)
        if !command.isEmpty { try c.encode(command, forKey: .command) }
        for size in StatusSize.allCases { try c.encodeIfPresent(sizes[size], forKey: Key(size.key)) }
        try c.encodeIfPresent(smaps, forKey: .smaps)
        try c.encodeIfPresent(pssAgeMilliseconds, forKey: .pssAgeMs)
        try c.encodeIfPresent(denial, forKey: .denial)
        try c.encodeIfPresent(cgroup, forKey: .cgroup)
        try c.encodeIfPresent(unit, forKey: .unit)
    }
}

/// All processes of one reading, with what could not be read.
public struct ProcessScan: Sendable, Codable, Equatable {
    /// Processes, kernel threads and zombies, sorted by pid.
    public var processes: [ProcessFacts]
    /// Processes that exited between listing `/proc` and reading them.
    public var gone: Int
    /// Processes listed in `/proc` whose directory or files this user may not open (EPERM or EACCES:
    /// `hidepid=1`).
    public var hidden: Int
    /// Clock ticks per second (`sysconf(_SC_CLK_TCK)`), the unit of ``ProcessFacts/startTime``.
    public var ticksPerSecond: Int64
    /// Boot time in seconds since the epoch (`btime` in `/proc/stat`).
    public var bootTime: Int64?
    /// Whether the reader ran as root (could read every smaps_rollup).
    public var asRoot: Bool
    /// The `hidepid=` option of `/proc` as `/proc/mounts` gives it ("2", "invisible"), when set: other users'
    /// processes may be hidden.
    public var hidepid: String?
    /// The `gid=` option of `/proc`: members of this group see every process despite `hidepid`.
    public var hidepidGroup: UInt32?
    /// Processes `/proc` did not list although some cgroup's `cgroup.procs` does, kernel threads included.
    ///
    /// Counted with `hidepid=invisible` (or `ptraceable`) when not root; `nil` otherwise, or when there is no
    /// cgroup tree to count from. A process started between the two reads counts too.
    public var unlisted: Int?

    /// What ``hidepid`` does, or `nil` when it is unset or a value this does not know.
    public var hidepidMode: HidePID? { hidepid.flatMap(HidePID.init(option:)) }
    /// User names for the uids seen (`/etc/passwd`).
    public var userNames: [UInt32: String]
    /// Files that could not be read while reading processes (`/proc` itself, `/proc/stat`, …).
    public var problems: [SourceProblem] = []

    /// Creates a scan.
    public init(
        processes: [ProcessFacts],
        gone: Int = 0,
        hidden: Int = 0,
        ticksPerSecond: Int64 = 100,
        bootTime: Int64? = nil,
        asRoot: Bool = true,
        hidepid: String? = nil,
        userNames: [UInt32: String] = [:]
    ) {
        self.processes = processes
        self.gone = gone
        self.hidden = hidden
        self.ticksPerSecond = ticksPerSecond
        self.bootTime = bootTime
        self.asRoot = asRoot
        self.hidepid = hidepid
        self.userNames = userNames
    }
}

/// The `hidepid=` modes of `/proc` (Linux Documentation/filesystems/proc.rst; names since 5.8).
public enum HidePID: String, Sendable {
    /// `0`, `off`: every process is visible.
    case off
    /// `1`, `noaccess`: other users' `/proc/PID` directories are listed but cannot be opened.
    case noaccess
    /// `2`, `invisible`: other users' processes are not listed at all.
    case invisible
    /// `4`, `ptraceable`: only processes this user may ptrace are listed.
    case ptraceable

    /// The mode an option value names, by number or by name.
    public init?(option: String) {
        switch option {
        case "0", "off": self = .off
        case "1", "noaccess": self = .noaccess
        case "2", "invisible": self = .invisible
        case "4", "ptraceable": self = .ptraceable
        default: return nil
        }
    }

    /// True when the mode leaves processes out of the listing of `/proc`.
    public var hidesListing: Bool { self == .invisible || self == .ptraceable }
}

/// A process's identity: its pid and start time.
///
/// A reused pid has another start time.
public struct ProcessIdentity: Sendable, Hashable, Codable {
    /// Process id.
    public var pid: Int32
    /// Start time in clock ticks after boot.
    public var startTime: UInt64

    /// The identity of `process`.
    public init(_ process: ProcessFacts) {
        pid = process.pid
        startTime = process.startTime
    }

    /// The identity of the process `pid` started at `startTime`.
    public init(pid: Int32, startTime: UInt64) {
        self.pid = pid
        self.startTime = startTime
    }
}
