import Synchronization
public import WiredCore
public import WiredHistory

/// The history store `wired serve` records into (as `wired record` does) or, when another recorder holds it,
/// follows: reads for `/api/history` and `/api/grew` while that recorder writes.
///
/// One reading per interval feeds both the sample ring and the store (``ServeState/sampleOnce()``). The store
/// is touched only under one lock: the sampler's write and a route's read never overlap.
public final class HistoryLink: @unchecked Sendable {
    /// Whether this server writes the store or reads another recorder's.
    public enum Role: String, Sendable {
        case recording, following
    }

    public let role: Role
    public let path: String
    /// The store; used only under ``gate``.
    private let store: HistoryStore
    /// The one-recorder lock, held while recording.
    private let lock: RecorderLock?
    private let gate = Mutex(())

    /// Wraps `store` (opened for writing with `lock` held, or for reading).
    public init(store: HistoryStore, role: Role, lock: RecorderLock? = nil) {
        self.store = store
        self.role = role
        self.lock = lock
        path = store.path
    }

    /// Stores `snapshot` when recording; following, does nothing.
    ///
    /// Returns what retention found damaged and removed (``HistoryStore/Appended/damaged``).
    public func record(_ snapshot: Snapshot) throws -> [String] {
        guard role == .recording else { return [] }
        return try gate.withLock { _ in try store.append(snapshot).damaged }
    }

    /// Runs `body` on the store.
    public func read<T: Sendable>(_ body: (HistoryStore) throws -> T) throws -> T {
        try gate.withLock { _ in try body(store) }
    }

    /// Opens the store at `path` as `wired serve` does.
    ///
    /// Records into it when its recorder lock is free, else follows it; `nil` (with a warning saying why) when it
    /// can be neither written nor read. `notes` are for standard error.
    public static func open(
        _ path: String,
        settings: HistorySettings = HistorySettings(),
        now: Timestamp
    ) -> (HistoryLink?, notes: [String]) {
        let lockProblem: String
        do {
            let lock = try RecorderLock.acquire(for: path)
            do {
                let (store, notes) = try HistoryStore.openForWriting(path, settings: settings, now: now)
                return (HistoryLink(store: store, role: .recording, lock: lock), notes)
            } catch {
                return (nil, ["warning: not recording and no history: \(path): \(describe(error))"])
            }
        } catch {
            lockProblem = describe(error)
        }
        do {
            let store = try HistoryStore.openForReading(path)
            return (
                HistoryLink(store: store, role: .following),
                ["not recording (\(lockProblem)): following \(path), reading its history"]
            )
        } catch {
            return (
                nil,
                ["warning: no history: cannot record into \(path) (\(lockProblem)) nor read it (\(describe(error)))"]
            )
        }
    }

    static func describe(_ error: any Error) -> String {
        (error as? HistoryError)?.message ?? "\(error)"
    }
}
