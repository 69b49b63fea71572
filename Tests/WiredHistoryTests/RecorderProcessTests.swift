import Foundation
import GRDB
import Testing
import WiredCore
import WiredTestSupport

@testable import WiredHistory

#if canImport(Glibc)
import Glibc
#endif

/// `wired record` and the views over a store, as the built binary runs them.
@Suite("wired record, --at and the history views", .serialized)
struct RecorderProcessTests {
    static let fixture = Fixtures.linux("debian11-5.10-x86_64")

    /// Runs `wired record` on the fixture tree for `samples` samples into a new store; returns its path.
    static func recordedStore(_ folder: TemporaryTree, samples: Int = 3) throws -> String {
        let path = folder.path + "/history.db"
        let result = try Command.wired([
            "record", "--db", path, "--root", fixture, "--interval", "0.05", "--samples", "\(samples)",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.hasPrefix("recording to \(path) every 0.05 s; the store holds 0 samples in "))
        #expect(result.stdout.contains("\(path) holds \(samples) samples in "))
        return path
    }

    /// Starts `wired record` without waiting for it.
    static func start(_ arguments: [String]) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Fixtures.product("wired"))
        process.arguments = ["record"] + arguments
        process.standardOutput = Pipe()
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    /// Samples in the store at `path`; 0 while it is being created.
    static func samples(_ path: String) -> Int {
        do {
            return try HistoryStore.openForReading(path).summary().samples
        } catch {
            return 0
        }
    }

