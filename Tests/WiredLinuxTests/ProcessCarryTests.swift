import Testing
import WiredCore

@testable import WiredLinux

/// The live reader's carry decisions on hand-made processes: what moves a process, what a carried one keeps,
/// which entries a reading may reuse, and what the next carry records.
@Suite("Process carry")
struct ProcessCarryTests {
    /// A stat line of `pid` with `name`, state, threads, start time, vsize and rss (pages) where the kernel puts them.
    static func stat(
        _ name: String,
        state: String = "S",
        threads: Int = 1,
        start: Int = 500,
        vsize: Int = 10_000_000,
        rss: Int = 300
    ) throws -> ProcessParsers.Stat {
        let text =
            "42 (\(name)) \(state) 7 42 42 0 -1 4194560 0 0 0 0 0 0 0 0 20 0 \(threads) 0 \(start) \(vsize) \(rss) x\n"
        return try #require(withBytes(of: text) { ProcessParsers.stat($0) })
    }

    /// A statm line with `size` and `resident` pages (shared, text and data made up, lib and dt 0 as the kernel
    /// writes them).
    static func statm(size: Int = 2441, resident: Int = 300) throws -> Statm {
        try #require(withBytes(of: "\(size) \(resident) 120 40 0 900 0\n") { Statm($0) })
    }

    /// The figures a reading compares: sizes from `statm` (4 KiB pages), state and threads from `stat`.
    static func movement(
        state: String = "S",
        threads: Int = 1,
        size: Int = 2441,
        resident: Int = 300
    ) throws -> ProcessCarry.Movement {
        ProcessCarry.Movement(
            try stat("a", state: state, threads: threads),
            try statm(size: size, resident: resident),
            pageSize: 4096
        )
    }

    /// A rollup of `pss` KiB.
    static func rollup(pss: Int) throws -> SmapsRollup {
        let text = "0-1 [rollup]\nRss: 1200 kB\nPss: \(pss) kB\nPrivate_Clean: 4 kB\nPrivate_Dirty: 6 kB\nSwap: 0 kB\n"
        return try #require(withBytes(of: text) { ProcessParsers.smapsRollup($0) })
    }

    /// A user process 42 as a full reading finds it.
    static func process(pss: Int = 800, age: Double? = nil) throws -> ProcessFacts {
        var process = ProcessFacts(pid: 42, startTime: 500, name: "old", state: "S", kind: .user, threads: 1)
        process.parentPID = 1
        process.uid = 1000
        process.rss = 1200 * 1024
        process.smaps = try rollup(pss: pss)
        process.command = "old --flag"
        process.cgroup = "/system.slice/old.service"
        process.pssAge = age
        return process
    }

    static func entry(
        readAt: Double,
        pid: Int32 = 42,
        command: Bool = true,
        cgroup: Bool = true
    ) throws -> ProcessCarry.Entry {
        var facts = try process()
        facts.pid = pid
        return ProcessCarry.Entry(
            movement: try movement(),
            facts: facts,
            commandRead: command,
            cgroupRead: cgroup,
            readAt: readAt
        )
    }

    @Test("statm: size and resident are kept; a line that is not seven numbers is refused")
    func statmFigures() throws {
        let line = try #require(withBytes(of: "1315 1065 774 193 0 334 0\n") { Statm($0) })
        #expect(line.sizePages == 1315)
        #expect(line.residentPages == 1065)
        #expect(withBytes(of: "1315 1065 774\n") { Statm($0) } == nil)
        #expect(withBytes(of: "-1 1065 774 193 0 334 0\n") { Statm($0) } == nil)
        #expect(withBytes(of: "99999999999999999999 1 1 1 0 1 0\n") { Statm($0) } == nil)
        #expect(withBytes(of: "x 1065 774 193 0 334 0\n") { Statm($0) } == nil)
        #expect(withBytes(of: "1315 1065 x y z w v\n") { Statm($0) } == nil)
        #expect(withBytes(of: "1315 1065 774 193 0 334 0 8\n") { Statm($0) } == nil)
    }

