import Testing
import WiredCore
import WiredLinux
import WiredTestSupport

/// Ledgers of trees captured on this machine under real conditions (`Scripts/make-fixtures.sh`).
///
/// Expected bytes were computed from each tree's files by a separate script written from
/// `docs/linux.md` §2.1 (not from this code), and the interesting ones checked by hand below.
@Suite("Ledgers of captured trees")
struct FixtureLedgerTests {
    static let expected: [String: [String: Int64]] = [
        "vm-6.18-idle": [
            "free": 24_257_671_168, "free-percpu": 95_911_936, "file-clean": 771_575_808, "file-dirty": 9_687_040,
            "app": 2_891_776, "shmem": 2_891_776, "swap-cache": 0, "mlocked": 9_584_640, "unevictable": 1_093_632,
            "isolated": 0, "slab-reclaimable": 70_144_000, "kernel-reclaimable": 0,
            "slab-unreclaimable": 23_461_888, "page-tables": 1_609_728, "sec-page-tables": 0,
            "kernel-stacks": 1_388_544, "vmalloc": 13_139_968, "percpu": 245_760, "hugepages-used": 0,
            "hugepages-free": 0, "zswap": 0, "zram": 0, "balloon": 0, "unexplained": 15_212_544,
        ],
        "vm-6.18-swapfile-zswap": [
            "free": 23_815_131_136, "free-percpu": 78_348_288, "file-clean": 765_587_456, "file-dirty": 10_743_808,
            "app": 263_528_448, "shmem": 9_068_544, "swap-cache": 311_296, "mlocked": 9_584_640,
            "unevictable": 1_093_632, "isolated": 0, "slab-reclaimable": 70_537_216, "kernel-reclaimable": 0,
            "slab-unreclaimable": 27_910_144, "page-tables": 2_781_184, "sec-page-tables": 0,
            "kernel-stacks": 1_437_696, "vmalloc": 13_893_632, "percpu": 245_760, "hugepages-used": 0,
            "hugepages-free": 0, "zswap": 189_698_048, "zram": 0, "balloon": 0, "unexplained": 16_609_280,
        ],
        "vm-6.18-zram-swap": [
            "free": 23_790_055_424, "free-percpu": 107_859_968, "file-clean": 759_840_768, "file-dirty": 11_780_096,
            "app": 264_237_056, "shmem": 9_068_544, "swap-cache": 0, "mlocked": 9_584_640, "unevictable": 1_093_632,
            "isolated": 0, "slab-reclaimable": 70_066_176, "kernel-reclaimable": 0,
            "slab-unreclaimable": 24_379_392, "page-tables": 2_789_376, "sec-page-tables": 0,
            "kernel-stacks": 1_437_696, "vmalloc": 18_120_704, "percpu": 245_760, "hugepages-used": 0,
            "hugepages-free": 0, "zswap": 0, "zram": 190_091_264, "balloon": 0, "unexplained": 15_859_712,
        ],
        "vm-6.18-hugepages": [
            "free": 23_107_735_552, "free-percpu": 193_159_168, "file-clean": 754_671_616, "file-dirty": 3_969_024,
            "app": 3_491_840, "shmem": 3_491_840, "swap-cache": 0, "mlocked": 9_584_640, "unevictable": 1_052_672,
            "isolated": 0, "slab-reclaimable": 70_062_080, "kernel-reclaimable": 0,
            "slab-unreclaimable": 23_494_656, "page-tables": 1_753_088, "sec-page-tables": 0,
            "kernel-stacks": 1_437_696, "vmalloc": 13_123_584, "percpu": 245_760, "hugepages-used": 209_715_200,
            "hugepages-free": 864_026_624, "zswap": 0, "zram": 0, "balloon": 0, "unexplained": 15_495_168,
        ],
        "vm-6.18-mlock-1g": [
            "free": 23_210_405_888, "free-percpu": 94_437_376, "file-clean": 746_303_488, "file-dirty": 6_107_136,
            "app": 3_440_640, "shmem": 3_440_640, "swap-cache": 0, "mlocked": 1_083_326_464, "unevictable": 1_093_632,
            "isolated": 0, "slab-reclaimable": 69_976_064, "kernel-reclaimable": 0,
            "slab-unreclaimable": 23_547_904, "page-tables": 3_850_240, "sec-page-tables": 0,
            "kernel-stacks": 1_437_696, "vmalloc": 13_123_584, "percpu": 245_760, "hugepages-used": 0,
            "hugepages-free": 0, "zswap": 0, "zram": 0, "balloon": 0, "unexplained": 15_773_696,
        ],
    ]

    /// The size of bucket `id`, failing the test when the ledger has no such bucket.
    func size(_ ledger: Ledger, _ id: String) throws -> Int64 {
        try #require(ledger.bucket(BucketID(id)), "no bucket \(id)").bytes.bytes
    }

    static func ledger(_ fixture: String) throws -> (Snapshot, Ledger) {
        let snapshot = LinuxReader(root: Fixtures.linux(fixture)).readSystem()
        return (snapshot, try Ledger.of(snapshot))
    }

