import Foundation
import GRDB
import WiredCompression
public import WiredCore
import WiredSnapshot

/// One recorded moment of a store.
public struct Moment: Sendable, Equatable {
    /// The sample's row id.
    public var id: Int64
    /// Seconds since the epoch.
    public var time: Double
    /// The boot it belongs to (`boot_id`), and that boot's place among the store's boots (1 = first).
    public var bootID: String
    public var bootNumber: Int

    /// The time as a timestamp.
    public var timestamp: Timestamp {
        // A damaged `time` column (not finite, or past what a timestamp holds) is shown as the epoch, not a trap.
        guard time.isFinite, abs(time) < 1e15 else { return Timestamp(seconds: 0, nanoseconds: 0) }
        let seconds = time.rounded(.down)
        return Timestamp(seconds: Int64(seconds), nanoseconds: Int32(((time - seconds) * 1e9).rounded(.down)))
    }
}

/// What a store holds, for `wired record` and the views' messages.
public struct StoreSummary: Sendable, Equatable {
    public var samples: Int
    public var first: Moment?
    public var last: Moment?
    public var boots: Int
}

extension HistoryStore {
    /// The sample nearest to `time` (either side); `nil` when the store is empty.
    public func nearest(to time: Double) throws -> Moment? {
        try queue.read { db in
            let before = try moment(db, where: "s.time <= ? ORDER BY s.time DESC, s.id DESC", [time])
            let after = try moment(db, where: "s.time >= ? ORDER BY s.time, s.id", [time])
            guard let before else { return after }
            guard let after else { return before }
            return time - before.time <= after.time - time ? before : after
        }
    }

    /// The first sample of the boot `bootID`, or of the store's latest boot when `bootID` is `nil` or unknown.
    public func firstOfBoot(_ bootID: String?) throws -> Moment? {
        try queue.read { db in
            if let bootID,
                let found = try moment(db, where: "b.bootID = ? ORDER BY s.time, s.id", [bootID])
            {
                return found
            }
            return try moment(
                db,
                where: "s.boot = (SELECT boot FROM sample ORDER BY time DESC, id DESC LIMIT 1) ORDER BY s.time, s.id",
                []
            )
        }
    }

    /// How many samples, the first and last, and how many boots.
    public func summary() throws -> StoreSummary {
        try queue.read { db in
            StoreSummary(
                samples: try Int.fetchOne(db, sql: "SELECT count(*) FROM sample") ?? 0,
                first: try moment(db, where: "1 ORDER BY s.time, s.id", []),
                last: try moment(db, where: "1 ORDER BY s.time DESC, s.id DESC", []),
                boots: try Int.fetchOne(db, sql: "SELECT count(DISTINCT boot) FROM sample") ?? 0
            )
        }
    }

