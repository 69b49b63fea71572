import NIOPosix
import Synchronization
public import WiredCore
import WiredHistory

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The newest sample with its bodies rendered once, so `/metrics` and `/api/status` answer without analysis.
public struct RenderedSample: Sendable {
    /// The sample.
    public var sample: Sample
    /// The Prometheus exposition.
    public var metrics: [UInt8]
    /// The `/api/status` body, `nil` when the ledger could not be built.
    public var status: [UInt8]?

    /// Renders `sample`.
    public init(_ sample: Sample) {
        self.sample = sample
        metrics = MetricsView.render(sample)
        status = APIViews.status(sample)
    }
}

/// What the server shares between the sampler and the routes: the store, the newest rendered sample and the
/// sampler's health.
public final class ServeState: Sendable {
    /// Where samples go and come from.
    public let store: any SampleStore
    /// Reads the machine.
    public let reader: SnapshotReader
    /// The history store recorded into or followed (`--db`); `nil` with `--no-record` or when none could be
    /// opened.
    public let history: HistoryLink?
    private let newest = Mutex<RenderedSample?>(nil)
    private let health = Mutex<(lastID: Int, lastSuccess: ContinuousClock.Instant?, lastError: String?)>(
        (0, nil, nil)
    )

    /// Why the last sample was not stored in ``history`` (cleared by one that was).
    private let recordProblem = Mutex<String?>(nil)

    /// Creates the state around `store`, `reader` and `history`.
    public init(store: any SampleStore, reader: SnapshotReader, history: HistoryLink? = nil) {
        self.store = store
        self.reader = reader
        self.history = history
    }

    /// Why the last sample could not be stored in the history store, `nil` when it was.
    public var lastRecordError: String? { recordProblem.withLock { $0 } }

    /// The newest rendered sample.
    public var latest: RenderedSample? { newest.withLock { $0 } }

    /// When the last sample succeeded, and the last error (cleared by a success).
    public var lastSuccess: ContinuousClock.Instant? { health.withLock { $0.lastSuccess } }
    public var lastError: String? { health.withLock { $0.lastError } }

    /// Unix seconds now (CLOCK_REALTIME).
    static func wallClockSeconds() -> Int64 {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        return Int64(now.tv_sec)
    }

    /// Reads, analyses and renders one sample off the async threads, then keeps it; returns it, or `nil` when the
    /// reading failed (``lastError`` says why; the previous sample stays served).
    @discardableResult
    public func sampleOnce() async -> RenderedSample? {
        let id = health.withLock { state -> Int in
            state.lastID += 1
            return state.lastID
        }
        let reader = self.reader
        let history = self.history
        do {
            let rendered = try await NIOThreadPool.singleton.runIfActive { () throws -> RenderedSample in
                let clock = ContinuousClock()
                let start = clock.now
                let snapshot = try reader.read()
                let readTime = clock.now - start
                // The same reading goes to the store, as `wired record` stores it.
                do {
                    // Damage that retention removed is logged like a failed write (Server.swift).
                    let damaged = try history?.record(snapshot) ?? []
                    self.recordProblem.withLock { $0 = damaged.isEmpty ? nil : damaged.joined(separator: "; ") }
                } catch {
                    let problem = (error as? HistoryError)?.message ?? "\(error)"
                    self.recordProblem.withLock { $0 = problem }
                }
                let seconds = Double(readTime.components.seconds) + Double(readTime.components.attoseconds) * 1e-18
                return RenderedSample(
                    Sample.analyse(snapshot, id: id, duration: seconds, sampledAt: Self.wallClockSeconds())
                )
            }
            await store.record(rendered.sample)
            newest.withLock { $0 = rendered }
            health.withLock {
                $0.lastSuccess = ContinuousClock.now
                $0.lastError = nil
            }
            return rendered
        } catch {
            health.withLock { $0.lastError = "\(error)" }
            return nil
        }
    }
}
