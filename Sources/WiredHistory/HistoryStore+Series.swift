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
            var keyframes: [Int64: FigureCodec.Base] = [:]
            let rows = try Row.fetchCursor(
                db,
                sql: "SELECT time, keyframe, figures FROM sample WHERE time >= ? AND time <= ? ORDER BY time, id",
                arguments: [start, end]
            )
            while let row = try rows.next() {
                let keyframe: Int64 = row["keyframe"]
                if keyframes[keyframe] == nil {
                    let blob = try Data.fetchOne(
                        db,
                        sql: "SELECT figures FROM keyframe WHERE id = ?",
                        arguments: [keyframe]
                    )
                    keyframes[keyframe] = try FigureCodec.base(
                        try Gzip.decompress(Array(blob ?? Data()), limit: 64 << 20)
                    )
                }
                let time: Double = row["time"]
                let blob: Data = row["figures"]
                try FigureCodec.decode(
                    try Gzip.decompress(Array(blob), limit: 64 << 20),
                    against: keyframes[keyframe] ?? FigureCodec.Base()
                ) {
                    owner,
                    bytes in
                    guard owner >= 0, owner < owners.count, owners[Int(owner)] >= 0 else { return }
                    out[owners[Int(owner)]].points.append(OwnerSeries.Point(time: time, bytes: bytes))
                }
            }
            return out.filter { !$0.points.isEmpty }
        }
    }
}
