import Testing
import WiredCore
import WiredTestSupport

/// Snapshots with absurd or contradictory numbers, made by hand: validation leaves out what is out of range
/// and names it, the ledger marks what contradicts itself untrusted, and nothing traps.
@Suite("Impossible figures")
struct ImpossibleFiguresTests {
    /// Every analysis of `snapshot`, as the views run them.
    func analyse(_ snapshot: Snapshot) {
        guard let ledger = try? Ledger.of(snapshot) else { return }
        _ = PressureAnalysis.judge(snapshot, ledger: ledger)
        _ = OwnerTree.build(snapshot, ledger: ledger)
        if let scan = snapshot.processes {
            _ = ProcessTable.summary(scan, arch: "x86_64")
            for sort in ProcessSort.allCases { _ = ProcessTable.order(scan, by: sort, arch: "x86_64") }
        }
        _ = SnapshotComparison.diff(SampleSnapshots.linux(), snapshot)
        _ = SnapshotComparison.diff(snapshot, SampleSnapshots.linux())
    }

    @Test("A sane snapshot passes validation unchanged")
    func saneUnchanged() {
        let sample = SampleSnapshots.linux()
        var checked = sample
        #expect(SnapshotValidation.check(&checked).isEmpty)
        #expect(checked == sample)
    }

    @Test("MemFree, pageSize and a slab cache's bytes near 2^63: left out and named, no trap")
    func nearInt64Max() throws {
        var snapshot = SampleSnapshots.linux()
        snapshot.linux?.meminfo?["MemFree"] = Int64.max - 5
        snapshot.linux?.vmstat?["nr_memmap_boot_pages"] = -1
        snapshot.meta.pageSize = Int64.max
        var owners = OwnerFacts()
        owners.slabCaches = [
            SlabCache(
                name: "dentry",
                activeObjects: 1,
                objects: 1,
                objectSize: 192,
                bytes: Int64.max,
                reclaimable: true
            ),
            SlabCache(
                name: "kmalloc-64",
                activeObjects: 10,
                objects: 64,
                objectSize: 64,
                bytes: 4096,
                reclaimable: false
            ),
        ]
        snapshot.owners = owners
        analyse(snapshot)  // unvalidated: must not trap either
        let problems = SnapshotValidation.check(&snapshot)
        #expect(problems.contains { $0.source == "/proc/meminfo" && $0.field == "MemFree" && $0.kind == .outOfRange })
        #expect(problems.contains { $0.source == "/proc/vmstat" && $0.field == "nr_memmap_boot_pages" })
        #expect(problems.contains { $0.field == "pageSize" && $0.kind == .outOfRange })
        #expect(problems.contains { $0.source == "/proc/slabinfo" && $0.field == "dentry" })
        #expect(snapshot.linux?.meminfo?["MemFree"] == nil)
        #expect(snapshot.meta.pageSize == 4096)
        #expect(snapshot.owners?.slabCaches?.map(\.name) == ["kmalloc-64"])
        #expect(snapshot.problems == problems)
        let ledger = try Ledger.of(snapshot)
        #expect(ledger.bucket("free") == nil)
        #expect(ledger.unknown.contains { $0.id == "free" })
        // "Page metadata −4.00 KiB" is gone: the wrapped counter was left out.
        #expect(ledger.bucket("memmap-boot") == nil)
        analyse(snapshot)
    }

    @Test("Unvalidated absurd facts: the ledger marks overflowed lines untrusted and never traps")
    func overflowMarked() throws {
        var snapshot = SampleSnapshots.linux()
        snapshot.linux?.meminfo?["Shmem"] = 8_000_000_000_000_000 * 1024
        snapshot.linux?.meminfo?["Active(anon)"] = Int64.max
        snapshot.linux?.zones?[0].perCPUFree = Int64.max
        let ledger = try Ledger.of(snapshot)
        let untrusted = ledger.buckets.filter(\.isUntrusted).map(\.id)
        #expect(untrusted.contains("free-percpu"))
        #expect(ledger.bucket("free-percpu")?.untrusted?.contains("overflowed") == true)
        #expect(untrusted.contains("unexplained"))
        #expect(ledger.bucket("free-percpu")?.bytes.description == "overflow")
        analyse(snapshot)
    }

