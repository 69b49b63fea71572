import Testing
import WiredCore
import WiredTestSupport

/// What the kernel's release and command line tell, and the suspects of hand-made unexplained lines.
@Suite("Kernel versions, crash kernels, balloons and contradictions on hand-made snapshots")
struct KernelKnowledgeTests {
    func kb(_ value: Int64) -> ByteCount { .kibibytes(value) }

    @Test("Releases: the version, what VmallocUsed means, VMAP_STACK and THREAD_SIZE by release")
    func releases() {
        #expect(KernelVersion(release: "4.18.0-193.6.3.el8_2.x86_64") == KernelVersion(4, 18))
        #expect(KernelVersion(release: "3.4.0-perf-g1a2b3c") == KernelVersion(3, 4))
        #expect(KernelVersion(release: "6.18.44-fc-v657") == KernelVersion(6, 18))
        #expect(KernelVersion(release: "unknown") == nil)
        #expect(KernelDefaults.vmallocUsed(["VmallocUsed": 18_260 << 10], release: "3.2.0-126") == .addressSpace)
        #expect(KernelDefaults.vmallocUsed(["VmallocUsed": 0], release: "4.18.0-193") == .printedAsZero)
        #expect(KernelDefaults.vmallocUsed(["VmallocUsed": 5 << 20], release: "4.18.0-305") == .ram)
        #expect(KernelDefaults.vmallocUsed(["VmallocUsed": 0], release: "5.3.0") == .ram)
        #expect(KernelDefaults.vmallocUsed([:], release: "6.1.0") == .missing)
        #expect(KernelDefaults.needsVmallocinfo(["VmallocUsed": 1], release: "4.1.16") == true)
        #expect(KernelDefaults.needsVmallocinfo(["VmallocUsed": 1], release: "5.10.0") == false)
        #expect(KernelDefaults.vmapStack(arch: "aarch64", release: "4.4.179") == false)
        #expect(KernelDefaults.vmapStack(arch: "aarch64", release: "4.14.0") == true)
        #expect(KernelDefaults.vmapStack(arch: "x86_64", release: "4.8.0") == false)
        #expect(KernelDefaults.vmapStack(arch: "x86_64", release: "4.9.0") == true)
        #expect(KernelDefaults.vmapStack(arch: "mips", release: "6.1.0") == false)
        #expect(KernelDefaults.threadSize(arch: "x86_64", release: "3.14.0").bytes == kb(8))
        #expect(KernelDefaults.threadSize(arch: "x86_64", release: "3.15.0").bytes == kb(16))
        #expect(KernelDefaults.threadSize(arch: "armv7l", release: "3.4.0").bytes == kb(8))
        #expect(KernelDefaults.threadSize(arch: "mips", release: "4.1.16").bytes == kb(8))
        #expect(KernelDefaults.threadSize(arch: "aarch64", release: "4.4.179").bytes == kb(16))
    }

