import Foundation
import Testing
import WiredCore
import WiredReading
import WiredTestSupport

extension Live {
    /// The stateful live reader that long-running views hold: flat over many readings, incremental for processes.
    @Suite("Live reader", .serialized)
    struct LiveReaderTests {
        /// `VmRSS` and `VmHWM` of this process in bytes, from /proc/self/status.
        static func memory() throws -> (rss: Int64, peak: Int64) {
            let text = try String(contentsOfFile: "/proc/self/status", encoding: .utf8)
            func field(_ name: String) throws -> Int64 {
                let line = try #require(text.split(separator: "\n").first { $0.hasPrefix(name + ":") })
                let kib = try #require(line.split(separator: " ").dropFirst().first.flatMap { Int64($0) })
                return kib * 1024
            }
            return (try field("VmRSS"), try field("VmHWM"))
        }

        /// Open descriptors of this process (/proc/self/fd, less the one listing it).
        static func descriptors() throws -> Int {
            try FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd").count - 1
        }

        @Test(
            "10,000 live readings in one process (every tenth with the processes): memory and descriptors stay flat",
            .enabled(if: FileManager.default.fileExists(atPath: "/proc/self/fd"), "needs Linux /proc")
        )
        func tenThousandReadings() throws {
            let reader = LiveLinuxReader()
            let system = ReadRequest()
            let processes = ReadRequest(processes: ProcessRequest(commandLines: .none))
            func reading(_ index: Int) throws -> Reading { try reader.read(index % 10 == 0 ? processes : system) }
            // Warm up: the first readings fill the caches, the carry and the allocator's pools.
            for index in 0..<500 { _ = try reading(index) }
            let before = try Self.memory()
            let fdsBefore = try Self.descriptors()
            let heldBefore = reader.heldDescriptors
            var listed = 0
            for index in 500..<10_000 {
                let snapshot = try reading(index).snapshot
                #expect(snapshot.linux?.meminfo?["MemTotal"] != nil)
                listed = max(listed, snapshot.processes?.processes.count ?? 0)
            }
            let after = try Self.memory()
            let fdsAfter = try Self.descriptors()
            let heldAfter = reader.heldDescriptors
            print(
                "10,000 live readings (\(listed) processes in every tenth): VmRSS \(before.rss >> 10) → \(after.rss >> 10) KiB, VmHWM \(before.peak >> 10) → \(after.peak >> 10) KiB, descriptors \(fdsBefore) → \(fdsAfter) (of them held statm files \(heldBefore) → \(heldAfter))"
            )
            #expect(listed > 1)
            #expect(heldAfter > 0 && heldAfter <= listed)
            // A descriptor leaked per process reading would show as 950 more, a KiB per reading as 9 MiB more. The
            // held `statm` files follow the processes of the machine, which other work may start meanwhile.
            #expect(fdsAfter - heldAfter <= fdsBefore - heldBefore + 4)
            #expect(after.rss - before.rss < 4 << 20)
            #expect(after.peak - before.peak < 4 << 20)
        }

        @Test(
            "Boot-long facts are kept under this boot's boot_id and give the same installed RAM",
            .enabled(if: FileManager.default.fileExists(atPath: "/proc/sys/kernel/random/boot_id"), "needs boot_id")
        )
        func bootFacts() throws {
            let reader = LiveLinuxReader()
            let first = try reader.read(ReadRequest()).snapshot
            let bootID = try String(contentsOfFile: "/proc/sys/kernel/random/boot_id", encoding: .utf8)
            #expect(reader.cachedBootID == bootID.trimmingCharacters(in: .whitespacesAndNewlines))
            let second = try reader.read(ReadRequest()).snapshot
            #expect(second.linux?.installed == first.linux?.installed)
            #expect(second.linux?.vmapStack == first.linux?.vmapStack)
            #expect(second.linux?.possibleCPUs == first.linux?.possibleCPUs)
            #expect(second.linux?.percpuFirstChunkBytes == first.linux?.percpuFirstChunkBytes)
            // Problems met reading them are given again with each reading.
            let boot = ["/sys/firmware", "/sys/devices/system/memory", "/dev/kmsg", "/proc/config.gz", "/boot/"]
            func bootProblems(_ snapshot: Snapshot) -> [SourceProblem] {
                snapshot.problems.filter { problem in boot.contains { problem.source.hasPrefix($0) } }
            }
            #expect(bootProblems(second) == bootProblems(first))
        }

