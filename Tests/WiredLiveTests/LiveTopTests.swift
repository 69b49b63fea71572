import Foundation
import Testing
import WiredCore
import WiredLinux
import WiredTestSupport

extension Live {
    /// `wired top` on the running system.
    @Suite("Live processes", .serialized)
    struct LiveTopTests {
        func row(_ object: [String: Any], pid: Int32) throws -> [String: Any] {
            let processes = try #require(object["processes"] as? [[String: Any]])
            return try #require(processes.first { $0["pid"] as? Int == Int(pid) }, "pid \(pid) not listed")
        }

        @Test(
            "A child that mlocks 64 MiB and starts 50 threads: wiredBytes ≥ 64 MiB + 50 × 16 KiB, 51 threads",
            .enabled(if: Fixtures.isRoot, "needs root: 64 MiB is above the default mlock limit")
        )
        func mlockAndThreads() throws {
            let helper = try HelperProcess(["--mlock", "64", "--threads", "50"])
            defer { helper.stop() }
            let result = try Command.wired(["top", "--json"])
            #expect(result.status == 0)
            let object = try #require(try Command.json(result.stdout) as? [String: Any])
            let row = try row(object, pid: helper.pid)
            #expect(row["threads"] as? Int == 51)
            #expect(try #require(row["wiredBytes"] as? Int) >= 64 << 20 + 50 * 16 << 10)
            #expect(try #require(row["lockedBytes"] as? Int) >= 64 << 20)
            #expect(row["kernelStackBytes"] as? Int == 51 * 16 << 10)
            #expect(row["inspectable"] as? Bool == true)
            #expect(row["name"] as? String == "wired-test-help")
        }

        @Test(
            "As nobody (setpriv): the run succeeds and other users' processes are marked not inspectable",
            .enabled(if: Fixtures.isRoot, "needs root to switch to nobody with setpriv"),
            .enabled(
                if: Fixtures.othersCanExecute(Fixtures.product("wired")),
                "the build folder is not readable by nobody"
            )
        )
        func asNobody() throws {
            let helper = try HelperProcess(["--anon", "4"])  // a root-owned process to look at
            defer { helper.stop() }
            let result = try Command.run([
                "/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--inh-caps=-all",
                Fixtures.product("wired"), "top", "--json",
            ])
            #expect(result.status == 0, "\(result.stderr)")
            let object = try #require(try Command.json(result.stdout) as? [String: Any])
            let root = try row(object, pid: helper.pid)
            #expect(root["inspectable"] as? Bool == false)
            #expect(root["pssBytes"] is NSNull)
            #expect(try #require(root["rssBytes"] as? Int) >= 4 << 20)
            #expect(root["denial"] as? String == "permission")
            let summary = try #require(object["summary"] as? [String: Any])
            #expect(try #require(summary["uninspectable"] as? Int) >= 1)
            #expect(summary["readAsRoot"] as? Bool == false)
            // The wired process itself belongs to nobody and is inspectable.
            let processes = try #require(object["processes"] as? [[String: Any]])
            #expect(processes.contains { $0["name"] as? String == "wired" && $0["inspectable"] as? Bool == true })
            // The text view says why, in its footer.
            let text = try Command.run([
                "/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", Fixtures.product("wired"),
                "top",
            ])
            #expect(text.stdout.contains("not inspectable (*;"))
            #expect(text.stdout.contains("other users' processes: PSS needs root"))
        }

        @Test("Churn: 300 readings back to back while a child forks and reaps about 200 processes a second")
        func churn() throws {
            let helper = try HelperProcess(["--churn", "200"])
            defer { helper.stop() }
            var failed = 0
            var gone = 0
            var seenChurnChildren = 0
            let reader = LinuxReader()
            for _ in 0..<300 {
                let (scan, problems) = reader.readProcesses()
                let pids = scan.processes.map(\.pid)
                let duplicates = Set(pids).count != pids.count
                let unexplained = scan.processes.contains { $0.kind == .user && $0.smaps == nil && $0.denial == nil }
                if !problems.isEmpty || duplicates || unexplained || scan.processes.isEmpty { failed += 1 }
                gone += scan.gone
                seenChurnChildren += scan.processes.filter { $0.name == "churn child" }.count
            }
            #expect(failed == 0)
            // The churn is real: short-lived children were seen in the readings.
            #expect(seenChurnChildren > 0)
            print(
                "churn: 300 readings, \(seenChurnChildren) short-lived children seen, \(gone) processes gone mid-read"
            )
        }
    }

    /// What `wired top` opens, seen with strace.
    @Suite("Files wired top opens")
    struct OpenedFilesTests {
        @Test(
            "environ is never opened; kernel threads and zombies get no smaps_rollup attempt",
            .enabled(if: Fixtures.exists("/usr/bin/strace"), "strace is not installed")
        )
        func opened() throws {
            let helper = try HelperProcess(["--zombie"])
            defer { helper.stop() }
            let result = try Command.run([
                "/usr/bin/strace", "-f", "-e", "trace=openat", Fixtures.product("wired"), "top", "--json",
            ])
            let opens = result.stderr.split(separator: "\n").filter { $0.contains("openat(") }
            #expect(opens.count > 100)
            #expect(!opens.contains { $0.contains("environ") })
            // PID 2 is kthreadd: its stat and status are read, its smaps_rollup never.
            #expect(opens.contains { $0.contains("\"stat\"") || $0.contains("/2/stat") })
            let kthreadSmaps = opens.filter { $0.contains("smaps_rollup") }.count
            let object = try #require(try Command.json(result.stdout) as? [String: Any])
            let user = try #require((object["summary"] as? [String: Any])?["processes"] as? Int)
            // One smaps_rollup per user process at most (kernel threads and the zombie excluded).
            #expect(kthreadSmaps <= user)
        }
    }
}