    /// Every moment from `start` to `end`, oldest first.
    public func moments(from start: Double, to end: Double) throws -> [Moment] {
        try queue.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT s.id, s.time, b.bootID, (SELECT count(*) FROM boot c WHERE c.id <= s.boot) AS number
                    FROM sample s JOIN boot b ON b.id = s.boot WHERE s.time >= ? AND s.time <= ? ORDER BY s.time, s.id
                    """,
                arguments: [start, end]
            ).map { Moment(id: $0["id"], time: $0["time"], bootID: $0["bootID"], bootNumber: $0["number"]) }
        }
    }

    func moment(_ db: Database, where clause: String, _ arguments: [(any DatabaseValueConvertible)?]) throws
        -> Moment?
    {
        let row = try Row.fetchOne(
            db,
            sql: """
                SELECT s.id, s.time, b.bootID, (SELECT count(*) FROM boot c WHERE c.id <= s.boot) AS number
                FROM sample s JOIN boot b ON b.id = s.boot WHERE \(clause) LIMIT 1
                """,
            arguments: StatementArguments(arguments)
        )
        return row.map { Moment(id: $0["id"], time: $0["time"], bootID: $0["bootID"], bootNumber: $0["number"]) }
    }

    /// The snapshot recorded at `moment`, exactly as the recorder read it; its source names the store.
    public func snapshot(_ moment: Moment) throws -> Snapshot {
        let name = "\(path) sample \(moment.id)"
        let rows = try queue.read { db in try sampleRows(db, moment) }
        do {
            let json = try replayBody(rows.keyBody, rows.bodies)
            var snapshot = try SnapshotFile.decode(json: json, name: name)
            if let keyProcesses = rows.keyProcesses {
                let processes = try replayProcesses(
                    keyProcesses,
                    rows.chain,
                    at: ProcessChain.milliseconds(snapshot.meta.takenAt)
                )
                if snapshot.processes != nil {
                    snapshot.processes?.processes = processes
                } else if !processes.isEmpty {
                    throw Varint.Damaged("it holds processes but no process scan")
                }
            }
            let origin = snapshot.meta.source == "live" ? "the running system" : snapshot.meta.source
            snapshot.meta.source = "history \(path), sample of \(moment.timestamp.iso8601), taken from \(origin)"
            return snapshot
        } catch let failure as Gzip.Failure {
            throw HistoryError("\(name) is damaged: \(failure.message)")
        } catch let damage as Varint.Damaged {
            throw HistoryError("\(name) is damaged: \(damage.reason)")
        } catch let error as SnapshotFileError {
            throw HistoryError(error.description)
        }
    }

    /// What replaying a sample reads: its keyframe's JSON and the JSON deltas of its group up to it (for a
    /// v1 group only its own); for a v2 group, the keyframe's process records and the process deltas of the
    /// group's samples up to this one, oldest first.
    struct SampleRows {
        var bodies: [Data]
        var keyBody: Data
        var keyProcesses: Data?
        var chain: [Data]
    }

    func sampleRows(_ db: Database, _ moment: Moment) throws -> SampleRows {
        guard
            let row = try Row.fetchOne(
                db,
                sql: """
                    SELECT s.keyframe, s.body, k.body AS key, k.processes AS keyProcesses
                    FROM sample s JOIN keyframe k ON k.id = s.keyframe WHERE s.id = ?
                    """,
                arguments: [moment.id]
            )
        else { throw HistoryError("\(path): sample \(moment.id) is gone (removed by retention?)") }
        var rows = SampleRows(bodies: [row["body"]], keyBody: row["key"], keyProcesses: row["keyProcesses"], chain: [])
        if rows.keyProcesses != nil {
            let keyframe: Int64 = row["keyframe"]
            let chain = try Row.fetchAll(
                db,
                sql: "SELECT processes, body FROM sample WHERE keyframe = ? AND id <= ? ORDER BY id",
                arguments: [keyframe, moment.id]
            )
            rows.chain = chain.map { $0["processes"] as Data? ?? Data() }
            rows.bodies = chain.map { $0["body"] as Data? ?? Data() }
        }
        return rows
    }

    /// The JSON at the end of `bodies`: from the last delta written against the keyframe (rows before the
    /// chained format, or the keyframe's first sample) each chained one applied in turn, in token space.
    func replayBody(_ keyBody: Data, _ bodies: [Data]) throws -> [UInt8] {
        var deltas: [[UInt8]] = []
        for body in bodies.reversed() {
            let delta = try Gzip.decompress(Array(body), limit: 256 << 20)
            deltas.append(delta)
            if !TokenDelta.isChained(delta) { break }
        }
        var tokens = TokenDelta.Tokens(try Gzip.decompress(Array(keyBody), limit: 256 << 20))
        for delta in deltas.reversed() { try tokens.apply(delta) }
        return tokens.bytes
    }

    /// The processes at the end of a chain: the keyframe's records with each delta applied in turn.
    func replayProcesses(_ keyframe: Data, _ chain: [Data], at timeMs: Int64) throws -> [ProcessFacts] {
        let start = try ProcessChain.readKeyframe(try Gzip.decompress(Array(keyframe), limit: 256 << 20))
        var records = start.records
        for delta in chain {
            records = try ProcessChain.apply(
                try Gzip.decompress(Array(delta), limit: 256 << 20),
                to: records,
                columns: start.columns
            )
        }
        let layout = ProcessChain.layout(of: start.columns)
        var processes: [ProcessFacts] = []
        processes.reserveCapacity(records.count)
        // Redacted again, as a snapshot file is: once per distinct command (copies of a program share theirs).
        var redacted: [String: String] = [:]
        for record in records {
            var process = try ProcessChain.process(record, layout: layout, at: timeMs)
            if !process.command.isEmpty {
                if let known = redacted[process.command] {
                    process.command = known
                } else {
                    let clean = CommandLineRedactor.redact(line: process.command)
                    redacted[process.command] = clean
                    process.command = clean
                }
            }
            processes.append(process)
        }
        return processes
    }
}
