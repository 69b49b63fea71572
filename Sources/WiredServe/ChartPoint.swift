public import WiredCore
public import WiredJSON

/// What the dashboard charts of one sample: small enough to keep thousands and to stream.
///
/// Sources: ``buckets`` and ``classes`` from the ledger (they sum to ``memTotal``), ``wired`` from the ledger's
/// wired summary, ``owners`` from the owners tree's second level, ``services`` from cgroup memory, ``psi`` from
/// /proc/pressure/memory (avg10, percent), ``counters`` from /proc/vmstat (bytes or events since boot; the
/// dashboard turns two points into rates).
public struct ChartPoint: Sendable, Equatable {
    public var id: Int
    /// When the server took the sample (Unix seconds): the charts' time axis.
    public var time: Int64
    /// The reading's own time (`takenAt`; a captured tree's capture time).
    public var takenAt: Int64
    public var memTotal: Int64
    public var buckets: [(id: String, bytes: Int64)]
    public var classes: [(name: String, bytes: Int64)]
    public var wired: [(part: String, bytes: Int64)]
    public var owners: [(name: String, bytes: Int64)]
    public var services: [(name: String, bytes: Int64)]
    public var psi: [(kind: String, percent: Double)]
    public var counters: [(name: String, value: Double)]
    public var verdict: String
    public var reasons: [String]

    /// Owners and services charted per point.
    public static let topCount = 8

    public static func == (lhs: ChartPoint, rhs: ChartPoint) -> Bool {
        lhs.id == rhs.id && lhs.time == rhs.time
    }

    /// The point of `sample`.
    public init(_ sample: Sample) {
        id = sample.id
        time = sample.sampledAt
        takenAt = sample.snapshot.meta.takenAt.seconds
        memTotal = sample.ledger?.memTotal.bytes ?? 0
        let ledgerBuckets = sample.ledger?.buckets ?? []
        buckets = ledgerBuckets.map { ($0.id.rawValue, $0.bytes.bytes) }
        classes = MemoryClass.allCases.filter { $0 != .reserved }.map { memoryClass in
            (
                memoryClass.rawValue,
                ledgerBuckets.filter { $0.memoryClass == memoryClass }.map(\.bytes.bytes).reduce(0, &+)
            )
        }
        wired = [("kernel", sample.ledger?.wired.kernel.bytes ?? 0), ("user", sample.ledger?.wired.user.bytes ?? 0)]
        let ledgerIDs = Set(ledgerBuckets.map(\.id.rawValue))
        let ownerNodes = (sample.owners?.tree.children ?? []).filter { ledgerIDs.contains($0.id) }.flatMap(\.children)
            .filter { $0.kind != .unexplained }
        owners = Self.top(ownerNodes.map { ($0.name, $0.bytes.bytes) })
        let serviceBytes = (sample.owners?.services ?? []).map {
            ($0.name, ($0.current ?? $0.anon + $0.file + $0.shmem).bytes)
        }
        services = Self.top(serviceBytes)
        var psi: [(String, Double)] = []
        if let stall = sample.snapshot.linux?.pressure {
            psi.append(("some", stall.some.avg10))
            if let full = stall.full { psi.append(("full", full.avg10)) }
        }
        self.psi = psi
        counters = MetricsView.vmstatFamilies(
            sample.snapshot.linux?.vmstat ?? [:],
            pageSize: Double(sample.snapshot.meta.pageSize)
        ).compactMap { family in family.points.first.map { (family.name, $0.value) } }
        verdict = sample.pressure.verdict.rawValue
        reasons = sample.pressure.reasons.map(\.text)
    }

    /// The point with each name taken from `pool`: the same names recur in every point, so a day of points
    /// holds one copy of each instead of one per point (BENCHMARKS.md, "wired serve over an hour").
    public func interned(_ pool: inout NamePool) -> ChartPoint {
        var point = self
        point.buckets = buckets.map { (pool.intern($0.id), $0.bytes) }
        point.classes = classes.map { (pool.intern($0.name), $0.bytes) }
        point.wired = wired.map { (pool.intern($0.part), $0.bytes) }
        point.owners = owners.map { (pool.intern($0.name), $0.bytes) }
        point.services = services.map { (pool.intern($0.name), $0.bytes) }
        point.psi = psi.map { (pool.intern($0.kind), $0.percent) }
        point.counters = counters.map { (pool.intern($0.name), $0.value) }
        point.verdict = pool.intern(verdict)
        point.reasons = reasons.map { pool.intern($0) }
        return point
    }

    /// Writes the point as one JSON object.
    public func write(to json: inout JSONWriter) {
        json.beginObject()
        json.field("id", Int64(id))
        json.field("time", time)
        json.field("takenAt", takenAt)
        json.field("memTotalBytes", memTotal)
        Self.map("buckets", buckets.map { ($0.id, Double($0.bytes)) }, to: &json)
        Self.map("classes", classes.map { ($0.name, Double($0.bytes)) }, to: &json)
        Self.map("wired", wired.map { ($0.part, Double($0.bytes)) }, to: &json)
        Self.map("owners", owners.map { ($0.name, Double($0.bytes)) }, to: &json)
        Self.map("services", services.map { ($0.name, Double($0.bytes)) }, to: &json)
        Self.map("psiAvg10", psi.map { ($0.kind, $0.percent) }, to: &json)
        Self.map("counters", counters.map { ($0.name, $0.value) }, to: &json)
        json.field("verdict", verdict)
        json.field("reasons", reasons)
        json.endObject()
    }

    /// The biggest ``topCount`` names, their bytes summed when a name repeats (two buckets' owners alike).
    static func top(_ entries: [(String, Int64)]) -> [(name: String, bytes: Int64)] {
        var sums: [String: Int64] = [:]
        for (name, bytes) in entries { sums[name, default: 0] &+= bytes }
        let sorted = sums.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
        return sorted.prefix(topCount).map { (name: $0.key, bytes: $0.value) }
    }

    static func map(_ key: String, _ entries: [(String, Double)], to json: inout JSONWriter) {
        json.key(key)
        json.beginObject()
        for (name, value) in entries {
            if let whole = Int64(exactly: value) { json.field(name, whole) } else { json.field(name, value) }
        }
        json.endObject()
    }
}

/// One shared copy of each name the kept chart points use.
///
/// Bounded: past ``limit`` names (owners and services come and go) it starts afresh; the points kept so far
/// keep the copies they hold.
public struct NamePool: Sendable {
    public static let limit = 4_096
    private var names: Set<String> = []

    public init() {}

    /// `name`, as the copy the pool already holds when it has one.
    public mutating func intern(_ name: String) -> String {
        if names.count >= Self.limit, !names.contains(name) { names = [] }
        return names.insert(name).memberAfterInsert
    }

    /// How many names the pool holds.
    public var count: Int { names.count }
}
