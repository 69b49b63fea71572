import Testing
import WiredCore
import WiredLinux
import WiredTestSupport

/// The verdict on trees captured under real conditions, each with a vmstat and PSI sample 2 s before the rest
/// (Scripts/make-fixtures.sh pressure-*).
///
/// Expected numbers are worked out from the two vmstat files.
@Suite("Pressure verdicts on captured trees")
struct PressureFixtureTests {
    func judge(_ fixture: String) throws -> PressureReport {
        let snapshot = LinuxReader(root: Fixtures.linux(fixture)).readSystem()
        return PressureAnalysis.judge(snapshot, ledger: try Ledger.of(snapshot))
    }

    func reason(_ report: PressureReport, _ id: String) throws -> PressureReport.Reason {
        try #require(report.reasons.first { $0.id == id }, "no \(id) in \(report.reasons.map(\.id))")
    }

    @Test("Calm: ok, and why")
    func calm() throws {
        let report = try judge("vm-6.18-pressure-calm")
        #expect(report.verdict == .ok)
        #expect(report.reasons.allSatisfy { $0.level == .ok })
        #expect(report.advice == "Nothing to do: the cache is given back when needed.")
        let rates = try #require(report.rates)
        #expect(abs(rates.intervalSeconds - 2.007) < 0.0001)
        // workingset_refault_file 8,556,784 → 8,556,841: 57 pages of 4 KiB in 2.007 s.
        #expect(abs(rates.refaultBytesPerSecond - 57 * 4096 / 2.007) < 0.01)
        #expect(rates.swapInBytesPerSecond == 0)
        #expect(rates.oomKills == 0)
        #expect(try reason(report, "available").value > 90)
        #expect(try reason(report, "psi-full-avg10").threshold == 1)
    }

    @Test("Swapping: PSI full is critical, and swap-in at 185 MiB/s is named in the advice")
    func swapping() throws {
        let report = try judge("vm-6.18-pressure-swapping")
        #expect(report.verdict == .critical)
        let full = try reason(report, "psi-full-avg10")
        #expect(full.level == .critical)
        #expect(full.value == 17.02)
        #expect(full.threshold == 10)
        #expect(
            full.text == "PSI full avg10 17% ≥ 10%: all running tasks stalled waiting for memory: work is being lost"
        )
        // pswpin 224,374 → 319,497: 95,123 pages × 4,096 in 2.006 s.
        let swapIn = try reason(report, "swap-in")
        #expect(swapIn.level == .warning)
        #expect(abs(swapIn.value - 95_123 * 4096 / 2.006 / 1_048_576) < 0.001)
        // PSI full total 5,146,448 → 5,855,842 µs: 35.4% of the 2.006 s.
        #expect(abs(try reason(report, "psi-full-interval").value - 709_394 / 2_006_000 * 100) < 0.001)
        // Swap: (1,048,572 − 766,544) ÷ 1,048,572 kB used.
        #expect(abs(try reason(report, "swap-used").value - 282_028.0 / 1_048_572 * 100) < 0.001)
        #expect(report.advice.hasPrefix("The machine is swapping 185 MiB/s: add RAM or close the biggest owners"))
        #expect(report.reasons.first?.level == .critical)
    }

    @Test("Thrashing: 1,520,641 file refaults in 2.016 s")
    func thrashing() throws {
        let report = try judge("vm-6.18-pressure-thrashing")
        #expect(report.verdict == .critical)
        let refaults = try reason(report, "refaults")
        #expect(refaults.level == .warning)
        #expect(abs(refaults.value - 1_520_641 * 4096 / 2.016 / 1_048_576) < 0.001)
        #expect(try reason(report, "swap-in").level == .ok)
        #expect(report.advice.hasPrefix("Pages are evicted and read again at 2.88 GiB/s (thrashing)"))
    }

    @Test("OOM in a 64 MiB cgroup: the cgroup is critical, the machine is not")
    func oom() throws {
        let report = try judge("vm-6.18-pressure-oom")
        // The machine: 22.5 GiB available, PSI 0: ok, and its OOM check says where the kill was.
        #expect(report.verdict == .ok)
        let kill = try reason(report, "oom-kill")
        #expect(kill.level == .ok)
        #expect(kill.value == 0)
        #expect(
            kill.text
                == "no OOM kill of the machine in the last 2.2 s: 1 at cgroups' own limits (wired-fixture), judged per service"
        )
        let oom = try #require(report.oom)
        #expect(oom.inInterval)
        #expect(oom.total == 1)
        #expect(oom.atCgroupLimits == 1)
        #expect(oom.machine == 0)
        #expect(oom.undetermined == 0)
        let service = try #require(oom.services.first)
        #expect(oom.services.count == 1)
        #expect(service.path == "/wired-fixture")
        #expect(service.verdict == .critical)
        #expect(service.limitBytes == 64 << 20)
        #expect(service.killed == ["wired-test-help (pid 10268)"])
        #expect(service.evidence == ["kernel log: Memory cgroup out of memory", "memory.failcnt +36, oom_kill +1"])
        #expect(
            service.text.hasPrefix(
                "service wired-fixture: critical — 1 OOM kill in 2.2 s at its 64.0 MiB limit (memory.limit_in_bytes); killed wired-test-help (pid 10268); the machine has "
            )
        )
        #expect(report.advice.hasPrefix("The kernel killed a process of wired-fixture at its 64.0 MiB limit"))
        #expect(report.notes.contains("17 OOM kills since boot (oom_kill in /proc/vmstat)."))
    }

    @Test("Without a second sample or PSI: judged from what there is, and says so")
    func partial() throws {
        let idle = try judge("vm-6.18-idle")
        #expect(idle.rates == nil)
        #expect(idle.notes.contains { $0.hasPrefix("Paging and swap rates were not measured") })
        var snapshot = LinuxReader(root: Fixtures.linux("vm-6.18-pressure-swapping")).readSystem()
        snapshot.linux?.pressure = nil
        let noPSI = PressureAnalysis.judge(snapshot, ledger: try Ledger.of(snapshot))
        #expect(noPSI.notes.contains { $0.hasPrefix("No PSI") })
        // Swap-in still makes it a warning.
        #expect(noPSI.verdict == .warning)
    }

    @Test("Advice names the three biggest processes when they were read")
    func owners() throws {
        var snapshot = LinuxReader(root: Fixtures.linux("vm-6.18-pressure-swapping")).readSystem()
        snapshot.processes = LinuxReader(root: Fixtures.linux("vm-6.18-processes")).readProcesses().0
        let report = PressureAnalysis.judge(snapshot, ledger: try Ledger.of(snapshot))
        #expect(report.advice.contains("close the biggest owners: locker (pid "))
    }
}
