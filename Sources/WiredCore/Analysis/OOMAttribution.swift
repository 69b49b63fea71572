/// OOM kills told apart: those a cgroup's own memory limit caused, and those of the machine.
///
/// `oom_kill` in /proc/vmstat counts both. The evidence, best first: the kernel log's report of each kill
/// (`constraint=CONSTRAINT_MEMCG` and `oom_memcg=`, or "Memory cgroup out of memory"); then the cgroups' own
/// counters: in v2 a cgroup whose `memory.events` `oom` rose hit its limit and invoked the OOM killer, in v1 one
/// whose `memory.failcnt` rose hit its limit; the kills of tasks below it (`oom_kill`) are its limit's. A kill
/// no evidence explains is counted as undetermined, never guessed.
public struct OOMAttribution: Sendable, Codable, Equatable {
    /// A cgroup whose own limit killed processes.
    public struct Service: Sendable, Codable, Equatable {
        /// The cgroup's path and the service it names.
        public var path: String
        public var name: String
        /// Kills at its limit (in the interval, or since boot for a single reading).
        public var kills: Int64
        /// Its memory limit and the file it comes from, when known.
        public var limitBytes: Int64?
        public var limitSource: String?
        /// The processes killed, as "name (pid N)", when the kernel log named them.
        public var killed: [String]
        /// What showed it: "kernel log", "memory.events oom +1, oom_kill +1", "memory.failcnt +3, oom_kill +1".
        public var evidence: [String]
        /// Its own verdict: critical for kills in the interval; since boot, a kill is reported, not judged (ok).
        public var verdict: PressureReport.Verdict
        /// The sentence shown.
        public var text: String
    }

    /// True when the counts are for the interval between two samples; false for since boot.
    public var inInterval: Bool
    /// Seconds of the interval.
    public var seconds: Double?
    /// All OOM kills (`oom_kill` in /proc/vmstat).
    public var total: Int64
    /// Kills at cgroups' own limits, kills of the machine, and kills no evidence explains.
    public var atCgroupLimits: Int64
    public var machine: Int64
    public var undetermined: Int64
    /// The cgroups whose limits killed, most kills first.
    public var services: [Service]
    /// The machine's victims, as "name (pid N) in CGROUP", when the kernel log named them.
    public var machineVictims: [String]
    /// What could not be read or told.
    public var notes: [String]
}

/// Attributes OOM kills to cgroup limits or to the machine (no I/O).
public enum OOMAnalysis {
    /// Kills at each cgroup path, and of the machine, from one source.
    struct Tally {
        var atLimit: [String: Int64] = [:]
        var killed: [String: [String]] = [:]
        var evidence: [String: String] = [:]
        var machine: Int64 = 0
        var machineVictims: [String] = []
        var unknown: Int64 = 0
        var available = false
    }

    /// The attribution for `linux` with `kills` OOM kills in `seconds` (the interval), or since boot when
    /// `seconds` is `nil`; `available` is the machine's available memory, for the services' sentences.
    public static func attribute(
        _ linux: LinuxFacts,
        kills: Int64,
        seconds: Double?,
        available: ByteCount?
    ) -> OOMAttribution {
        let inInterval = seconds != nil
        var notes: [String] = []
        let log = fromLog(linux.oomLog, inInterval: inInterval)
        if linux.oomLog == nil {
            notes.append("The kernel log (/dev/kmsg) was not readable (root only where dmesg_restrict is set).")
        } else if inInterval, linux.oomLog?.sinceEarlier == false {
            notes.append("The kernel log could not be matched to the interval: its kills are not used.")
        }
        let counters = fromCounters(linux, inInterval: inInterval)
        if !counters.available {
            notes.append(
                inInterval
                    ? "The memory cgroups' OOM counters were not read on both sides of the interval."
                    : "The memory cgroups' OOM counters were not read."
            )
        }
        var services: [OOMAttribution.Service] = []
        for path in Set(log.atLimit.keys).union(counters.atLimit.keys).sorted() {
            let count = max(log.atLimit[path] ?? 0, counters.atLimit[path] ?? 0)
            guard count > 0 else { continue }
            let group = linux.memoryEvents?.group(path)
            var service = OOMAttribution.Service(
                path: path,
                name: ServiceName.from(cgroupPath: path),
                kills: count,
                limitBytes: group?.limitBytes,
                limitSource: group?.limitSource,
                killed: log.killed[path] ?? [],
                evidence: [log.evidence[path], counters.evidence[path]].compactMap { $0 },
                verdict: inInterval ? .critical : .ok,
                text: ""
            )
            service.text = sentence(service, seconds: seconds, available: available)
            services.append(service)
        }
        services.sort { $0.kills != $1.kills ? $0.kills > $1.kills : $0.path < $1.path }
        let atLimits = min(kills, services.map(\.kills).reduce(0, +))
        let machine = min(kills - atLimits, max(log.machine, counters.machine))
        let explained = log.available || counters.available
        let undetermined = explained ? max(0, kills - atLimits - machine) : kills - atLimits
        if undetermined > 0 {
            notes.append(
                "\(undetermined) OOM kill\(undetermined == 1 ? "" : "s") could not be placed: no cgroup counter or kernel log record shows whether a cgroup's limit or the machine caused \(undetermined == 1 ? "it" : "them")."
            )
        }
        return OOMAttribution(
            inInterval: inInterval,
            seconds: seconds,
            total: kills,
            atCgroupLimits: atLimits,
            machine: machine,
            undetermined: undetermined,
            services: services,
            machineVictims: log.machineVictims,
            notes: notes
        )
    }

