import Foundation
import GRDB
import WiredCompression
import WiredSnapshot

/// The history store: recorded moments of one machine in an SQLite database (WAL mode, through GRDB).
///
/// Layout (schema v2, ``HistorySchema``, docs/history-format.md): each sample is one row with its time, its
/// boot (a segment) and three deflated blobs: the snapshot JSON without its process list as a ``TokenDelta``
/// against the sample before (older rows: against the keyframe), the process list as binary records changed since the sample before
/// (``ProcessChain``), and its figures (``FigureCodec``) against the sample before. A keyframe row holds the
/// JSON and every process record in full. Owners are named once in their own table; figures name them by row
/// id. Replaying a sample applies its group's JSON and process deltas from the keyframe up to it.
///
/// One sample is one transaction: a recorder killed at any moment loses at most the sample it was writing.
public final class HistoryStore {
    /// Where the store lives (":memory:" for one in memory).
    public let path: String
    let queue: DatabaseQueue
    let settings: HistorySettings
    /// What the writer keeps between samples.
    var writer = WriterState()

    struct WriterState {
        var keyframe: Keyframe?
        var owners: [String: Int64] = [:]
        var boots: [String: Int64] = [:]
        var lastThinning: Double = -.infinity
        var pageSize: Int64 = 4096
        /// What retention found damaged while writing the sample under way (``Appended/damaged``).
        var damaged: [String] = []
        /// The last sample's slab caches as JSON, reused while they stay the same.
        var slabJSON: SlabCachesJSON?
    }

    struct Keyframe {
        var id: Int64
        /// The JSON without the process list of the group's last sample (at first the keyframe's).
        var base: TokenDelta.Base
        /// The figures and process records of the group's last sample, which the next is written against.
        var figures: FigureCodec.Chain
        var records: [ProcessChain.Record]
        var samples: Int
        /// Bytes of the keyframe and of every sample written against it.
        var groupBytes: Int
        var boot: Int64
    }

    init(path: String, queue: DatabaseQueue, settings: HistorySettings) {
        self.path = path
        self.queue = queue
        self.settings = settings
    }

    /// A store in memory (for tests), migrated to the current schema.
    public static func inMemory(settings: HistorySettings = HistorySettings()) throws -> HistoryStore {
        let store = HistoryStore(path: ":memory:", queue: try DatabaseQueue(), settings: settings)
        try HistorySchema.migrator.migrate(store.queue)
        try store.loadWriterState()
        return store
    }

    /// Opens an existing store to read; never changes it (a damaged or newer store is reported, not moved).
    public static func openForReading(_ path: String) throws -> HistoryStore {
        guard FileManager.default.fileExists(atPath: path) else {
            throw HistoryError("no history at \(path): record one with `wired record --db \(path)`")
        }
        var configuration = Configuration()
        configuration.readonly = true
        configuration.busyMode = .timeout(2)
        do {
            let queue = try DatabaseQueue(path: path, configuration: configuration)
            let store = HistoryStore(path: path, queue: queue, settings: HistorySettings())
            try queue.read { db in
                if try HistorySchema.migrator.hasBeenSuperseded(db) {
                    throw HistoryError(
                        "\(path) was written by a newer wired (schema \(try HistorySchema.version(db))); this one reads schema \(HistorySchema.current)"
                    )
                }
                guard try HistorySchema.migrator.hasCompletedMigrations(db) else {
                    throw HistoryError("\(path) is not a wired history store (no schema v\(HistorySchema.current))")
                }
            }
            return store
        } catch let error as DatabaseError {
            throw HistoryError("\(path): \(HistoryStore.describe(error))")
        }
    }

    /// Bytes on disk: the database, its WAL and its shared-memory index (in memory: the pages in use).
    public var fileBytes: Int64 {
        get throws {
            guard path != ":memory:" else { return try queue.read { db in try HistoryStore.usedBytes(db) } }
            return try [path, path + "-wal", path + "-shm"].reduce(0) { $0 + (try FileFacts.size($1) ?? 0) }
        }
    }

    /// Pages in use (not on the free list) times the page size.
    static func usedBytes(_ db: Database) throws -> Int64 {
        let pages = try Int64.fetchOne(db, sql: "PRAGMA page_count") ?? 0
        let free = try Int64.fetchOne(db, sql: "PRAGMA freelist_count") ?? 0
        let size = try Int64.fetchOne(db, sql: "PRAGMA page_size") ?? 4096
        return (pages - free) * size
    }

    /// SQLite's error in words.
    static func describe(_ error: DatabaseError) -> String {
        "\(error.message ?? "SQLite error") (SQLite code \(error.resultCode.rawValue))"
    }
}

/// How a store is kept: keyframes, size cap and tiers.
public struct HistorySettings: Sendable, Equatable {
    /// Largest size on disk (database and WAL together), default 256 MiB.
    ///
    /// The oldest samples go first.
    public var maxBytes: Int64 = 256 << 20
    /// How long every sample is kept (default 48 h).
    public var fullSeconds: Double = 48 * 3600
    /// Until when one sample a minute is kept (default 30 days); older, one an hour.
    public var minuteSeconds: Double = 30 * 86_400
    /// Until when one sample an hour is kept (default a year); older samples are removed.
    public var hourSeconds: Double = 365 * 86_400
    /// A new keyframe after this many samples at most (sooner when the deltas have drifted: see ``append(_:)``).
    public var keyframeEvery = 360

    public init() {}

    /// What the write-ahead log may take of the cap: a quarter, at most 4 MiB.
    var walAllowance: Int64 { min(4 << 20, maxBytes / 4) }
}

/// A problem with a history store, in one line.
public struct HistoryError: Error, CustomStringConvertible, Sendable {
    public var message: String

    public init(_ message: String) { self.message = message }

    public var description: String { message }
}
