import GRDB

/// The store's schema, versioned with GRDB migrations (docs/history-format.md).
///
/// v1: each sample's whole snapshot JSON as a token delta against its keyframe. v2 adds a `processes` blob to
/// keyframes and samples: the process list as binary records (``ProcessChain``), each sample against the one
/// before it, and the JSON without the process list. A row whose keyframe has no `processes` is a v1 row and
/// reads as before.
///
/// A store with a migration this build does not know was written by a newer wired: it is never written to.
enum HistorySchema {
    /// The newest schema this build writes.
    static let current = 2

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(
                sql: """
                    CREATE TABLE boot (
                        id INTEGER PRIMARY KEY,
                        bootID TEXT NOT NULL UNIQUE,
                        hostname TEXT NOT NULL,
                        kernel TEXT NOT NULL,
                        firstTime REAL NOT NULL
                    );
                    CREATE TABLE keyframe (
                        id INTEGER PRIMARY KEY,
                        time REAL NOT NULL,
                        body BLOB NOT NULL,
                        figures BLOB NOT NULL
                    );
                    CREATE TABLE owner (
                        id INTEGER PRIMARY KEY,
                        key TEXT NOT NULL UNIQUE,
                        kind TEXT NOT NULL,
                        name TEXT NOT NULL,
                        lineage TEXT,
                        pid INTEGER,
                        wired INTEGER NOT NULL
                    );
                    CREATE TABLE sample (
                        id INTEGER PRIMARY KEY,
                        time REAL NOT NULL,
                        boot INTEGER NOT NULL REFERENCES boot(id),
                        keyframe INTEGER NOT NULL REFERENCES keyframe(id),
                        body BLOB NOT NULL,
                        figures BLOB NOT NULL
                    );
                    CREATE INDEX sample_time ON sample(time);
                    CREATE INDEX sample_keyframe ON sample(keyframe);
                    PRAGMA user_version = 1;
                    """
            )
        }
        migrator.registerMigration("v2") { db in
            try db.execute(
                sql: """
                    ALTER TABLE keyframe ADD COLUMN processes BLOB;
                    ALTER TABLE sample ADD COLUMN processes BLOB;
                    PRAGMA user_version = 2;
                    """
            )
        }
        return migrator
    }

    /// The schema a store says it has (`PRAGMA user_version`, set by each migration).
    static func version(_ db: Database) throws -> Int { try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0 }
}
