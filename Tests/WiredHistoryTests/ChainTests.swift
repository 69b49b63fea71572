import Foundation
import GRDB
import Testing
import WiredCompression
import WiredCore
import WiredSnapshot
import WiredTestSupport

@testable import WiredHistory

/// Schema v2: the process list as a chain of binary records, replayed from its keyframe (docs/history-format.md).
@Suite("History process chain")
struct ChainTests {
    /// A process with every field set, or with the optional ones left out.
    static func process(_ pid: Int32, full: Bool, pss: Int64 = 8 << 20) -> ProcessFacts {
        var process = ProcessFacts(
            pid: pid,
            startTime: UInt64(pid) * 100,
            name: "worker-\(pid)",
            state: full ? "S" : "R",
            kind: .user,
            threads: 4
        )
        process.parentPID = 1
        guard full else { return process }
        process.uid = 1000
        process.command = "/usr/bin/worker --id \(pid)"
        process.rss = pss * 2
        process.vmSwap = 0
        process.smaps = SmapsRollup(rss: pss * 2, pss: pss, pssAnon: pss / 2, uss: pss / 4, swap: 4096, locked: 0)
        process.pssAgeMilliseconds = 2500
        process.cgroup = "/system.slice/worker.service"
        process.unit = "/system.slice/worker.service"
        return process
    }

    /// A small snapshot taken at `seconds` holding `processes`.
    static func snapshot(at seconds: Int64, _ processes: [ProcessFacts]) -> Snapshot {
        var snapshot = StoreTests.base
        snapshot.meta.takenAt = Timestamp(seconds: seconds, nanoseconds: 250_000_000)
        snapshot.meta.bootID = "boot-a"
        snapshot.processes?.processes = processes
        return snapshot
    }

    /// Each replayed moment equals the reading stored at that time.
    static func expectReplays(_ store: HistoryStore, _ readings: [Double: Snapshot]) throws {
        for moment in try store.moments(from: 0, to: 3e9) {
            let reading = try #require(readings[moment.time], "no reading at \(moment.time)")
            let replayed = try store.snapshot(moment)
            #expect(StoreTests.original(replayed, like: reading) == reading, "sample at \(moment.time)")
        }
    }

    static func time(_ snapshot: Snapshot) -> Double {
        Double(snapshot.meta.takenAt.seconds) + Double(snapshot.meta.takenAt.nanoseconds) / 1e9
    }

    @Test("Processes come, go, change order and lose fields; every sample replays to the snapshot stored")
    func handMade() throws {
        let store = try HistoryStore.inMemory()
        let t0: Int64 = 1_800_000_000
        let a = Self.process(10, full: true)
        let b = Self.process(20, full: false)
        var c = Self.process(30, full: true)
        c.denial = "permission"
        c.smaps = nil
        var aGrown = a
        aGrown.smaps?.pss = 9 << 20
        aGrown.pssAgeMilliseconds = nil
        var aBare = aGrown
        aBare.uid = nil
        aBare.cgroup = nil
        aBare.command = ""
        aBare.rss = nil
        let steps: [[ProcessFacts]] = [
            [a, b, c], [a, b, c], [aGrown, b, c], [b, c], [c, b, aGrown], [aBare, Self.process(40, full: true)], [],
            [b],
        ]
        var readings: [Double: Snapshot] = [:]
        for (index, processes) in steps.enumerated() {
            let snapshot = Self.snapshot(at: t0 + Int64(index) * 10, processes)
            readings[Self.time(snapshot)] = snapshot
            _ = try store.append(snapshot)
        }
        try Self.expectReplays(store, readings)
    }

