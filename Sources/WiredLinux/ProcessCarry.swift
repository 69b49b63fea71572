public import WiredCore

/// What each process was found with in a previous reading, so a live reader that reads again and again need not
/// read `status`, `cmdline`, `cgroup` and `smaps_rollup` of every idle process every second.
///
/// A process that keeps its identity (pid and start time) and whose `stat` line shows the same RSS, virtual size,
/// state and thread count (``Movement``) is taken not to have moved: the reading reads only its `stat` and
/// carries the rest (`status`'s uid and sizes, the rollup, the command line, the cgroup) from the reading that
/// last read them, for at most ``bound`` seconds. Besides, every reading reads again the oldest share of the
/// carried processes (round-robin: count × seconds since the last reading ÷ bound of them, the fractions added up
/// from reading to reading), so ages spread out instead of expiring together. A carried process says how old
/// everything carried is (``ProcessFacts/pssAge``: one age for all of it).
public struct ProcessCarry: Sendable {
    /// The default bound on a carried process's age, in seconds.
    public static let defaultBound = 120.0

    /// The figures of `/proc/PID/stat` compared from reading to reading: when none changed, the process is
    /// taken not to have moved.
    struct Movement: Sendable, Equatable {
        var rssPages: Int64?
        var vsize: Int64?
        var state: UInt8
        var threads: Int32?

        init(_ stat: ProcessParsers.Stat) {
            rssPages = stat.rssPages
            vsize = stat.vsize
            state = stat.state
            threads = stat.threads
        }

        init(rssPages: Int64?, vsize: Int64?, state: UInt8, threads: Int32?) {
            self.rssPages = rssPages
            self.vsize = vsize
            self.state = state
            self.threads = threads
        }

        /// True when the line has the figures to compare (a stat line cut short has not).
        var isComplete: Bool { rssPages != nil && vsize != nil && threads != nil }
    }

    /// What a process was read with, and when.
    ///
    /// A class: every reading looks up and keeps a thousand of these, and a copy of the struct it was retained
    /// each of the facts' strings and arrays (a tenth of the recorder's time at 1 Hz went to those).
    final class Entry: Sendable {
        let movement: Movement
        /// The process as it was read: uid and sizes, rollup, command line and cgroup when they were read.
        let facts: ProcessFacts
        /// Whether its command line and its cgroup were read with it.
        let commandRead: Bool
        let cgroupRead: Bool
        /// Monotonic seconds at which it was read.
        let readAt: Double

        init(movement: Movement, facts: ProcessFacts, commandRead: Bool, cgroupRead: Bool, readAt: Double) {
            self.movement = movement
            self.facts = facts
            self.commandRead = commandRead
            self.cgroupRead = cgroupRead
            self.readAt = readAt
        }

        /// True when this entry holds everything a reading with `commandLines` and `cgroups` wants.
        func covers(commandLines: ProcessReadOptions.CommandLines, cgroups: Bool) -> Bool {
            (commandLines != .eager || commandRead) && (!cgroups || cgroupRead)
        }

        /// The carried process for a reading at `now` that read `stat` again: its name and parent from the new
        /// line, the rest carried, with its age; command line and cgroup only when the reading asks for them.
        func carried(_ stat: ProcessParsers.Stat, now: Double, commandLines: Bool, cgroups: Bool) -> ProcessFacts {
            var process = facts
            process.name = stat.name
            process.parentPID = stat.parentPID
            process.pssAge = max(0, now - readAt)
            if !commandLines { process.command = "" }
            if !cgroups {
                process.cgroup = nil
                process.unit = nil
            }
            return process
        }
    }

    /// The oldest a carried process may be, in seconds.
    public let bound: Double
    var entries: [ProcessIdentity: Entry] = [:]
    /// Monotonic seconds of the reading these entries come from.
    var readingTime: Double?
    /// The round-robin share not yet taken (a fraction of one process).
    var credit = 0.0

    /// An empty carry (the first reading reads every process in full).
    public init(bound: Double = Self.defaultBound) {
        self.bound = max(0, bound)
    }

    /// How many processes are carried.
    public var count: Int { entries.count }

    /// True when `process` is carried here.
    public func holds(_ process: ProcessIdentity) -> Bool { entries[process] != nil }

    /// The entries a reading at `now` may reuse (all but the stale ones and the round-robin share of the
    /// oldest), and the fraction of the share left for the next reading.
    func reusable(now: Double) -> (entries: [ProcessIdentity: Entry], credit: Double) {
        guard bound > 0, !entries.isEmpty else { return ([:], 0) }
        let elapsed = max(0, now - (readingTime ?? now))
        let owed = min(credit + Double(entries.count) * elapsed / bound, Double(entries.count))
        let share = Int(owed.rounded(.down))
        // Times and identities only: sorting the entries themselves moved every one of them.
        let oldest = entries.map { (readAt: $0.value.readAt, identity: $0.key) }.sorted { $0.readAt < $1.readAt }
        let stale = oldest.prefix { now - $0.readAt >= bound }.count
        var kept = entries
        for old in oldest.prefix(max(stale, share)) { kept[old.identity] = nil }
        return (kept, owed - Double(share))
    }

    /// The carry after a reading at `now` that found `processes` (with the `stat` figures of each, in the same
    /// order) reading command lines and cgroups as `read` says: processes gone are dropped, those read now
    /// recorded, carried ones keep the time they were read and what was read with them.
    func next(
        after processes: [ProcessFacts],
        movements: [Movement?],
        now: Double,
        credit: Double,
        read: (command: Bool, cgroup: Bool)
    ) -> ProcessCarry {
        var next = ProcessCarry(bound: bound)
        next.readingTime = now
        next.credit = credit
        next.entries.reserveCapacity(processes.count)
        for (index, process) in processes.enumerated() where process.kind == .user && process.smaps != nil {
            guard index < movements.count, let movement = movements[index], movement.isComplete else { continue }
            let identity = ProcessIdentity(process)
            let earlier = process.pssAge != nil ? entries[identity] : nil
            if let earlier, earlier.movement == movement {
                next.entries[identity] = earlier
                continue
            }
            next.entries[identity] = Entry(
                movement: movement,
                facts: earlier?.facts ?? process,
                commandRead: earlier?.commandRead ?? read.command,
                cgroupRead: earlier?.cgroupRead ?? read.cgroup,
                readAt: earlier?.readAt ?? now
            )
        }
        return next
    }
}
