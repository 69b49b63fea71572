import Testing
import WiredCore
import WiredTestSupport

/// The Linux ledger on hand-made snapshots whose every bucket is known in advance.
@Suite("Linux ledger on hand-made snapshots")
struct LedgerTests {
    func kb(_ value: Int64) -> ByteCount { .kibibytes(value) }

    func size(_ ledger: Ledger, _ id: BucketID) throws -> ByteCount {
        try #require(ledger.bucket(id), "no bucket \(id)").bytes
    }

    @Test("A quiet machine: every bucket as computed by hand")
    func quietMachine() throws {
        let ledger = try Ledger.of(SampleSnapshots.linux())
        let expected: [BucketID: Int64] = [
            "free": 5_000_000, "free-percpu": 4_000, "file-clean": 1_550_000, "file-dirty": 50_000, "app": 800_000,
            "shmem": 200_000, "swap-cache": 0, "mlocked": 48_000, "unevictable": 16_000, "isolated": 0,
            "slab-reclaimable": 140_000, "kernel-reclaimable": 10_000, "slab-unreclaimable": 110_000,
            "page-tables": 20_000, "sec-page-tables": 0, "kernel-stacks": 16_000, "vmalloc": 24_000,
            "percpu": 2_000, "hugepages-used": 0, "hugepages-free": 0, "zram": 0,
        ]
        for (id, value) in expected {
            #expect(try size(ledger, id) == kb(value), "\(id)")
        }
        // 8,000,000 − Σ above (7,990,000) = 10,000 kB unexplained.
        #expect(try size(ledger, "unexplained") == kb(10_000))
        #expect(ledger.buckets.map(\.bytes).sum() == kb(8_000_000))
        #expect(ledger.wired.kernel == kb(110_000 + 20_000 + 16_000 + 24_000 + 2_000))
        #expect(ledger.wired.user == kb(64_000))
        // No swap: app and shared memory are unswappable, not wired.
        #expect(ledger.totals.unswappable == kb(1_000_000))
        #expect(ledger.wired.total == kb(172_000 + 64_000))
        #expect(ledger.bucket("app")?.memoryClass == .unswappable)
        #expect(ledger.bucket("app")?.wiredKind == nil)
        #expect(ledger.unswappableReason == "there is no swap")
        #expect(ledger.totals.free == kb(5_004_000))
        #expect(ledger.totals.reclaimable == kb(1_550_000 + 50_000 + 140_000 + 10_000))
        #expect(ledger.translation.usedAsFree == kb(1_500_000))
        #expect(ledger.translation.usedAsHtop == kb(8_000_000 - 5_000_000 - 100_000 - 1_700_000 - 140_000))
        // 64 blocks × 128 MiB = 8 GiB installed; reserved = 8 GiB − MemTotal, with the 1,000 kB first chunk.
        #expect(ledger.installed?.bytes == ByteCount(bytes: 8 << 30))
        #expect(ledger.bucket("percpu-first-chunk")?.bytes == kb(1_000))
        #expect(ledger.reserved.map(\.bytes).sum() == ByteCount(bytes: 8 << 30) - kb(8_000_000))
    }

    @Test("Swap smaller than anonymous memory: the excess is unswappable, carved from app memory first")
    func partialSwap() throws {
        let snapshot = SampleSnapshots.linux(
            meminfoKB: SampleSnapshots.meminfo(["SwapTotal": 500_000, "SwapFree": 300_000])
        )
        let ledger = try Ledger.of(snapshot)
        // app 800,000 + shmem 200,000 = 1,000,000; free swap 300,000 → 700,000 cannot be paged out.
        #expect(try size(ledger, "anon-beyond-swap") == kb(700_000))
        #expect(try size(ledger, "app") == kb(100_000))
        #expect(try size(ledger, "shmem") == kb(200_000))
        #expect(ledger.bucket("app")?.memoryClass == .reclaimable)
        #expect(ledger.bucket("anon-beyond-swap")?.memoryClass == .unswappable)
        #expect(ledger.totals.unswappable == kb(700_000))
        #expect(ledger.wired.total == kb(172_000 + 64_000))
        #expect(ledger.buckets.map(\.bytes).sum() == kb(8_000_000))
    }