    @Test("A PSS carried over costs nothing: its age is stored as the moment it was read")
    func carriedAge() throws {
        let store = try HistoryStore.inMemory()
        var processes = (1...200).map { Self.process(Int32($0), full: true) }
        var bytes: [Int] = []
        for index in 0..<4 {
            for i in processes.indices { processes[i].pssAgeMilliseconds = 2500 + Int64(index) * 1000 }
            bytes.append(try store.append(Self.snapshot(at: 1_800_000_000 + Int64(index), processes)).bytes)
        }
        let moment = try #require(try store.moments(from: 0, to: 3e9).last)
        let replayed = try store.snapshot(moment)
        #expect(replayed.processes?.processes.map(\.pssAgeMilliseconds) == processes.map(\.pssAgeMilliseconds))
        // The process list did not change at all from sample 1 to 3: one copy of 200 records, a few bytes deflated.
        let process = try store.queue.read { db in
            try Data.fetchOne(db, sql: "SELECT processes FROM sample WHERE id = ?", arguments: [moment.id])
        }
        #expect(try Gzip.decompress(Array(try #require(process)), limit: 1 << 20) == [0, 0, 0xc8, 0x01])
        #expect(bytes[3] < bytes[0] / 10)
    }

    @Test("A live reading of this machine replays exactly, and so does the next one against it")
    func live() throws {
        guard FileManager.default.fileExists(atPath: "/proc/self/stat") else {
            print("skipped: no /proc here")
            return
        }
        let store = try HistoryStore.inMemory()
        var readings: [Double: Snapshot] = [:]
        for _ in 0..<2 {
            let snapshot = Fixtures.fullSnapshot(root: "/")
            readings[Self.time(snapshot)] = snapshot
            _ = try store.append(snapshot)
        }
        #expect(try store.summary().samples == readings.count)
        try Self.expectReplays(store, readings)
    }

    @Test("Under a small cap and with tiers thinning the chains, every sample left still replays exactly")
    func retention() throws {
        var settings = HistorySettings()
        settings.fullSeconds = 120
        settings.minuteSeconds = 600
        settings.hourSeconds = 3600
        settings.maxBytes = 320 << 10
        settings.keyframeEvery = 40
        let folder = try TemporaryTree()
        let (store, _) = try HistoryStore.openForWriting(
            folder.path + "/history.db",
            settings: settings,
            now: Timestamp(seconds: 0)
        )
        var processes = (1...60).map { Self.process(Int32($0), full: $0 % 3 != 0) }
        var readings: [Double: Snapshot] = [:]
        var removed = 0
        for index in 0..<400 {
            processes[index % 60].smaps?.pss += 4096
            if index % 25 == 0 { processes[index % 60] = Self.process(Int32(1000 + index), full: true) }
            // The rest of the JSON drifts too: its chain is written again past each removed sample.
            let snapshot = Self.drifted(Self.snapshot(at: 1_800_000_000 + Int64(index) * 15, processes), index)
            readings[Self.time(snapshot)] = snapshot
            removed += try store.append(snapshot).removed
        }
        #expect(removed > 0)
        try Self.expectReplays(store, readings)
        // The figures follow the same chains: each series point is HistoryFigures' value at that moment.
        let first = try #require(try store.summary().first)
        for series in try store.series(from: 0, to: 3e9) where series.kind == "process" {
            for point in series.points where point.time == first.time {
                let reading = try #require(readings[point.time])
                #expect(HistoryFigures.of(reading).first { $0.key == series.key }?.bytes == point.bytes)
            }
        }
    }

