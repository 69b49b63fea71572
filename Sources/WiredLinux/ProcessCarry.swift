public import WiredCore

/// Each process's last `smaps_rollup` from a previous reading, so a live reader need not walk every idle
/// process's mappings every second.
///
/// A process keeps its PSS while its identity (pid and start time), `VmRSS` and state stay the same and the PSS
/// is younger than ``bound``; besides, every reading reads again the oldest share of the carried processes
/// (round-robin: about count × seconds since the last reading ÷ bound of them), so PSS ages spread out instead
/// of expiring together. A carried PSS says how old it is (``ProcessFacts/pssAge``).
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

    /// An empty carry (the first reading reads every rollup).
    public init(bound: Double = Self.defaultBound) {
        self.bound = max(0, bound)
    }

    /// How many processes carry a PSS.
    public var count: Int { entries.count }

    /// The entries a reading at `now` may reuse: all but the stale ones and the round-robin share of the oldest.
    func reusable(now: Double) -> [ProcessIdentity: Entry] {
        guard bound > 0, !entries.isEmpty else { return [:] }
        let elapsed = max(0, now - (readingTime ?? now))
        let share = Int((Double(entries.count) * elapsed / bound).rounded(.up))
        let oldest = entries.sorted { $0.value.readAt < $1.value.readAt }
        let stale = oldest.prefix { now - $0.value.readAt >= bound }.count
        var kept = entries
        for (identity, _) in oldest.prefix(max(stale, share)) { kept[identity] = nil }
        return kept
    }

    /// The carry after a reading at `now` that found `processes`: processes gone are dropped, fresh rollups
    /// recorded, carried ones keep the time they were read.
    func next(after processes: [ProcessFacts], now: Double) -> ProcessCarry {
        var next = ProcessCarry(bound: bound)
        next.readingTime = now
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