    @Test("The compared figures take the sizes from statm, state and threads from stat; no statm, incomplete")
    func movementFigures() throws {
        let stat = try Self.stat("a", vsize: 123_456, rss: 789)
        let full = ProcessCarry.Movement(stat, try Self.statm(size: 1315, resident: 1065), pageSize: 4096)
        #expect(full.vsize == Int64(1315 * 4096))
        #expect(full.rssPages == 1065)
        #expect(full.isComplete)
        #expect(!ProcessCarry.Movement(stat, nil, pageSize: 4096).isComplete)
        let statmOnly = full.with(try Self.statm(size: 1316, resident: 1000), pageSize: 4096)
        #expect(statmOnly.vsize == Int64(1316 * 4096))
        #expect(statmOnly.rssPages == 1000)
        #expect(statmOnly.state == full.state && statmOnly.threads == full.threads)
        let huge = try Self.statm(size: Int(Int64.max / 2), resident: 1)
        #expect(full.with(huge, pageSize: 4096).vsize == nil)
    }

    @Test("A process moved when its rss, vsize, state or thread count changed; a new name or parent is read again")
    func movement() throws {
        let base = try Self.movement()
        #expect(try Self.movement(resident: 301) != base)
        #expect(try Self.movement(size: 2442) != base)
        #expect(try Self.movement(state: "R") != base)
        #expect(try Self.movement(threads: 2) != base)
        let entry = try Self.entry(readAt: 0)
        var same = try Self.stat("old")
        same.parentPID = 1
        #expect(entry.sameNameAndParent(same))
        var renamed = same
        renamed.name = "renamed"
        #expect(!entry.sameNameAndParent(renamed))
        var adopted = same
        adopted.parentPID = 9
        #expect(!entry.sameNameAndParent(adopted))
    }

    @Test("A carried process's stat is read once in each window of the bound, the windows shifted by pid")
    func statDue() {
        let carry = ProcessCarry(bound: 120, statBound: 10)
        // pid 0 has no shift: windows [0, 10), [10, 20)…
        #expect(!carry.statDue(pid: 0, statAt: 100, now: 109.9))
        #expect(carry.statDue(pid: 0, statAt: 100, now: 110))
        #expect(carry.statDue(pid: 0, statAt: 109.9, now: 110))
        // pid 1009 ÷ 2 is shifted by about half the bound: its window turns near 15, not 10.
        #expect(!carry.statDue(pid: 504, statAt: 100, now: 104.9))
        #expect(carry.statDue(pid: 504, statAt: 100, now: 105.1))
        // The clock went back; no bound reads it every time.
        #expect(carry.statDue(pid: 7, statAt: 100, now: 99))
        #expect(ProcessCarry(bound: 120, statBound: 0).statDue(pid: 7, statAt: 100, now: 100))
        // Over 10 s of readings a second, each of 1,000 pids is due once, about a hundred a second.
        var due = [Int](repeating: 0, count: 10)
        for pid in Int32(1)...1000 {
            for second in 1...10 where carry.statDue(pid: pid, statAt: Double(99 + second), now: Double(100 + second)) {
                due[second - 1] += 1
            }
        }
        #expect(due.reduce(0, +) == 1000)
        #expect(due.allSatisfy { (80...120).contains($0) })
    }

    @Test("An entry covers a reading only when it was read with the command line and cgroup the reading wants")
    func covers() throws {
        let bare = try Self.entry(readAt: 0, command: false, cgroup: false)
        #expect(bare.covers(commandLines: .none, cgroups: false))
        #expect(bare.covers(commandLines: .lazy, cgroups: false))
        #expect(!bare.covers(commandLines: .eager, cgroups: false))
        #expect(!bare.covers(commandLines: .none, cgroups: true))
        #expect(try Self.entry(readAt: 0).covers(commandLines: .eager, cgroups: true))
    }

