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
            try #require(ledger.bucket(id), "no bucket \(id)").bytes.bytes
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
            // Kernel and user wired memory: the part of the wired total that other tests running meanwhile
            // do not move (with no swap, every process's anonymous memory is wired too).
            let pinned = { (ledger: Ledger) in ledger.wired.kernel.bytes + ledger.wired.user.bytes }
            expectNear(pinned(after) - pinned(before), 256 << 20, within: 0.03, "wired kernel + user")
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
