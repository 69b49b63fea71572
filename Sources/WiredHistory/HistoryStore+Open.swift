import GRDB
public import WiredCore

extension HistoryStore {
    /// Opens (or creates) the store at `path` for the recorder.
    ///
    /// A database that is damaged, or that a newer wired wrote, is never written to: it is moved aside to
    /// `PATH.damaged-DATE-TIME` or `PATH.newer-schema-DATE-TIME` (with its WAL), said so in `notes`, and a new
    /// store is started.
    public static func openForWriting(
        _ path: String,
        settings: HistorySettings = HistorySettings(),
        now: Timestamp
    ) throws -> (HistoryStore, notes: [String]) {
        try FileFacts.makeParents(of: path)
        var notes: [String] = []
        if try FileFacts.exists(path), let reason = try unusable(path) {
            let aside = "\(path).\(reason.suffix)-\(now.compact)"
            for part in ["", "-wal", "-shm"] { try FileFacts.moveIfPresent(path + part, to: aside + part) }
            notes.append("\(path) \(reason.words): moved it aside to \(aside) and started a new store")
        }
        var configuration = Configuration()
        configuration.journalMode = .wal
        configuration.busyMode = .timeout(2)
        // The log's share of the cap, less its 32 KiB index (-shm): checkpointed at half of it, so one more
        // transaction still fits, and truncated back to it after each checkpoint.
        let walBytes = settings.walAllowance - 32 << 10
        let walPages = max(8, walBytes / 4096 / 2)
        configuration.prepareDatabase { db in
            // NORMAL in WAL mode: a commit survives the process being killed; a power cut may lose the last
            // samples, never the store.
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
            try db.execute(sql: "PRAGMA wal_autocheckpoint = \(walPages)")
            try db.execute(sql: "PRAGMA journal_size_limit = \(walBytes)")
        }
        do {
            let store = HistoryStore(
                path: path,
                queue: try DatabaseQueue(path: path, configuration: configuration),
                settings: settings
            )
            try HistorySchema.migrator.migrate(store.queue)
            try store.loadWriterState()
            return (store, notes)
        } catch let error as DatabaseError {
            throw HistoryError("\(path): \(describe(error))")
        }
    }

    /// Why an existing file cannot be written to, or `nil` when it is a sound store of a schema this build knows.
    static func unusable(_ path: String) throws -> (suffix: String, words: String)? {
        var configuration = Configuration()
        configuration.readonly = true
        configuration.busyMode = .timeout(2)
        do {
            let queue = try DatabaseQueue(path: path, configuration: configuration)
            return try queue.read { db in
                let check = try String.fetchAll(db, sql: "PRAGMA quick_check")
                if check != ["ok"] {
                    return ("damaged", "is damaged (\(check.prefix(2).joined(separator: "; ")))")
                }
                if try HistorySchema.migrator.hasBeenSuperseded(db) {
                    return ("newer-schema", "was written by a newer wired (schema \(try HistorySchema.version(db)))")
                }
                let tables = try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table'")
                if !tables.isEmpty, try !HistorySchema.migrator.hasCompletedMigrations(db),
                    try HistorySchema.migrator.appliedIdentifiers(db).isEmpty
                {
                    return ("not-history", "is an SQLite database but not a wired history store")
                }
                return nil
            }
        } catch let error as DatabaseError
            where [.SQLITE_CORRUPT, .SQLITE_NOTADB].contains(error.resultCode)
        {
            return ("damaged", "is damaged (\(describe(error)))")
        }
    }

    /// Loads what the writer keeps in memory: the owners' and boots' row ids, and the page size.
    func loadWriterState() throws {
        try queue.read { db in
            writer.owners = [:]
            for row in try Row.fetchAll(db, sql: "SELECT id, key FROM owner") {
                writer.owners[row["key"]] = row["id"]
            }
            writer.boots = [:]
            for row in try Row.fetchAll(db, sql: "SELECT id, bootID FROM boot") {
                writer.boots[row["bootID"]] = row["id"]
            }
            writer.pageSize = try Int64.fetchOne(db, sql: "PRAGMA page_size") ?? 4096
        }
    }
}
