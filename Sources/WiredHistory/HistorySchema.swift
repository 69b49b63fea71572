import GRDB

/// The store's schema, versioned with GRDB migrations; v1 is the first.
///
/// A store with a migration this build does not know was written by a newer wired: it is never written to.
enum HistorySchema {
    /// The newest schema this build writes.
    static let current = 1

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
        return migrator
    }

    /// The schema a store says it has (`PRAGMA user_version`, set by each migration).
    static func version(_ db: Database) throws -> Int { try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0 }
}
