public import WiredCore

/// The figures `wired history` and `/api/history` show: the ledger's classes, or one bucket, class or owner.
public enum HistoryChoice: Sendable, Equatable {
    /// The ledger's classes (wired, unswappable, reclaimable, free, …), the default.
    case classes
    /// A ledger (or reserved) bucket by id.
    case bucket(String)
    /// A class total.
    case memoryClass(String)
    /// Every owner whose name or key contains the text.
    case owner(String)

    /// What was asked for, in words ("bucket app").
    public var words: String {
        switch self {
        case .classes: return "the classes"
        case .bucket(let id): return "bucket \(id)"
        case .memoryClass(let name): return "class \(name)"
        case .owner(let name): return "owner \(name)"
        }
    }

    /// Whether a figure of the store (its owner's kind, key and name) is one of the choice's.
    public func includes(kind: String, key: String, name: String) -> Bool {
        switch self {
        case .bucket(let id): return key == "ledger/\(id)" || key == "reserved/\(id)"
        case .memoryClass(let name): return key == "total/\(name)"
        case .owner(let text): return kind != "bucket" && kind != "total" && (name.contains(text) || key.contains(text))
        case .classes: return Self.classKeys.contains(key)
        }
    }

    /// The keys of the class totals.
    static let classKeys = Set(MemoryClass.allCases.map { "total/\($0.rawValue)" })
}

/// `wired grew`'s ranking with the span it covers.
public struct GrowthRanking: Sendable {
    /// Owners ranked by steady growth (``GrowthAnalysis/rank(_:minimum:)``).
    public var ranked: [Growth]
    /// The first and last sample of the span and how many there are.
    public var from: Timestamp
    public var to: Timestamp
    public var samples: Int

    /// The first `limit` owners (all for 0).
    public func first(_ limit: Int) -> [Growth] { limit == 0 ? ranked : Array(ranked.prefix(limit)) }
}

/// What `wired history`, `wired grew` and `wired serve`'s `/api/history` and `/api/grew` read from a store: one
/// implementation for the commands and the server.
extension HistoryStore {
    /// Columns a history table holds at most (the first, by key).
    public static let historyColumns = 24

    /// The table of `choice`'s figures from `start` to `end` (seconds since the epoch): one column per figure
    /// (by key, at most ``historyColumns``), one row per sample.
    public func historyTable(_ choice: HistoryChoice, from start: Double, to end: Double) throws -> HistoryTable {
        let series = try series(from: start, to: end) { choice.includes(kind: $0, key: $1, name: $2) }
        let moments = try moments(from: start, to: end).map { (time: $0.time, boot: $0.bootNumber) }
        return HistoryTable.of(
            Array(series.sorted { $0.key < $1.key }.prefix(Self.historyColumns)),
            moments: moments
        )
    }

    /// Owners ranked by steady growth from `start` to `end` (ledger buckets and class totals left out), or `nil`
    /// when the store holds no sample in that span.
    public func growthRanking(from start: Double, to end: Double, minimum: Int64) throws -> GrowthRanking? {
        let moments = try moments(from: start, to: end)
        guard let first = moments.first, let last = moments.last else { return nil }
        let ranked = GrowthAnalysis.rank(
            try series(from: start, to: end) { kind, _, _ in kind != "bucket" && kind != "total" },
            minimum: minimum
        )
        return GrowthRanking(ranked: ranked, from: first.timestamp, to: last.timestamp, samples: moments.count)
    }

    /// `--since` and `since=`: a span ("24h", "2d": that long before `now`), Unix seconds (a plain number),
    /// "boot", "now" or any TIME (``TimeSpec``), as seconds since the epoch.
    public func start(since text: String, now: Double) throws -> Double {
        if let span = TimeSpec.duration(text) { return now - span }
        if let seconds = Int64(text), seconds >= 0 { return Double(seconds) }
        switch TimeSpec.parse(text, now: now) {
        case .success(.time(let time)): return time
        case .success(let spec): return try moment(spec)?.time ?? now
        case .failure(let error): throw error
        }
    }
}
