public import WiredCore

/// What each process was found with in a previous reading, so a live reader that reads again and again need not
/// read `status`, `cmdline`, `cgroup` and `smaps_rollup` of every idle process every second.
///
/// A process that keeps its identity (pid and start time) and shows the same RSS and virtual size in its
/// `statm` (and, when its `stat` is read too, the same state and thread count: ``Movement``) is taken not to
/// have moved: the reading reads only its `statm` and carries the rest (`status`'s uid and sizes, the rollup, the
/// command line, the cgroup; name, parent, state and threads from the last `stat`) from the reading that last
/// read them, for at most ``bound`` seconds. Its `stat` is read again once every ``statBound`` seconds
/// (``statDue(pid:statAt:now:)``, spread over the processes by pid). Besides, every reading reads again the
/// oldest share of the carried processes (round-robin: count × seconds since the last reading ÷ bound of them,
/// the fractions added up from reading to reading), so ages spread out instead of expiring together. A carried
/// process says how old everything carried is (``ProcessFacts/pssAge``: one age for all of it).
public struct ProcessCarry: Sendable {
    /// The default bound on a carried process's age, in seconds.
    public static let defaultBound = 120.0

    /// The default seconds between two readings of a carried process's `stat` (its name, parent, state and
    /// thread count), as between two readings of the slow sources: `stat` costs twice what `statm` does in
    /// kernel time (5.2 against 2.4 µs a process), and reading it every second was a quarter of the recorder's
    /// CPU at 1 Hz.
    public static let defaultStatBound = 10.0

    /// True when a reading at `now` reads the `stat` of the carried process `pid`, last read at `statAt`: once
    /// in each ``statBound``-second window, the windows of each pid shifted by a share of the bound (so about
    /// count ÷ bound processes a second, not all of them together), and at once when the clock went back.
    public func statDue(pid: Int32, statAt: Double, now: Double) -> Bool {
        Self.statDue(pid: pid, statAt: statAt, now: now, bound: statBound)
    }

    /// ``statDue(pid:statAt:now:)`` for a bound of `bound` seconds (finite: the initializer clamps it).
    static func statDue(pid: Int32, statAt: Double, now: Double, bound: Double) -> Bool {
        guard now >= statAt, bound > 0 else { return true }
        let phase = Double(Int(pid.magnitude % 1009)) / 1009 * bound
        return ((now + phase) / bound).rounded(.down) > ((statAt + phase) / bound).rounded(.down)
    }

    /// The figures compared from reading to reading: RSS and virtual size (from `statm` in every reading), state
    /// and threads (from `stat` when it is read); when none changed, the process is taken not to have moved.
    ///
    /// The sizes always come from `statm`, never from `stat`: since Linux 6.2 RSS is a per-CPU counter, and
    /// newer kernels sum it exactly for `statm` but read it roughly for `stat` (998 against 1,065 pages for the
    /// same shell, read together), so the two would never compare equal.
    struct Movement: Sendable, Equatable {
        var rssPages: Int64?
        var vsize: Int64?
        var state: UInt8
        var threads: Int32?

        /// The figures of `stat` and `statm` (pages of `pageSize` bytes); without `statm`, incomplete.
        init(_ stat: ProcessParsers.Stat, _ statm: Statm?, pageSize: Int64) {
            rssPages = statm?.residentPages
            vsize = statm.flatMap { Checked.multiply($0.sizePages, pageSize) }
            state = stat.state
            threads = stat.threads
        }

        init(rssPages: Int64?, vsize: Int64?, state: UInt8, threads: Int32?) {
            self.rssPages = rssPages
            self.vsize = vsize
            self.state = state
            self.threads = threads
        }

        /// This movement with the sizes of `statm` (pages of `pageSize` bytes), state and threads kept.
        func with(_ statm: Statm, pageSize: Int64) -> Movement {
            var moved = self
            moved.rssPages = statm.residentPages
            moved.vsize = Checked.multiply(statm.sizePages, pageSize)
            return moved
        }

        /// True when it has the figures to compare (without `statm`, or from a stat line cut short, it has not).
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

        /// True when `stat`, read again, shows the name and parent this entry was read with (a process renamed
        /// or given a new parent is read again in full, so its entry never holds the old ones).
        func sameNameAndParent(_ stat: ProcessParsers.Stat) -> Bool {
            stat.name == facts.name && stat.parentPID == facts.parentPID
        }

        /// The carried process for a reading at `now`, with its age; command line and cgroup only when the
        /// reading asks for them.
        func carried(now: Double, commandLines: Bool, cgroups: Bool) -> ProcessFacts {
            var process = facts
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
    /// Seconds between two readings of a carried process's `stat`.
    public let statBound: Double
    var entries: [ProcessIdentity: Entry] = [:]
    /// Monotonic seconds of the reading these entries come from.
    var readingTime: Double?
    /// The round-robin share not yet taken (a fraction of one process).
    var credit = 0.0

    /// An empty carry (the first reading reads every process in full).
    public init(bound: Double = Self.defaultBound, statBound: Double = Self.defaultStatBound) {
        self.bound = max(0, bound)
        // A day at most: an infinite bound would make every window the same and never read `stat` again.
        self.statBound = statBound.isNaN ? Self.defaultStatBound : max(0, min(statBound, 86_400))
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

    /// The carry after a reading at `now` that found `processes` (with the compared figures of each, in the same
    /// order) reading command lines and cgroups as `read` says: processes gone are dropped, those read now
    /// recorded, carried ones keep the time they were read and what was read with them.
    func next(
        after processes: [ProcessFacts],
        movements: [Movement?],
        now: Double,
        credit: Double,
        read: (command: Bool, cgroup: Bool)
    ) -> ProcessCarry {
        var next = ProcessCarry(bound: bound, statBound: statBound)
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
