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
            movement: ProcessCarry.Movement(try stat("old")),
            facts: facts,
            commandRead: command,
            cgroupRead: cgroup,
            readAt: readAt
        )
    }

    @Test("stat: vsize and rss (fields 23 and 24) are kept; a line cut before them still parses, without them")
    func statFigures() throws {
        let full = try Self.stat("a", vsize: 123_456, rss: 789)
        #expect(full.vsize == 123_456)
        #expect(full.rssPages == 789)
        #expect(ProcessCarry.Movement(full).isComplete)
        let cut = try #require(
            withBytes(of: "7 (a) S 1 1 1 0 -1 4194304 0 0 0 0 0 0 0 0 20 0 3 0 99\n") { ProcessParsers.stat($0) }
        )
        #expect(cut.vsize == nil)
        #expect(cut.rssPages == nil)
        #expect(!ProcessCarry.Movement(cut).isComplete)
    }

    @Test("A process moved when its rss, vsize, state or thread count changed, not when its name or times did")
    func movement() throws {
        let base = ProcessCarry.Movement(try Self.stat("a"))
        #expect(ProcessCarry.Movement(try Self.stat("renamed")) == base)
        #expect(ProcessCarry.Movement(try Self.stat("a", rss: 301)) != base)
        #expect(ProcessCarry.Movement(try Self.stat("a", vsize: 10_004_096)) != base)
        #expect(ProcessCarry.Movement(try Self.stat("a", state: "R")) != base)
        #expect(ProcessCarry.Movement(try Self.stat("a", threads: 2)) != base)
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

    @Test("A carried process takes its name and parent from the new stat, keeps the rest, and says its age")
    func carried() throws {
        let entry = try Self.entry(readAt: 100)
        var line = try Self.stat("renamed")
        line.parentPID = 9
        let full = entry.carried(line, now: 104.25, commandLines: true, cgroups: true)
        #expect(full.name == "renamed")
        #expect(full.parentPID == 9)
        #expect(full.pssAgeMilliseconds == 4250)
        #expect(full.uid == 1000)
        #expect(full.rss == Int64(1200 * 1024))
        #expect(full.smaps == (try Self.rollup(pss: 800)))
        #expect(full.command == "old --flag")
        #expect(full.cgroup == "/system.slice/old.service")
        // A reading that asks for neither gets neither, as a fresh reading would give.
        let bare = entry.carried(line, now: 104.25, commandLines: false, cgroups: false)
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
        let moved = ProcessCarry.Movement(try Self.stat("x", rss: 999))
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