    @Test("crashkernel= sizes: plain, with an offset, high and low, ranged by installed RAM; auto is unknown")
    func crashKernelArguments() {
        let ram = ByteCount.gibibytes(8)
        #expect(CrashKernelArgument.size("256M", systemRAM: ram) == .mebibytes(256))
        #expect(CrashKernelArgument.size("256M@16M", systemRAM: ram) == .mebibytes(256))
        #expect(CrashKernelArgument.size("512M,high 128M,low", systemRAM: ram) == .mebibytes(640))
        #expect(CrashKernelArgument.size("1G-4G:192M,4G-64G:256M,64G-:512M", systemRAM: ram) == .mebibytes(256))
        #expect(
            CrashKernelArgument.size("1G-4G:192M,4G-64G:256M,64G-:512M", systemRAM: .gibibytes(2)) == .mebibytes(192)
        )
        #expect(CrashKernelArgument.size("1G-4G:192M", systemRAM: .mebibytes(512)) == nil)
        #expect(CrashKernelArgument.size("auto", systemRAM: ram) == nil)
    }

    @Test("Without kexec_crash_size, crashkernel= on the command line sizes the crash kernel reservation")
    func crashKernelFromCommandLine() throws {
        var snapshot = SampleSnapshots.linux()
        snapshot.linux?.evidence = EvidenceFacts(crashKernelArgument: "1G-4G:192M,4G-64G:256M,64G-:512M")
        let ledger = try Ledger.of(snapshot)
        let crash = try #require(ledger.reserved.first { $0.id == "crash-kernel" })
        #expect(crash.bytes == .mebibytes(256))
        #expect(crash.source.hasPrefix("crashkernel=1G-4G:192M,4G-64G:256M,64G-:512M in /proc/cmdline"))
        // 64 blocks × 128 MiB − MemTotal − percpu first chunk − crash kernel.
        #expect(ledger.reserved.first { $0.id == "kernel-boot" }?.bytes == kb(8_388_608 - 8_000_000 - 1_000 - 262_144))
        // kexec_crash_size, when readable, is the kernel's own figure and wins.
        snapshot.linux?.crashKernelBytes = 128 << 20
        #expect(try Ledger.of(snapshot).reserved.first { $0.id == "crash-kernel" }?.bytes == .mebibytes(128))
    }

    /// The quiet machine with 1,000,000 kB taken from MemFree into unexplained (1,010,000 kB, 12.6%), and a
    /// virtio balloon holding `pages` pages.
    func ballooned(pages: Int64) -> Snapshot {
        var snapshot = SampleSnapshots.linux(meminfoKB: SampleSnapshots.meminfo(["MemFree": 4_000_000]))
        snapshot.linux?.vmstat?["balloon_inflate"] = pages + 1_000
        snapshot.linux?.vmstat?["balloon_deflate"] = 1_000
        snapshot.linux?.evidence = EvidenceFacts(modules: [
            KernelModule(name: "virtio_balloon", sizeBytes: 24_576, line: 3)
        ])
        return snapshot
    }

    @Test("A virtio balloon too big for the gap below installed RAM stayed inside MemTotal: a sized suspect")
    func balloonInside() throws {
        // 200,000 pages = 800,000 kB > the 387,608 kB the reserved split has left: inside MemTotal.
        let ledger = try Ledger.of(ballooned(pages: 200_000))
        #expect(ledger.reserved.contains { $0.id == "balloon-returned" } == false)
        #expect(ledger.bucket("unexplained")?.bytes == kb(1_010_000))
        let suspect = try #require(ledger.suspects.first)
        #expect(suspect.id == "virtio_balloon")
        #expect(suspect.bytes == kb(800_000))
        #expect(
            suspect.evidence.first
                == SuspectEvidence(file: "/proc/modules", line: 3, text: "virtio_balloon is loaded (24.0 KiB)")
        )
        #expect(UnexplainedSuspects.rest(of: ledger) == kb(210_000))
        // A balloon larger than the whole line is capped at it, and says so.
        let capped = try Ledger.of(ballooned(pages: 300_000))
        #expect(capped.suspects.first?.bytes == kb(1_010_000))
        #expect(capped.suspects.first?.sizeSource?.contains("capped at what the line holds") == true)
        #expect(UnexplainedSuspects.rest(of: capped) == .zero)
        // One that fits the gap left MemTotal: named in the reserved split instead.
        let small = try Ledger.of(ballooned(pages: 50_000))
        #expect(small.reserved.first { $0.id == "balloon-returned" }?.bytes == kb(200_000))
        #expect(small.suspects.isEmpty)
    }

    @Test("Contradictions: MemTotal below Σ managed, MemFree below nr_free_pages, Slab 0 with KReclaimable")
    func contradictions() throws {
        var snapshot = SampleSnapshots.linux(
            meminfoKB: SampleSnapshots.meminfo(["Slab": 0, "SReclaimable": 0, "SUnreclaim": 0])
        )
        // One zone of 4,000,000 pages (16,000,000 kB) managed under a MemTotal of 8,000,000 kB.
        snapshot.linux?.zones?[0].managed = 4_000_000
        snapshot.linux?.zones?[0].present = 4_100_000
        snapshot.linux?.vmstat?["nr_free_pages"] = 3_000_000
        let problems = SnapshotValidation.check(&snapshot).filter { $0.kind == .inconsistent }
        #expect(problems.map(\.field) == ["MemTotal", "MemFree", "KReclaimable"])
        #expect(problems.map(\.source) == ["/proc/meminfo", "/proc/meminfo", "/proc/meminfo"])
        #expect(LinuxConsistency.meminfoIsSynthesized(try #require(snapshot.linux), pageSize: 4096))
        let ledger = try Ledger.of(snapshot)
        #expect(ledger.installed == nil)
        #expect(ledger.reserved.isEmpty)
        #expect(ledger.notes.contains { $0.contains("MemTotal is far below Σ managed pages in /proc/zoneinfo") })
        // Deferred struct-page init makes Σ managed smaller than MemTotal: that is no contradiction.
        var deferred = SampleSnapshots.linux()
        deferred.linux?.zones?[0].managed = 500_000
        #expect(SnapshotValidation.check(&deferred).filter { $0.kind == .inconsistent }.isEmpty)
    }
}