    @Test("Every bucket has the hand-computed size", arguments: Fixtures.capturedLinuxTrees)
    func bucketsMatch(fixture: String) throws {
        let (_, ledger) = try Self.ledger(fixture)
        let expected = try #require(Self.expected[fixture])
        #expect(Set(ledger.buckets.map(\.id.rawValue)) == Set(expected.keys))
        for bucket in ledger.buckets {
            #expect(bucket.bytes.bytes == expected[bucket.id.rawValue], "\(fixture) \(bucket.id)")
        }
    }

    @Test(
        "Buckets plus the unexplained line equal MemTotal exactly",
        arguments: Fixtures.capturedLinuxTrees + ["old-kernel-edited"]
    )
    func partitionIsExact(fixture: String) throws {
        let (_, ledger) = try Self.ledger(fixture)
        #expect(ledger.memTotal.bytes == 24_684_092 * 1024)
        #expect(ledger.buckets.map(\.bytes).sum() == ledger.memTotal)
        #expect(ledger.buckets.last?.id == "unexplained")
        // The class totals partition MemTotal too.
        let t = ledger.totals
        #expect(t.free + t.reclaimable + t.compressed + t.unswappable + t.wired + t.unexplained == ledger.memTotal)
        #expect(t.wired == ledger.wired.total)
    }

    @Test("The unexplained line is under 1% of MemTotal", arguments: Fixtures.capturedLinuxTrees)
    func unexplainedIsSmall(fixture: String) throws {
        let (_, ledger) = try Self.ledger(fixture)
        let unexplained = try #require(ledger.bucket("unexplained")).bytes.bytes
        #expect(unexplained >= 0)
        #expect(Double(unexplained) < 0.01 * Double(ledger.memTotal.bytes))
    }

    @Test("Captured trees read without problems but the absent DMI table", arguments: Fixtures.capturedLinuxTrees)
    func readsCleanly(fixture: String) throws {
        let (snapshot, _) = try Self.ledger(fixture)
        #expect(snapshot.problems.map(\.source) == [Fixtures.linux(fixture) + "/sys/firmware/dmi/tables/DMI"])
        #expect(snapshot.meta.pageSize == 4096)
        #expect(snapshot.meta.pageSizeSource == "capture record (wired-capture.txt)")
        #expect(snapshot.meta.arch == "x86_64")
        #expect(snapshot.meta.kernel == "6.18.44-fc-v657")
    }

    @Test("Installed RAM: 192 memory blocks of 128 MiB, and what boot reserved")
    func installedAndReserved() throws {
        let (_, ledger) = try Self.ledger("vm-6.18-idle")
        let installed = try #require(ledger.installed)
        #expect(installed.bytes.bytes == 192 * 128 << 20)
        #expect(installed.method == .memoryBlocks)
        #expect(installed.isEstimate)
        // Firmware map: System RAM 0–0x9fbff, 0x100000–0xbfffffff, 0x100000000–0x63fffffff.
        let firmwareRAM: Int64 = 0x9FC00 + (0xC000_0000 - 0x10_0000) + (0x6_4000_0000 - 0x1_0000_0000)
        #expect(try size(ledger, "firmware") == 24 << 30 - firmwareRAM)
        #expect(try size(ledger, "memmap-boot") == 98_304 * 4096)
        // "percpu: Embedded 53 pages/cpu" × 2 possible CPUs × 4 KiB.
        #expect(try size(ledger, "percpu-first-chunk") == 53 * 2 * 4096)
        #expect(ledger.reserved.map(\.bytes).sum() + ledger.memTotal == installed.bytes)
        #expect(try #require(ledger.bucket("kernel-boot")).bytes.bytes > 0)
    }

