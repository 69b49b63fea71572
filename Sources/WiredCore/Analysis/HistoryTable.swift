/// Figures of a few owners or buckets at every recorded moment: what `wired history` shows.
///
/// No I/O: made from series a store gave back.
public struct HistoryTable: Sendable, Equatable {
    /// One column: a figure's key and its name.
    public struct Column: Sendable, Equatable {
        public var key: String
        public var name: String
    }

    /// One moment: its time (seconds since the epoch), its boot number, and each column's bytes (`nil` where
    /// the owner was not seen then).
    public struct Row: Sendable, Equatable {
        public var time: Double
        public var boot: Int
        public var values: [Int64?]
    }

    public var columns: [Column]
    public var rows: [Row]

    /// Lays `series` out against `moments` (time and boot number of each sample, oldest first).
    public static func of(_ series: [OwnerSeries], moments: [(time: Double, boot: Int)]) -> HistoryTable {
        let columns = series.map { Column(key: $0.key, name: $0.name) }
        var rows = moments.map { Row(time: $0.time, boot: $0.boot, values: Array(repeating: nil, count: series.count)) }
        for (column, one) in series.enumerated() {
            // Both lists are in time order: walk them together.
            var index = 0
            for point in one.points {
                while index < rows.count, rows[index].time < point.time { index += 1 }
                guard index < rows.count, rows[index].time == point.time else { continue }
                rows[index].values[column] = point.bytes
                // A figure appears once a sample: the next point belongs to a later row (even at the same time).
                index += 1
            }
        }
        return HistoryTable(columns: columns, rows: rows)
    }
}
