import Foundation
import Synchronization
public import WiredCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The recorder loop: read a moment, store it, sleep, until told to stop.
///
/// Every reading goes through `source` (the seam to the machine: today `SnapshotSource.read`, later the live
/// reader), so the loop neither knows nor cares how the snapshot was made.
public final class Recorder: @unchecked Sendable {
    /// The store; touched only while holding ``gate``.
    private let store: HistoryStore
    /// True once stopping: held during every write, so a stop waits for the sample being written and then
    /// no other starts.
    private let gate = Mutex(false)
    /// Signalled by ``stop()``: the loop sleeps on it rather than waking every few milliseconds to look (twenty
    /// wake-ups a second were a twentieth of the recorder's time at 1 Hz).
    private let wake = DispatchSemaphore(value: 0)
    public let interval: Double

    public init(store: HistoryStore, interval: Double) {
        self.store = store
        self.interval = interval
    }

    /// Runs until ``stop()`` (or `limit` samples): each interval, `source` reads a snapshot and it is stored;
    /// `report` hears of each sample written, and of readings that failed (the loop goes on).
    public func run(
        limit: Int? = nil,
        source: () throws -> Snapshot,
        report: (Result<HistoryStore.Appended, any Error>) -> Void
    ) {
        var next = Self.monotonic()
        var written = 0
        while limit.map({ written < $0 }) ?? true {
            let outcome = Result { () throws -> HistoryStore.Appended? in
                let snapshot = try source()
                return try gate.withLock { stopping in stopping ? nil : try store.append(snapshot) }
            }
            switch outcome {
            case .success(nil): return
            case .success(let appended?): report(.success(appended))
            case .failure(let error): report(.failure(error))
            }
            written += 1
            next += interval
            let now = Self.monotonic()
            if next < now { next = now }
            while !gate.withLock({ $0 }) {
                let left = next - Self.monotonic()
                guard left > 0 else { break }
                _ = wake.wait(timeout: .now() + left)
            }
            if gate.withLock({ $0 }) { return }
        }
    }

    /// Stops the loop, waiting for a sample being written (milliseconds) and letting no other start.
    ///
    /// Safe from another thread; afterwards every committed sample is in the store.
    public func stop() {
        gate.withLock { $0 = true }
        wake.signal()
    }

    /// The store's size and contents, read under the gate.
    public func summary() throws -> (StoreSummary, bytes: Int64) {
        try gate.withLock { _ in (try store.summary(), try store.fileBytes) }
    }

    static func monotonic() -> Double {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
    }
}

/// SIGINT and SIGTERM, taken by a thread of their own (`sigwait`) instead of a handler, so what follows a
/// signal may do anything: stop the recorder, print, exit.
public enum StopSignals {
    /// Blocks SIGINT and SIGTERM here, then calls `body` on a thread of its own with the first that arrives.
    ///
    /// Threads started later inherit the mask: call it before starting any.
    public static func handle(_ body: @escaping @Sendable (Int32) -> Void) {
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGINT)
        sigaddset(&set, SIGTERM)
        pthread_sigmask(SIG_BLOCK, &set, nil)
        let blocked = set
        let thread = Thread {
            var waiting = blocked
            var signal: Int32 = 0
            while sigwait(&waiting, &signal) != 0 {}
            body(signal)
        }
        thread.start()
    }
}
