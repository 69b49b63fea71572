import GRDB

extension HistoryStore {
    /// The newest sample before `time`: with `id`, the sample (`time`, `id`) itself is the place, and a sample of
    /// the same time and a lower row id comes before it; without, a sample at `time` counts as before it.
    public func moment(before time: Double, id: Int64? = nil) throws -> Moment? {
        try queue.read { db in
            if let id {
                return try moment(
                    db,
                    where: "(s.time < ? OR (s.time = ? AND s.id < ?)) ORDER BY s.time DESC, s.id DESC",
                    [time, time, id]
                )
            }
            return try moment(db, where: "s.time <= ? ORDER BY s.time DESC, s.id DESC", [time])
        }
    }

    /// The oldest sample after `time`, with the same rule for `id` as ``moment(before:id:)``.
    public func moment(after time: Double, id: Int64? = nil) throws -> Moment? {
        try queue.read { db in
            if let id {
                return try moment(
                    db,
                    where: "(s.time > ? OR (s.time = ? AND s.id > ?)) ORDER BY s.time, s.id",
                    [time, time, id]
                )
            }
            return try moment(db, where: "s.time >= ? ORDER BY s.time, s.id", [time])
        }
    }

    /// The store's oldest sample; `nil` when it is empty.
    public func oldestMoment() throws -> Moment? {
        try queue.read { db in try moment(db, where: "1 ORDER BY s.time, s.id", []) }
    }
}
