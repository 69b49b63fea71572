import Testing
import WiredCore
import WiredLinux
import WiredTestSupport

@testable import WiredReading

/// The live reader's cadence for slow sources, on hand-made owners and times.
@Suite("Slow sources")
struct SlowSourcesTests {
    /// Slow sources with owners kept from a reading at `time`, their heavy sources from one at `heavyAt` (with
    /// the open files when `openFiles`).
    static func kept(at time: Double, heavyAt: Double? = nil, openFiles: Bool) -> SlowSources {
        var owners = OwnerFacts(
            slabCaches: [],
            cgroups: CgroupTree(version: 2, groups: []),
            sysvSegments: [],
            vmallocCallers: []
        )
        owners.checks = ["services are sized"]
        var slow = SlowSources(interval: 10)
        slow.owners = SlowSources.KeptOwners(facts: owners, readAt: time)
        var vmalloc = VmallocReading()
        vmalloc.callers = []
        slow.heavy = SlowSources.KeptHeavy(
            vmalloc: vmalloc,
            openFiles: openFiles ? OpenFiles() : nil,
            readAt: heavyAt ?? time
        )
        return slow
    }

    @Test("Owners are read again when none are kept, after the interval, when the clock went back, or for open files")
    func due() {
        var slow = SlowSources(interval: 10)
        #expect(slow.ownersDue(now: 100, openFiles: false))
        #expect(slow.heavyDue(now: 100, openFiles: false))
        slow = Self.kept(at: 100, openFiles: true)
        #expect(!slow.ownersDue(now: 100, openFiles: true))
        #expect(!slow.ownersDue(now: 109.9, openFiles: false))
        #expect(slow.ownersDue(now: 110, openFiles: true))
        #expect(slow.ownersDue(now: 99, openFiles: true))
        slow = Self.kept(at: 100, openFiles: false)
        // Kept from a reading without processes: a reading with them scans the open files now.
        #expect(!slow.ownersDue(now: 101, openFiles: false))
        #expect(slow.ownersDue(now: 101, openFiles: true))
        #expect(slow.heavyDue(now: 101, openFiles: true))
        let kept = Self.kept(at: 100, openFiles: true)
        var always = SlowSources(interval: 0)
        always.owners = kept.owners
        always.heavy = kept.heavy
        #expect(always.ownersDue(now: 100, openFiles: true))
        #expect(always.heavyDue(now: 100, openFiles: true))
        #expect(SlowSources(interval: -.infinity).interval == 0)
        #expect(SlowSources(interval: .nan).interval == SlowSources.defaultInterval)
    }

    @Test("vmallocinfo and the open files are read every sixth interval, or at once when the clock went back")
    func heavyDue() {
        let slow = Self.kept(at: 150, heavyAt: 100, openFiles: true)
        #expect(slow.heavyInterval == 60)
        #expect(!slow.heavyDue(now: 150, openFiles: true))
        #expect(!slow.heavyDue(now: 159.9, openFiles: true))
        #expect(slow.heavyDue(now: 160, openFiles: false))
        #expect(slow.heavyDue(now: 99, openFiles: false))
    }

