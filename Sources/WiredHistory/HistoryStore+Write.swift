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
        /// Bytes of its two blobs (and of the keyframe it started, if it did).
        public var bytes: Int
        /// Whether it started a keyframe.
        public var keyframe: Bool
        /// Samples removed to keep the store under its cap or its tiers.
        public var removed: Int
    }

    /// Stores `snapshot` as one sample, in one transaction; removes the oldest samples first when the store
    /// would grow past its cap, and thins older tiers once a minute.
    public func append(_ snapshot: Snapshot) throws -> Appended {
        let time = Double(snapshot.meta.takenAt.seconds) + Double(snapshot.meta.takenAt.nanoseconds) / 1e9
        let json = try SnapshotFile.json(snapshot)
        let figures = HistoryFigures.of(snapshot)
        let bootKey = snapshot.meta.bootID ?? "unknown boot of \(snapshot.meta.hostname)"
        var delta: [UInt8]?
        if let current = writer.keyframe, current.samples < settings.keyframeEvery,
            writer.boots[bootKey] == current.boot
        {
            // Deltas grow as the machine drifts from its keyframe: a new keyframe once this sample would cost
            // more than the average sample of the group so far (keyframe included), which keeps that average
            // near its least.
            let candidate = try Gzip.compress(TokenDelta.encode(json, against: current.base), level: 6)
            if candidate.count * current.samples <= current.groupBytes { delta = candidate }
        }
        let appended: Appended
        do {
            appended = try queue.write { db in
                var removed = try thinIfDue(db, now: time)
                let boot = try bootRow(db, key: bootKey, snapshot: snapshot, time: time)
                let entries = try ownerEntries(db, figures)
                var keyframeBytes = 0
                if delta == nil {
                    let body = try Gzip.compress(json, level: 6)
                    let keyFigures = try Gzip.compress(
                        FigureCodec.encode(entries, against: FigureCodec.Base()),
                        level: 6
                    )
                    removed += try makeRoom(db, for: Int64(body.count + keyFigures.count + 4096))
                    try db.execute(
                        sql: "INSERT INTO keyframe (time, body, figures) VALUES (?, ?, ?)",
                        arguments: [time, Data(body), Data(keyFigures)]
                    )
                    let base = TokenDelta.Base(json)
                    writer.keyframe = Keyframe(
                        id: db.lastInsertedRowID,
                        base: base,
                        figures: FigureCodec.Base(
                            Dictionary(entries.map { ($0.owner, $0.bytes) }, uniquingKeysWith: { a, _ in a })
                        ),
                        samples: 0,
                        groupBytes: body.count + keyFigures.count,
                        boot: boot
                    )
                    delta = try Gzip.compress(TokenDelta.encode(json, against: base), level: 6)
                    keyframeBytes = body.count + keyFigures.count
                }
                guard var keyframe = writer.keyframe, let body = delta else {
                    throw HistoryError("no keyframe to write against")
                }
                let sampleFigures = try Gzip.compress(FigureCodec.encode(entries, against: keyframe.figures), level: 6)
                removed += try makeRoom(db, for: Int64(body.count + sampleFigures.count + 256))
                try db.execute(
                    sql: "INSERT INTO sample (time, boot, keyframe, body, figures) VALUES (?, ?, ?, ?, ?)",
                    arguments: [time, boot, keyframe.id, Data(body), Data(sampleFigures)]
                )
                keyframe.samples += 1
                keyframe.groupBytes += body.count + sampleFigures.count
                writer.keyframe = keyframe
                return Appended(
                    id: db.lastInsertedRowID,
                    bytes: body.count + sampleFigures.count + keyframeBytes,
                    keyframe: keyframeBytes > 0,
                    removed: removed
                )
            }
        } catch {
            // The transaction was rolled back: what the writer remembers of it is forgotten too.
            try loadWriterState()
            writer.keyframe = nil
            throw error
        }
        try truncateLogIfOver()
        return appended
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
    func ownerEntries(_ db: Database, _ figures: [HistoryFigure]) throws -> [FigureCodec.Entry] {
        var entries: [FigureCodec.Entry] = []
        entries.reserveCapacity(figures.count)
        for figure in figures {
            if let id = writer.owners[figure.key] {
                entries.append(FigureCodec.Entry(owner: id, bytes: figure.bytes))
                continue
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
