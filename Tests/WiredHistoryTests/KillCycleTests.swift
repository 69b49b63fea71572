import Foundation
import GRDB
import Testing
import WiredCore
import WiredTestSupport

@testable import WiredHistory

#if canImport(Glibc)
import Glibc
#endif

/// Durability: the recorder killed with SIGKILL at every phase of its life, a thousand times.
@Suite("Recorder killed with SIGKILL")
struct KillCycleTests {
    @Test("1,000 kill -9 cycles: the store passes integrity_check and every committed sample reads back")
    func thousandKills() throws {
        let folder = try TemporaryTree()
        let path = folder.path + "/history.db"
        let wired = Fixtures.product("wired")
        let fixture = Fixtures.linux("synthetic-owners-v2")
        var delay: UInt64 = 12_345
        for _ in 0..<1000 {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: wired)
            process.arguments = ["record", "--db", path, "--root", fixture, "--interval", "0.002"]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            // A pseudo-random 0–150 ms: during start-up and migration (the first ~40 ms of a debug build), and
            // then during readings and in the middle of writes.
            delay = delay &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            usleep(useconds_t((delay >> 33) % 150_000))
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        let queue = try DatabaseQueue(path: path)
        #expect(try queue.read { try String.fetchAll($0, sql: "PRAGMA integrity_check") } == ["ok"])
        let store = try HistoryStore.openForReading(path)
        let moments = try store.moments(from: 0, to: 4e9)
        #expect(moments.count > 100, "only \(moments.count) samples were committed in 1,000 runs")
        for moment in moments { _ = try store.snapshot(moment) }
        let series = try store.series(from: 0, to: 4e9)
        #expect(series.allSatisfy { $0.points.count <= moments.count })
        // Never judged damaged: nothing was moved aside.
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        #expect(names.filter { $0.contains(".damaged-") || $0.contains(".newer-schema-") }.isEmpty, "\(names)")
    }
}