    @Test("Enough swap: app and shared memory are reclaimable")
    func enoughSwap() throws {
        let snapshot = SampleSnapshots.linux(
            meminfoKB: SampleSnapshots.meminfo(["SwapTotal": 4_000_000, "SwapFree": 4_000_000])
        )
        let ledger = try Ledger.of(snapshot)
        #expect(ledger.bucket("anon-beyond-swap") == nil)
        #expect(ledger.bucket("app")?.memoryClass == .reclaimable)
        #expect(ledger.totals.unswappable == .zero)
    }

    @Test("Locked shmem without the owners' facts: the middle of the range meminfo proves, and the note gives it")
    func lockedShmem() throws {
        // anon LRU 100,000; AnonPages 80,000; Shmem 150,000 → locked = 130,000; locked shmem ∈ [50,000, 130,000],
        // middle 90,000 → shared on the lists 60,000, app 40,000. No process was read, so the note gives the range
        // of locked shared memory and says why it is not decided.
        let meminfo = SampleSnapshots.meminfo([
            "Active(anon)": 60_000, "Inactive(anon)": 40_000, "AnonPages": 80_000, "Shmem": 150_000,
        ])
        let ledger = try Ledger.of(SampleSnapshots.linux(meminfoKB: meminfo))
        #expect(try size(ledger, "shmem") == kb(60_000))
        #expect(try size(ledger, "app") == kb(40_000))
        let note = try #require(ledger.bucket("app")?.note)
        #expect(note.contains("between 48.8 MiB and 127 MiB; the middle is shown"))
        #expect(note.contains("the processes' locked mappings were not read"))
        #expect(ledger.bucket("app")?.source.hasSuffix("(estimated split)") == true)
    }

    @Test("LXCFS: MemAvailable above MemTotal falls back to MemFree and says why")
    func lxcfs() throws {
        let ledger = try Ledger.of(
            SampleSnapshots.linux(meminfoKB: SampleSnapshots.meminfo(["MemAvailable": 9_000_000]))
        )
        #expect(ledger.translation.available == kb(5_000_000))
        #expect(ledger.translation.availableSource.contains("LXCFS"))
        #expect(ledger.notes.contains { $0.contains("synthesised for a container") })
    }

    @Test("No MemTotal: no ledger, and the error names the field")
    func noMemTotal() {
        let snapshot = SampleSnapshots.linux(meminfoKB: SampleSnapshots.meminfo(["MemTotal": nil]))
        #expect(throws: LedgerError.self) { try Ledger.of(snapshot) }
        #expect((try? Ledger.of(snapshot)) == nil)
    }

    @Test("vmalloc not reported (4.4–5.2 print 0): Σ pages= of vmallocinfo, or unknown with the reason")
    func vmallocZero() throws {
        var snapshot = SampleSnapshots.linux(
            meminfoKB: SampleSnapshots.meminfo(["VmallocUsed": 0]),
            kernel: "4.18.0-193.el8.x86_64"
        )
        snapshot.linux?.vmallocinfoMissing = "no permission to read /proc/vmallocinfo (root only, mode 0400)"
        let unread = try Ledger.of(snapshot)
        #expect(try size(unread, "kernel-stacks") == kb(16_000))
        #expect(unread.bucket("vmalloc") == nil)
        let reason = try #require(unread.unknown.first { $0.id == "vmalloc" }).reason
        #expect(reason.hasPrefix("VmallocUsed is printed as 0 by kernels 4.4 to 5.2, and no permission"))
        #expect(reason.hasSuffix("vmalloc memory is inside unexplained"))
        // quietMeminfoKB leaves 10,000 kB unexplained; the 24,000 kB of vmalloc beside the stacks join it.
        #expect(try size(unread, "unexplained") == kb(10_000 + 24_000))

        // Σ pages= of 40,000 kB holds the vmalloc'd stacks (CONFIG_VMAP_STACK) and 24,000 kB more.
        snapshot.linux?.vmallocinfo = VmallocSum(bytes: 40_000 * 1024, areas: 1_200)
        let read = try Ledger.of(snapshot)
        #expect(try size(read, "vmalloc") == kb(24_000))
        #expect(read.bucket("vmalloc")?.source.hasPrefix("Σ pages= in /proc/vmallocinfo × page size") == true)
        #expect(try size(read, "unexplained") == kb(10_000))
    }