        @Test(
            "Incremental: an idle process keeps its PSS with a growing age, one whose RSS changes is read again, a new one at once, a gone one is dropped",
            .enabled(if: Fixtures.isRoot, "needs root to read the helper's smaps_rollup with certainty")
        )
        func incremental() throws {
            let reader = LiveLinuxReader(pssBound: 3600)
            let request = ReadRequest(processes: ProcessRequest(commandLines: .none))
            let idle = try HelperProcess(["--anon", "8", "--touch"])
            var stopped = false
            defer { if !stopped { idle.stop() } }
            func find(_ reading: Reading, _ pid: Int32) -> ProcessFacts? {
                reading.snapshot.processes?.processes.first { $0.pid == pid }
            }
            let me = getpid()
            let first = try reader.read(request)
            let idleFirst = try #require(find(first, idle.pid))
            #expect(idleFirst.pssAge == nil)
            #expect(idleFirst.smaps != nil)
            #expect(try #require(find(first, me)).pssAge == nil)

            Thread.sleep(forTimeInterval: 0.3)
            // This process grows by 32 MiB of fresh, touched anonymous pages (mmap: never memory malloc already
            // holds), so its VmRSS changes.
            let rssBefore = try Self.memory().rss
            let size = 32 << 20
            let grown = try #require(mmap(nil, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0))
            try #require(grown != MAP_FAILED)
            defer { munmap(grown, size) }
            for offset in stride(from: 0, to: size, by: 4096) {
                grown.storeBytes(of: 1, toByteOffset: offset, as: UInt8.self)
            }
            try #require(try Self.memory().rss != rssBefore)
            let newcomer = try HelperProcess(["--anon", "4", "--touch"])
            defer { newcomer.stop() }
            let second = try reader.read(request)
            let idleSecond = try #require(find(second, idle.pid))
            let ageSecond = try #require(idleSecond.pssAge, "the idle helper's PSS was read again")
            #expect(ageSecond >= 0.3)
            #expect(idleSecond.smaps == idleFirst.smaps)
            #expect(try #require(find(second, me)).pssAge == nil)
            let fresh = try #require(find(second, newcomer.pid))
            #expect(fresh.pssAge == nil)
            #expect(try #require(fresh.smaps).pss >= 4 << 20)

            Thread.sleep(forTimeInterval: 0.3)
            idle.stop()
            stopped = true
            let third = try reader.read(request)
            #expect(find(third, idle.pid) == nil)
            #expect(!reader.carries(ProcessIdentity(idleFirst)))
            let newcomerThird = try #require(find(third, newcomer.pid))
            #expect(try #require(newcomerThird.pssAge) >= 0.3)
            #expect(reader.carries(ProcessIdentity(newcomerThird)))
        }

        @Test(
            "Whole readings: an idle process is carried by its stat alone (status, rollup, command line, cgroup) with one age, one whose memory changes is read again",
            .enabled(if: Fixtures.isRoot, "needs root to read the helper's smaps_rollup with certainty")
        )
        func carriedWhole() throws {
            let reader = LiveLinuxReader(pssBound: 3600, slowInterval: 3600)
            let idle = try HelperProcess(["--anon", "8", "--touch"])
            defer { idle.stop() }
            func find(_ reading: Reading, _ pid: Int32) -> ProcessFacts? {
                reading.snapshot.processes?.processes.first { $0.pid == pid }
            }
            let first = try reader.read(.full())
            let idleFirst = try #require(find(first, idle.pid))
            #expect(idleFirst.pssAge == nil)
            #expect(idleFirst.command.contains("wired-test-helper"))
            Thread.sleep(forTimeInterval: 0.3)
            let size = 16 << 20
            let grown = try #require(mmap(nil, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0))
            try #require(grown != MAP_FAILED)
            defer { munmap(grown, size) }
            for offset in stride(from: 0, to: size, by: 4096) {
                grown.storeBytes(of: 1, toByteOffset: offset, as: UInt8.self)
            }
            let second = try reader.read(.full())
            let idleSecond = try #require(find(second, idle.pid))
            #expect(try #require(idleSecond.pssAge, "the idle helper was read again") >= 0.3)
            #expect(idleSecond.command == idleFirst.command)
            #expect(idleSecond.cgroup == idleFirst.cgroup)
            #expect(idleSecond.uid == idleFirst.uid)
            #expect(idleSecond.sizes == idleFirst.sizes)
            #expect(idleSecond.smaps == idleFirst.smaps)
            let me = try #require(find(second, getpid()))
            #expect(me.pssAge == nil)
            // Read again from its own cgroup file, where the first reading took it from the cgroup walk: the same.
            #expect(me.cgroup == find(first, getpid())?.cgroup)
            #expect(me.unit == find(first, getpid())?.unit)
            let rssBefore = try #require(find(first, getpid())?.rss)
            #expect(try #require(me.rss) >= rssBefore + Int64(size / 2))
            // A reading without command lines carries none, as a fresh one would read none.
            let bare = try reader.read(ReadRequest(processes: ProcessRequest(commandLines: .none)))
            #expect(try #require(find(bare, idle.pid)).command.isEmpty)
            #expect(try #require(find(bare, idle.pid)).cgroup == nil)
        }

