public import WiredCore

/// Each process's last `smaps_rollup` from a previous reading, so a live reader need not walk every idle
/// process's mappings every second.
///
/// A process keeps its PSS while its identity (pid and start time), `VmRSS` and state stay the same and the PSS
/// is younger than ``bound``; besides, every reading reads again the oldest share of the carried processes
/// (round-robin: count × seconds since the last reading ÷ bound of them, the fractions added up from reading to
/// reading), so PSS ages spread out instead of expiring together. A carried PSS says how old it is (``ProcessFacts/pssAge``).
public struct ProcessCarry: Sendable {
    /// The default bound on a carried PSS's age, in seconds.
    public static let defaultBound = 30.0

    /// What a process's rollup was read with, and when.
    struct Entry: Sendable {
        var rss: Int64?
        var state: String
        var smaps: SmapsRollup
        /// Monotonic seconds at which the rollup was read.
        var readAt: Double
    }

    /// The oldest a carried PSS may be, in seconds.
    public let bound: Double
    var entries: [ProcessIdentity: Entry] = [:]
    /// Monotonic seconds of the reading these entries come from.
    var readingTime: Double?
    /// The round-robin share not yet taken (a fraction of one process).
    var credit = 0.0

    /// An empty carry (the first reading reads every rollup).
    public init(bound: Double = Self.defaultBound) {
        self.bound = max(0, bound)
    }

    /// How many processes carry a PSS.
    public var count: Int { entries.count }

    /// True when `process` carries a PSS here.
    public func holds(_ process: ProcessIdentity) -> Bool { entries[process] != nil }

    /// The entries a reading at `now` may reuse (all but the stale ones and the round-robin share of the
    /// oldest), and the fraction of the share left for the next reading.
    func reusable(now: Double) -> (entries: [ProcessIdentity: Entry], credit: Double) {
        guard bound > 0, !entries.isEmpty else { return ([:], 0) }
        let elapsed = max(0, now - (readingTime ?? now))
        let owed = min(credit + Double(entries.count) * elapsed / bound, Double(entries.count))
        let share = Int(owed.rounded(.down))
        let oldest = entries.sorted { $0.value.readAt < $1.value.readAt }
        let stale = oldest.prefix { now - $0.value.readAt >= bound }.count
        var kept = entries
        for (identity, _) in oldest.prefix(max(stale, share)) { kept[identity] = nil }
        return (kept, owed - Double(share))
    }

    /// The carry after a reading at `now` that found `processes`: processes gone are dropped, fresh rollups
    /// recorded, carried ones keep the time they were read.
    func next(after processes: [ProcessFacts], now: Double, credit: Double) -> ProcessCarry {
        var next = ProcessCarry(bound: bound)
        next.readingTime = now
        next.credit = credit
        next.entries.reserveCapacity(processes.count)
        for process in processes where process.kind == .user {
            guard let smaps = process.smaps else { continue }
            next.entries[ProcessIdentity(process)] = Entry(
                rss: process.rss,
                state: process.state,
                smaps: smaps,
                readAt: now - (process.pssAge ?? 0)
            )
        }
        return next
    }
}