    @Test("A modern kernel's VmallocUsed below KernelStack cannot hold the stacks: they are counted apart")
    func vmallocBelowStacks() throws {
        let ledger = try Ledger.of(SampleSnapshots.linux(meminfoKB: SampleSnapshots.meminfo(["VmallocUsed": 0])))
        #expect(try size(ledger, "kernel-stacks") == kb(16_000))
        #expect(try size(ledger, "vmalloc") == .zero)
        #expect(ledger.notes.contains { $0.contains("cannot contain the stacks") })
    }

    @Test("Unknown per-CPU first chunk: Percpu whole, with a note")
    func percpuUnknown() throws {
        let ledger = try Ledger.of(SampleSnapshots.linux(percpuFirstChunkBytes: nil))
        #expect(try size(ledger, "percpu") == kb(3_000))
        #expect(ledger.bucket("percpu")?.note?.contains("first chunk") == true)
        #expect(ledger.bucket("percpu-first-chunk") == nil)
    }

    @Test("A DMI table smaller than MemTotal is not believed")
    func fictionalDMI() throws {
        let installed = InstalledFacts(
            dmiBytes: 1 << 30,
            dmiDevices: 1,
            memoryBlockBytes: 128 << 20,
            memoryBlocksOnline: 64
        )
        let ledger = try Ledger.of(SampleSnapshots.linux(installed: installed))
        #expect(ledger.installed?.method == .memoryBlocks)
        let real = InstalledFacts(dmiBytes: 8 << 30, dmiDevices: 2, memoryBlockBytes: 128 << 20, memoryBlocksOnline: 64)
        let fromDMI = try Ledger.of(SampleSnapshots.linux(installed: real))
        #expect(fromDMI.installed?.method == .dmi)
        #expect(fromDMI.installed?.isEstimate == false)
    }

    @Test("Offline memory blocks are reserved, not hidden")
    func offlineBlocks() throws {
        let installed = InstalledFacts(memoryBlockBytes: 128 << 20, memoryBlocksOnline: 64, memoryBlocksOffline: 8)
        let ledger = try Ledger.of(SampleSnapshots.linux(installed: installed))
        #expect(ledger.installed?.bytes == ByteCount(bytes: 72 * 128 << 20))
        #expect(try size(ledger, "offline-memory") == ByteCount(bytes: 8 * 128 << 20))
    }

    @Test("Hugepage pools from sysfs: used and free across sizes")
    func hugepages() throws {
        let pools = [
            HugepagePool(pageBytes: 2 << 20, total: 100, free: 40, reserved: 10, surplus: 0),
            HugepagePool(pageBytes: 1 << 30, total: 2, free: 1, reserved: 0, surplus: 0),
        ]
        let meminfo = SampleSnapshots.meminfo(["MemFree": 5_000_000 - 2_301_952, "Hugetlb": 2_301_952])
        let ledger = try Ledger.of(SampleSnapshots.linux(meminfoKB: meminfo, hugepagePools: pools))
        #expect(try size(ledger, "hugepages-used") == ByteCount(bytes: 60 * 2 << 20 + 1 << 30))
        #expect(try size(ledger, "hugepages-free") == ByteCount(bytes: 40 * 2 << 20 + 1 << 30))
        #expect(ledger.notes.isEmpty)
    }

    @Test("zsmalloc holds both zswap and zram: zram is what zswap does not explain")
    func compressed() throws {
        let meminfo = SampleSnapshots.meminfo(["Zswap": 40_000, "MemFree": 4_900_000])
        let vmstat: [String: Int64] = ["nr_isolated_anon": 0, "nr_isolated_file": 0, "nr_zspages": 25_000]
        let ledger = try Ledger.of(SampleSnapshots.linux(meminfoKB: meminfo, vmstat: vmstat))
        #expect(try size(ledger, "zswap") == kb(40_000))
        #expect(try size(ledger, "zram") == kb(100_000 - 40_000))
        #expect(ledger.totals.compressed == kb(100_000))
    }

    @Test("Without vmstat and zoneinfo, the buckets that need them are unknown, not zero")
    func missingFiles() throws {
        let ledger = try Ledger.of(SampleSnapshots.linux(vmstat: nil, zones: nil))
        #expect(ledger.bucket("free-percpu") == nil)
        #expect(ledger.bucket("isolated") == nil)
        #expect(ledger.unknown.map(\.id) == ["free-percpu"])
        #expect(ledger.buckets.map(\.bytes).sum() == kb(8_000_000))
    }
}
