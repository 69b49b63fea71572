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
    /// Every figure of `snapshot`, sorted by key (so the same facts always give the same list).
    ///
    /// `lineageOf` says for which process keys the lineage is wanted (a recorder needs it only for owners it
    /// has not named yet: working it out for every process was half the cost of the figures).
    public static func of(_ snapshot: Snapshot, lineageOf: (String) -> Bool = { _ in true }) -> [HistoryFigure] {
        let named = SnapshotComparison.Named(SnapshotComparison.sources(snapshot))
        var lineages: [String: String] = [:]
        for process in snapshot.processes?.processes ?? [] where process.kind == .user {
            let key = HistoryKey.process(process)
            if lineages[key] == nil, lineageOf(key) { lineages[key] = HistoryKey.lineage(process) }
        }
        // Every process by itself (none is grouped by command, as a diff groups those on one side only).
        let measures = SnapshotComparison.measures(snapshot, matched: nil, named: named)
        let groups = Dictionary(
            (snapshot.owners?.cgroups?.groups ?? []).map { ("service/" + $0.path, $0.stat) },
            uniquingKeysWith: { first, _ in first }
        )
        func own(_ key: String, _ measure: SnapshotComparison.Measure) -> ByteCount {
            let value = HistoryFigures.own(measure)
            guard measure.kind == .service, let stat = groups[key] else { return value }
            // Page cache: memory.stat "file" (v1 "total_cache") without the shared memory it includes.
            let file = stat["file"] ?? stat["total_cache"] ?? 0
            let shmem = stat["shmem"] ?? stat["total_shmem"] ?? 0
            return value - ByteCount(bytes: max(0, file - shmem))
        }
        var out: [HistoryFigure] = []
        out.reserveCapacity(measures.count)
        for (key, measure) in measures {
            var figure = HistoryFigure(
                key: key,
                kind: measure.kind.rawValue,
                name: measure.name,
                bytes: own(key, measure).bytes
            )
            figure.wired = measure.wired
            if measure.kind == .process {
                figure.lineage = lineages[key]
                figure.pid = measure.pid ?? HistoryKey.pid(ofProcessKey: key)
            }
            if !measure.contains.isEmpty, measure.kind == .service {
                let inner = measure.contains.compactMap { child in measures[child].map { own(child, $0) } }.sum()
                figure.bytes = (own(key, measure) - inner).bytes
            }
            out.append(figure)
        }
        out.sort { $0.key < $1.key }
        return out
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

    /// The pid in a process key ("process/812@4410" → 812).
    public static func pid(ofProcessKey key: String) -> Int32? {
        guard key.hasPrefix("process/"), let at = key.firstIndex(of: "@") else { return nil }
        return Int32(key[key.index(key.startIndex, offsetBy: "process/".count)..<at])
    }
}
