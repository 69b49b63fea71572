/// One figure of a recorded moment: an owner, a ledger bucket or a total, and the bytes it held.
public struct HistoryFigure: Sendable, Equatable {
    /// The stable key (``HistoryKey``): "slab/kmalloc-2k", "process/812@4410", "ledger/app", "total/wired".
    public var key: String
    /// What it is: "process", "service", "mount", "sysv", "memfd", "slab", "vmalloc", "hugepages", "bucket",
    /// "total" and so on.
    public var kind: String
    /// A name for people ("slab cache kmalloc-2k", "sshd (pid 812)").
    public var name: String
    /// What a restarted process shares with its earlier runs: its command (numbers normalised) and service;
    /// `nil` for anything but a process.
    public var lineage: String?
    /// A process's pid; `nil` otherwise.
    public var pid: Int32?
    /// Whether the owner's memory is wired (``SnapshotComparison``'s measure).
    public var wired: Bool = false
    /// The bytes it holds of its own: a process's PSS (RSS where PSS was unreadable) without shared memory
    /// named elsewhere; a service's charge without its page cache (reclaimable: not what keeps growing), its
    /// child services, its processes, and the shared and kernel memory other lines name; any other owner its
    /// size (``SnapshotComparison``'s own measure).
    public var bytes: Int64

    /// Creates a figure.
    public init(key: String, kind: String, name: String, lineage: String? = nil, pid: Int32? = nil, bytes: Int64) {
        self.key = key
        self.kind = kind
        self.name = name
        self.lineage = lineage
        self.pid = pid
        self.bytes = bytes
    }

    /// True for owners (what `wired grew` ranks), false for the ledger's buckets and totals.
    public var isOwner: Bool { kind != "bucket" && kind != "total" }
}

/// The figures a history store keeps of every moment: the same measures `wired diff` compares.
///
/// No I/O: computed from a snapshot by the recorder before it stores it.
public enum HistoryFigures {
    /// Every figure of `snapshot`, sorted by key unless `sorted` is false (so the same facts always give the same
    /// list).
    ///
    /// Every process is a figure by itself (none is grouped by command, as a diff groups those on one side
    /// only), its bytes worked out here without the rest of a diff's measure (``SnapshotComparison/ProcessSizes``):
    /// a recorder takes the figures of a thousand processes every second. So a recorder may ask for less:
    /// without `describing`, a process's figure has no name or lineage (``describe(_:as:)`` adds them to the few
    /// it has not stored yet); without `sorted`, the figures come in no particular order.
    public static func of(_ snapshot: Snapshot, describing: Bool = true, sorted: Bool = true) -> [HistoryFigure] {
        let named = SnapshotComparison.Named(SnapshotComparison.sources(snapshot))
        let measures = SnapshotComparison.measures(snapshot, matched: nil, named: named, processes: false)
        var out: [HistoryFigure] = []
        out.reserveCapacity(measures.count + (snapshot.processes?.processes.count ?? 0))
        // Each service's own bytes leave out its member processes' (a diff links them as the service's contents).
        var members: [String: [ByteCount]] = [:]
        // Through a buffer: a loop over the array copies every process (a retain of each of its strings).
        (snapshot.processes?.processes ?? []).withUnsafeBufferPointer { processes in
            let unique = uniqueIdentities(processes)
            for index in processes.indices where processes[index].kind == .user && unique[index] {
                let own = SnapshotComparison.ProcessSizes(processes[index], named: named).own
                var figure = HistoryFigure(
                    key: HistoryKey.process(processes[index]),
                    kind: DiffKind.process.rawValue,
                    name: "",
                    pid: processes[index].pid,
                    bytes: own.bytes
                )
                if describing { describe(&figure, as: processes[index]) }
                out.append(figure)
                if let cgroup = processes[index].cgroup, measures.index(forKey: "service/" + cgroup) != nil {
                    members["service/" + cgroup, default: []].append(own)
                }
            }
        }
        appendOthers(measures, members: members, groups: serviceStats(snapshot), into: &out)
        if sorted { out.sort { $0.key < $1.key } }
        return out
    }

