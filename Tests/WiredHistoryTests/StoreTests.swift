import Foundation
import GRDB
import Testing
import WiredCore
import WiredTestSupport

@testable import WiredHistory

/// The store on an in-memory database (and on files where the test is about files).
@Suite("History store")
struct StoreTests {
    /// A full reading of a captured Debian tree, taken at `seconds` in boot `boot`, with process 1's PSS
    /// raised by `extra` bytes.
    static func reading(at seconds: Int64, boot: String = "boot-a", extra: Int64 = 0) -> Snapshot {
        var snapshot = base
        snapshot.meta.takenAt = Timestamp(seconds: seconds)
        snapshot.meta.bootID = boot
        if extra != 0, var first = snapshot.processes?.processes.first, var smaps = first.smaps {
            smaps.pss += extra
            first.smaps = smaps
            snapshot.processes?.processes[0] = first
        }
        return snapshot
    }

    static let base = Fixtures.fullSnapshot("debian11-5.10-x86_64")

    /// The snapshot as the store gives it back, with the source it names set back to the original's.
    static func original(_ replayed: Snapshot, like snapshot: Snapshot) -> Snapshot {
        var replayed = replayed
        replayed.meta.source = snapshot.meta.source
        return replayed
    }

    @Test("Every sample reads back as the very snapshot stored; deltas are a fraction of the keyframe")
    func roundTrip() throws {
        let store = try HistoryStore.inMemory()
        let readings = (0..<5).map { Self.reading(at: 1_800_000_000 + Int64($0) * 10, extra: Int64($0) << 20) }
        var appended: [HistoryStore.Appended] = []
        for reading in readings { appended.append(try store.append(reading)) }
        #expect(appended.map(\.keyframe) == [true, false, false, false, false])
        // The keyframe holds the whole JSON; a sample that changed one process's PSS holds a few tokens.
        #expect(appended[1].bytes * 10 < appended[0].bytes)
        let moments = try store.moments(from: 0, to: 2e9)
        #expect(moments.count == 5)
        for (moment, reading) in zip(moments, readings) {
            let replayed = try store.snapshot(moment)
            #expect(replayed.meta.source.hasPrefix("history :memory:, sample of 2027-01-15T08:0"))
            #expect(Self.original(replayed, like: reading) == reading)
        }
    }

