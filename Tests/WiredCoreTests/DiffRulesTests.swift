import Testing
import WiredCore
import WiredTestSupport

/// The rules of `wired diff` on hand-made readings (DiffSamples): owners first by their own growth, each byte
/// named once, the ledger by class below, processes matched by pid and start time or by command.
@Suite("wired diff: order and the once-only rules")
struct DiffRulesTests {
    let mib = DiffSamples.mib

    func change(_ diff: SnapshotDiff, _ key: String) throws -> Change {
        try #require(diff.changes.first { $0.key == key }, "no \(key) in \(diff.changes.map(\.key))")
    }

    @Test("The culprits lead, largest own growth first; services, parents and shared bytes are not named twice")
    func order() throws {
        let diff = SnapshotComparison.diff(DiffSamples.before, DiffSamples.after)
        #expect(diff.relation == .sameBoot)
        let shown = diff.significant(minimum: .mebibytes(1))
        let owners = shown.filter { $0.section == .owners }
        #expect(
            owners.map(\.key) == [
                "memfd/1:4242", "process/100@500", "process/200@600", "process/cmd:daemon /usr/bin/daemon --port #",
                "service//system.slice/foo.service",
            ]
        )
        #expect(owners.map(\.ownDelta) == [128, 100, 64, 4, 2].map { ByteCount(bytes: $0 * mib) })
        // The first line is the memfd, with its holder.
        #expect(owners.first?.name == "memfd viewer-buffer")
        #expect(owners.first?.detail == "held by viewer (pid 300)")
        // Every line of the report comes before the ledger, and the ledger before the totals.
        let sections = shown.map(\.section)
        #expect(
            sections
                == sections.sorted {
                    Change.Section.allCases.firstIndex(of: $0)! < Change.Section.allCases.firstIndex(of: $1)!
                }
        )
    }

    @Test("A service shows only what its processes and child services do not; a parent that adds nothing is folded")
    func services() throws {
        let diff = SnapshotComparison.diff(DiffSamples.before, DiffSamples.after)
        let foo = try change(diff, "service//system.slice/foo.service")
        #expect(foo.delta == .mebibytes(102))
        #expect(foo.own == .mebibytes(2))
        let bar = try change(diff, "service//system.slice/bar.service")
        #expect(bar.delta == .mebibytes(64))
        #expect(bar.ownDelta == .zero)
        let slice = try change(diff, "service//system.slice")
        #expect(slice.delta == .mebibytes(166))
        #expect(slice.ownDelta == .zero)
        #expect(!diff.significant(minimum: .mebibytes(1)).contains { $0.key == slice.key })
    }

    @Test("An mlock culprit is one line with both facts; a process's shared memory is its memfd's, not its own")
    func onceOnly() throws {
        let diff = SnapshotComparison.diff(DiffSamples.before, DiffSamples.after)
        let locker = try change(diff, "process/200@600")
        #expect(locker.delta == .mebibytes(64))
        #expect(locker.wiredDelta == .mebibytes(64))
        #expect(locker.measure == "PSS")
        #expect(!diff.changes.contains { $0.key.hasPrefix("process-wired/") })
        #expect(diff.changes.filter { $0.key.contains("200") }.count == 1)
        // viewer's PSS grew by the 64 MiB of the memfd it maps: named by the memfd line, so its own growth is 0.
        let viewer = try change(diff, "process/300@700")
        #expect(viewer.delta == .mebibytes(64))
        #expect(viewer.ownDelta == .zero)
        // Owner growth shown adds up to the growth that happened, each byte once: 128 + 100 + 64 + 4 + 2.
        let owners = diff.changes.filter { $0.section == .owners }
        #expect(owners.map(\.ownDelta).sum() == .mebibytes(298))
    }

    @Test("A restarted process is matched by its command; after a reboot every process is")
    func restartAndReboot() throws {
        let diff = SnapshotComparison.diff(DiffSamples.before, DiffSamples.after)
        let daemon = try change(diff, "process/cmd:daemon /usr/bin/daemon --port #")
        #expect(daemon.status == .changed)
        #expect(daemon.detail == "matched by command: daemon /usr/bin/daemon --port #")
        #expect(daemon.name == "daemon")
        #expect(daemon.delta == .mebibytes(4))
        var rebooted = DiffSamples.after
        rebooted.meta.bootID = "boot-2"
        let across = SnapshotComparison.diff(DiffSamples.before, rebooted)
        #expect(across.relation == .rebooted)
        #expect(across.sameBoot == false)
        #expect(across.changes.filter { $0.kind == "process" }.allSatisfy { $0.key.hasPrefix("process/cmd:") })
        #expect(across.counters.isEmpty)
        #expect(across.notes.first?.hasPrefix("The machine rebooted between the two snapshots") == true)
    }

    @Test("diff(b, a) holds the same changes reversed; the buckets come by class")
    func symmetryAndClasses() throws {
        let forward = SnapshotComparison.diff(DiffSamples.before, DiffSamples.after)
        let backward = SnapshotComparison.diff(DiffSamples.after, DiffSamples.before)
        #expect(
            Dictionary(uniqueKeysWithValues: backward.changes.map { ($0.key, $0) })
                == Dictionary(uniqueKeysWithValues: forward.changes.map(\.reversed).map { ($0.key, $0) })
        )
        let free = try change(forward, "ledger/free")
        #expect(free.delta == .mebibytes(-300))
        #expect(free.memoryClass == .free)
        let ledger = forward.changes.filter { $0.section == .ledger }
        let order = ledger.compactMap { change in MemoryClass.allCases.firstIndex { $0 == change.memoryClass } }
        #expect(order == order.sorted())
        #expect(try change(forward, "total/free").delta == .mebibytes(-300))
    }

    @Test("Counters since boot become rates over the time between the readings")
    func counters() throws {
        let diff = SnapshotComparison.diff(DiffSamples.before, DiffSamples.after)
        let swapOut = try #require(diff.counters.first { $0.name == "pswpout" })
        #expect(swapOut.delta == 256)
        #expect(swapOut.deltaBytes.map { $0 == 256 * 4096 } == true)
        #expect(swapOut.seconds == 10)
        #expect(swapOut.bytesPerSecond == 104_857.6)
    }

    @Test("A Linux snapshot against a macOS capture is 'different systems'; two host names 'different machines'")
    func relations() {
        var mac = DiffSamples.after
        mac.meta.os = .macOS
        mac.meta.bootID = "kern.boottime 1763600000"
        let systems = SnapshotComparison.diff(DiffSamples.before, mac)
        #expect(systems.relation == .differentSystems)
        #expect(systems.sameBoot == nil)
        #expect(!systems.notes.contains { $0.contains("rebooted") })
        #expect(systems.notes.first?.hasPrefix("The snapshots come from different systems (Linux and macOS)") == true)
        var other = DiffSamples.after
        other.meta.hostname = "elsewhere"
        other.meta.bootID = "boot-9"
        let machines = SnapshotComparison.diff(DiffSamples.before, other)
        #expect(machines.relation == .differentMachines)
        #expect(machines.sameBoot == nil)
        #expect(!machines.notes.contains { $0.contains("rebooted") })
    }

    @Test("Two macOS captures of one boot: vm_stat's pageins, pageouts, swap-ins and swap-outs as rates")
    func macCounters() throws {
        func capture(seconds: Int64, swapouts: Int64, pageins: Int64) -> Snapshot {
            var facts = DarwinFacts()
            var vm = VMStatistics(pageSize: 16384, era: .compressor, source: "vm_stat")
            (vm.free, vm.wired, vm.pageins, vm.pageouts, vm.swapins, vm.swapouts) = (
                1000, 2000, pageins, 10, 5, swapouts
            )
            facts.vm = vm
            let meta = SnapshotMeta(
                hostname: "mac",
                os: .macOS,
                kernel: "Darwin 23.4.0",
                arch: "arm64",
                pageSize: 16384,
                pageSizeSource: "test",
                takenAt: Timestamp(seconds: seconds),
                bootID: "kern.boottime 1763600000",
                toolVersion: "test",
                source: "test"
            )
            return Snapshot(meta: meta, darwin: facts)
        }
        let diff = SnapshotComparison.diff(
            capture(seconds: 1_795_000_000, swapouts: 1000, pageins: 50_000),
            capture(seconds: 1_795_000_060, swapouts: 1000 + 3840, pageins: 50_000 + 640)
        )
        #expect(diff.relation == .sameBoot)
        let swapouts = try #require(diff.counters.first { $0.name == "Swapouts" })
        // 3,840 pages × 16 KiB = 60 MiB in 60 s: 1 MiB/s.
        #expect(swapouts.delta == 3840)
        #expect(swapouts.bytesPerSecond == 1_048_576)
        #expect(diff.counters.first { $0.name == "Pageins" }?.delta == 640)
        #expect(diff.counters.first { $0.name == "Swapins" }?.delta == 0)
    }
}
