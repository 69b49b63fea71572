import Testing
import WiredCore
import WiredTestSupport

/// The owners tree on hand-made snapshots: locked shared memory named once, no owner above its parent, and
/// long lists folded by command.
@Suite("Owners tree on hand-made snapshots")
struct OwnerInvariantTests {
    /// A user process with `anon` KiB of anonymous PSS, `shmem` KiB of shared PSS and `locked` KiB locked.
    static func process(
        _ pid: Int32,
        _ name: String,
        anon: Int64,
        shmem: Int64 = 0,
        locked: Int64 = 0,
        service: String = "/system.slice/app.service"
    ) -> ProcessFacts {
        var process = ProcessFacts(pid: pid, startTime: 100, name: name, state: "S", kind: .user, threads: 1)
        process.rss = (anon + shmem) << 10
        process.rssAnon = anon << 10
        process.rssShmem = shmem << 10
        process.locked = locked << 10
        process.pageTables = 4 << 10
        process.smaps = SmapsRollup(
            rss: (anon + shmem) << 10,
            pss: (anon + shmem) << 10,
            pssAnon: anon << 10,
            pssFile: 0,
            pssShmem: shmem << 10,
            uss: anon << 10,
            swap: 0,
            locked: locked << 10
        )
        process.cgroup = service
        return process
    }

    /// The quiet sample with an mlocked 128 MiB memfd, its processes and owners: the holder (pid 500) maps it
    /// locked; its child (pid 501) maps it unlocked, so each has 64 MiB of it in PSS.
    static func memfdSnapshot() -> Snapshot {
        var table = SampleSnapshots.quietMeminfoKB
        let changes: [String: Int64] = [
            "Shmem": 131_072, "Mlocked": 131_072, "Unevictable": 131_072, "MemFree": -131_072,
        ]
        for (key, delta) in changes {
            table[key, default: 0] += delta
        }
        var snapshot = SampleSnapshots.linux(meminfoKB: table)
        let holder = LockedProcess(
            pid: 500,
            name: "holder",
            vmLck: 128 << 20,
            rssShmem: 128 << 20,
            mappings: [
                LockedMapping(
                    path: "/memfd:big (deleted)",
                    device: 1,
                    inode: 77,
                    offset: 0,
                    size: 128 << 20,
                    rss: 128 << 20,
                    locked: 64 << 20,
                    anonymous: 0
                )
            ]
        )
        let locker = LockedProcess(pid: 400, name: "locker", vmLck: 48_000 << 10, rssShmem: 0, mappings: [])
        snapshot.linux?.lockedMemory = LockedMemoryFacts(
            processes: [locker, holder],
            unreadable: 0,
            sysvSegments: [],
            shmemMounts: ["/dev/shm"]
        )
        snapshot.processes = ProcessScan(processes: [
            process(400, "locker", anon: 700_000, locked: 48_000),
            process(500, "holder", anon: 100_000, shmem: 65_536, locked: 65_536),
            process(501, "holder", anon: 0, shmem: 65_536),
        ])
        var owners = OwnerFacts(
            mounts: [MountUsage(mountPoint: "/dev/shm", type: "tmpfs", usedBytes: 150_000 << 10, sizeBytes: 4 << 30)],
            sysvSegments: []
        )
        owners.sharedFiles = [
            SharedFile(name: "/memfd:big (deleted)", device: 1, inode: 77, bytes: 128 << 20, pid: 500, holders: 2)
        ]
        snapshot.owners = owners
        return snapshot
    }

    func report(_ snapshot: Snapshot) throws -> OwnersReport {
        OwnerTree.build(snapshot, ledger: try Ledger.of(snapshot))
    }

    /// Every node named `name`.
    func all(_ node: OwnerNode, where match: (OwnerNode) -> Bool) -> [OwnerNode] {
        (match(node) ? [node] : []) + node.children.flatMap { all($0, where: match) }
    }

