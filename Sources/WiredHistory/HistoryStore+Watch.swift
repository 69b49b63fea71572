import GRDB

extension HistoryStore {
    /// The newest sample before `time`: with `id`, the sample (`time`, `id`) itself is the place, and a sample of
    /// the same time and a lower row id comes before it; without, a sample at `time` counts as before it.
    public func moment(before time: Double, id: Int64? = nil) throws -> Moment? {
        try step(from: time, id: id, later: false)
    }

    /// The oldest sample after `time`, with the same rule for `id` as ``moment(before:id:)``.
    public func moment(after time: Double, id: Int64? = nil) throws -> Moment? {
        try step(from: time, id: id, later: true)
    }

    /// The next sample from the place (`time`, `id`) towards later or earlier ones.
    private func step(from time: Double, id: Int64?, later: Bool) throws -> Moment? {
        let (strict, loose, order) = later ? (">", ">=", "ASC") : ("<", "<=", "DESC")
        return try queue.read { db in
            guard let id else {
                return try moment(db, where: "s.time \(loose) ? ORDER BY s.time \(order), s.id \(order)", [time])
            }
            return try moment(
                db,
                where:
                    "(s.time \(strict) ? OR (s.time = ? AND s.id \(strict) ?)) ORDER BY s.time \(order), s.id \(order)",
                [time, time, id]
            )
        }
    }

    /// The store's oldest sample; `nil` when it is empty.
    public func oldestMoment() throws -> Moment? {
        try queue.read { db in try moment(db, where: "1 ORDER BY s.time, s.id", []) }
    }
}