    @Test("A store at its cap whose oldest group holds a damaged row keeps taking samples; the unreplayable tail goes")
    func retentionPastDamage() throws {
        var settings = HistorySettings()
        settings.fullSeconds = 1e9
        settings.minuteSeconds = 2e9
        settings.hourSeconds = 3e9
        settings.maxBytes = 192 << 10
        settings.keyframeEvery = 40
        let folder = try TemporaryTree()
        let path = folder.path + "/history.db"
        let (store, _) = try HistoryStore.openForWriting(path, settings: settings, now: Timestamp(seconds: 0))
        var processes = (1...60).map { Self.process(Int32($0), full: $0 % 3 != 0) }
        var readings: [Double: Snapshot] = [:]
        var removed = 0
        var damaged: Double = 0
        var notes: [String] = []
        for index in 0..<600 {
            processes[index % 60].smaps?.pss += 4096
            let snapshot = Self.drifted(Self.snapshot(at: 1_800_000_000 + Int64(index) * 15, processes), index)
            readings[Self.time(snapshot)] = snapshot
            let appended = try store.append(snapshot)
            removed += appended.removed
            notes += appended.damaged
            if index == 50 {
                // The 11th sample of the first group: its process delta no longer inflates.
                let other = try DatabaseQueue(path: path)
                try other.write { db in
                    damaged = try #require(
                        try Double.fetchOne(db, sql: "SELECT time FROM sample ORDER BY id LIMIT 1 OFFSET 10")
                    )
                    try db.execute(
                        sql: "UPDATE sample SET processes = ? WHERE time = ?",
                        arguments: [Data([1, 2, 3]), damaged]
                    )
                }
            }
        }
        #expect(removed > 0)
        // Every sample left replays; the damaged one and the rest of its group went with the removed ones.
        try Self.expectReplays(store, readings)
        let times = try store.moments(from: 0, to: 3e9).map(\.time)
        #expect(!times.contains(damaged))
        #expect(times.count > 80, "more than the two newest groups")
        #expect(times.min() ?? 0 > damaged)
        // The recorder says so, naming the store and the group.
        #expect(notes.count == 1, "\(notes)")
        #expect(notes.first?.hasPrefix("\(path) keyframe 1 is damaged at sample ") == true, "\(notes)")
    }

    /// `snapshot` with counters that drift as a machine's do: one changes every sample, each of 40 others every
    /// 40th sample (in turn), and one is there on every 7th sample only.
    static func drifted(_ snapshot: Snapshot, _ index: Int, extra: Bool = true) -> Snapshot {
        var snapshot = snapshot
        var vmstat = snapshot.linux?.vmstat ?? [:]
        vmstat["nr_free_pages"] = 100_000 + Int64(index) * 3
        for counter in 0..<40 { vmstat["drift_\(counter)"] = Int64(counter * 1000 + (index + 40 - counter) / 40) }
        if extra, index % 7 == 0 { vmstat["drift_extra"] = Int64(index) }
        snapshot.linux?.vmstat = vmstat
        return snapshot
    }

    /// How many tokens a JSON delta writes out (literals), rather than copies.
    static func literals(_ delta: [UInt8]) throws -> Int {
        var reader = Varint.Reader(delta)
        if TokenDelta.isChained(delta) { _ = try reader.next() }
        var count = 0
        while !reader.atEnd {
            if try reader.next() == 0 {
                _ = try reader.next()
                _ = try reader.next()
            } else {
                count += 1
                _ = try reader.bytes(Int(try reader.next()))
            }
        }
        return count
    }

    @Test("A sample's JSON is written against the sample before: what drifted since the keyframe costs nothing")
    func bodyDrift() throws {
        let store = try HistoryStore.inMemory()
        let processes = (1...5).map { Self.process(Int32($0), full: true) }
        var readings: [Double: Snapshot] = [:]
        for index in 0..<60 {
            let snapshot = Self.drifted(Self.snapshot(at: 1_800_000_000 + Int64(index), processes), index, extra: false)
            readings[Self.time(snapshot)] = snapshot
            _ = try store.append(snapshot)
        }
        try Self.expectReplays(store, readings)
        let bodies = try store.queue.read { db in try Data.fetchAll(db, sql: "SELECT body FROM sample ORDER BY id") }
        #expect(bodies.count == 60)
        // Sample 0 is its keyframe's copy: nothing new. Later ones write takenAt's seconds, nr_free_pages and the
        // one drift counter that moved; against the keyframe, sample 39 would write 39 drift counters more.
        let counts = try bodies.map { try Self.literals(try Gzip.decompress(Array($0), limit: 1 << 20)) }
        #expect(counts[0] == 0)
        #expect(counts.dropFirst().allSatisfy { $0 == 3 }, "\(counts)")
        #expect(try bodies.allSatisfy { TokenDelta.isChained(try Gzip.decompress(Array($0), limit: 1 << 20)) })
    }

    @Test(
        "Rows written against the keyframe (before the chained JSON) still read, among chained ones and after retention"
    )
    func unchainedRows() throws {
        let store = try HistoryStore.inMemory()
        let processes = (1...5).map { Self.process(Int32($0), full: true) }
        var readings: [Double: Snapshot] = [:]
        var jsons: [Int64: [UInt8]] = [:]
        for index in 0..<12 {
            let snapshot = Self.drifted(Self.snapshot(at: 1_800_000_000 + Int64(index), processes), index)
            readings[Self.time(snapshot)] = snapshot
            let id = try store.append(snapshot).id
            var rest = snapshot
            rest.processes?.processes = []
            jsons[id] = try SnapshotFile.json(rest)
        }
        // Samples 3, 4 and 8 as the earlier format wrote them: a delta against the keyframe, no chained tag.
        try store.queue.write { db in
            let first = try #require(try Int64.fetchOne(db, sql: "SELECT min(id) FROM sample"))
            let key = try #require(try Data.fetchOne(db, sql: "SELECT body FROM keyframe"))
            let base = TokenDelta.Base(try Gzip.decompress(Array(key), limit: 1 << 24))
            for id in [first + 3, first + 4, first + 8] {
                let delta = TokenDelta.encode(try #require(jsons[id]), against: base)
                #expect(!TokenDelta.isChained(delta))
                try db.execute(
                    sql: "UPDATE sample SET body = ? WHERE id = ?",
                    arguments: [Data(try Gzip.compress(delta, level: 6)), id]
                )
            }
        }
        try Self.expectReplays(store, readings)
        // Retention inside the group: the samples after each removed one are written again and still replay.
        let removed = try store.queue.write { db in
            try store.removeSamples(db, where: "s.id IN (SELECT id FROM sample ORDER BY id LIMIT 3 OFFSET 2)", [])
        }
        #expect(removed == 3)
        #expect(try store.summary().samples == 9)
        try Self.expectReplays(store, readings)
        let more = try store.queue.write { db in
            try store.removeSamples(db, where: "s.id IN (SELECT id FROM sample ORDER BY id LIMIT 1 OFFSET 4)", [])
        }
        #expect(more == 1)
        try Self.expectReplays(store, readings)
    }

    @Test("Damaged chains are refused with a reason, never trapped on")
    func damaged() throws {
        let columns = ProcessChain.columns
        let record = ProcessChain.record(Self.process(7, full: true), at: 1_000_000)
        let key = ProcessChain.keyframe([record], columns: columns)
        #expect(try ProcessChain.readKeyframe(key).records == [record])
        // A copy past the previous records, a change of a record that is not there, an unknown operation.
        for delta: [UInt8] in [
            [0, 0, 2], [1, 2, 0, 0], [9], [0, 0x80], [2, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff],
        ] {
            #expect(throws: Varint.Damaged.self) { try ProcessChain.apply(delta, to: [record], columns: columns) }
        }
        // Every cut of a good keyframe either decodes or is refused.
        for end in 0..<key.count { _ = try? ProcessChain.readKeyframe(Array(key[..<end])) }
        // A record that lacks its pid, or whose PSS age is negative, is damage too.
        let layout = ProcessChain.layout(of: columns)
        var noPID = record
        noPID[ProcessChain.Fixed.pid.rawValue] = .none
        #expect(throws: Varint.Damaged.self) { try ProcessChain.process(noPID, layout: layout, at: 1_000_000) }
        #expect(throws: Varint.Damaged.self) { try ProcessChain.process(record, layout: layout, at: 0) }
    }

    @Test("A keyframe with columns this build lacks, or without some it has, still reads")
    func otherColumns() throws {
        var columns = ProcessChain.columns
        var source = Self.process(7, full: true)
        source.smaps?.locked = 8192
        var record = ProcessChain.record(source, at: 5000)
        // A newer build's extra column, and an older build's lack of Locked.
        columns.append(ProcessChain.Column(name: "smaps.future", kind: .number))
        record.append(.number(42))
        let locked = ProcessChain.column(SmapsField.locked)
        columns.remove(at: locked)
        record.remove(at: locked)
        let read = try ProcessChain.readKeyframe(ProcessChain.keyframe([record], columns: columns))
        let process = try ProcessChain.process(read.records[0], layout: ProcessChain.layout(of: read.columns), at: 5000)
        var expected = source
        expected.smaps?.locked = 0
        #expect(process == expected)
    }

    @Test("A v1 store still reads after the migration to v2, and new samples join it")
    func versionOne() throws {
        let folder = try TemporaryTree()
        let path = folder.path + "/history.db"
        let readings = (0..<3).map { StoreTests.reading(at: 1_800_000_000 + Int64($0) * 10, extra: Int64($0) << 20) }
        try Self.writeVersionOne(path, readings)
        let (store, notes) = try HistoryStore.openForWriting(path, now: Timestamp(seconds: 0))
        #expect(notes.isEmpty)
        let later = StoreTests.reading(at: 1_800_000_100, extra: 5 << 20)
        _ = try store.append(later)
        var all: [Double: Snapshot] = [:]
        for reading in readings + [later] { all[Self.time(reading)] = reading }
        try Self.expectReplays(try HistoryStore.openForReading(path), all)
        let first = try #require(StoreTests.base.processes?.processes.first)
        let series = try #require(try store.series(from: 0, to: 3e9).first { $0.key == HistoryKey.process(first) })
        #expect(series.points.map { $0.bytes - series.points[0].bytes } == [0, 1 << 20, 2 << 20, 5 << 20])
    }

    /// A store as schema v1 wrote it: whole JSON in keyframe and token deltas, figures against the keyframe.
    static func writeVersionOne(_ path: String, _ readings: [Snapshot]) throws {
        let queue = try DatabaseQueue(path: path)
        try HistorySchema.migrator.migrate(queue, upTo: "v1")
        try queue.write { db in
            try db.execute(sql: "INSERT INTO boot (bootID, hostname, kernel, firstTime) VALUES ('boot-a', 'h', 'k', 0)")
            let json = try SnapshotFile.json(readings[0])
            var owners: [String: Int64] = [:]
            func entries(_ snapshot: Snapshot) throws -> [FigureCodec.Entry] {
                try HistoryFigures.of(snapshot).map { figure in
                    if owners[figure.key] == nil {
                        try db.execute(
                            sql: "INSERT INTO owner (key, kind, name, lineage, pid, wired) VALUES (?, ?, ?, ?, ?, ?)",
                            arguments: [figure.key, figure.kind, figure.name, figure.lineage, figure.pid, figure.wired]
                        )
                        owners[figure.key] = db.lastInsertedRowID
                    }
                    return FigureCodec.Entry(owner: owners[figure.key] ?? 0, bytes: figure.bytes)
                }.sorted { $0.owner < $1.owner }
            }
            let keyEntries = try entries(readings[0])
            try db.execute(
                sql: "INSERT INTO keyframe (time, body, figures) VALUES (0, ?, ?)",
                arguments: [
                    Data(try Gzip.compress(json, level: 6)),
                    Data(try Gzip.compress(FigureCodec.encode(keyEntries, against: FigureCodec.Base()), level: 6)),
                ]
            )
            var base = FigureCodec.Base()
            for entry in keyEntries { base[entry.owner] = entry.bytes }
            for reading in readings {
                let delta = TokenDelta.encode(try SnapshotFile.json(reading), against: TokenDelta.Base(json))
                try db.execute(
                    sql: "INSERT INTO sample (time, boot, keyframe, body, figures) VALUES (?, 1, 1, ?, ?)",
                    arguments: [
                        time(reading), Data(try Gzip.compress(delta, level: 6)),
                        Data(try Gzip.compress(FigureCodec.encode(try entries(reading), against: base), level: 6)),
                    ]
                )
            }
        }
    }
}