    /// A process figure's name ("sshd (pid 812)") and lineage, from `process`.
    public static func describe(_ figure: inout HistoryFigure, as process: ProcessFacts) {
        figure.name = "\(process.name) (pid \(process.pid))"
        figure.lineage = HistoryKey.lineage(process)
    }

    /// For each process, whether it is the first with its pid and start time (a file may repeat one; a live
    /// reading, in pid order, never does, and is checked without hashing).
    static func uniqueIdentities(_ processes: UnsafeBufferPointer<ProcessFacts>) -> [Bool] {
        let ascending = processes.indices.dropFirst().allSatisfy { processes[$0 - 1].pid < processes[$0].pid }
        guard !ascending else { return Array(repeating: true, count: processes.count) }
        var seen = Set<ProcessIdentity>()
        return processes.indices.map { index in
            seen.insert(ProcessIdentity(pid: processes[index].pid, startTime: processes[index].startTime)).inserted
        }
    }

    /// The figures of every measure but the processes': a service's own bytes without its page cache, its child
    /// services' own bytes and its member processes' (`members`).
    static func appendOthers(
        _ measures: [String: SnapshotComparison.Measure],
        members: [String: [ByteCount]],
        groups: [String: [String: Int64]],
        into out: inout [HistoryFigure]
    ) {
        func own(_ key: String, _ measure: SnapshotComparison.Measure) -> ByteCount {
            let value = HistoryFigures.own(measure)
            guard measure.kind == .service, let stat = groups[key] else { return value }
            // Page cache: memory.stat "file" (v1 "total_cache") without the shared memory it includes.
            let file = stat["file"] ?? stat["total_cache"] ?? 0
            let shmem = stat["shmem"] ?? stat["total_shmem"] ?? 0
            return value - ByteCount(bytes: max(0, file - shmem))
        }
        for (key, measure) in measures {
            var figure = HistoryFigure(key: key, kind: measure.kind.rawValue, name: measure.name, bytes: 0)
            figure.wired = measure.wired
            var bytes = own(key, measure)
            if measure.kind == .service {
                let inner = measure.contains.compactMap { child in measures[child].map { own(child, $0) } }
                bytes = bytes - (inner + (members[key] ?? [])).sum()
            }
            figure.bytes = bytes.bytes
            out.append(figure)
        }
    }

    /// Each memory cgroup's `memory.stat`, by its figure's key.
    static func serviceStats(_ snapshot: Snapshot) -> [String: [String: Int64]] {
        Dictionary(
            (snapshot.owners?.cgroups?.groups ?? []).map { ("service/" + $0.path, $0.stat) },
            uniquingKeysWith: { first, _ in first }
        )
    }

    /// The value a measure's own growth is computed from (``SnapshotComparison/pair``).
    static func own(_ measure: SnapshotComparison.Measure) -> ByteCount {
        if measure.kind == .process { return measure.pssBase ?? measure.pss ?? measure.base ?? measure.bytes }
        return measure.base ?? measure.bytes
    }
}

/// The one place that says how an owner is known across moments (to be replaced by WiredCore's typed owner
/// ids): kind and name, plus pid and start time for a process.
public enum HistoryKey {
    /// "812@4410": a process's pid and start time (clock ticks after boot).
    public static func processID(_ process: ProcessFacts) -> String { "\(process.pid)@\(process.startTime)" }

    /// The key of a process's figure.
    public static func process(_ process: ProcessFacts) -> String { "process/" + processID(process) }

    /// What a restarted process keeps: its command (numbers normalised, ``SnapshotComparison/commandKey``) and
    /// its service.
    public static func lineage(_ process: ProcessFacts) -> String {
        SnapshotComparison.commandKey(process) + (process.service.map { " in " + $0 } ?? "")
    }
}
