import Foundation
import Testing
import WiredCore
import WiredLinux
import WiredTestSupport

extension Live {
    /// Changes this machine and checks the ledger moves by what was done.
    ///
    /// Root only; the tests run one at a time.
    @Suite(
        "Live ledger (root)",
        .serialized,
        .enabled(if: Fixtures.isRoot, "needs root: mlock beyond the default limit, mount tmpfs")
    )
    struct LiveLedgerTests {
        /// Reads the running system after per-CPU counters have folded (vm.stat_interval is 1 s).
        func ledger() throws -> Ledger {
            Thread.sleep(forTimeInterval: 1.2)
            return try Ledger.of(LinuxReader().readSystem())
        }

        func size(_ ledger: Ledger, _ id: String) throws -> Int64 {
            try #require(ledger.bucket(BucketID(id)), "no bucket \(id)").bytes.bytes
        }

        func expectNear(_ actual: Int64, _ expected: Int64, within share: Double, _ what: String) {
            let error = abs(Double(actual - expected)) / Double(expected)
            #expect(
                error <= share,
                "\(what): \(ByteFormat.human(actual)) vs \(ByteFormat.human(expected)) (\(ByteFormat.percent(error)) off)"
            )
        }

        @Test("mlock 256 MiB in a child: the mlocked bucket and wired kernel + user memory grow by 256 MiB ±3%")
        func mlock() throws {
            let before = try ledger()
            let helper = try HelperProcess(["--mlock", "256"])
            defer { helper.stop() }
            let after = try ledger()
            expectNear(try size(after, "mlocked") - size(before, "mlocked"), 256 << 20, within: 0.03, "mlocked")
            // Wired is pinned memory only (kernel + user): other processes' anonymous memory never moves it.
            expectNear(after.wired.total.bytes - before.wired.total.bytes, 256 << 20, within: 0.03, "wired")
        }

