/// The OOM and limit counters of every memory cgroup at one moment.
///
/// v2: `memory.events` (`low`, `high`, `max`, `oom`, `oom_kill`, `oom_group_kill`; each counts this cgroup and
/// its descendants unless cgroup2 is mounted with `memory_localevents`) and `memory.max`. v1:
/// `memory.oom_control` (`oom_kill_disable`, `under_oom`, `oom_kill` from 4.13; this cgroup only),
/// `memory.failcnt` (times usage hit the limit; kept as `failcnt`) and `memory.limit_in_bytes`.
public struct CgroupEvents: Sendable, Codable, Equatable {
    /// 2 for the unified hierarchy, 1 for the v1 memory controller.
    public var version: Int
    /// Cgroups that have the files, parents before children; paths start at "/".
    public var groups: [CgroupEventCounts]

    /// Creates a record.
    public init(version: Int, groups: [CgroupEventCounts]) {
        self.version = version
        self.groups = groups
    }

    /// The counts of the cgroup at `path`.
    public func group(_ path: String) -> CgroupEventCounts? { groups.first { $0.path == path } }
}

/// One cgroup's OOM and limit counters.
public struct CgroupEventCounts: Sendable, Codable, Equatable {
    /// Path below the hierarchy's root, such as "/system.slice/nginx.service".
    public var path: String
    /// The counters by name, as the files print them (v1 `memory.failcnt` as `failcnt`).
    public var events: [String: Int64]
    /// The memory limit in bytes; `nil` when there is none (`max`, or v1's page-counter maximum).
    public var limitBytes: Int64?
    /// The file the limit comes from: "memory.max" or "memory.limit_in_bytes".
    public var limitSource: String

    /// Creates a record.
    public init(path: String, events: [String: Int64], limitBytes: Int64?, limitSource: String) {
        self.path = path
        self.events = events
        self.limitBytes = limitBytes
        self.limitSource = limitSource
    }
}

/// The OOM kills the kernel log (`/dev/kmsg`) reports.
public struct KernelOOMLog: Sendable, Codable, Equatable {
    /// Where it was read.
    public var source: String
    /// True when it holds only the kills after the earlier sample (the interval); false for all the log still
    /// holds since boot.
    public var sinceEarlier: Bool
    /// The kills, oldest first.
    public var kills: [OOMKillRecord]

    /// Creates a record.
    public init(source: String, sinceEarlier: Bool, kills: [OOMKillRecord]) {
        self.source = source
        self.sinceEarlier = sinceEarlier
        self.kills = kills
    }
}

/// One OOM kill as the kernel logs it: the `oom-kill:constraint=…` line (4.19+) and the `Killed process`
/// line, which starts "Memory cgroup out of memory:" when a cgroup's limit was hit and "Out of memory:" when
/// the machine ran out (mm/oom_kill.c).
public struct OOMKillRecord: Sendable, Codable, Equatable {
    /// The log record's sequence number and time (microseconds since boot).
    public var sequence: Int64
    public var microseconds: Int64
    /// `CONSTRAINT_MEMCG` (a cgroup's limit), `CONSTRAINT_NONE` (the machine), `CONSTRAINT_CPUSET`,
    /// `CONSTRAINT_MEMORY_POLICY`; `nil` when the kernel printed no constraint line.
    public var constraint: String?
    /// True when the kill line said "Memory cgroup out of memory".
    public var atCgroupLimit: Bool
    /// `oom_memcg=`: the cgroup whose limit was hit; `task_memcg=`: the victim's cgroup.
    public var oomCgroup: String?
    public var taskCgroup: String?
    /// The process killed.
    public var pid: Int32?
    public var task: String?
    /// `anon-rss` of the victim when it was killed, bytes.
    public var anonRSSBytes: Int64?

    /// Creates a record.
    public init(
        sequence: Int64,
        microseconds: Int64,
        constraint: String? = nil,
        atCgroupLimit: Bool,
        oomCgroup: String? = nil,
        taskCgroup: String? = nil,
        pid: Int32? = nil,
        task: String? = nil,
        anonRSSBytes: Int64? = nil
    ) {
        self.sequence = sequence
        self.microseconds = microseconds
        self.constraint = constraint
        self.atCgroupLimit = atCgroupLimit
        self.oomCgroup = oomCgroup
        self.taskCgroup = taskCgroup
        self.pid = pid
        self.task = task
        self.anonRSSBytes = anonRSSBytes
    }

    /// True when a cgroup's own limit caused it.
    public var byCgroupLimit: Bool { constraint == "CONSTRAINT_MEMCG" || (constraint == nil && atCgroupLimit) }
}