        @Test(
            "Slow sources: the owners are carried with their age between readings and read again after the interval, vmallocinfo and the open files after six",
            .enabled(if: Fixtures.isRoot, "needs root to read slabinfo and vmallocinfo")
        )
        func slowSources() throws {
            // The interval is counted from the start of the reading that read them, which may take a second on a
            // loaded machine.
            let reader = LiveLinuxReader(slowInterval: 3)
            let request = ReadRequest(processes: ProcessRequest(commandLines: .none), owners: true)
            let first = try reader.read(request).snapshot
            let owners = try #require(first.owners)
            #expect(owners.carried == nil)
            #expect(owners.slabCaches?.isEmpty == false)
            let second = try reader.read(request).snapshot
            let carried = try #require(second.owners?.carried, "the owners were read again at once")
            #expect(carried.map(\.source).contains("/proc/slabinfo"))
            #expect(carried.map(\.source).contains("/proc/PID/fd (memfds, DRM clients)"))
            #expect(carried.allSatisfy { $0.ageMs >= 0 && $0.ageMs < 3000 })
            #expect(second.owners?.slabCaches == owners.slabCaches)
            #expect(second.owners?.sharedFiles == owners.sharedFiles)
            Thread.sleep(forTimeInterval: 3.1)
            let third = try reader.read(request).snapshot
            // Read again after the interval, but vmallocinfo and the open files only every sixth interval.
            let heavy = try #require(third.owners?.carried, "vmallocinfo and the open files were carried")
            #expect(heavy.map(\.source) == ["/proc/PID/fd (memfds, DRM clients)", "/proc/vmallocinfo"])
            #expect(heavy.allSatisfy { $0.ageMs >= 3000 })
            #expect(third.owners?.slabCaches?.isEmpty == false)
            #expect(third.owners?.vmallocCallers == owners.vmallocCallers)
            // A one-shot reader never carries.
            let once = try LiveLinuxReader().read(request).snapshot
            #expect(once.owners?.carried == nil)
            #expect(once.linux?.carried == nil)
        }

        @Test(
            "Held statm: idle processes are carried by a held statm; a rename shows once their stat is due, read again in full",
            .enabled(if: Fixtures.isRoot, "needs root to read the helper's smaps_rollup with certainty")
        )
        func heldStatm() throws {
            let reader = LiveLinuxReader(pssBound: 3600, slowInterval: 3600, statBound: 0.5)
            let request = ReadRequest(processes: ProcessRequest(commandLines: .none))
            let idle = try HelperProcess(["--anon", "4", "--touch", "--rename-on-input", "renamed"])
            defer { idle.stop() }
            func find(_ reading: Reading) -> ProcessFacts? {
                reading.snapshot.processes?.processes.first { $0.pid == idle.pid }
            }
            let first = try #require(find(try reader.read(request)))
            #expect(first.pssAge == nil)
            // The helper's statm is held open, and nothing else of it.
            let links = try FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd").compactMap {
                try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/fd/\($0)")
            }
            #expect(links.filter { $0.hasPrefix("/proc/\(idle.pid)/") } == ["/proc/\(idle.pid)/statm"])
            Thread.sleep(forTimeInterval: 0.1)
            let second = try #require(find(try reader.read(request)))
            #expect(try #require(second.pssAge, "carried by its statm") >= 0.1)
            #expect(second.name == first.name)
            // A new name moves no size: it shows when the stat is read again, within the bound, and the process
            // is read in full then (never a carried entry with the old name).
            try idle.send("\n")
            // The rename is the helper's own doing: wait until its comm shows it.
            func comm() -> String? { try? String(contentsOfFile: "/proc/\(idle.pid)/comm", encoding: .utf8) }
            for _ in 0..<100 where comm() != "renamed\n" { Thread.sleep(forTimeInterval: 0.01) }
            Thread.sleep(forTimeInterval: 0.6)
            let third = try #require(find(try reader.read(request)))
            #expect(third.name == "renamed")
            #expect(third.pssAge == nil)
            let fourth = try #require(find(try reader.read(request)))
            #expect(fourth.name == "renamed")
            #expect(fourth.pssAge != nil)
        }

        @Test("A carried PSS older than the bound is read again", .enabled(if: Fixtures.isRoot, "needs root"))
        func bound() throws {
            let reader = LiveLinuxReader(pssBound: 0.2)
            let request = ReadRequest(processes: ProcessRequest(commandLines: .none))
            let idle = try HelperProcess(["--anon", "4", "--touch"])
            defer { idle.stop() }
            _ = try reader.read(request)
            Thread.sleep(forTimeInterval: 0.3)
            let later = try reader.read(request)
            let process = try #require(later.snapshot.processes?.processes.first { $0.pid == idle.pid })
            #expect(process.pssAge == nil)
            #expect(process.smaps != nil)
        }
    }
}