    @Test("Free hugepages above the total: a problem naming free_hugepages, and both pool lines untrusted")
    func hugepagesFreeAboveTotal() throws {
        let pool = HugepagePool(pageBytes: 2 << 20, total: 512, free: 100_000, reserved: 0, surplus: 0)
        var snapshot = SampleSnapshots.linux(hugepagePools: [pool])
        let problems = SnapshotValidation.check(&snapshot)
        #expect(
            problems == [
                SourceProblem(
                    source: "/sys/kernel/mm/hugepages/hugepages-2048kB/free_hugepages",
                    field: "free_hugepages",
                    kind: .inconsistent,
                    message: "free_hugepages (100000) is above nr_hugepages (512), which the kernel never reports"
                )
            ]
        )
        let ledger = try Ledger.of(snapshot)
        let used = try #require(ledger.bucket("hugepages-used"))
        // 512 − 100,000 pages of 2 MiB: shown, but never as a fact.
        #expect(used.bytes == ByteCount(bytes: (512 - 100_000) * (2 << 20)))
        #expect(used.untrusted == "free_hugepages (100000) is above nr_hugepages (512) for 2.00 MiB pages")
        #expect(ledger.bucket("hugepages-free")?.untrusted == used.untrusted)
        #expect(ledger.bucket("unexplained")?.isUntrusted == true)
        // A sane pool marks nothing.
        let sane = try Ledger.of(
            SampleSnapshots.linux(hugepagePools: [
                HugepagePool(pageBytes: 2 << 20, total: 8, free: 2, reserved: 0, surplus: 0)
            ])
        )
        #expect(!sane.buckets.contains { $0.isUntrusted })
    }

    @Test("A thread count of 2^31 − 1, and Pss above Rss: one thread counted, the rollup left out")
    func processes() throws {
        var big = ProcessFacts(pid: 10, startTime: 5, name: "many", state: "S", kind: .user, threads: .max)
        big.rss = 4 << 20
        var odd = ProcessFacts(pid: 11, startTime: 6, name: "odd", state: "S", kind: .user, threads: 2)
        odd.rss = 8 << 20
        odd.smaps = SmapsRollup(rss: 8 << 20, pss: 900 << 20, uss: 1 << 20, swap: 0)
        var huge = ProcessFacts(pid: 12, startTime: .max, name: "late", state: "S", kind: .user, threads: 1)
        huge.rss = 1 << 20
        var snapshot = SampleSnapshots.linux()
        snapshot.processes = ProcessScan(processes: [big, odd, huge], ticksPerSecond: 0, bootTime: .max)
        analyse(snapshot)
        let problems = SnapshotValidation.check(&snapshot)
        #expect(problems.contains { $0.source == "/proc/10/stat" && $0.field == "num_threads" })
        #expect(
            problems.contains { $0.source == "/proc/11/smaps_rollup" && $0.field == "Pss" && $0.kind == .inconsistent }
        )
        #expect(problems.contains { $0.source == "/proc/12/stat" && $0.field == "starttime" })
        #expect(problems.contains { $0.field == "ticksPerSecond" })
        #expect(problems.contains { $0.source == "/proc/stat" && $0.field == "btime" })
        let scan = try #require(snapshot.processes)
        #expect(scan.processes.map(\.pid) == [10, 11, 12])
        #expect(scan.processes[2].startTime == 0)
        #expect(scan.processes[0].threads == 1)
        #expect(scan.processes[1].smaps == nil)
        #expect(scan.processes[1].denial?.hasPrefix("impossible smaps_rollup: Pss") == true)
        // "Wired −32.0 TiB" is gone: the stacks are one thread's.
        let summary = ProcessTable.summary(scan, arch: "x86_64")
        #expect(summary.kernelStacks == .kibibytes(16 + 32 + 16))
        #expect(summary.wired.bytes >= 0)
    }

    @Test("Counters lower in the later sample: named, and no rate is computed from them")
    func countersBackwards() throws {
        var snapshot = SampleSnapshots.linux(vmstat: ["pswpin": 10, "oom_kill": 0, "nr_zspages": 0])
        let stall = PressureLine(avg10: 0, avg60: 0, avg300: 0, totalMicroseconds: 5)
        snapshot.linux?.pressure = PressureStall(some: stall, full: nil)
        snapshot.linux?.earlier = CounterSample(
            secondsBefore: 2,
            vmstat: ["pswpin": 4_000_000, "oom_kill": 0],
            pressure: PressureStall(some: PressureLine(avg10: 0, avg60: 0, avg300: 0, totalMicroseconds: 9), full: nil)
        )
        let problems = SnapshotValidation.check(&snapshot)
        #expect(problems.contains { $0.source == "/proc/vmstat" && $0.field == "pswpin" && $0.kind == .inconsistent })
        #expect(problems.contains { $0.source == "/proc/pressure/memory" && $0.field == "PSI some total" })
        let ledger = try Ledger.of(snapshot)
        let report = PressureAnalysis.judge(snapshot, ledger: ledger)
        #expect(report.rates == nil)
        #expect(report.notes.contains { $0.contains("pswpin, PSI some total went backwards") })
        #expect(!report.reasons.contains { $0.id == "swap-in" })
    }

    @Test("PSI of 1e308 percent and an interval of 1e-300 s: left out, no trap")
    func absurdPressure() throws {
        var snapshot = SampleSnapshots.linux(vmstat: ["pswpin": 1 << 62, "nr_zspages": 0])
        let line = PressureLine(avg10: 1e308, avg60: 0, avg300: 0, totalMicroseconds: Int64.max)
        snapshot.linux?.pressure = PressureStall(some: line, full: line)
        snapshot.linux?.earlier = CounterSample(secondsBefore: 1e-300, vmstat: ["pswpin": 0], pressure: nil)
        analyse(snapshot)
        let problems = SnapshotValidation.check(&snapshot)
        #expect(problems.contains { $0.source == "/proc/pressure/memory" && $0.field == "some avg10" })
        #expect(problems.contains { $0.field == "earlier_seconds" && $0.kind == .outOfRange })
        #expect(snapshot.linux?.pressure == nil)
        #expect(snapshot.linux?.earlier == nil)
        analyse(snapshot)
    }

    @Test("macOS facts with absurd counts: left out and named by their capture file")
    func darwinFacts() throws {
        var facts = DarwinFacts()
        var vm = VMStatistics(pageSize: 16384, era: .compressor, source: "vm_stat")
        vm.free = Int64.max
        vm.active = 1000
        vm.inactive = 1000
        vm.wired = 500
        vm.anonymous = 1000
        vm.fileBacked = 1000
        vm.compressorPages = 1 << 41
        facts.vm = vm
        facts.memsize = Int64.max
        facts.files = [
            CaptureFile(path: "cap/vm_stat.txt", kind: "vm_stat"), CaptureFile(path: "cap/sysctl.txt", kind: "sysctl"),
        ]
        var process = DarwinProcess(pid: 7, name: "big", source: "top")
        process.footprint = Int64.max
        process.threads = Int.max
        facts.processes = [process]
        var snapshot = Snapshot(
            meta: SampleSnapshots.linux().meta,
            darwin: facts
        )
        snapshot.meta.os = .macOS
        analyse(snapshot)
        let problems = SnapshotValidation.check(&snapshot)
        #expect(problems.contains { $0.source == "cap/vm_stat.txt" && $0.kind == .outOfRange })
        #expect(problems.contains { $0.source == "cap/sysctl.txt" && $0.field == "hw.memsize" })
        #expect(problems.contains { $0.source == "top" && $0.field == "pid 7" })
        #expect(snapshot.darwin?.vm?.free == nil)
        #expect(snapshot.darwin?.vm?.compressorPages == nil)
        #expect(snapshot.darwin?.memsize == nil)
        #expect(snapshot.darwin?.processes?.first?.footprint == nil)
        #expect(snapshot.darwin?.processes?.first?.threads == nil)
        analyse(snapshot)
    }
}