    @Test("--at works on every view, each naming the sample it shows; diff mixes moments, files and now")
    func everyView() throws {
        let folder = try TemporaryTree()
        let path = try Self.recordedStore(folder)
        let views: [[String]] = [
            ["--at", "now"], ["status", "--at", "boot"], ["top", "--at", "-1h", "--limit", "3"],
            ["owners", "--at", "now", "--depth", "1"], ["explain", "unexplained", "--at", "now"],
            ["--at", "now", "--json"],
            ["top", "--at", "now", "--json"], ["owners", "--at", "now", "--json"],
        ]
        for view in views {
            let result = try Command.wired(view + ["--db", path])
            #expect(result.status == 0, "\(view): \(result.stderr)")
            #expect(result.stderr.hasPrefix("wired: showing the sample of 20"), "\(view): \(result.stderr)")
        }
        // The recorded moment shows what the tree shows.
        let recorded = try Command.wired(["top", "--at", "now", "--db", path, "--json"])
        let direct = try Command.wired(["top", "--root", Self.fixture, "--json"])
        let recordedRows = try #require(try Command.json(recorded.stdout) as? [String: Any])["processes"] as? [Any]
        let directRows = try #require(try Command.json(direct.stdout) as? [String: Any])["processes"] as? [Any]
        #expect(recordedRows?.count == directRows?.count)
        #expect((recordedRows?.count ?? 0) > 0)
        // A moment saved as a file, then compared with another moment.
        let file = folder.path + "/moment.wired"
        let saved = try Command.wired(["snapshot", "--at", "boot", "--db", path, "-o", file])
        #expect(saved.status == 0, "\(saved.stderr)")
        let diff = try Command.wired(["diff", "@boot", file, "--db", path])
        #expect(diff.status == 0, "\(diff.stderr)")
        #expect(diff.stdout.hasPrefix("wired diff · same boot"))
        let missing = try Command.wired(["--at", "now", "--db", folder.path + "/none.db"])
        #expect(missing.status == 1)
        #expect(
            missing.stderr
                == "wired: no history at \(folder.path)/none.db: record one with `wired record --db \(folder.path)/none.db`\n"
        )
        let badTime = try Command.wired(["--at", "yesterday", "--db", path])
        #expect(badTime.status != 0)
        #expect(badTime.stderr.contains("\"yesterday\" is not a time"))
    }

    @Test("wired history prints the classes, CSV and JSON with one entry per sample")
    func historyOutputs() throws {
        let folder = try TemporaryTree()
        let path = try Self.recordedStore(folder, samples: 4)
        let json = try Command.wired(["history", "--db", path, "--since", "2000-01-01", "--json", "--class", "wired"])
        #expect(json.status == 0, "\(json.stderr)")
        let object = try #require(try Command.json(json.stdout) as? [String: Any])
        let samples = try #require(object["samples"] as? [[String: Any]])
        #expect(samples.count == 4)
        #expect(samples.allSatisfy { $0["time"] is String && $0["total/wired"] is Int })
        let csv = try Command.wired(["history", "--db", path, "--since", "2000-01-01", "--csv", "--bucket", "app"])
        #expect(csv.status == 0, "\(csv.stderr)")
        let lines = csv.stdout.split(separator: "\n")
        #expect(lines.first == "time,boot,ledger/app")
        #expect(lines.count == 5)
        let text = try Command.wired(["history", "--db", path, "--since", "2000-01-01"])
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stdout.contains("wired (Σ of its buckets)"))
    }

    /// The parent pid of `pid` (field 4 of its `stat`), while it runs.
    static func parent(of pid: Int) -> Int32? {
        guard let line = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = line.range(of: ")", options: .backwards)
        else { return nil }
        return line[close.upperBound...].split(separator: " ").dropFirst().first.flatMap { Int32($0) }
    }

    @Test("The recorder running live beside a child that leaks 5 MiB/s: wired grew names the child first")
    func leakFoundLive() throws {
        let folder = try TemporaryTree()
        let path = folder.path + "/history.db"
        let leaker = try HelperProcess(["--leak", "5", "--name", "leaky-test"])
        defer { leaker.stop() }
        let record = try Command.wired(["record", "--db", path, "--interval", "0.5", "--samples", "16"])
        #expect(record.status == 0, "\(record.stderr)")
        let grew = try Command.wired(["grew", "--db", path, "--since", "1h", "--json"])
        #expect(grew.status == 0, "\(grew.stderr)")
        let object = try #require(try Command.json(grew.stdout) as? [String: Any])
        // This test process, the cgroups holding it, the helpers other suites start beside it (page cache, a
        // browser, another leaking helper) and the cgroups they make (all named after this test process's pid)
        // grow too: real growth, but not this test's, so they are left out before the first is taken.
        let mine = Set(Fixtures.ownMemoryCgroups.map { "service/" + $0 })
        let all = try #require(object["owners"] as? [[String: Any]])
        let owners = all.filter { owner in
            let pid = owner["pid"] as? Int
            let name = owner["name"] as? String ?? ""
            // Other suites' helpers: named as the helper, or children of this test process still running.
            let child = pid.flatMap { Self.parent(of: $0) } == getpid()
            let otherHelper = (name.hasPrefix("wired-test-help ") || child) && pid != Int(leaker.pid)
            let otherCgroup = owner["kind"] as? String == "service" && name.hasSuffix("-\(getpid())")
            return !mine.contains(owner["key"] as? String ?? "") && pid != Int(getpid()) && !otherHelper
                && !otherCgroup
        }
        let first = try #require(owners.first)
        #expect(first["kind"] as? String == "process")
        #expect(first["pid"] as? Int == Int(leaker.pid), "ranked: \(owners.prefix(3).map { $0["name"] ?? "" })")
        // 16 samples at 0.5 s (or slower when the machine is loaded): at least 5 MiB a second of it.
        let seconds = try #require(first["seconds"] as? Double)
        let fit = try #require(first["fit"] as? [String: Any])
        let slope = try #require(fit["slopeBytesPerSecond"] as? Double)
        #expect(seconds >= 7)
        #expect(slope > 4.0 * 1_048_576 && slope < 6.0 * 1_048_576)
        // The text numbers every owner, those left out above included.
        let rank = try #require(all.firstIndex { $0["pid"] as? Int == Int(leaker.pid) }) + 1
        let text = try Command.wired(["grew", "--db", path, "--since", "1h", "--limit", "\(rank)"])
        #expect(text.stdout.contains("\(rank). leaky-test (pid \(leaker.pid)) grew "), "\(text.stdout)")
    }

    @Test("A second recorder on the same store refuses with a clear message")
    func secondRecorder() throws {
        let folder = try TemporaryTree()
        let path = folder.path + "/history.db"
        let first = try Self.start(["--db", path, "--root", Self.fixture, "--interval", "0.2"])
        defer {
            first.terminate()
            first.waitUntilExit()
        }
        // Until the first holds the lock (it writes its pid there first).
        for _ in 0..<100 where (try? String(contentsOfFile: path + ".lock", encoding: .utf8))?.isEmpty ?? true {
            usleep(20_000)
        }
        let second = try Command.wired(["record", "--db", path, "--root", Self.fixture, "--samples", "1"])
        #expect(second.status == 1)
        #expect(
            second.stderr
                == "wired: another wired record (pid \(first.processIdentifier)) is already writing \(path); one store has one recorder: stop that one, or give this one another --db\n"
        )
    }

    @Test("SIGINT and SIGTERM stop the recorder within a second, every sample kept", arguments: [SIGINT, SIGTERM])
    func stopSignals(signal: Int32) throws {
        let folder = try TemporaryTree()
        let path = folder.path + "/history.db"
        let recorder = try Self.start(["--db", path, "--root", Self.fixture, "--interval", "0.1"])
        var samples = 0
        for _ in 0..<200 where samples < 3 {
            usleep(50_000)
            samples = Self.samples(path)
        }
        #expect(samples >= 3)
        kill(recorder.processIdentifier, signal)
        let sent = Date()
        while recorder.isRunning, Date().timeIntervalSince(sent) < 1 { usleep(10_000) }
        #expect(!recorder.isRunning, "still running 1 s after the signal")
        recorder.waitUntilExit()
        #expect(recorder.terminationStatus == 0)
        let store = try HistoryStore.openForReading(path)
        for moment in try store.moments(from: 0, to: 4e9) { _ = try store.snapshot(moment) }
    }
}
