import Testing
import WiredCore
import WiredLinux
import WiredTestSupport

/// `wired owners` on a tree captured under real conditions and on a hand-made cgroup v2 / GPU / VM tree.
@Suite("Owners of captured and synthetic trees")
struct OwnerFixtureTests {
    static func report(_ fixture: String) throws -> (Snapshot, OwnersReport) {
        let snapshot = Fixtures.fullSnapshot(fixture)
        return (snapshot, OwnerTree.build(snapshot, ledger: try Ledger.of(snapshot)))
    }

    func node(_ report: OwnersReport, _ id: String) throws -> OwnerNode {
        try #require(report.tree.find(id), "no node \(id)")
    }

    func child(_ node: OwnerNode, named name: String) throws -> OwnerNode {
        try #require(
            node.children.first { $0.name == name },
            "\(node.id) has no child \(name): \(node.children.map(\.name))"
        )
    }

    @Test(
        "Every level adds up to its parent exactly",
        arguments: ["vm-6.18-owners", "synthetic-owners-v2", "vm-6.18-idle"]
    )
    func consistent(fixture: String) throws {
        let (_, report) = try Self.report(fixture)
        #expect(report.tree.isConsistent)
        #expect(report.deviceMemory.allSatisfy { $0.children.isEmpty || $0.isConsistent })
    }

    /// Every Linux fixture tree.
    static let allTrees = [
        "android-3.4-armv7", "armboard-4.4-aarch64", "centos9-5.14-x86_64", "contradictory-lxcfs",
        "debian11-5.10-x86_64", "nvidia-gpu", "old-kernel-edited", "rhel8-4.18-hyperv", "router-4.1-mips",
        "synthetic-owners-v2", "ubuntu-3.2-x86_64", "vm-6.18-hugepages", "vm-6.18-idle", "vm-6.18-mlock-1g",
        "vm-6.18-owners", "vm-6.18-pressure-calm", "vm-6.18-pressure-oom", "vm-6.18-pressure-swapping",
        "vm-6.18-pressure-thrashing", "vm-6.18-processes", "vm-6.18-swapfile-zswap", "vm-6.18-zram-swap", "zfs-arc",
    ]

    /// Every Linux fixture tree, router-4.1-mips included: before 4.4 vmalloc comes from /proc/vmallocinfo, not
    /// VmallocUsed (address space, bigger than its RAM).
    @Test("No owner outweighs the node it is in, in any fixture tree", arguments: allTrees)
    func noOwnerOutweighsItsParent(fixture: String) throws {
        let (_, report) = try Self.report(fixture)
        #expect(report.tree.outweighed.isEmpty, "\(report.tree.outweighed)")
        #expect(report.tree.isConsistent)
    }

    @Test("Captured: the 150 MiB tmpfs file and the 64 MiB SysV segment explain shared memory")
    func sharedMemory() throws {
        let (snapshot, report) = try Self.report("vm-6.18-owners")
        let shmem = try node(report, "shmem")
        let mount = try child(shmem, named: "tmpfs /tmp/wired-fixture-tmpfs")
        #expect(mount.bytes == ByteCount(bytes: 157_286_400))
        #expect(mount.kind == .mount)
        let segments = try #require(snapshot.owners?.sysvSegments)
        #expect(segments.count == 1)
        let segment = try #require(shmem.children.first { $0.kind == .segment })
        #expect(segment.bytes == .mebibytes(64))
        #expect(segment.name.contains("created by pid 26270"))
    }

    @Test("Captured: the process in memory cgroup /wired-owners, the mlocked 64 MiB, the hugepage user")
    func processes() throws {
        let (_, report) = try Self.report("vm-6.18-owners")
        let service = try node(report, "app/wired-owners")
        #expect(service.kind == .service)
        #expect(service.children.map(\.name) == ["in-cgroup (pid 26275)"])
        // Its 103,092 KiB of anonymous PSS is more than the app bucket (102,212 KiB: the anonymous lists less all
        // of Shmem, the tree holding no smaps to show which locked pages are shared): held to the bucket, and
        // the detail says what was measured.
        #expect(service.bytes == .kibibytes(102_212))
        #expect(service.detail?.contains("101 MiB measured, of which at most 99.8 MiB can be in this bucket") == true)
        #expect(try node(report, "app/pid/26275").bytes == .kibibytes(102_212))
        // locker's own anon less its locked share, in bytes: 66,228 KiB − round(64 MiB × 66,228 / 67,755)
        // = 67,817,472 − 65,596,426 = 2,221,046.
        #expect(try node(report, "app/pid/26280").bytes == ByteCount(bytes: 2_221_046))
        #expect(try node(report, "mlocked/pid/26280").bytes == .kibibytes(65_536))
        #expect(try node(report, "mlocked/pid/26280").wired)
        #expect(try node(report, "hugepages-used/pid/26285").bytes == .kibibytes(32_768))
        let pool = try node(report, "hugepages-free/2097152")
        #expect(pool.bytes == ByteCount(bytes: 48 * 2 << 20))
        #expect(pool.kind == .pool)
    }

    @Test("Captured: slab caches by name and reclaimability, vmalloc callers without stacks, zram")
    func kernel() throws {
        let (snapshot, report) = try Self.report("vm-6.18-owners")
        let ext4 = try node(report, "slab-reclaimable/ext4_inode_cache")
        #expect(ext4.bytes == ByteCount(bytes: 3_356 * 4 * 4096))
        #expect(ext4.detail?.hasPrefix("in-memory inodes of ext4 files") == true)
        let tasks = try node(report, "slab-unreclaimable/task_struct")
        #expect(tasks.bytes == ByteCount(bytes: 33 * 8 * 4096))
        #expect(tasks.wired)
        let caches = try #require(snapshot.owners?.slabCaches)
        #expect(caches.count == 236)
        #expect(try node(report, "slab-unreclaimable").children.last?.name == "large kmalloc allocations (in no cache)")
        let vmalloc = try node(report, "vmalloc")
        #expect(!vmalloc.children.contains { $0.name == "kernel_clone" })
        #expect(vmalloc.children.first?.name == "htab_map_alloc")
        #expect(try node(report, "zram/zram0").bytes == ByteCount(bytes: 53_395_456))
        #expect(report.checks.isEmpty, "\(report.checks)")
    }

    @Test("Synthetic: app memory by service and process, the VM named from -name guest=web1")
    func syntheticApp() throws {
        let (_, report) = try Self.report("synthetic-owners-v2")
        let app = try node(report, "app")
        #expect(app.bytes == .kibibytes(1_600_000))
        let names = app.children.map(\.name)
        #expect(
            names == [
                "machine-qemu-1-web1.scope", "docker 3f2a1b9c8d7e", "nginx.service", "app-firefox.scope",
                "not attributed to a process that could be read",
            ]
        )
        #expect(try node(report, "app/nginx.service").bytes == .kibibytes(400_000))
        let vm = try node(report, "app/pid/701")
        #expect(vm.kind == .vm)
        #expect(vm.name == "virtual machine web1 (pid 701)")
        #expect(app.children.last?.bytes == .kibibytes(100_000))
        let secondary = try node(report, "sec-page-tables")
        #expect(try child(secondary, named: "IOMMU page tables").bytes == .kibibytes(2_560 * 4))
        #expect(try child(secondary, named: "virtual machine web1 (pid 701)").bytes == .kibibytes(40_000 - 10_240))
    }

    @Test("Synthetic: file cache by cgroup from hierarchical v2 memory.stat (each cgroup's own pages)")
    func syntheticFileCache() throws {
        let (_, report) = try Self.report("synthetic-owners-v2")
        let clean = try node(report, "file-clean")
        func size(_ name: String) throws -> ByteCount { try child(clean, named: name).bytes }
        #expect(try size("nginx.service") == .kibibytes(500_000 - 10_000))
        #expect(try size("docker 3f2a1b9c8d7e") == .kibibytes(200_000 - 100_000))
        #expect(try size("app-firefox.scope") == .kibibytes(300_000 - 50_000 - 5_000))
        #expect(try size("the root cgroup") == .kibibytes(200_000 - 1_000))
        #expect(
            try size("not charged to any cgroup")
                == .kibibytes(2_280_000 - 490_000 - 100_000 - 245_000 - 199_000 - 50_000)
        )
        let dirty = try node(report, "file-dirty")
        #expect(try child(dirty, named: "nginx.service").bytes == .kibibytes(10_000))
        #expect(dirty.children.last?.bytes == .kibibytes(20_000 - 10_000 - 5_000 - 1_000))
    }

    @Test("Synthetic: GPU memory in RAM and in VRAM, each client counted once")
    func syntheticGPU() throws {
        let (snapshot, report) = try Self.report("synthetic-owners-v2")
        #expect(snapshot.owners?.drmClients?.count == 3)  // firefox's client on two descriptors counts once
        let gpu = try node(report, "unexplained/gpu/card0")
        #expect(gpu.bytes == .mebibytes(300))
        #expect(gpu.children.map(\.bytes) == [.mebibytes(200), .mebibytes(50), .mebibytes(50)])
        let i915 = try child(try node(report, "shmem"), named: "GPU buffers of Xorg (pid 802) (i915)")
        #expect(i915.bytes == .kibibytes(122_880))
        let vram = try #require(report.deviceMemory.first { $0.id == "vram/card0" })
        #expect(vram.bytes == .mebibytes(1536))
        #expect(vram.children.map(\.bytes) == [.gibibytes(1), .mebibytes(256), .mebibytes(256)])
        // VRAM is not RAM: nothing in the tree holds it.
        #expect(report.tree.find("vram/card0") == nil)
    }

    @Test("Synthetic: services from cgroup v2, with the wired part and pass-through slices folded")
    func syntheticServices() throws {
        let (_, report) = try Self.report("synthetic-owners-v2")
        let nginx = try #require(report.services.first { $0.name == "nginx.service" })
        #expect(nginx.current == .kibibytes(400_000 + 500_000 + 50_000 + 2_000))
        #expect(nginx.anon == .kibibytes(400_000))
        #expect(nginx.kernel == .kibibytes(50_000))
        #expect(nginx.sock == .kibibytes(2_000))
        // No swap: anonymous and shared memory are unswappable, not wired; wired is the kernel memory.
        #expect(nginx.wired == .kibibytes(50_000))
        #expect(nginx.unswappable == .kibibytes(400_000) + nginx.shmem)
        #expect(nginx.processes == 2)
        #expect(!report.services.contains { $0.name == "user-1000.slice" })
        #expect(report.services.contains { $0.name == "app-firefox.scope" })
        #expect(report.checks.contains("slab caches are not named: /proc/slabinfo is not present"))
    }
}
