import GRDB

extension HistoryStore {
    /// Removes the oldest samples (and the keyframes no sample needs any more) until `incoming` more bytes fit
    /// under the cap; returns how many samples went.
    ///
    /// The cap counts pages in use; freed pages are reused by later rows, so the file stays under the cap
    /// less the WAL's allowance, and the WAL is checkpointed and truncated within that allowance.
    func makeRoom(_ db: Database, for incoming: Int64) throws -> Int {
        let limit = settings.maxBytes - settings.walAllowance
        var removed = 0
        while try HistoryStore.usedBytes(db) + incoming > limit {
            let count = try Int.fetchOne(db, sql: "SELECT count(*) FROM sample") ?? 0
            guard count > 0 else { break }
            let batch = max(1, count / 64)
            removed += try removeSamples(
                db,
                where: "s.id IN (SELECT id FROM sample ORDER BY time, id LIMIT ?)",
                [batch]
            )
            try dropUnusedKeyframes(db)
        }
        return removed
    }

    /// Keyframes that no sample is written against (the current one stays).
    func dropUnusedKeyframes(_ db: Database) throws {
        try db.execute(
            sql: """
                DELETE FROM keyframe WHERE id != ? AND NOT EXISTS (SELECT 1 FROM sample WHERE sample.keyframe = keyframe.id)
                """,
            arguments: [writer.keyframe?.id ?? -1]
        )
    }

    /// The tiers, applied once a minute: every sample younger than ``HistorySettings/fullSeconds``, then the
    /// first of each minute, then the first of each hour, and nothing older than
    /// ``HistorySettings/hourSeconds``.
    func thinIfDue(_ db: Database, now: Double) throws -> Int {
        guard now - writer.lastThinning >= 60 else { return 0 }
        writer.lastThinning = now
        var removed = 0
        removed += try removeSamples(db, where: "s.time < ?", [now - settings.hourSeconds])
        for (older, bucket) in [(settings.minuteSeconds, 3600.0), (settings.fullSeconds, 60.0)] {
            removed += try removeSamples(
                db,
                where: """
                    s.time < :limit AND s.id NOT IN (
                        SELECT min(id) FROM sample WHERE time < :limit GROUP BY CAST(time / :bucket AS INTEGER))
                    """,
                ["limit": now - older, "bucket": bucket]
            )
        }
        if removed > 0 { try dropUnusedKeyframes(db) }
        return removed
    }
}
