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
        var doomed = Set(rows.map { $0["id"] as Int64 })
        for (group, ids) in groups.sorted(by: { $0.key < $1.key }) {
            // Samples past damage can no longer be replayed: they go with the removed ones, so that a store at
            // its cap keeps taking samples (docs/history-format.md, "Damage").
            doomed.formUnion(try rechain(db, group: group, removing: ids))
        }
        let statement = try db.cachedStatement(sql: "DELETE FROM sample WHERE id = ?")
        for id in doomed.sorted() { try statement.execute(arguments: [id]) }
        return doomed.count
    }

    /// Writes again the samples of `group` that follow one of `removed`, against the sample kept before them;
    /// when the group's last sample goes, the writer starts a new keyframe next.
    ///
    /// Returns the group's samples that can no longer be replayed: every one from the first damaged row on (all
    /// of them when the keyframe itself is damaged). The rows before the damage are rewritten as usual.
    func rechain(_ db: Database, group: Int64, removing removed: Set<Int64>) throws -> Set<Int64> {
        guard let key = try Row.fetchOne(db, sql: "SELECT * FROM keyframe WHERE id = ?", arguments: [group]),
            key["processes"] as Data? != nil
        else { return [] }
        let maxOwner = try Int64.fetchOne(db, sql: "SELECT max(id) FROM owner") ?? 0
        let ids = try Int64.fetchAll(
            db,
            sql: "SELECT id FROM sample WHERE keyframe = ? ORDER BY id",
            arguments: [group]
        )
        let unreadable: (Int64) -> Set<Int64> = { first in
            if self.writer.keyframe?.id == group { self.writer.keyframe = nil }
            let lost = Set(ids.filter { $0 >= first })
            let place = first == .min ? "its keyframe" : "sample \(first)"
            self.writer.damaged.append(
                "\(self.path) keyframe \(group) is damaged at \(place): its \(lost.count) samples from there on could not be replayed and were removed"
            )
            return lost
        }
        var replay: ChainReplay
        do { replay = try ChainReplay(keyframe: key, maxOwner: maxOwner) } catch is Varint.Damaged, is Gzip.Failure {
            return unreadable(.min)
        }
        var kept = replay
        var gap = false
        let lastRemoved = removed.max() ?? -1
        var pending: [(Int64, Data, Data, Data)] = []
        let samples = try Row.fetchCursor(
            db,
            sql: "SELECT id, body, processes, figures FROM sample WHERE keyframe = ? ORDER BY id",
            arguments: [group]
        )
        while let row = try samples.next() {
            let id: Int64 = row["id"]
            do { try replay.advance(row) } catch is Varint.Damaged, is Gzip.Failure {
                return try rewrite(db, pending, unreadable(id))
            }
            if removed.contains(id) {
                gap = true
                continue
            }
            if gap {
                pending.append(try replay.encoded(id: id, against: kept))
                gap = false
            }
            // Past every removed sample, the rest of the chain stands as it is.
            if id > lastRemoved { break }
            kept = replay
        }
        // The loop ended on a removed sample: the group's last one went.
        if gap, writer.keyframe?.id == group { writer.keyframe = nil }
        return try rewrite(db, pending, [])
    }

    /// Writes the rewritten samples; returns `unreadable`.
    private func rewrite(_ db: Database, _ pending: [(Int64, Data, Data, Data)], _ unreadable: Set<Int64>) throws
        -> Set<Int64>
    {
        let update = try db.cachedStatement(sql: "UPDATE sample SET body = ?, processes = ?, figures = ? WHERE id = ?")
        for (id, body, processes, figures) in pending where !unreadable.contains(id) {
            try update.execute(arguments: [body, processes, figures, id])
        }
        return unreadable
    }
}

/// One v2 group replayed row by row from its keyframe: the processes, the JSON (in token space) and the
/// figures each sample's deltas decode to (docs/history-format.md).
struct ChainReplay {
    let columns: [ProcessChain.Column]
    let keyJSON: TokenDelta.Tokens
    let maxOwner: Int64
    var records: [ProcessChain.Record]
    var json: TokenDelta.Tokens
    var figures = FigureCodec.Chain()
    /// The figures of the sample last advanced to.
    var entries: [FigureCodec.Entry] = []

    init(keyframe key: Row, maxOwner: Int64) throws {
        let start = try ProcessChain.readKeyframe(
            try Gzip.decompress(Array(key["processes"] as Data? ?? Data()), limit: 256 << 20)
        )
        var entries: [FigureCodec.Entry] = []
        try FigureCodec.decode(
            try Gzip.decompress(Array(key["figures"] as Data? ?? Data()), limit: 64 << 20),
            against: FigureCodec.Base(),
            maxOwner: maxOwner
        ) { entries.append(FigureCodec.Entry(owner: $0, bytes: $1)) }
        columns = start.columns
        records = start.records
        keyJSON = TokenDelta.Tokens(try Gzip.decompress(Array(key["body"] as Data? ?? Data()), limit: 256 << 20))
        json = keyJSON
        self.maxOwner = maxOwner
        figures.advance(to: entries)
        self.entries = entries
    }

    /// Applies one sample row's three deltas.
    mutating func advance(_ row: Row) throws {
        let delta = try Gzip.decompress(Array(row["body"] as Data? ?? Data()), limit: 256 << 20)
        if !TokenDelta.isChained(delta) { json = keyJSON }
        try json.apply(delta)
        records = try ProcessChain.apply(
            try Gzip.decompress(Array(row["processes"] as Data? ?? Data()), limit: 256 << 20),
            to: records,
            columns: columns
        )
        var now: [FigureCodec.Entry] = []
        try figures.decode(
            try Gzip.decompress(Array(row["figures"] as Data? ?? Data()), limit: 64 << 20),
            maxOwner: maxOwner
        ) { now.append(FigureCodec.Entry(owner: $0, bytes: $1)) }
        entries = now
    }

    /// This sample's three blobs written against `kept` (the sample now before it).
    func encoded(id: Int64, against kept: ChainReplay) throws -> (Int64, Data, Data, Data) {
        let processes = ProcessChain.encode(records, after: kept.records, columns: columns)
        let figureBytes = FigureCodec.encode(entries, against: kept.figures.base)
        let body = TokenDelta.encode(json.bytes, against: TokenDelta.Base(kept.json.bytes), chained: true)
        return (
            id, Data(try Gzip.compress(body, level: 6)), Data(try Gzip.compress(processes, level: 6)),
            Data(try Gzip.compress(figureBytes, level: 6))
        )
    }
}
