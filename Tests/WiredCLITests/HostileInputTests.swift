import Foundation
import Testing
import WiredCompression
import WiredTestSupport

#if canImport(Glibc)
import Glibc
#endif

/// Inputs that used to hang `wired` or make it work without bound, run through the binary with a time limit
/// so that a regression fails the test instead of hanging the suite.
@Suite("Hostile inputs: no hangs, bounded work")
struct HostileInputTests {
    /// The problems of a `--json` ledger.
    func problems(_ result: TimedResult) throws -> [[String: Any]] {
        let object = try #require(try JSONSerialization.jsonObject(with: result.stdout) as? [String: Any])
        return try #require(object["problems"] as? [[String: Any]])
    }

    @Test("A FIFO, a socket or a device node where a tree has a file becomes a problem naming it, not a hang")
    func irregularFilesInTree() throws {
        let tree = try TemporaryTree(copying: "vm-6.18-idle")
        var expected: [String: String] = [:]
        for file in ["proc/vmstat", "proc/swaps", "dev/kmsg"] {
            try? tree.remove(file)
            #expect(mkfifo(tree.path + "/" + file, 0o644) == 0)
            expected[file] = "a FIFO"
        }
        // A writer holding a FIFO open: a blocking read would then wait for data forever.
        let holder = open(tree.path + "/proc/vmstat", O_RDWR | O_NONBLOCK)
        defer { close(holder) }
        if getuid() == 0 {
            try tree.remove("proc/zoneinfo")
            // /dev/zero's device numbers (1:5): reading it would never end.
            #expect(mknod(tree.path + "/proc/zoneinfo", S_IFCHR | 0o644, dev_t(1 << 8 | 5)) == 0)
            expected["proc/zoneinfo"] = "a character device"
        }
        for view in [["--json"], ["top", "--json"], ["owners", "--json"]] {
            let result = try Command.wired(view + ["--root", tree.path], killAfter: 20)
            #expect(!result.timedOut, "\(view) hung")
            #expect(result.status == 0, "\(view): \(result.stderr)")
            guard view == ["--json"], result.status == 0 else { continue }
            let found = try problems(result)
            for (file, kind) in expected {
                let problem = found.first { $0["source"] as? String == tree.path + "/" + file }
                #expect(
                    problem?["message"] as? String
                        == "cannot open \(tree.path)/\(file): \(kind), not a regular file: not read",
                    "\(file)"
                )
            }
        }
    }

    @Test("A FIFO as meminfo: refused at once with its name; no ledger without it")
    func fifoMeminfo() throws {
        let tree = try TemporaryTree(copying: "vm-6.18-idle")
        try tree.remove("proc/meminfo")
        #expect(mkfifo(tree.path + "/proc/meminfo", 0o644) == 0)
        let result = try Command.wired(["--root", tree.path], killAfter: 20)
        #expect(!result.timedOut)
        #expect(result.status == 1)
        #expect(
            result.stderr.hasPrefix(
                "wired: \(tree.path)/proc/meminfo: cannot open \(tree.path)/proc/meminfo: a FIFO, not a regular file: not read\n"
            )
        )
    }

    @Test("--from a FIFO or a device is refused at once, with what it is")
    func irregularFrom() throws {
        let work = try TemporaryTree()
        #expect(mkfifo(work.path + "/pipe.wired", 0o644) == 0)
        let result = try Command.wired(["--from", work.path + "/pipe.wired"], killAfter: 20)
        #expect(!result.timedOut)
        #expect(result.status == 1)
        #expect(result.stderr == "wired: \(work.path)/pipe.wired: a FIFO, not a snapshot file: not read\n")
        let device = try Command.wired(["--from", "/dev/zero"], killAfter: 20)
        #expect(!device.timedOut)
        #expect(device.stderr == "wired: /dev/zero: a character device, not a snapshot file: not read\n")
    }

    @Test("A 4 MiB gzip bomb (4 GiB of zeros) is refused with the reason, after the first bytes")
    func zerosBomb() throws {
        let work = try TemporaryTree()
        let member = try Gzip.compress([UInt8](repeating: 0, count: 64 << 20), level: 9)
        let bomb = Array("wired snapshot format 1\n".utf8) + Array([[UInt8]](repeating: member, count: 64).joined())
        #expect(bomb.count < 5 << 20)
        try work.write("bomb.wired", bomb)
        let result = try Command.wired(["--from", work.path + "/bomb.wired"], killAfter: 30)
        #expect(!result.timedOut)
        #expect(result.status == 1)
        #expect(
            result.stderr
                == "wired: \(work.path)/bomb.wired: damaged: invalid JSON: expected \"{\", found byte 0 at the top level\n"
        )
    }

    @Test("A snapshot whose JSON goes on in blanks past 256 MiB is refused at the cap")
    func blanksBomb() throws {
        let work = try TemporaryTree()
        let start = try Gzip.compress(Array("{\"formatVersion\":1,\"snapshot\":".utf8))
        let member = try Gzip.compress([UInt8](repeating: 0x20, count: 64 << 20), level: 9)
        let bomb =
            Array("wired snapshot format 1\n".utf8) + start + Array([[UInt8]](repeating: member, count: 5).joined())
        try work.write("blanks.wired", bomb)
        let result = try Command.wired(["--from", work.path + "/blanks.wired"], killAfter: 120)
        #expect(!result.timedOut)
        #expect(result.status == 1)
        #expect(
            result.stderr
                == "wired: \(work.path)/blanks.wired: inflates to more than 256 MiB: not read (5,000 processes take about 2.4 MiB)\n"
        )
    }
}