    @Test("Carried owners keep their figures and name each source they hold with its age, the heavy ones with theirs")
    func carried() throws {
        #expect(SlowSources(interval: 10).carriedOwners(now: 1) == nil)
        let slow = Self.kept(at: 100, heavyAt: 80, openFiles: true)
        let owners = try #require(slow.carriedOwners(now: 104.5))
        #expect(owners.checks == ["services are sized"])
        #expect(owners.cgroups?.version == 2)
        #expect(
            owners.carried == [
                CarriedSource(source: "/proc/slabinfo", ageMs: 4500),
                CarriedSource(source: "/sys/fs/cgroup (memory.stat)", ageMs: 4500),
                CarriedSource(source: "/proc/sysvipc/shm", ageMs: 4500),
                CarriedSource(source: "/proc/PID/fd (memfds, DRM clients)", ageMs: 24500),
                CarriedSource(source: "/proc/vmallocinfo", ageMs: 24500),
            ]
        )
        let without = try #require(Self.kept(at: 100, openFiles: false).carriedOwners(now: 100))
        #expect(without.carried?.map(\.source).contains("/proc/PID/fd (memfds, DRM clients)") == false)
        #expect(without.carried?.allSatisfy { $0.ageMs == 0 } == true)
    }

    @Test("Locked-memory facts are carried for the interval, and six while the locked counters stay within 2 MiB")
    func lockedStill() {
        var slow = SlowSources(interval: 10)
        let still = SlowSources.LockedCounters(["Mlocked": 64 << 20, "Unevictable": 80 << 20])
        #expect(!slow.lockedCarriable(now: 100, counters: still))
        slow.locked = SlowSources.KeptLocked(
            facts: LockedMemoryFacts(processes: [], unreadable: 0, sysvSegments: [], shmemMounts: []),
            problems: [],
            readAt: 100,
            counters: still
        )
        #expect(slow.lockedCarriable(now: 109.9, counters: SlowSources.LockedCounters([:])))
        #expect(slow.lockedCarriable(now: 110, counters: still))
        #expect(slow.lockedCarriable(now: 159.9, counters: still))
        #expect(!slow.lockedCarriable(now: 160, counters: still))
        // A few pages locked or unlocked somewhere, up to the ledger's 2 MiB tolerance, keep them; more, or a
        // counter unread, and they are read again.
        let near = SlowSources.LockedCounters(["Mlocked": (64 << 20) + (2 << 20), "Unevictable": (80 << 20) - 4096])
        #expect(slow.lockedCarriable(now: 150, counters: near))
        let moved = SlowSources.LockedCounters(["Mlocked": (64 << 20) + (2 << 20) + 4096, "Unevictable": 80 << 20])
        #expect(!slow.lockedCarriable(now: 110, counters: moved))
        let unlocked = SlowSources.LockedCounters(["Mlocked": 64 << 20, "Unevictable": (78 << 20) - 4096])
        #expect(!slow.lockedCarriable(now: 110, counters: unlocked))
        #expect(!slow.lockedCarriable(now: 110, counters: SlowSources.LockedCounters(["Mlocked": 64 << 20])))
        // The clock went back.
        #expect(!slow.lockedCarriable(now: 99, counters: still))
        var always = SlowSources(interval: 0)
        always.locked = slow.locked
        #expect(!always.lockedCarriable(now: 100, counters: still))
    }

    @Test("Ages are whole milliseconds, never negative, capped")
    func ages() {
        #expect(CarriedSource.all(["a"], seconds: -3) == [CarriedSource(source: "a", ageMs: 0)])
        #expect(CarriedSource.all(["a"], seconds: 0.0019) == [CarriedSource(source: "a", ageMs: 1)])
        #expect(CarriedSource.all(["a", "b"], seconds: .infinity).map(\.ageMs) == [2_000_000_000, 2_000_000_000])
    }
}

/// Carried ages read from a file are checked like every other number.
@Suite("Carried sources in a snapshot")
struct CarriedSourceValidationTests {
    @Test("An age that is no count of milliseconds is left out with a problem naming the source")
    func validation() {
        var snapshot = SampleSnapshots.linux()
        snapshot.linux?.carried = [
            CarriedSource(source: "/proc/PID/status, /proc/PID/smaps (VmLck)", ageMs: 1500),
            CarriedSource(source: "bad", ageMs: -1),
        ]
        var owners = OwnerFacts()
        owners.carried = [CarriedSource(source: "/proc/slabinfo", ageMs: 1 << 40)]
        snapshot.owners = owners
        let problems = SnapshotValidation.check(&snapshot)
        #expect(snapshot.linux?.carried?.map(\.source) == ["/proc/PID/status, /proc/PID/smaps (VmLck)"])
        #expect(snapshot.owners?.carried == [])
        #expect(problems.contains { $0.source == "linux.carried" && $0.field == "bad ageMs" })
        #expect(problems.contains { $0.source == "owners.carried" && $0.field == "/proc/slabinfo ageMs" })
    }
}
