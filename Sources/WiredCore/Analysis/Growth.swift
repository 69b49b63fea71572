/// The bytes one owner held at recorded moments, oldest first.
public struct OwnerSeries: Sendable, Equatable {
    /// The figure's key (``HistoryKey``).
    public var key: String
    public var kind: String
    public var name: String
    /// For a process: command and service, shared by its restarts (``HistoryKey/lineage(_:)``).
    public var lineage: String?
    /// For a process: the pid of its latest run.
    public var pid: Int32?
    /// Whether the memory is wired (an unreclaimable slab cache, a ramfs mount, a locked segment, vmalloc).
    public var wired: Bool
    /// Seconds since the epoch, and bytes, one per moment the owner was seen.
    public var points: [Point]

    /// One moment of a series.
    public struct Point: Sendable, Equatable {
        public var time: Double
        public var bytes: Int64

        public init(time: Double, bytes: Int64) {
            self.time = time
            self.bytes = bytes
        }
    }

    /// Creates a series.
    public init(
        key: String,
        kind: String,
        name: String,
        lineage: String? = nil,
        pid: Int32? = nil,
        wired: Bool = false,
        points: [Point]
    ) {
        self.key = key
        self.kind = kind
        self.name = name
        self.lineage = lineage
        self.pid = pid
        self.wired = wired
        self.points = points
    }
}

/// A least-squares line through a series: bytes = intercept + slope × seconds.
public struct GrowthFit: Sendable, Equatable, Codable {
    /// Bytes per second.
    public var slope: Double
    /// The coefficient of determination, 0 to 1: 1 when every point lies on the line.
    public var r2: Double
    /// Points fitted.
    public var samples: Int

    /// Fits `points`; `nil` with fewer than two moments or no time between them.
    public static func of(_ points: [OwnerSeries.Point]) -> GrowthFit? {
        guard points.count >= 2 else { return nil }
        let n = Double(points.count)
        // Centred on the first moment: epoch seconds squared lose precision in doubles.
        let t0 = points[0].time
        let meanT = points.reduce(0) { $0 + ($1.time - t0) } / n
        let meanY = points.reduce(0) { $0 + Double($1.bytes) } / n
        var stt = 0.0
        var sty = 0.0
        var syy = 0.0
        for point in points {
            let (dt, dy) = (point.time - t0 - meanT, Double(point.bytes) - meanY)
            stt += dt * dt
            sty += dt * dy
            syy += dy * dy
        }
        guard stt > 0 else { return nil }
        let slope = sty / stt
        // Unexplained variance over total variance; a flat series is fitted exactly.
        let r2 = syy > 0 ? max(0, min(1, (sty * sty) / (stt * syy))) : 1
        return GrowthFit(slope: slope, r2: r2, samples: points.count)
    }
}

/// One owner that grew, as `wired grew` reports it.
public struct Growth: Sendable, Equatable {
    /// The series (restarts of a process joined into one).
    public var series: OwnerSeries
    /// Last bytes − first bytes.
    public var growthBytes: Int64
    /// Seconds from the first moment to the last.
    public var seconds: Double
    public var fit: GrowthFit
    /// Runs of the process joined into this series (1 when it never restarted).
    public var runs: Int
    /// The sentence that says it.
    public var verdict: String
    /// The share of the span asked about that the owner was seen in, 0 to 1.
    public var coverage: Double = 1

    /// The ranking score: growth along the fitted line, weighted by how well the line fits and by how much of
    /// the span it lasted (a compiler that grew fast for two seconds of an hour is not what keeps growing).
    public var score: Double { fit.slope * seconds * fit.r2 * coverage }
}

/// The leak finder: which owners grew steadily over a span of history.
///
/// No I/O: works on series read from a store (or made by hand in tests).
public enum GrowthAnalysis {
    /// Owners ranked by steady growth, largest first.
    ///
    /// Those that grew less than `minimum` bytes, or fell, are left out. Ledger buckets and totals are not
    /// owners and are never ranked.
    public static func rank(_ series: [OwnerSeries], minimum: Int64 = 1 << 20) -> [Growth] {
        let times = series.flatMap { [$0.points.first?.time, $0.points.last?.time].compactMap { $0 } }
        let span = (times.max() ?? 0) - (times.min() ?? 0)
        var out: [Growth] = []
        for (joined, runs) in joinRestarts(series.filter { $0.kind != "bucket" && $0.kind != "total" }) {
            guard let first = joined.points.first, let last = joined.points.last,
                let fit = GrowthFit.of(joined.points)
            else { continue }
            let growth = last.bytes &- first.bytes
            guard growth >= minimum, fit.slope > 0 else { continue }
            var entry = Growth(
                series: joined,
                growthBytes: growth,
                seconds: last.time - first.time,
                fit: fit,
                runs: runs,
                verdict: ""
            )
            entry.coverage = span > 0 ? min(1, entry.seconds / span) : 1
            entry.verdict = GrowthWords.verdict(entry)
            out.append(entry)
        }
        out.sort { $0.score != $1.score ? $0.score > $1.score : $0.series.key < $1.series.key }
        return out
    }

