import Testing
import WiredTestSupport

@testable import WiredCore

/// Unswappable memory and locked shared memory on hand-made snapshots whose every number is chosen.
@Suite("Unswappable and locked shared memory on hand-made snapshots")
struct LockedSharedTests {
    func kb(_ value: Int64) -> ByteCount { .kibibytes(value) }

    func size(_ ledger: Ledger, _ id: BucketID) throws -> ByteCount {
        try #require(ledger.bucket(id), "no bucket \(id)").bytes
    }

    /// The quiet sample with `changes` added to its meminfo (kB) and `facts` as the locked-memory facts.
    func snapshot(_ changes: [String: Int64], facts: LockedMemoryFacts? = nil) -> Snapshot {
        var table = SampleSnapshots.quietMeminfoKB
        for (key, delta) in changes { table[key, default: 0] += delta }
        var snapshot = SampleSnapshots.linux(meminfoKB: table)
        snapshot.linux?.lockedMemory = facts
        return snapshot
    }

    /// The process of the quiet sample that mlocks 48,000 kB of anonymous memory: no locked file mappings.
    static let anonymousLocker = LockedProcess(pid: 400, name: "locker", vmLck: 48_000 << 10, rssShmem: 0, mappings: [])

    /// A 128 MiB memfd mapped and mlocked by pid 500 (its PSS halved: a child maps it too, unlocked).
    static let memfdHolder = LockedProcess(
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

    @Test("No swap: a 300 MiB malloc moves Wired by its 600 KiB of page tables and Unswappable by 300 MiB")
    func mallocIsUnswappable() throws {
        let before = try Ledger.of(snapshot([:]))
        // 300 MiB = 307,200 kB of anonymous memory, mapped by 600 kB of page tables (8 bytes per 4 KiB page).
        let after = try Ledger.of(
            snapshot(["AnonPages": 307_200, "Active(anon)": 307_200, "PageTables": 600, "MemFree": -307_800])
        )
        #expect(after.wired.total - before.wired.total == kb(600))
        #expect(after.totals.unswappable - before.totals.unswappable == kb(307_200))
        #expect(try size(after, "app") - size(before, "app") == kb(307_200))
        #expect(after.bucket("app")?.memoryClass == .unswappable)
        #expect(after.buckets.filter { $0.memoryClass == .wired }.allSatisfy { $0.wiredKind != nil })
        #expect(after.totals.wired == after.wired.total)
    }

    @Test("Swap partly free: what free swap can take is reclaimable, only the excess is unswappable")
    func partlyFreeSwap() throws {
        let ledger = try Ledger.of(snapshot(["SwapTotal": 1_000_000, "SwapFree": 600_000]))
        // app 800,000 + shmem 200,000 = 1,000,000 kB, 600,000 kB of it can go to swap.
        #expect(try size(ledger, "anon-beyond-swap") == kb(400_000))
        #expect(ledger.bucket("anon-beyond-swap")?.memoryClass == .unswappable)
        #expect(ledger.bucket("app")?.memoryClass == .reclaimable)
        #expect(try size(ledger, "app") == kb(400_000))
        #expect(ledger.totals.unswappable == kb(400_000))
        #expect(ledger.wired.total == kb(172_000 + 64_000))
        #expect(ledger.unswappableReason?.hasPrefix("free swap") == true)
    }

    @Test("Swap full: app and shared memory are unswappable, and the reason says so")
    func fullSwap() throws {
        let ledger = try Ledger.of(snapshot(["SwapTotal": 1_000_000, "SwapFree": 0]))
        #expect(ledger.bucket("shmem")?.memoryClass == .unswappable)
        #expect(ledger.unswappableReason == "swap is full")
        #expect(ledger.wired.total == kb(172_000 + 64_000))
    }

    @Test("An mlocked 128 MiB memfd: the owners' facts put it in the locked bucket once, shared memory keeps its own")
    func lockedMemfd() throws {
        let facts = LockedMemoryFacts(
            processes: [Self.anonymousLocker, Self.memfdHolder],
            unreadable: 0,
            sysvSegments: [],
            shmemMounts: ["/dev/shm"]
        )
        // The memfd adds 131,072 kB to Shmem, Mlocked and Unevictable; the anonymous lists do not change.
        let changes: [String: Int64] = [
            "Shmem": 131_072, "Mlocked": 131_072, "Unevictable": 131_072, "MemFree": -131_072,
        ]
        let ledger = try Ledger.of(snapshot(changes, facts: facts))
        #expect(try size(ledger, "mlocked") == kb(48_000 + 131_072))
        #expect(try size(ledger, "shmem") == kb(200_000))
        #expect(try size(ledger, "app") == kb(800_000))
        #expect(ledger.bucket("app")?.note?.contains("may be locked") != true)
        #expect(ledger.bucket("shmem")?.source.contains("less its locked part") == true)
        let evidence = try #require(LockedShared.of(snapshot(changes, facts: facts)))
        #expect(evidence.complete)
        #expect(evidence.objects.count == 1)
        let memfd = try #require(evidence.objects.first)
        #expect(memfd.name == "memfd:big")
        #expect(memfd.bytes == .mebibytes(128))
        #expect(memfd.bucket == "mlocked")
        #expect(memfd.holders == [500])
        #expect(evidence.processShare[500] == 64 << 20)

        // Without the facts meminfo allows 0 to 177 MiB of locked shared memory and proves none: the low end is
        // shown (so the memfd's 128 MiB shows in shared memory too, and app memory is that much too small), with a
        // note that gives the range.
        let guessed = try Ledger.of(snapshot(changes))
        #expect(try size(guessed, "shmem") == kb(331_072))
        #expect(guessed.bucket("app")?.note?.contains("between 0 B and 177 MiB") == true)
    }

    @Test("Facts that miss one locking process narrow the range to what it could hold")
    func partialFacts() throws {
        let hidden = LockedProcess(pid: 1, name: "init", vmLck: 8 << 20, rssShmem: 6 << 20, smapsDenial: "permission")
        let facts = LockedMemoryFacts(
            processes: [Self.anonymousLocker, Self.memfdHolder, hidden],
            unreadable: 0,
            sysvSegments: [],
            shmemMounts: []
        )
        let changes: [String: Int64] = [
            "Shmem": 131_072, "Mlocked": 131_072, "Unevictable": 131_072, "MemFree": -131_072,
        ]
        let ledger = try Ledger.of(snapshot(changes, facts: facts))
        // Between the memfd (128 MiB) and the memfd plus the RssShmem of pid 1 (134 MiB): 128 MiB is shown.
        #expect(try size(ledger, "shmem") == kb(200_000))
        let note = try #require(ledger.bucket("app")?.note)
        #expect(note.contains("between 128 MiB and 134 MiB"))
        #expect(note.contains("pid 1 (init): smaps permission"))
    }

    @Test("A SHM_LOCKed 64 MiB segment no process maps locked is unevictable, not shared memory")
    func shmLockedSegment() throws {
        let segment = SysVSegment(
            key: 0x2A,
            id: 9,
            size: 64 << 20,
            rss: 64 << 20,
            swap: 0,
            attached: 1,
            creatorPID: 600,
            uid: 0,
            locked: true
        )
        let facts = LockedMemoryFacts(
            processes: [Self.anonymousLocker],
            unreadable: 0,
            sysvSegments: [segment],
            shmemMounts: []
        )
        let changes: [String: Int64] = ["Shmem": 65_536, "Unevictable": 65_536, "MemFree": -65_536]
        let ledger = try Ledger.of(snapshot(changes, facts: facts))
        #expect(try size(ledger, "unevictable") == kb(16_000 + 65_536))
        #expect(try size(ledger, "shmem") == kb(200_000))
        #expect(try size(ledger, "app") == kb(800_000))
        let object = try #require(LockedShared.of(snapshot(changes, facts: facts))?.objects.first)
        #expect(object.bucket == "unevictable")
        #expect(object.bytes == .mebibytes(64))
        #expect(object.name == "SysV segment 0x2a (id 9, created by pid 600)")
    }

    @Test("SHM_LOCK pages still on the anonymous lists: the segment is capped at Unevictable − Mlocked, and says why")
    func shmLockedLazily() throws {
        let segment = SysVSegment(
            key: 0,
            id: 3,
            size: 64 << 20,
            rss: 64 << 20,
            swap: 0,
            attached: 1,
            creatorPID: 601,
            uid: 0,
            locked: true
        )
        let facts = LockedMemoryFacts(
            processes: [Self.anonymousLocker],
            unreadable: 0,
            sysvSegments: [segment],
            shmemMounts: []
        )
        // The segment was touched before SHM_LOCK: its pages are still on the anonymous lists.
        let changes: [String: Int64] = ["Shmem": 65_536, "Active(anon)": 65_536, "MemFree": -65_536]
        let evidence = try #require(LockedShared.of(snapshot(changes, facts: facts)))
        let object = try #require(evidence.objects.first)
        #expect(object.bytes == kb(16_000))
        #expect(object.source.contains("only when reclaim meets them"))
    }

    @Test("Locked shared memory is classified by what is mapped: memfd, SysV, tmpfs file, shared anonymous, or none")
    func kinds() {
        let mounts = ["/dev/shm", "/run"]
        #expect(LockedShared.kind(of: "/memfd:x (deleted)", mounts: mounts) == .memfd)
        #expect(LockedShared.kind(of: "/SYSV0000002a (deleted)", mounts: mounts) == .sysv)
        #expect(LockedShared.kind(of: "/dev/zero (deleted)", mounts: mounts) == .sharedAnonymous)
        #expect(LockedShared.kind(of: "/dev/shm/pool", mounts: mounts) == .tmpfsFile)
        #expect(LockedShared.kind(of: "/runner/lib.so", mounts: mounts) == nil)
        #expect(LockedShared.kind(of: "/usr/lib/libc.so.6", mounts: mounts) == nil)
    }

    @Test("Purge: wired is pinned memory only, and app memory is named unswappable among what a purge cannot drop")
    func purgeLabels() throws {
        let ledger = try Ledger.of(snapshot([:]))
        let report = PurgeComparison.compare(before: ledger, after: ledger, later: nil, waited: nil)
        #expect(report.wiredAfter == kb(172_000 + 64_000))
        #expect(report.unswappableAfter == kb(1_000_000))
        #expect(
            report.notDropped.first
                == "wired memory 230 MiB (kernel structures, locked and pinned pages): a purge never touches it"
        )
        #expect(
            report.notDropped.contains(
                "App memory (anonymous) 781 MiB: app memory is not cache; unswappable: there is no swap, so it cannot be paged out either"
            )
        )
    }
}