        @Test("200 MiB written to a fresh tmpfs: shared memory grows by 200 MiB ±3%")
        func tmpfs() throws {
            let mountPoint = NSTemporaryDirectory() + "wired-tmpfs-" + UUID().uuidString
            try FileManager.default.createDirectory(atPath: mountPoint, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(atPath: mountPoint) }
            let mount = try Command.run(["/bin/mount", "-t", "tmpfs", "-o", "size=300m", "wired-test", mountPoint])
            try #require(mount.status == 0, "mount failed: \(mount.stderr)")
            defer { _ = try? Command.run(["/bin/umount", mountPoint]) }
            let before = try ledger()
            let chunk = Data((0..<(1 << 20)).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) })
            let handle = try #require(
                FileHandle(forWritingAtPath: mountPoint + "/200m")
                    ?? {
                        _ = FileManager.default.createFile(atPath: mountPoint + "/200m", contents: nil)
                        return FileHandle(forWritingAtPath: mountPoint + "/200m")
                    }()
            )
            for _ in 0..<200 { handle.write(chunk) }
            try handle.close()
            let after = try ledger()
            expectNear(try size(after, "shmem") - size(before, "shmem"), 200 << 20, within: 0.03, "shared memory")
        }

        @Test("400 extra threads: kernel stacks grow by about 400 × 16 KiB ±15%")
        func threads() throws {
            let before = try ledger()
            let helper = try HelperProcess(["--threads", "400"])
            defer { helper.stop() }
            let after = try ledger()
            expectNear(
                try size(after, "kernel-stacks") - size(before, "kernel-stacks"),
                400 * 16 << 10,
                within: 0.15,
                "kernel stacks"
            )
        }

        @Test("No swap: a plain 300 MiB malloc moves Wired by less than 1 MiB, and is unswappable, not wired")
        func mallocIsNotWired() throws {
            let swap = try #require(try LinuxReader().readSystem().linux?.meminfo?["SwapTotal"])
            guard swap == 0 else {
                print("skipped: this machine has swap, so anonymous memory is reclaimable, not unswappable")
                return
            }
            // Other work on the machine moves kernel memory by a few hundred KiB a second: the helper is started
            // up to five times and the quietest pair of readings counts.
            var deltas: [Int64] = []
            for _ in 0..<5 {
                let before = try ledger()
                let helper = try HelperProcess(["--anon", "300"])
                let after = try ledger()
                let scan = LinuxReader().readProcesses(ProcessReadOptions(commandLines: .none)).0
                helper.stop()
                let row = try #require(scan.processes.first { $0.pid == helper.pid })
                #expect(row.rssAnon.map { $0 >= 300 << 20 } == true, "the helper holds its 300 MiB")
                // Its wired cost: the page tables of 300 MiB (600 KiB), one stack, its kernel objects; no anon.
                let costs = ProcessCosts(arch: LinuxReader().readSystem().meta.arch)
                let wiredCost = ProcessTable.row(row, scan: scan, costs: costs).wired
                #expect(wiredCost.bytes < 1 << 20, "wired caused by the helper: \(wiredCost)")
                #expect(after.bucket("app")?.memoryClass == .unswappable)
                deltas.append(after.wired.total.bytes - before.wired.total.bytes)
                if abs(deltas.last ?? 0) < 1 << 20 { break }
            }
            let quietest = deltas.min { abs($0) < abs($1) } ?? .max
            print("Wired moved by \(deltas.map { ByteFormat.signed($0) }) with a 300 MiB malloc alive")
            #expect(abs(quietest) < 1 << 20, "Wired moved by \(ByteFormat.signed(quietest))")
        }

        @Test("An mlocked 128 MiB memfd is in the locked bucket once: shared and app memory do not hold it")
        func lockedMemfd() throws {
            let before = try ledger()
            let helper = try HelperProcess(["--memfd", "128", "--mlock-memfd"])
            defer { helper.stop() }
            Thread.sleep(forTimeInterval: 1.2)
            let snapshot = LinuxReader().readSystem()
            let after = try Ledger.of(snapshot)
            let facts = try #require(snapshot.linux?.lockedMemory, "meminfo left the locked part of Shmem open")
            let process = try #require(facts.processes.first { $0.pid == helper.pid })
            #expect(
                process.mappings?.contains { $0.path.hasPrefix("/memfd:wired-test") && $0.rss == 128 << 20 } == true
            )
            let evidence = try #require(LockedShared.of(snapshot))
            let memfd = try #require(evidence.objects.first { $0.name == "memfd:wired-test" })
            #expect(memfd.bytes.bytes == 128 << 20)
            #expect(memfd.bucket == "mlocked")
            expectNear(try size(after, "mlocked") - size(before, "mlocked"), 128 << 20, within: 0.03, "mlocked")
            // Shmem grew by 128 MiB, all of it locked: the shared bucket (Shmem less its locked part) stays.
            let shmem = try size(after, "shmem") - size(before, "shmem")
            #expect(abs(shmem) < 4 << 20, "shared memory moved by \(ByteFormat.signed(shmem))")
        }

        @Test("A SHM_LOCKed 64 MiB SysV segment is in the unevictable bucket once, not in shared memory")
        func shmLocked() throws {
            let before = try ledger()
            let helper = try HelperProcess(["--shm", "64", "--shm-lock"])
            defer { helper.stop() }
            Thread.sleep(forTimeInterval: 1.2)
            let snapshot = LinuxReader().readSystem()
            let after = try Ledger.of(snapshot)
            let evidence = try #require(LockedShared.of(snapshot))
            let segment = try #require(evidence.objects.first { $0.name.contains("created by pid \(helper.pid)") })
            #expect(segment.bytes.bytes == 64 << 20)
            #expect(segment.bucket == "unevictable")
            expectNear(
                try size(after, "unevictable") - size(before, "unevictable"),
                64 << 20,
                within: 0.03,
                "unevictable"
            )
            let shmem = try size(after, "shmem") - size(before, "shmem")
            #expect(abs(shmem) < 4 << 20, "shared memory moved by \(ByteFormat.signed(shmem))")
        }

        @Test("usedBytes equals free -b's used within 20 MiB")
        func matchesFree() throws {
            let wired = try Command.wired(["--json"])
            let free = try Command.run(["/usr/bin/free", "-b"])
            let object = try #require(try Command.json(wired.stdout) as? [String: Any])
            let used = try #require((object["totals"] as? [String: Any])?["usedBytes"] as? Int)
            // "Mem:  total used free shared buff/cache available"
            let memLine = try #require(free.stdout.split(separator: "\n").first { $0.hasPrefix("Mem:") })
            let freeUsed = try #require(Int(memLine.split(separator: " ")[2]))
            #expect(abs(used - freeUsed) <= 20 << 20, "wired \(used) vs free \(freeUsed)")
            #expect(object["memTotalBytes"] as? Int == Int(memLine.split(separator: " ")[1]))
        }

        @Test("On this machine the unexplained line is under 1% of MemTotal")
        func unexplainedLive() throws {
            let ledger = try ledger()
            let unexplained = try size(ledger, "unexplained")
            #expect(Double(abs(unexplained)) < 0.01 * Double(ledger.memTotal.bytes))
        }
    }
}