    @Test("The nearest sample either side; boot finds the first of its boot; boots are numbered segments")
    func moments() throws {
        let store = try HistoryStore.inMemory()
        let t0: Int64 = 1_800_000_000
        _ = try store.append(Self.reading(at: t0))
        _ = try store.append(Self.reading(at: t0 + 10))
        _ = try store.append(Self.reading(at: t0 + 20, boot: "boot-b"))
        _ = try store.append(Self.reading(at: t0 + 30, boot: "boot-b"))
        #expect(try store.nearest(to: Double(t0 + 4))?.time == Double(t0))
        #expect(try store.nearest(to: Double(t0 + 6))?.time == Double(t0 + 10))
        #expect(try store.nearest(to: 0)?.time == Double(t0))
        #expect(try store.nearest(to: 3e9)?.time == Double(t0 + 30))
        #expect(try store.firstOfBoot("boot-a")?.time == Double(t0))
        let later = try #require(try store.firstOfBoot("boot-b"))
        #expect(later.time == Double(t0 + 20))
        #expect(later.bootNumber == 2)
        // An unknown boot (this machine's, never recorded): the store's latest boot.
        #expect(try store.firstOfBoot("not recorded")?.time == Double(t0 + 20))
        let summary = try store.summary()
        #expect(summary.samples == 4)
        #expect(summary.boots == 2)
        // A diff across the boundary says so.
        let before = try store.snapshot(try #require(try store.nearest(to: Double(t0 + 10))))
        let after = try store.snapshot(later)
        #expect(SnapshotComparison.diff(before, after).relation == .rebooted)
    }

    @Test("Series give back each figure at each moment, as HistoryFigures computed it")
    func series() throws {
        let store = try HistoryStore.inMemory()
        let readings = (0..<4).map { Self.reading(at: 1_800_000_000 + Int64($0) * 10, extra: Int64($0) * 3 << 20) }
        for reading in readings { _ = try store.append(reading) }
        let figures = readings.map { HistoryFigures.of($0) }
        let all = try store.series(from: 0, to: 2e9)
        #expect(all.count == figures[0].count)
        for series in all {
            let expected = figures.compactMap { $0.first { $0.key == series.key }?.bytes }
            #expect(series.points.map(\.bytes) == expected, "\(series.key)")
        }
        // Process 1 grew 3 MiB a step: the series says so.
        let first = try #require(Self.base.processes?.processes.first)
        let process = try #require(all.first { $0.key == HistoryKey.process(first) })
        #expect(process.points.last.map { $0.bytes - process.points[0].bytes } == 9 << 20)
        #expect(process.pid == first.pid)
    }

    @Test("Owners are named once, when first stored: a process by its name, pid and lineage")
    func ownerNames() throws {
        let store = try HistoryStore.inMemory()
        _ = try store.append(Self.reading(at: 1_800_000_000))
        _ = try store.append(Self.reading(at: 1_800_000_010))
        let described = Dictionary(
            HistoryFigures.of(Self.base).map { ($0.key, $0) },
            uniquingKeysWith: { first, _ in first }
        )
        let rows = try store.queue.read { db in
            try Row.fetchAll(db, sql: "SELECT key, kind, name, lineage, pid FROM owner")
        }
        #expect(rows.count == described.count)
        let processes = rows.filter { $0["kind"] as String == "process" }
        #expect(processes.count == Self.base.processes?.processes.filter { $0.kind == .user }.count)
        for row in rows {
            let figure = try #require(described[row["key"] as String])
            #expect(row["name"] as String == figure.name)
            #expect(row["lineage"] as String? == figure.lineage)
            #expect(row["pid"] as Int32? == figure.pid)
        }
        let first = try #require(Self.base.processes?.processes.first { $0.kind == .user })
        let row = try #require(processes.first { $0["key"] as String == HistoryKey.process(first) })
        #expect(row["name"] as String == "\(first.name) (pid \(first.pid))")
        #expect(row["lineage"] as String == HistoryKey.lineage(first))
    }

    @Test("A new keyframe every keyframeEvery samples, and after a reboot")
    func keyframes() throws {
        var settings = HistorySettings()
        settings.keyframeEvery = 3
        let store = try HistoryStore.inMemory(settings: settings)
        var flags: [Bool] = []
        for index in 0..<7 {
            let boot = index < 5 ? "boot-a" : "boot-b"
            flags.append(try store.append(Self.reading(at: 1_800_000_000 + Int64(index), boot: boot)).keyframe)
        }
        #expect(flags == [true, false, false, true, false, true, false])
    }

    @Test("Under a small cap the oldest samples go and the file stays under the cap on every write")
    func cap() throws {
        let folder = try TemporaryTree()
        let path = folder.path + "/history.db"
        var settings = HistorySettings()
        settings.maxBytes = 400 << 10
        settings.keyframeEvery = 5
        let (store, notes) = try HistoryStore.openForWriting(path, settings: settings, now: Timestamp(seconds: 0))
        #expect(notes.isEmpty)
        var removed = 0
        var readings: [Double: Snapshot] = [:]
        for index in 0..<400 {
            let reading = Self.reading(at: 1_800_000_000 + Int64(index), extra: Int64(index) << 12)
            readings[Double(1_800_000_000 + index)] = reading
            let appended = try store.append(reading)
            removed += appended.removed
            let sizes = try [path, path + "-wal", path + "-shm"].map { try FileFacts.size($0) ?? 0 }
            #expect(try store.fileBytes <= settings.maxBytes, "after sample \(index): \(sizes)")
        }
        let summary = try store.summary()
        #expect(removed > 0)
        #expect(summary.samples + removed == 400)
        #expect(summary.last?.time == 1_800_000_399)
        // What is left still reads back as stored (the chains were written again as their heads went).
        for (index, moment) in try store.moments(from: 0, to: 3e9).enumerated() where index % 7 == 0 {
            let reading = try #require(readings[moment.time])
            #expect(Self.original(try store.snapshot(moment), like: reading) == reading, "sample at \(moment.time)")
        }
    }

    @Test("Tiers: every sample for the full span, then one a minute, then one an hour, then none")
    func tiers() throws {
        var settings = HistorySettings()
        settings.fullSeconds = 120
        settings.minuteSeconds = 1200
        settings.hourSeconds = 7200
        let store = try HistoryStore.inMemory(settings: settings)
        // A sample every 15 s for 3 h (t = 0 … 10,785 s after t0, aligned to the hour).
        let t0: Int64 = 1_800_000_000 - 1_800_000_000 % 3600
        for index in 0..<720 { _ = try store.append(Self.reading(at: t0 + Int64(index) * 15)) }
        let now = Double(t0 + 719 * 15)
        let times = try store.moments(from: 0, to: 3e9).map(\.time)
        // Thinning ran at the last minute boundary before `now`: nothing older than 2 h of it remains.
        #expect(times.allSatisfy { $0 >= now - 7200 - 60 })
        let full = times.filter { $0 >= now - 120 + 60 }
        #expect(full.count >= 4)
        let minutely = times.filter { $0 < now - 120 - 60 && $0 >= now - 1200 }
        #expect(Set(minutely.map { Int($0) / 60 }).count == minutely.count)
        let hourly = times.filter { $0 < now - 1200 - 60 }
        #expect(Set(hourly.map { Int($0) / 3600 }).count == hourly.count)
        #expect(!hourly.isEmpty)
    }

    @Test("A damaged file is moved aside under a clear name, never overwritten, and a new store started")
    func damaged() throws {
        let folder = try TemporaryTree()
        let path = folder.path + "/history.db"
        let garbage =
            Array("this is not an SQLite database, it is a note the user kept".utf8)
            + [UInt8](repeating: 7, count: 8192)
        try folder.write("history.db", garbage)
        let (store, notes) = try HistoryStore.openForWriting(path, now: Timestamp(seconds: 1_800_000_000))
        let aside = path + ".damaged-20270115-080000"
        #expect(
            notes == [
                "\(path) is damaged (file is not a database (SQLite code 26)): moved it aside to \(aside) and started a new store"
            ]
        )
        #expect(Array(try Data(contentsOf: URL(fileURLWithPath: aside))) == garbage)
        _ = try store.append(Self.reading(at: 1_800_000_000))
        #expect(try store.summary().samples == 1)
    }