    /// The kernel log's kills: in the interval only when the log was read across it.
    static func fromLog(_ log: KernelOOMLog?, inInterval: Bool) -> Tally {
        var tally = Tally()
        guard let log, !inInterval || log.sinceEarlier else { return tally }
        tally.available = true
        for kill in log.kills {
            let victim = kill.task.map { "\($0) (pid \(kill.pid.map(String.init) ?? "?"))" } ?? "pid \(kill.pid ?? 0)"
            if kill.byCgroupLimit {
                let path = kill.oomCgroup ?? kill.taskCgroup ?? "/"
                tally.atLimit[path, default: 0] += 1
                tally.killed[path, default: []].append(victim)
                tally.evidence[path] = "kernel log: Memory cgroup out of memory"
            } else if kill.constraint == "unknown" {
                tally.unknown += 1
            } else {
                tally.machine += 1
                tally.machineVictims.append(victim + (kill.taskCgroup.map { " in \($0)" } ?? ""))
            }
        }
        return tally
    }

    /// The cgroups' counters: the difference across the interval, or their values since boot.
    static func fromCounters(_ linux: LinuxFacts, inInterval: Bool) -> Tally {
        var tally = Tally()
        guard let now = linux.memoryEvents else { return tally }
        let before = linux.earlier?.memoryEvents
        if inInterval && (before == nil || before?.version != now.version) { return tally }
        tally.available = true
        // Differences per path (a cgroup created in the interval started at 0).
        var deltas: [String: [String: Int64]] = [:]
        for group in now.groups {
            let earlier = before?.group(group.path)?.events ?? [:]
            var counts: [String: Int64] = [:]
            for (key, value) in group.events { counts[key] = max(0, value - (inInterval ? earlier[key] ?? 0 : 0)) }
            deltas[group.path] = counts
        }
        let local = localCounts(deltas, version: now.version)
        let limitKey = now.version == 2 ? "oom" : "failcnt"
        for (path, counts) in local.sorted(by: { $0.key < $1.key }) {
            let kills = counts["oom_kill"] ?? 0
            guard kills > 0 else { continue }
            // The nearest cgroup at or above the victims' that hit its own limit.
            if let limited = ancestors(path).first(where: { (local[$0]?[limitKey] ?? 0) > 0 }) {
                tally.atLimit[limited, default: 0] += kills
                let hits = local[limited]?[limitKey] ?? 0
                let sign = inInterval ? "+" : ""
                tally.evidence[limited] =
                    (now.version == 2 ? "memory.events oom " : "memory.failcnt ")
                    + "\(sign)\(hits), oom_kill \(sign)\(kills)"
            } else {
                tally.machine += kills
            }
        }
        return tally
    }

    /// Counts of each cgroup alone: v2 counts include descendants (so children are subtracted), v1 do not.
    static func localCounts(_ deltas: [String: [String: Int64]], version: Int) -> [String: [String: Int64]] {
        guard version == 2 else { return deltas }
        var local = deltas
        for path in deltas.keys {
            guard let parent = parentPath(path), var counts = local[parent] else { continue }
            for (key, value) in deltas[path] ?? [:] { counts[key] = max(0, (counts[key] ?? 0) - value) }
            local[parent] = counts
        }
        return local
    }

    static func parentPath(_ path: String) -> String? {
        guard path != "/", let slash = path.lastIndex(of: "/") else { return nil }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    /// `path` and its ancestors, nearest first.
    static func ancestors(_ path: String) -> [String] {
        var out = [path]
        while let parent = parentPath(out[out.count - 1]) { out.append(parent) }
        return out
    }

    /// "service foo.service: critical — 1 OOM kill in 2.0 s at its 64.0 MiB limit (memory.max); killed x (pid 9);
    /// the machine has 22.9 GiB available".
    static func sentence(_ service: OOMAttribution.Service, seconds: Double?, available: ByteCount?) -> String {
        let kills = "\(service.kills) OOM kill\(service.kills == 1 ? "" : "s")"
        let size = service.limitBytes.map { "its \(ByteFormat.human($0)) limit (\(service.limitSource ?? "limit"))" }
        var text = "service \(service.name): "
        if let seconds {
            text +=
                "critical — \(kills) in \(ByteFormat.decimal(seconds, places: 1)) s at \(size ?? "its memory limit")"
        } else {
            // Since boot the counters cannot say that each kill was the limit's, only that both happened.
            text += "\(kills) since boot of processes in it, which hit \(size ?? "its memory limit")"
        }
        if !service.killed.isEmpty { text += "; killed " + service.killed.joined(separator: ", ") }
        if let available { text += "; the machine has \(ByteFormat.human(available.bytes)) available" }
        return text
    }
}
