import Testing
import WiredCore
import WiredLinux
import WiredTestSupport

/// Ledgers of the trees of issue 11's old and unusual kernels (`Scripts/make-old-kernel-fixtures.py`).
///
/// Each expected figure is the truth in the tree's README.md, in kB, which the script derives from the
/// machine's numbers and checks adds up to MemTotal; it was not taken from this code's output.
@Suite("Old and unusual kernels: the trees' truths")
struct OldKernelFixtureTests {
    static func ledger(_ tree: String) throws -> (Snapshot, Ledger) {
        var snapshot = LinuxReader(root: Fixtures.linux(tree)).readSystem()
        SnapshotValidation.check(&snapshot)
        return (snapshot, try Ledger.of(snapshot))
    }

    func kb(_ ledger: Ledger, _ id: String) throws -> Int64 {
        let bucket = try #require(ledger.bucket(BucketID(id)), "no bucket \(id)")
        #expect(bucket.bytes.bytes % 1024 == 0)
        return bucket.bytes.bytes / 1024
    }

    @Test("Before 4.4 VmallocUsed is address space: vmalloc is Σ pages= of vmallocinfo, and says so")
    func vmallocBefore44() throws {
        // (tree, Σ pages= in kB, VmallocUsed in kB, unexplained in kB)
        let cases: [(String, Int64, Int64, Int64)] = [
            ("ubuntu-3.2-x86_64", 16_860, 18_260, 9_752), ("android-3.4-armv7", 2_828, 33_628, 48_768),
            ("router-4.1-mips", 1_176, 264_648, 2_912),
        ]
        for (tree, pages, used, unexplained) in cases {
            let (snapshot, ledger) = try Self.ledger(tree)
            #expect(snapshot.linux?.meminfo?["VmallocUsed"] == used * 1024, "\(tree)")
            #expect(try kb(ledger, "vmalloc") == pages, "\(tree)")
            let source = try #require(ledger.bucket("vmalloc")).source
            #expect(source.hasPrefix("Σ pages= in /proc/vmallocinfo × page size (VmallocUsed"), "\(tree)")
            #expect(source.contains("counts address space before 4.4"), "\(tree)")
            #expect(try kb(ledger, "unexplained") == unexplained, "\(tree)")
        }
    }

    @Test("4.4 to 5.2 print VmallocUsed 0: Σ pages= of vmallocinfo, less the stacks where they are vmalloc'd")
    func vmallocPrintedAsZero() throws {
        let (board, boardLedger) = try Self.ledger("armboard-4.4-aarch64")
        // arm64 got CONFIG_VMAP_STACK in 4.14: the default for a 4.4 board without a config is off.
        #expect(
            board.linux?.vmapStack
                == KernelConfigFact(enabled: false, source: "no kernel config readable; default for aarch64 4.4")
        )
        #expect(try kb(boardLedger, "vmalloc") == 45_424)
        #expect(try kb(boardLedger, "kernel-stacks") == 2_416)
        #expect(try kb(boardLedger, "unexplained") == 11_168)
        #expect(boardLedger.bucket("vmalloc")?.source.contains("printed as 0 by kernels 4.4 to 5.2") == true)

