import Foundation
import GRDB
import WiredCompression
public import WiredCore
import WiredSnapshot

extension HistoryStore {
    /// What writing one sample did.
    public struct Appended: Sendable, Equatable {
        /// The sample's row id.
        public var id: Int64
        /// Bytes of its three blobs (and of the keyframe it started, if it did).
        public var bytes: Int
        /// Whether it started a keyframe.
        public var keyframe: Bool
        /// Samples removed to keep the store under its cap or its tiers.
        public var removed: Int
        /// What retention found damaged and removed with them, one sentence each naming the store and group.
        public var damaged: [String] = []
    }

    /// Stores `snapshot` as one sample, in one transaction; removes the oldest samples first when the store
    /// would grow past its cap, and thins older tiers once a minute.
    public func append(_ snapshot: Snapshot) throws -> Appended {
        let parts = try Parts(snapshot, slabJSON: &writer.slabJSON)
        let appended: Appended
        do {
            appended = try queue.write { db in try write(parts, db) }
        } catch {
            // The transaction was rolled back: what the writer remembers of it is forgotten too.
            try loadWriterState()
            writer.keyframe = nil
            throw error
        }
        try truncateLogIfOver()
        return appended
    }

    /// What a sample is made of before it is encoded.
    struct Parts {
        var time: Double
        var bootKey: String
        var snapshot: Snapshot
        /// The snapshot's JSON without its process list.
        var json: [UInt8]
        var records: [ProcessChain.Record]
        var figures: [HistoryFigure]

        init(_ snapshot: Snapshot, slabJSON: inout SlabCachesJSON?) throws {
            self.snapshot = snapshot
            time = Double(snapshot.meta.takenAt.seconds) + Double(snapshot.meta.takenAt.nanoseconds) / 1e9
            bootKey = snapshot.meta.bootID ?? "unknown boot of \(snapshot.meta.hostname)"
            var rest = snapshot
            rest.processes?.processes = []
            json = try SnapshotFile.json(rest, keeping: &slabJSON)
            let timeMs = ProcessChain.milliseconds(snapshot.meta.takenAt)
            records = (snapshot.processes?.processes ?? []).map { ProcessChain.record($0, at: timeMs) }
            // Unsorted and without process names: ``HistoryStore/ownerEntries`` sorts by owner and names only
            // the owners it has not stored yet.
            figures = HistoryFigures.of(snapshot, describing: false, sorted: false)
        }
    }

    /// A sample's three deflated blobs.
    struct Encoded {
        var body: [UInt8]
        var processes: [UInt8]
        var figures: [UInt8]

        var count: Int { body.count + processes.count + figures.count }
    }

    func write(_ parts: Parts, _ db: Database) throws -> Appended {
        var removed = try thinIfDue(db, now: parts.time)
        let boot = try bootRow(db, key: parts.bootKey, snapshot: parts.snapshot, time: parts.time)
        let entries = try ownerEntries(db, parts.figures, of: parts.snapshot)
        var sample = try encode(parts, entries, boot: boot, force: false)
        if let candidate = sample {
            removed += try makeRoom(db, for: Int64(candidate.count + 256))
            // Retention removed the group's last sample: the delta has nothing to follow.
            if writer.keyframe == nil { sample = nil }
        }
        var keyframeBytes = 0
        if sample == nil {
            keyframeBytes = try writeKeyframe(parts, entries, boot: boot, db, removed: &removed)
            sample = try encode(parts, entries, boot: boot, force: true)
            removed += try makeRoom(db, for: Int64((sample?.count ?? 0) + 256))
        }
        guard var keyframe = writer.keyframe, let sample else { throw HistoryError("no keyframe to write against") }
        try db.execute(
            sql: "INSERT INTO sample (time, boot, keyframe, body, processes, figures) VALUES (?, ?, ?, ?, ?, ?)",
            arguments: [
                parts.time, boot, keyframe.id, Data(sample.body), Data(sample.processes), Data(sample.figures),
            ]
        )
        keyframe.samples += 1
        keyframe.groupBytes += sample.count
        keyframe.figures.advance(to: entries)
        keyframe.records = parts.records
        keyframe.base = TokenDelta.Base(parts.json)
        writer.keyframe = keyframe
        defer { writer.damaged = [] }
        return Appended(
            id: db.lastInsertedRowID,
            bytes: sample.count + keyframeBytes,
            keyframe: keyframeBytes > 0,
            removed: removed,
            damaged: writer.damaged
        )
    }

