import Foundation
import GRDB
import WiredCompression
public import WiredCore

extension HistoryStore {
    /// The owners the store names, by row id.
    struct OwnerRow {
        var key: String
        var kind: String
        var name: String
        var lineage: String?
        var pid: Int32?
        var wired: Bool
    }

    /// The series of every figure whose owner `include` accepts, from `start` to `end`, oldest first.
    ///
    /// Reads only the figure blobs (never the snapshots): a day at 10 s is 8,640 small rows.
    public func series(
        from start: Double,
        to end: Double,
        include: (_ kind: String, _ key: String, _ name: String) -> Bool = { _, _, _ in true }
    ) throws -> [OwnerSeries] {
        try queue.read { db in
            var owners: [Int] = []
            var out: [OwnerSeries] = []
            for row in try Row.fetchAll(db, sql: "SELECT id, key, kind, name, lineage, pid, wired FROM owner") {
                let (kind, key, name): (String, String, String) = (row["kind"], row["key"], row["name"])
                guard include(kind, key, name) else { continue }
                let id: Int64 = row["id"]
                guard id >= 0, id < 1 << 32 else { continue }
                if Int(id) >= owners.count { owners += Array(repeating: -1, count: Int(id) - owners.count + 1) }
                owners[Int(id)] = out.count
                out.append(
                    OwnerSeries(
                        key: key,
                        kind: kind,
                        name: name,
                        lineage: row["lineage"],
                        pid: row["pid"],
                        wired: row["wired"],
                        points: []
                    )
                )
            }
            let maxOwner = try Int64.fetchOne(db, sql: "SELECT max(id) FROM owner") ?? 0
            try readFigures(db, from: start, to: end, maxOwner: maxOwner) { time, owner, bytes in
                guard owner >= 0, owner < owners.count, owners[Int(owner)] >= 0 else { return }
                out[owners[Int(owner)]].points.append(OwnerSeries.Point(time: time, bytes: bytes))
            }
            for index in out.indices where !out[index].points.isSorted {
                out[index].points.sort { $0.time < $1.time }
            }
            return out.filter { !$0.points.isEmpty }
        }
    }

    /// Calls `body` with every figure of every sample from `start` to `end`, group by group (a v2 group from
    /// its first sample, since each sample's figures are written against the one before).
    func readFigures(
        _ db: Database,
        from start: Double,
        to end: Double,
        maxOwner: Int64,
        _ body: (Double, Int64, Int64) -> Void
    ) throws {
        let rows = try Row.fetchCursor(
            db,
            sql: """
                SELECT s.time, s.keyframe, s.figures, k.figures AS keyFigures, k.processes IS NULL AS v1
                FROM sample s JOIN keyframe k ON k.id = s.keyframe
                WHERE s.keyframe IN (SELECT DISTINCT keyframe FROM sample WHERE time >= ? AND time <= ?)
                ORDER BY s.keyframe, s.id
                """,
            arguments: [start, end]
        )
        var group: Int64 = -1
        var keyframe = FigureCodec.Base()
        var chain = FigureCodec.Chain()
        var v1 = false
        while let row = try rows.next() {
            let time: Double = row["time"]
            let id: Int64 = row["keyframe"]
            do {
                if id != group {
                    group = id
                    v1 = row["v1"]
                    let key: Data = row["keyFigures"]
                    var entries: [FigureCodec.Entry] = []
                    try FigureCodec.decode(
                        try Gzip.decompress(Array(key), limit: 64 << 20),
                        against: FigureCodec.Base(),
                        maxOwner: maxOwner
                    ) { entries.append(FigureCodec.Entry(owner: $0, bytes: $1)) }
                    keyframe = FigureCodec.Base()
                    for entry in entries { keyframe[entry.owner] = entry.bytes }
                    chain = FigureCodec.Chain()
                    chain.advance(to: entries)
                }
                let blob: Data = row["figures"]
                let bytes = try Gzip.decompress(Array(blob), limit: 64 << 20)
                let inRange = time >= start && time <= end
                if v1 {
                    guard inRange else { continue }
                    try FigureCodec.decode(bytes, against: keyframe, maxOwner: maxOwner) { body(time, $0, $1) }
                } else {
                    try chain.decode(bytes, maxOwner: maxOwner) { if inRange { body(time, $0, $1) } }
                }
            } catch let failure as Gzip.Failure {
                throw HistoryError("\(path) keyframe \(id) is damaged: \(failure.message)")
            } catch let damage as Varint.Damaged {
                throw HistoryError("\(path) keyframe \(id) is damaged: \(damage.reason)")
            }
        }
    }
}

extension Array where Element == OwnerSeries.Point {
    var isSorted: Bool { zip(self, dropFirst()).allSatisfy { $0.time <= $1.time } }
}
