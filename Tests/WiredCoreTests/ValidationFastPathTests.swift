import Testing
import WiredTestSupport

@testable import WiredCore

/// The validator skips processes with nothing to leave out; it must skip exactly those.
@Suite("Validation of processes: the plausible ones are left as they are")
struct ValidationFastPathTests {
    static func process(_ pid: Int32) -> ProcessFacts {
        var process = ProcessFacts(pid: pid, startTime: 500, name: "p\(pid)", state: "S", kind: .user, threads: 2)
        process.rss = 8 << 20
        process.smaps = SmapsRollup(rss: 8 << 20, pss: 4 << 20, uss: 2 << 20, swap: 0)
        return process
    }

    @Test("A plausible process is plausible; each kind of impossible number makes it not")
    func plausible() {
        #expect(Validator.isPlausible(Self.process(1)))
        var start = Self.process(2)
        start.startTime = UInt64.max
        var threads = Self.process(3)
        threads.threads = -4
        var size = Self.process(4)
        size.rss = Int64.max
        var pss = Self.process(5)
        pss.smaps = SmapsRollup(rss: 8 << 20, pss: 9 << 20, uss: 2 << 20, swap: 0)
        var huge = Self.process(6)
        huge.smaps = SmapsRollup(rss: Int64.max, pss: 4 << 20, uss: 2 << 20, swap: 0)
        for odd in [start, threads, size, pss, huge] { #expect(!Validator.isPlausible(odd), "pid \(odd.pid)") }
    }

    @Test(
        "Whatever the fast path skips, the full check would have left unchanged",
        arguments: ["vm-6.18-processes", "debian11-5.10-x86_64"]
    )
    func skipsOnlyUnchanged(fixture: String) {
        let snapshot = Fixtures.fullSnapshot(fixture)
        for process in snapshot.processes?.processes ?? [] where Validator.isPlausible(process) {
            var validator = Validator()
            #expect(validator.process(process) == process)
            #expect(validator.problems.isEmpty)
        }
        var scan = ProcessScan(processes: [
            Self.process(1),
            {
                var p = Self.process(2); p.rss = Int64.max; return p
            }(),
        ])
        var validator = Validator()
        validator.processes(&scan)
        #expect(scan.processes[0] == Self.process(1))
        #expect(scan.processes[1].rss == nil)
        #expect(validator.problems.count == 1)
    }
}