    @Test("A carried process keeps what it was read with, name and parent included, and says its age")
    func carried() throws {
        let entry = try Self.entry(readAt: 100)
        let full = entry.carried(now: 104.25, commandLines: true, cgroups: true)
        #expect(full.name == "old")
        #expect(full.parentPID == 1)
        #expect(full.pssAgeMilliseconds == 4250)
        #expect(full.uid == 1000)
        #expect(full.rss == Int64(1200 * 1024))
        #expect(full.smaps == (try Self.rollup(pss: 800)))
        #expect(full.command == "old --flag")
        #expect(full.cgroup == "/system.slice/old.service")
        // A reading that asks for neither gets neither, as a fresh reading would give.
        let bare = entry.carried(now: 104.25, commandLines: false, cgroups: false)
        #expect(bare.command.isEmpty)
        #expect(bare.cgroup == nil)
        #expect(bare.smaps == full.smaps)
    }

    @Test("Each reading drops the stale entries and the round-robin share of the oldest")
    func reusable() throws {
        var carry = ProcessCarry(bound: 30)
        carry.readingTime = 100
        for pid in Int32(1)...30 {
            let entry = try Self.entry(readAt: 70 + Double(pid), pid: pid)
            carry.entries[ProcessIdentity(pid: pid, startTime: 500)] = entry
        }
        // One second later: 30 × 1 / 30 = one process owed, the oldest (read at 71, 30 s ago: stale as well).
        let second = carry.reusable(now: 101)
        #expect(second.entries.count == 29)
        #expect(second.entries[ProcessIdentity(pid: 1, startTime: 500)] == nil)
        #expect(second.credit == 0)
        // Half a second later: half a process owed, none dropped but the stale; the half is kept for next time.
        let half = carry.reusable(now: 100.5)
        #expect(half.entries.count == 30)
        #expect(half.credit == 0.5)
        // Ten seconds later: the ten oldest are owed and stale.
        #expect(carry.reusable(now: 110).entries.count == 20)
        #expect(ProcessCarry(bound: 0).reusable(now: 1).entries.isEmpty)
    }

    @Test("The next carry keeps a carried process's old reading, records a fresh one now, and skips the rest")
    func next() throws {
        var carry = ProcessCarry(bound: 30)
        let old = try Self.entry(readAt: 90, command: true, cgroup: false)
        carry.entries[ProcessIdentity(pid: 42, startTime: 500)] = old
        let carriedProcess = try Self.process(age: 10)
        var fresh = try Self.process(pss: 900)
        fresh.pid = 43
        var kernel = ProcessFacts(pid: 2, startTime: 1, name: "kthreadd", state: "S", kind: .kernelThread, threads: 1)
        kernel.uid = 0
        var denied = try Self.process()
        denied.pid = 44
        denied.smaps = nil
        var cut = try Self.process()
        cut.pid = 45
        let moved = try Self.movement(resident: 999)
        let short = ProcessCarry.Movement(rssPages: nil, vsize: nil, state: UInt8(ascii: "S"), threads: 1)
        let next = carry.next(
            after: [kernel, carriedProcess, fresh, denied, cut],
            movements: [moved, old.movement, moved, moved, short],
            now: 100,
            credit: 0.25,
            read: (command: false, cgroup: true)
        )
        #expect(next.count == 2)
        #expect(next.readingTime == 100)
        #expect(next.credit == 0.25)
        let kept = try #require(next.entries[ProcessIdentity(pid: 42, startTime: 500)])
        #expect(kept.readAt == 90)
        // A process still carried keeps the very entry (nothing of it copied).
        #expect(kept === old)
        #expect(kept.commandRead && !kept.cgroupRead)
        #expect(kept.facts.command == "old --flag")
        let recorded = try #require(next.entries[ProcessIdentity(pid: 43, startTime: 500)])
        #expect(recorded.readAt == 100)
        #expect(recorded.movement == moved)
        #expect(!recorded.commandRead && recorded.cgroupRead)
        #expect(recorded.facts.smaps?.pss == Int64(900 * 1024))
    }
}