    @Test("A store from a newer schema is refused by readers and moved aside by the recorder")
    func newerSchema() throws {
        let folder = try TemporaryTree()
        let path = folder.path + "/history.db"
        do {
            let (store, _) = try HistoryStore.openForWriting(path, now: Timestamp(seconds: 0))
            _ = try store.append(Self.reading(at: 1_800_000_000))
            try store.queue.write { db in
                try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v3'); PRAGMA user_version = 3")
            }
        }
        #expect(throws: HistoryError.self) { try HistoryStore.openForReading(path) }
        do {
            _ = try HistoryStore.openForReading(path)
        } catch let error as HistoryError {
            #expect(error.message == "\(path) was written by a newer wired (schema 3); this one reads schema 2")
        }
        let (_, notes) = try HistoryStore.openForWriting(path, now: Timestamp(seconds: 1_800_000_000))
        #expect(
            notes.first?.contains("was written by a newer wired (schema 3): moved it aside to \(path).newer-schema-")
                == true
        )
        #expect(FileManager.default.fileExists(atPath: path + ".newer-schema-20270115-080000"))
    }

    @Test("A second recorder on the same store is refused, naming the first")
    func oneRecorder() throws {
        let folder = try TemporaryTree()
        let path = folder.path + "/history.db"
        let first = try RecorderLock.acquire(for: path)
        do {
            _ = try RecorderLock.acquire(for: path)
            Issue.record("the second lock was granted")
        } catch let error as HistoryError {
            #expect(
                error.message
                    == "another wired record (pid \(getpid())) is already writing \(path); one store has one recorder: stop that one, or give this one another --db"
            )
        }
        withExtendedLifetime(first) {}
    }

    @Test("The recorder loop stores what its source reads, and a failed reading does not stop it")
    func recorderLoop() throws {
        let store = try HistoryStore.inMemory()
        let recorder = Recorder(store: store, interval: 0.01)
        var calls = 0
        var failures = 0
        recorder.run(limit: 4) {
            calls += 1
            if calls == 2 { throw HistoryError("reading failed") }
            return Self.reading(at: 1_800_000_000 + Int64(calls))
        } report: { outcome in
            if case .failure = outcome { failures += 1 }
        }
        #expect(calls == 4)
        #expect(failures == 1)
        #expect(try store.summary().samples == 3)
    }
}