    /// Processes of one lineage (command and service) that ran one after another joined into one series each
    /// (a restart keeps its history); runs that overlap in time are different processes and stay apart.
    public static func joinRestarts(_ series: [OwnerSeries]) -> [(OwnerSeries, Int)] {
        var chains: [(OwnerSeries, Int)] = []
        var open: [String: [Int]] = [:]
        let ordered = series.filter { !$0.points.isEmpty }.sorted {
            ($0.points[0].time, $0.key) < ($1.points[0].time, $1.key)
        }
        for item in ordered {
            guard let lineage = item.lineage, item.kind == "process" else {
                chains.append((item, 1))
                continue
            }
            let start = item.points[0].time
            if let index = open[lineage]?.first(where: { (chains[$0].0.points.last?.time ?? .infinity) < start }) {
                chains[index].0.points += item.points
                chains[index].0.pid = item.pid
                chains[index].0.key = item.key
                chains[index].0.name = item.name
                chains[index].1 += 1
            } else {
                open[lineage, default: []].append(chains.count)
                chains.append((item, 1))
            }
        }
        return chains
    }
}

/// The plain words of `wired grew`.
public enum GrowthWords {
    /// "slab cache kmalloc-2k grew 410 MiB in 6 h at a steady 68 MiB/h; unreclaimable: likely a kernel or
    /// driver leak; `wired owners --at` shows it at each moment".
    public static func verdict(_ growth: Growth) -> String {
        // Per hour over hours, per minute over a shorter span (a rate no longer than what was seen).
        let hourly = growth.seconds >= 7200
        let perUnit = growth.fit.slope * (hourly ? 3600 : 60)
        let rate = ByteFormat.human(Int64(perUnit.rounded())) + (hourly ? "/h" : "/min")
        let how =
            growth.fit.r2 >= 0.9
            ? "at a steady \(rate)"
            : growth.fit.r2 >= 0.6
                ? "at about \(rate) (fit R² \(twoDigits(growth.fit.r2)))"
                : "unevenly (fit R² \(twoDigits(growth.fit.r2)): it rose and fell)"
        var parts = [
            "\(growth.series.name) grew \(ByteFormat.human(growth.growthBytes)) in \(duration(growth.seconds)) \(how)"
        ]
        if growth.runs > 1 { parts.append("across \(growth.runs) runs of the same command") }
        parts.append(meaning(growth.series))
        let view = growth.series.kind == "process" ? "wired top --at" : "wired owners --at"
        parts.append("`\(view)` shows it at each moment")
        return parts.joined(separator: "; ")
    }

    /// What growth of this kind of owner usually means.
    static func meaning(_ series: OwnerSeries) -> String {
        switch series.kind {
        case "slab":
            series.wired
                ? "unreclaimable: likely a kernel or driver leak"
                : "reclaimable: the kernel frees it under pressure"
        case "vmalloc": "kernel memory: likely a kernel or driver leak"
        case "process": "a process that keeps growing: a leak, or a cache without a bound"
        case "service": "the service's own memory beyond its processes and page cache (kernel memory it is charged)"
        case "mount":
            series.wired
                ? "files in ramfs: never swapped, RAM until deleted" : "files in tmpfs: RAM or swap until deleted"
        case "sysv": "a SysV segment: it stays until removed (ipcrm), even with no process attached"
        case "memfd": "a memfd: it stays while a process holds it"
        case "hugepages": "a hugepage pool: reserved by configuration, wired"
        case "gpu": "GPU memory: held by the driver for its clients"
        default: "owner of kind \(series.kind)"
        }
    }

    /// "6 h", "42 min", "12 s", "3 d".
    public static func duration(_ seconds: Double) -> String {
        if seconds >= 2 * 86_400 { return "\(Int((seconds / 86_400).rounded())) d" }
        if seconds >= 2 * 3600 { return "\(Int((seconds / 3600).rounded())) h" }
        if seconds >= 120 { return "\(Int((seconds / 60).rounded())) min" }
        return "\(Int(seconds.rounded())) s"
    }

    public static func twoDigits(_ value: Double) -> String {
        let hundredths = Int((value * 100).rounded())
        return "\(hundredths / 100)." + (hundredths % 100 < 10 ? "0" : "") + "\(hundredths % 100)"
    }
}