    @Test("An mlocked memfd appears once, under the locked bucket that holds it; its holder keeps only its own lock")
    func memfdOnce() throws {
        let report = try report(Self.memfdSnapshot())
        let memfds = all(report.tree) { $0.name.hasPrefix("memfd:big") || $0.name.hasPrefix("/memfd:big") }
        #expect(memfds.count == 1)
        let memfd = try #require(memfds.first)
        #expect(memfd.id.hasPrefix("mlocked/"))
        #expect(memfd.bytes == .mebibytes(128))
        #expect(memfd.name == "memfd:big (locked by holder (pid 500))")
        // The holder's 64 MiB of Locked PSS is the memfd's: nothing of it is left to the process itself.
        #expect(report.tree.find("mlocked/pid/500") == nil)
        #expect(try #require(report.tree.find("mlocked/pid/400")).bytes == .kibibytes(48_000))
        let shmem = try #require(report.tree.find("shmem"))
        #expect(shmem.bytes == .kibibytes(200_000))
        #expect(!shmem.children.contains { $0.name.contains("memfd") })
        #expect(report.tree.outweighed.isEmpty, "\(report.tree.outweighed)")
        #expect(report.tree.isConsistent)
    }

    @Test("An owner measured above its bucket is capped at the bucket and says so; the invariant then holds")
    func cappedOwner() throws {
        var snapshot = Self.memfdSnapshot()
        // A tmpfs mount whose statfs use (it counts swapped-out pages) is above the shared bucket.
        snapshot.owners?.mounts = [
            MountUsage(mountPoint: "/dev/shm", type: "tmpfs", usedBytes: 300_000 << 10, sizeBytes: 4 << 30)
        ]
        let report = try report(snapshot)
        let mount = try #require(report.tree.find("shmem/mount/dev/shm"))
        #expect(mount.bytes == .kibibytes(200_000))
        #expect(mount.detail?.contains("293 MiB measured, of which at most 195 MiB can be in this bucket") == true)
        #expect(report.tree.outweighed.isEmpty, "\(report.tree.outweighed)")
        #expect(report.tree.isConsistent)
    }

    @Test("The invariant names an owner that outweighs its parent")
    func outweighedIsFound() {
        let child = OwnerNode(id: "a/b", name: "b", kind: .file, bytes: .mebibytes(128), wired: false)
        let parent = OwnerNode(
            id: "a",
            name: "a",
            kind: .bucket,
            bytes: .mebibytes(75),
            wired: false,
            children: [child]
        )
        #expect(parent.outweighed == ["a (75.0 MiB) > a/b (128 MiB)"])
        let rest = OwnerNode(id: "a/rest", name: "rest", kind: .unexplained, bytes: .mebibytes(-53), wired: false)
        let balanced = OwnerNode(
            id: "a",
            name: "a",
            kind: .bucket,
            bytes: .mebibytes(75),
            wired: false,
            children: [child, rest]
        )
        #expect(balanced.outweighed.count == 1)
        #expect(balanced.isConsistent)
    }

    @Test("A service of 201 processes folds into its commands, not into \"201 others\"")
    func foldsByCommand() throws {
        let workers = (0..<200).map { Self.process(1000 + Int32($0), "php-fpm", anon: 2_150) }
        var snapshot = SampleSnapshots.linux()
        snapshot.processes = ProcessScan(processes: [Self.process(999, "php-fpm-master", anon: 10_000)] + workers)
        let report = try report(snapshot)
        let folded = OwnerTree.fold(report.tree, OwnerFolding(depth: 4))
        let service = try #require(folded.tree.find("app/app.service"))
        let names = service.children.map(\.name)
        #expect(names.contains("php-fpm ×200"), "\(names)")
        let group = try #require(service.children.first { $0.name == "php-fpm ×200" })
        #expect(group.kind == .group)
        #expect(group.bytes == .kibibytes(200 * 2_150))
        #expect(group.children.count == 8 + 1)  // the eight biggest, then "192 others" naming the largest
        #expect(group.children.last?.name == "192 others")
        #expect(group.children.last?.detail?.hasPrefix("largest: php-fpm (pid ") == true)
        #expect(service.children.map(\.bytes).sum() == service.bytes)
        // With --all nothing is grouped or folded.
        let everything = OwnerTree.fold(report.tree, OwnerFolding(depth: 4, all: true))
        #expect(try #require(everything.tree.find("app/app.service")).children.count == 201)
    }

    @Test("Unswappable buckets and their owners are marked, and never wired")
    func unswappableMarked() throws {
        let report = try report(Self.memfdSnapshot())
        let app = try #require(report.tree.find("app"))
        #expect(app.unswappable && !app.wired)
        #expect(all(app) { !$0.unswappable }.isEmpty)
        let locked = try #require(report.tree.find("mlocked"))
        #expect(locked.wired && !locked.unswappable)
    }
}
