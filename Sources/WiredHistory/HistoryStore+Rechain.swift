import Foundation
import GRDB
import WiredCompression

extension HistoryStore {
    /// Removes the samples `clause` selects; returns how many went.
    ///
    /// In a v2 group each sample's JSON, processes and figures are written against the sample before it, so the
    /// samples that follow a removed one are written again against the sample now before them (a chain with
    /// a hole would replay the wrong processes). v1 samples stand alone and just go.
    func removeSamples(_ db: Database, where clause: String, _ arguments: StatementArguments) throws -> Int {
        let rows = try Row.fetchAll(
            db,
            sql: """
                SELECT s.id, s.keyframe, k.processes IS NOT NULL AS chained FROM sample s
                JOIN keyframe k ON k.id = s.keyframe WHERE \(clause)
                """,
            arguments: arguments
        )
        guard !rows.isEmpty else { return 0 }
        var groups: [Int64: Set<Int64>] = [:]
        for row in rows where row["chained"] as Bool { groups[row["keyframe"], default: []].insert(row["id"]) }
        for (group, ids) in groups.sorted(by: { $0.key < $1.key }) {
            do {
                try rechain(db, group: group, removing: ids)
            } catch let damage as Varint.Damaged {
                throw HistoryError("\(path) keyframe \(group) is damaged: \(damage.reason)")
            } catch let failure as Gzip.Failure {
                throw HistoryError("\(path) keyframe \(group) is damaged: \(failure.message)")
            }
        }
        let statement = try db.cachedStatement(sql: "DELETE FROM sample WHERE id = ?")
        for row in rows { try statement.execute(arguments: [row["id"] as Int64]) }
        return rows.count
    }

    /// Writes again the samples of `group` that follow one of `removed`, against the sample kept before them;
    /// when the group's last sample goes, the writer starts a new keyframe next.
    func rechain(_ db: Database, group: Int64, removing removed: Set<Int64>) throws {
        guard
            let key = try Row.fetchOne(
                db,
                sql: "SELECT body, processes, figures FROM keyframe WHERE id = ?",
                arguments: [group]
            ),
            let keyProcesses = key["processes"] as Data?
        else { return }
        let maxOwner = try Int64.fetchOne(db, sql: "SELECT max(id) FROM owner") ?? 0
        let start = try ProcessChain.readKeyframe(try Gzip.decompress(Array(keyProcesses), limit: 256 << 20))
        var entries: [FigureCodec.Entry] = []
        try FigureCodec.decode(
            try Gzip.decompress(Array(key["figures"] as Data), limit: 64 << 20),
            against: FigureCodec.Base(),
            maxOwner: maxOwner
        ) { entries.append(FigureCodec.Entry(owner: $0, bytes: $1)) }
        var records = start.records
        let keyJSON = TokenDelta.Tokens(try Gzip.decompress(Array(key["body"] as Data), limit: 256 << 20))
        var json = keyJSON
        var figures = FigureCodec.Chain()
        figures.advance(to: entries)
        // What the next kept sample is to be written against.
        var keptRecords = records
        var keptJSON = json
        var kept = figures
        var gap = false
        let samples = try Row.fetchCursor(
            db,
            sql: "SELECT id, body, processes, figures FROM sample WHERE keyframe = ? ORDER BY id",
            arguments: [group]
        )
        let update = try db.cachedStatement(sql: "UPDATE sample SET body = ?, processes = ?, figures = ? WHERE id = ?")
        let lastRemoved = removed.max() ?? -1
        var pending: [(Int64, Data, Data, Data)] = []
        while let row = try samples.next() {
            let id: Int64 = row["id"]
            let delta = try Gzip.decompress(Array(row["body"] as Data? ?? Data()), limit: 256 << 20)
            if !TokenDelta.isChained(delta) { json = keyJSON }
            try json.apply(delta)
            records = try ProcessChain.apply(
                try Gzip.decompress(Array(row["processes"] as Data? ?? Data()), limit: 256 << 20),
                to: records,
                columns: start.columns
            )
            var now: [FigureCodec.Entry] = []
            try figures.decode(
                try Gzip.decompress(Array(row["figures"] as Data? ?? Data()), limit: 64 << 20),
                maxOwner: maxOwner
            ) { now.append(FigureCodec.Entry(owner: $0, bytes: $1)) }
            if removed.contains(id) {
                gap = true
                continue
            }
            if gap {
                let processes = ProcessChain.encode(records, after: keptRecords, columns: start.columns)
                let figureBytes = FigureCodec.encode(now, against: kept.base)
                let body = TokenDelta.encode(json.bytes, against: TokenDelta.Base(keptJSON.bytes), chained: true)
                pending.append(
                    (
                        id, Data(try Gzip.compress(body, level: 6)), Data(try Gzip.compress(processes, level: 6)),
                        Data(try Gzip.compress(figureBytes, level: 6))
                    )
                )
                gap = false
            }
            // Past every removed sample, the rest of the chain stands as it is.
            if id > lastRemoved { break }
            keptRecords = records
            keptJSON = json
            kept.advance(to: now)
        }
        for (id, body, processes, figureBytes) in pending {
            try update.execute(arguments: [body, processes, figureBytes, id])
        }
        // The loop ended on a removed sample: the group's last one went.
        if gap, writer.keyframe?.id == group { writer.keyframe = nil }
    }
}