        let (_, rhel) = try Self.ledger("rhel8-4.18-hyperv")
        #expect(try kb(rhel, "kernel-stacks") == 2_592)
        #expect(try kb(rhel, "vmalloc") == 21_644 - 2_592)
        #expect(try kb(rhel, "percpu") == 960)
        #expect(try kb(rhel, "unexplained") == 5_355_520)
    }

    @Test("vmallocinfo read once: left to the owners reading, the ledger still gets its Σ pages")
    func vmallocinfoShared() throws {
        let full = Fixtures.fullSnapshot("rhel8-4.18-hyperv")
        #expect(full.linux?.vmallocinfo == VmallocSum(bytes: 21_644 * 1024, areas: 218))
        #expect(try kb(try Ledger.of(full), "vmalloc") == 19_052)
        // Without the owners reading and without the file, the reason replaces the figure.
        var facts = try #require(full.linux)
        facts.vmallocinfo = nil
        facts.adoptVmallocinfo(
            callers: nil,
            checks: ["vmalloc callers are not named: no permission to read /proc/vmallocinfo (root only)"],
            release: full.meta.kernel
        )
        #expect(facts.vmallocinfoMissing == "no permission to read /proc/vmallocinfo (root only)")
        var unread = full
        unread.linux = facts
        let ledger = try Ledger.of(unread)
        #expect(ledger.bucket("vmalloc") == nil)
        let reason = try #require(ledger.unknown.first { $0.id == "vmalloc" }).reason
        #expect(
            reason
                == "VmallocUsed is printed as 0 by kernels 4.4 to 5.2, and no permission to read /proc/vmallocinfo (root only); vmalloc memory is inside unexplained"
        )
        // A 5.3+ kernel's VmallocUsed is RAM: the system reading does not read vmallocinfo at all.
        #expect(LinuxReader(root: Fixtures.linux("debian11-5.10-x86_64")).readSystem().linux?.vmallocinfo == nil)
    }

    @Test("zoneinfo without managed (before 3.8): zones kept, per-CPU pages counted, Σ present installed")
    func zonesWithoutManaged() throws {
        // (tree, zones, per-CPU free kB, Σ present kB, MemAvailable by the 3.14 formula kB)
        let cases: [(String, Int, Int64, Int64, Int64)] = [
            ("ubuntu-3.2-x86_64", 3, 1_644, 4_120_060, 2_592_868),
            ("android-3.4-armv7", 2, 2_696, 1_917_248, 1_242_100),
        ]
        for (tree, count, pcp, present, available) in cases {
            let (snapshot, ledger) = try Self.ledger(tree)
            let zones = try #require(snapshot.linux?.zones)
            #expect(zones.count == count, "\(tree)")
            #expect(zones.allSatisfy { $0.managed == nil }, "\(tree)")
            #expect(!snapshot.problems.contains { $0.source.hasSuffix("/proc/zoneinfo") }, "\(tree)")
            #expect(try kb(ledger, "free-percpu") == pcp, "\(tree)")
            #expect(Checked.saturatingSum(zones.map(\.present)) * 4 == present, "\(tree)")
            #expect(ledger.translation.available.bytes == available * 1024, "\(tree)")
        }
        // The phone has no memory blocks, firmware map or DMI: Σ present is the installed estimate.
        let (_, phone) = try Self.ledger("android-3.4-armv7")
        let installed = try #require(phone.installed)
        #expect(installed.method == .zonePresent)
        #expect(installed.bytes.bytes == 1_917_248 * 1024)
        #expect(installed.source.contains("before 3.8 present leaves out the struct page array"))
        #expect(phone.reserved.map(\.bytes).sum().bytes == (1_917_248 - 1_901_040) * 1024)
    }

    @Test("Kernel stacks: 8 KiB on 3.2 x86_64, armv7 and MIPS, 16 KiB elsewhere, with the source of the size")
    func stackSizes() throws {
        let cases: [(String, Int64, String)] = [
            ("ubuntu-3.2-x86_64", 8, "KernelStack ÷ nr_kernel_stack in /proc/vmstat (a count of stacks before 4.8)"),
            ("android-3.4-armv7", 8, "KernelStack ÷ nr_kernel_stack in /proc/vmstat (a count of stacks before 4.8)"),
            ("router-4.1-mips", 8, "KernelStack ÷ nr_kernel_stack in /proc/vmstat (a count of stacks before 4.8)"),
            (
                "armboard-4.4-aarch64", 16,
                "KernelStack ÷ nr_kernel_stack in /proc/vmstat (a count of stacks before 4.8)"
            ),
            ("rhel8-4.18-hyperv", 16, "KernelStack ÷ 162 stacks (161 threads in /proc/*/status + 1 idle task)"),
            ("debian11-5.10-x86_64", 16, "KernelStack ÷ 356 stacks (349 threads in /proc/*/status + 7 idle tasks)"),
            ("zfs-arc", 16, "KernelStack ÷ 166 stacks (159 threads in /proc/*/status + 7 idle tasks)"),
        ]
        for (tree, size, source) in cases {
            let snapshot = Fixtures.fullSnapshot(tree)
            let stack = KernelStackSize.of(snapshot)
            #expect(stack.bytes == .kibibytes(size), "\(tree)")
            #expect(stack.source == source, "\(tree)")
            let scan = try #require(snapshot.processes)
            let summary = ProcessTable.summary(scan, costs: ProcessCosts(snapshot))
            #expect(summary.stackSize == .kibibytes(size))
            #expect(summary.stackSizeSource == source)
            // User and kernel threads plus the idle tasks hold exactly KernelStack.
            let idle = KernelStackSize.idleTasks(snapshot.linux)
            let all = summary.kernelStacks + summary.kernelThreadStacks + stack.bytes * Int64(idle)
            #expect(all.bytes == snapshot.linux?.meminfo?["KernelStack"], "\(tree)")
        }
        // Without processes, a 5.x kernel's nr_kernel_stack is KiB: /proc/loadavg, else the table.
        var bare = LinuxReader(root: Fixtures.linux("debian11-5.10-x86_64")).readSystem()
        #expect(KernelStackSize.of(bare).source == "THREAD_SIZE of x86_64 since 3.15 (16 KiB)")
        bare.linux?.tasks = 349
        #expect(
            KernelStackSize.of(bare).source == "KernelStack ÷ 356 stacks (349 tasks in /proc/loadavg + 7 idle tasks)"
        )
        #expect(KernelStackSize.table(arch: "x86_64", release: "3.2.0-126-generic").bytes == .kibibytes(8))
    }

    @Test("The owners' kernel-stack nodes add up to KernelStack with nothing left over")
    func stackOwners() throws {
        for tree in ["ubuntu-3.2-x86_64", "android-3.4-armv7", "rhel8-4.18-hyperv", "nvidia-gpu"] {
            let snapshot = Fixtures.fullSnapshot(tree)
            let report = OwnerTree.build(snapshot, ledger: try Ledger.of(snapshot))
            let stacks = try #require(report.tree.find("kernel-stacks"))
            #expect(stacks.isConsistent, "\(tree)")
            #expect(
                !stacks.children.contains { $0.id == "kernel-stacks/rest" },
                "\(tree): \(stacks.children.map(\.name))"
            )
        }
    }

    @Test("Missing from a capture is not missing from the kernel: hugepages from meminfo, 'not in the captured tree'")
    func notCaptured() throws {
        let (snapshot, ledger) = try Self.ledger("centos9-5.14-x86_64")
        let hugepages = try #require(snapshot.problems.first { $0.source.hasSuffix("/sys/kernel/mm/hugepages") })
        #expect(
            hugepages.message
                == "not in the captured tree: not copied, or the kernel has no HugeTLB support; the default pool is taken from HugePages_* in /proc/meminfo"
        )
        #expect(!snapshot.problems.contains { $0.message.contains("this kernel has no HugeTLB support") })
        // 512 × 2 MiB, 40 free.
        #expect(try kb(ledger, "hugepages-used") + kb(ledger, "hugepages-free") == 1_048_576)
        #expect(try kb(ledger, "hugepages-free") == 40 * 2048)
        let owners = LinuxReader(root: Fixtures.linux("centos9-5.14-x86_64")).readOwners(openFiles: nil, pageSize: 4096)
        let sysv = try #require(owners.1.first { $0.source.hasSuffix("/proc/sysvipc/shm") })
        #expect(sysv.message == "not in the captured tree: not copied, or no SysV IPC in this kernel")
    }

    @Test(
        "Slab reclaimability by the kernel's flags: the caches add up to SReclaimable and SUnreclaim",
        arguments: [
            // (tree, SReclaimable kB, SUnreclaim kB, large kmalloc kB in no cache)
            ("ubuntu-3.2-x86_64", 302_996, 35_632, 0), ("armboard-4.4-aarch64", 109_252, 44_620, 0),
            ("rhel8-4.18-hyperv", 194_212, 86_492, 0), ("debian11-5.10-x86_64", 315_172, 160_576, 6_144),
            ("centos9-5.14-x86_64", 260_912, 158_528, 4_096), ("zfs-arc", 184_612, 1_065_224, 8_192),
            ("nvidia-gpu", 315_172, 173_640, 12_288),
        ] as [(String, Int64, Int64, Int64)]
    )
    func slabFlags(tree: String, reclaimable: Int64, unreclaimable: Int64, large: Int64) throws {
        let snapshot = Fixtures.fullSnapshot(tree)
        let ledger = try Ledger.of(snapshot)
        #expect(try kb(ledger, "slab-reclaimable") == reclaimable)
        #expect(try kb(ledger, "slab-unreclaimable") == unreclaimable)
        let caches = try #require(snapshot.owners?.slabCaches)
        let flagged = caches.filter { $0.reclaimable == true }.map(\.bytes).reduce(0, +)
        let others = caches.filter { $0.reclaimable == false }.map(\.bytes).reduce(0, +)
        #expect(flagged == reclaimable * 1024)
        #expect(others == (unreclaimable - large) * 1024)
        let report = OwnerTree.build(snapshot, ledger: ledger)
        let unreclaimableNode = try #require(report.tree.find("slab-unreclaimable"))
        let rest = unreclaimableNode.children.first { $0.id == "slab-unreclaimable/rest" }
        if large > 0 {
            #expect(rest?.name == "large kmalloc allocations (in no cache)")
            #expect(rest?.bytes == .kibibytes(large))
        } else {
            #expect(rest == nil, "\(tree): no large kmalloc is counted in Slab before 5.5")
        }
        #expect(report.tree.find("slab-reclaimable/rest") == nil)
        // Named by the kernel's flags, not by the look of the name.
        for cache in caches where ["shmem_inode_cache", "lsm_inode_cache", "mqueue_inode_cache"].contains(cache.name) {
            #expect(cache.reclaimable == false, "\(cache.name)")
        }
        for cache in caches
        where ["ext4_extent_status", "mbcache", "jbd2_journal_head", "ext4_io_end"].contains(cache.name) {
            #expect(cache.reclaimable == true, "\(cache.name)")
        }
        #expect(snapshot.owners?.checks.contains { $0.contains("SLAB_RECLAIM_ACCOUNT flags") } == true)
    }

    @Test("The kernel's own flag wins over the table where /sys/kernel/slab has it")
    func sysfsFlagWins() throws {
        let snapshot = Fixtures.fullSnapshot("vm-6.18-owners")
        let caches = try #require(snapshot.owners?.slabCaches)
        // 6.18 merges caches with compatible flags: bio_post_read_ctx shares a reclaimable cache there.
        #expect(caches.first { $0.name == "bio_post_read_ctx" }?.reclaimable == true)
        #expect(caches.first { $0.name == "shmem_inode_cache" }?.reclaimable == false)
        #expect(SlabFlags.isReclaimable("xfs_ili", release: "4.18.0-193.el8") == false)
        #expect(SlabFlags.isReclaimable("xfs_ili", release: "5.14.0-80.el9") == true)
        #expect(SlabFlags.isReclaimable("jbd2_inode", release: "5.10.0") == false)
        #expect(SlabFlags.isReclaimable("zfs_znode_cache", release: "5.15.0") == false)
    }
}