    @Test("Used as free(1) and as htop show it")
    func translation() throws {
        let (_, ledger) = try Self.ledger("vm-6.18-idle")
        // MemTotal 24,684,092 − MemAvailable 24,275,556 kB.
        #expect(ledger.translation.usedAsFree.bytes == (24_684_092 - 24_275_556) * 1024)
        // MemTotal − MemFree 23,689,132 − Buffers 8,008 − Cached 763,796 − SReclaimable 68,500 kB.
        #expect(
            try #require(ledger.translation.usedAsHtop).bytes == (24_684_092 - 23_689_132 - 8_008 - 763_796 - 68_500)
                * 1024
        )
        #expect(ledger.translation.available.bytes == 24_275_556 * 1024)
    }

    @Test("No swap: app and shared memory are unswappable, not wired: they have nowhere to go but nothing pins them")
    func noSwapIsUnswappable() throws {
        let (_, ledger) = try Self.ledger("vm-6.18-idle")
        #expect(ledger.bucket("app")?.memoryClass == .unswappable)
        #expect(ledger.bucket("shmem")?.memoryClass == .unswappable)
        #expect(ledger.bucket("app")?.wiredKind == nil)
        #expect(ledger.totals.unswappable.bytes == 2_891_776 * 2)
        #expect(ledger.wired.total == ledger.wired.kernel + ledger.wired.user)
        // Kernel: SUnreclaim + PageTables + KernelStack + rest of vmalloc + percpu (less its first chunk).
        #expect(ledger.wired.kernel.bytes == 23_461_888 + 1_609_728 + 1_388_544 + 13_139_968 + 245_760)
        #expect(ledger.wired.user.bytes == 9_584_640 + 1_093_632)
    }

    @Test("With swap, anonymous memory is reclaimable; zswap and zram are compressed")
    func swapMakesAnonReclaimable() throws {
        let (_, zswap) = try Self.ledger("vm-6.18-swapfile-zswap")
        #expect(zswap.bucket("app")?.memoryClass == .reclaimable)
        #expect(zswap.totals.unswappable == .zero)
        // Zswap 185,252 kB in meminfo = nr_zspages 46,313 × 4 KiB.
        #expect(try size(zswap, "zswap") == 185_252 * 1024)
        #expect(zswap.totals.compressed.bytes == 46_313 * 4096)
        let (_, zram) = try Self.ledger("vm-6.18-zram-swap")
        // nr_zspages 46,409 × 4 KiB, no zswap: all of it is zram.
        #expect(try size(zram, "zram") == 46_409 * 4096)
        #expect(zram.bucket("zram")?.memoryClass == .compressed)
    }

    @Test("A 512-page hugepage pool with 100 pages mapped is wired, used and free")
    func hugepagePool() throws {
        let (snapshot, ledger) = try Self.ledger("vm-6.18-hugepages")
        let pools = try #require(snapshot.linux?.hugepagePools)
        let pool = try #require(pools.first { $0.pageBytes == 2 << 20 })
        #expect(pool.total == 512)
        #expect(pool.free == 412)
        #expect(try size(ledger, "hugepages-used") == 100 * 2 << 20)
        #expect(try size(ledger, "hugepages-free") == 412 * 2 << 20)
        #expect(ledger.wired.user.bytes == 1 << 30 + 9_584_640 + 1_052_672)
    }

    @Test("1 GiB mlocked shows in the mlocked bucket and the wired total")
    func mlockedGigabyte() throws {
        let (_, idle) = try Self.ledger("vm-6.18-idle")
        let (_, locked) = try Self.ledger("vm-6.18-mlock-1g")
        let mlocked =
            try #require(locked.bucket("mlocked")).bytes.bytes - (try #require(idle.bucket("mlocked"))).bytes.bytes
        #expect(mlocked == (1_057_936 - 9_360) * 1024)  // Mlocked grew by 1,048,576 kB: exactly 1 GiB
        let wiredGrowth = locked.wired.total.bytes - idle.wired.total.bytes
        #expect(abs(Double(wiredGrowth) / Double(1 << 30) - 1) < 0.03)
    }

    @Test("The edited old-kernel tree: missing fields are named, not shown as zero")
    func oldKernel() throws {
        let (snapshot, ledger) = try Self.ledger("old-kernel-edited")
        #expect(snapshot.meta.kernel == "3.10.0-wired-edit")
        #expect(snapshot.linux?.vmapStack?.enabled == false)
        #expect(snapshot.linux?.vmapStack?.source == "/boot/config-3.10.0-wired-edit")
        // No vmalloc'd stacks: KernelStack apart. Before 4.4 VmallocUsed counts address space, and the tree has
        // no /proc/vmallocinfo: vmalloc is unknown, its reason named, its 12,832 kB inside unexplained.
        #expect(try size(ledger, "kernel-stacks") == 1_356 * 1024)
        #expect(ledger.bucket("vmalloc") == nil)
        #expect(ledger.unknown.map(\.id) == ["vmalloc", "percpu"])
        let vmalloc = try #require(ledger.unknown.first).reason
        #expect(vmalloc.contains("counts address space before 4.4"))
        #expect(vmalloc.contains("/proc/vmallocinfo is not in the captured tree"))
        #expect(ledger.bucket("percpu") == nil)
        #expect(ledger.bucket("kernel-reclaimable") == nil)
        #expect(ledger.bucket("sec-page-tables") == nil)
        #expect(ledger.bucket("zswap") == nil)
        #expect(ledger.bucket("zram") == nil)  // neither nr_zspages nor a configured zram device
        #expect(ledger.notes.contains { $0.contains("KReclaimable") })
        #expect(ledger.notes.contains { $0.contains("no MemAvailable") })
        #expect(snapshot.problems.contains { $0.source.hasSuffix("/proc/pressure/memory") && $0.kind == .missing })
        // Memmap boot pages are not reported: the whole gap is "kernel image and other".
        #expect(ledger.bucket("memmap-boot") == nil)
        // MemAvailable recomputed the kernel's way from zoneinfo: Σ low = 57 + 11,665 + 9,396 + 32 = 21,150 pages
        // (84,600 kB); totalreserve = 3,840 + 16,430 + 11,275 = 31,545 pages (126,180 kB);
        // 23,689,132 − 126,180 + (762,952 − 84,600) + (68,500 − 34,250) = 24,275,554 kB. The kernel printed
        // 24,275,556 kB before the line was removed: it rounds in pages.
        #expect(ledger.translation.availableSource.hasPrefix("the kernel's MemAvailable formula"))
        #expect(ledger.translation.available.bytes == 24_275_554 * 1024)
    }
}