    /// The sample against the group's last one; `nil` when a new keyframe is due: none yet, another boot,
    /// ``HistorySettings/keyframeEvery`` samples, or (unless `force`) a sample that would cost more than the
    /// group's average so far (keyframe included), which keeps that average near its least.
    func encode(_ parts: Parts, _ entries: [FigureCodec.Entry], boot: Int64, force: Bool) throws -> Encoded? {
        guard let current = writer.keyframe, current.boot == boot else { return nil }
        guard force || current.samples < settings.keyframeEvery else { return nil }
        let candidate = Encoded(
            body: try Gzip.compress(TokenDelta.encode(parts.json, against: current.base, chained: true), level: 6),
            processes: try Gzip.compress(
                ProcessChain.encode(parts.records, after: current.records, columns: ProcessChain.columns),
                level: 6
            ),
            figures: try Gzip.compress(FigureCodec.encode(entries, against: current.figures.base), level: 6)
        )
        guard force || candidate.count * current.samples <= current.groupBytes else { return nil }
        return candidate
    }

    /// Writes a keyframe of `parts` and makes it the writer's; returns its bytes.
    func writeKeyframe(
        _ parts: Parts,
        _ entries: [FigureCodec.Entry],
        boot: Int64,
        _ db: Database,
        removed: inout Int
    ) throws -> Int {
        let body = try Gzip.compress(parts.json, level: 6)
        let processes = try Gzip.compress(
            ProcessChain.keyframe(parts.records, columns: ProcessChain.columns),
            level: 6
        )
        let figures = try Gzip.compress(FigureCodec.encode(entries, against: FigureCodec.Base()), level: 6)
        let bytes = body.count + processes.count + figures.count
        removed += try makeRoom(db, for: Int64(bytes + 4096))
        try db.execute(
            sql: "INSERT INTO keyframe (time, body, processes, figures) VALUES (?, ?, ?, ?)",
            arguments: [parts.time, Data(body), Data(processes), Data(figures)]
        )
        var chain = FigureCodec.Chain()
        chain.advance(to: entries)
        writer.keyframe = Keyframe(
            id: db.lastInsertedRowID,
            base: TokenDelta.Base(parts.json),
            figures: chain,
            records: parts.records,
            samples: 0,
            groupBytes: bytes,
            boot: boot
        )
        return bytes
    }

    /// Checkpoints and truncates the WAL once it holds more than its share of the cap.
    ///
    /// While another process reads (a view with --at), SQLite cannot reset the log: it is left to the next write.
    func truncateLogIfOver() throws {
        guard path != ":memory:", try (FileFacts.size(path + "-wal") ?? 0) > settings.walAllowance - (32 << 10) else {
            return
        }
        do {
            try queue.writeWithoutTransaction { db in _ = try db.checkpoint(.truncate) }
        } catch let error as DatabaseError where error.resultCode == .SQLITE_BUSY || error.resultCode == .SQLITE_LOCKED
        {
            return
        }
    }

    /// The boot's row id, inserted at its first sample (a new segment).
    func bootRow(_ db: Database, key: String, snapshot: Snapshot, time: Double) throws -> Int64 {
        if let id = writer.boots[key] { return id }
        try db.execute(
            sql: "INSERT INTO boot (bootID, hostname, kernel, firstTime) VALUES (?, ?, ?, ?)",
            arguments: [key, snapshot.meta.hostname, snapshot.meta.kernel, time]
        )
        writer.boots[key] = db.lastInsertedRowID
        return db.lastInsertedRowID
    }

    /// The figures by owner row id, sorted; owners seen for the first time are named in the owner table.
    func ownerEntries(
        _ db: Database,
        _ figures: [HistoryFigure],
        of snapshot: Snapshot
    ) throws -> [FigureCodec.Entry] {
        var entries: [FigureCodec.Entry] = []
        entries.reserveCapacity(figures.count)
        let list = snapshot.processes?.processes ?? []
        var byPID: [Int32: Int]?
        for var figure in figures {
            if let id = writer.owners[figure.key] {
                entries.append(FigureCodec.Entry(owner: id, bytes: figure.bytes))
                continue
            }
            if figure.kind == DiffKind.process.rawValue, figure.name.isEmpty, let pid = figure.pid {
                // Named here, once: the figures of processes come without names (``Parts``).
                if byPID == nil {
                    byPID = Dictionary(list.indices.map { (list[$0].pid, $0) }, uniquingKeysWith: { first, _ in first })
                }
                if let index = byPID?[pid], HistoryKey.process(list[index]) == figure.key {
                    HistoryFigures.describe(&figure, as: list[index])
                }
            }
            try db.execute(
                sql: "INSERT INTO owner (key, kind, name, lineage, pid, wired) VALUES (?, ?, ?, ?, ?, ?)",
                arguments: [figure.key, figure.kind, figure.name, figure.lineage, figure.pid, figure.wired]
            )
            writer.owners[figure.key] = db.lastInsertedRowID
            entries.append(FigureCodec.Entry(owner: db.lastInsertedRowID, bytes: figure.bytes))
        }
        entries.sort { $0.owner < $1.owner }
        return entries
    }
}
