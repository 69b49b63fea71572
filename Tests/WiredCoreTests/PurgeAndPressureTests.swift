import Testing
import WiredCore
import WiredTestSupport

@Suite("Purge before and after; pressure on hand-made readings")
struct PurgeAndPressureTests {
    /// The quiet machine after dropping 1,000,000 kB of clean file cache and 100,000 kB of reclaimable slab.
    func purged(cacheBack: Int64 = 0) -> [String: Int64] {
        var meminfo = SampleSnapshots.quietMeminfoKB
        meminfo["Active(file)", default: 0] -= 600_000 - cacheBack
        meminfo["Inactive(file)", default: 0] -= 400_000
        meminfo["Cached", default: 0] -= 1_000_000 - cacheBack
        meminfo["SReclaimable", default: 0] -= 100_000
        meminfo["KReclaimable", default: 0] -= 100_000
        meminfo["Slab", default: 0] -= 100_000
        meminfo["MemFree", default: 0] += 1_100_000 - cacheBack
        return meminfo
    }

    @Test("The purge report: freed = Σ falls of reclaimable buckets; wired never moves; the refill")
    func purge() throws {
        let before = try Ledger.of(SampleSnapshots.linux())
        let after = try Ledger.of(SampleSnapshots.linux(meminfoKB: purged()))
        let later = try Ledger.of(SampleSnapshots.linux(meminfoKB: purged(cacheBack: 30_000)))
        let report = PurgeComparison.compare(before: before, after: after, later: later, waited: 5)
        #expect(report.changes.first { $0.id == "file-clean" }?.delta == .kibibytes(-1_000_000))
        #expect(report.changes.first { $0.id == "slab-reclaimable" }?.delta == .kibibytes(-100_000))
        #expect(report.freed == .kibibytes(1_100_000))
        #expect(report.freeAfter - report.freeBefore == .kibibytes(1_100_000))
        #expect(report.wiredAfter == report.wiredBefore)
        #expect(report.cacheBack == .kibibytes(30_000))
        #expect(report.waitedSeconds == 5)
        #expect(report.notDropped.first?.hasPrefix("wired memory ") == true)
        #expect(report.notDropped.contains { $0.hasPrefix("File cache (dirty + writeback) 48.8 MiB") })
        let none = PurgeComparison.compare(before: before, after: before, later: nil, waited: nil)
        #expect(none.freed == .zero)
        #expect(none.cacheBack == nil)
    }

    @Test("Linux: thresholds at their edges, low available memory with no swap is critical")
    func linuxEdges() throws {
        func judge(_ meminfo: [String: Int64], psi: PressureStall? = nil) throws -> PressureReport {
            var snapshot = SampleSnapshots.linux(meminfoKB: meminfo)
            snapshot.linux?.pressure = psi
            return PressureAnalysis.judge(snapshot, ledger: try Ledger.of(snapshot))
        }
        func psi(some: Double, full: Double) -> PressureStall {
            PressureStall(
                some: PressureLine(avg10: some, avg60: 0, avg300: 0, totalMicroseconds: 0),
                full: PressureLine(avg10: full, avg60: 0, avg300: 0, totalMicroseconds: 0)
            )
        }
        let quiet = SampleSnapshots.quietMeminfoKB
        #expect(try judge(quiet, psi: psi(some: 4.99, full: 0.99)).verdict == .ok)
        #expect(try judge(quiet, psi: psi(some: 5, full: 0)).verdict == .warning)
        #expect(try judge(quiet, psi: psi(some: 0, full: 1)).verdict == .warning)
        #expect(try judge(quiet, psi: psi(some: 20, full: 10)).verdict == .critical)
        // MemAvailable 320,000 kB of 8,000,000 = 4% with no swap.
        var tight = quiet
        tight["MemAvailable"] = 320_000
        let critical = try judge(tight)
        #expect(critical.verdict == .critical)
        #expect(critical.reasons.first?.id == "available")
        #expect(critical.reasons.first?.value == 4)
        // 8%: a warning.
        tight["MemAvailable"] = 640_000
        #expect(try judge(tight).verdict == .warning)
        #expect(try judge(tight).advice.hasPrefix("Little memory is available"))
    }

    func mac(_ facts: DarwinFacts) -> Snapshot {
        let meta = SnapshotMeta(
            hostname: "mac",
            os: .macOS,
            kernel: "Darwin 23.4.0",
            arch: "arm64",
            pageSize: 16384,
            pageSizeSource: "test",
            takenAt: Timestamp(seconds: 0),
            toolVersion: "test",
            source: "test"
        )
        return Snapshot(meta: meta, darwin: facts)
    }

    @Test("macOS: the kernel's level decides; without it, the kernel's rule on the counters")
    func mac() throws {
        var facts = DarwinFacts()
        var vm = VMStatistics(pageSize: 16384, era: .compressor, source: "vm_stat")
        vm.free = 1_000
        vm.active = 300_000
        vm.inactive = 100_000
        vm.speculative = 0
        vm.wired = 100_000
        vm.compressorPages = 500_000
        facts.vm = vm
        // Available 401,000 of 901,000 = 44.5%: under half, the kernel's warning.
        let byRule = PressureAnalysis.judge(mac(facts), ledger: nil)
        #expect(byRule.verdict == .warning)
        #expect(abs((byRule.reasons.first?.value ?? 0) - 401_000.0 / 901_000 * 100) < 0.0001)
        facts.vm?.compressorPages = 800_000  // 33.4%: critical
        #expect(PressureAnalysis.judge(mac(facts), ledger: nil).verdict == .critical)
        facts.pressureLevel = 1  // the kernel's own level wins
        let level = PressureAnalysis.judge(mac(facts), ledger: nil)
        #expect(level.verdict == .ok)
        #expect(
            level.reasons.first?.text
                == "kern.memorystatus_vm_pressure_level 1: the kernel reports normal memory pressure"
        )
        facts.pressureLevel = 4
        facts.activity = VMActivity(seconds: 2, source: "test", pageSize: 16384)
        facts.activity?.swapouts = 256  // 4 MiB in 2 s
        let swapping = PressureAnalysis.judge(mac(facts), ledger: nil)
        #expect(swapping.verdict == .critical)
        #expect(swapping.reasons.first { $0.id == "swap-out" }?.value == 2)
        #expect(swapping.reasons.first { $0.id == "swap-out" }?.level == .warning)
    }
}
