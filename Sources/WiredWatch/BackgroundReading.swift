import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// One reading (of the machine, or of the history store) made on a thread of its own, so that keys are handled
/// while it runs; the loop takes the result when it is there (``take()``) and never waits for it.
final class BackgroundReading<Value: Sendable>: Sendable {
    private let result = Mutex<Result<Value, any Error>?>(nil)

    /// Starts `work` on a new thread, or runs it at once when no thread can be made.
    init(_ work: @escaping @Sendable () throws -> Value) {
        let job = ReadingJob { [self] in
            let outcome = Result { try work() }
            self.result.withLock { $0 = outcome }
        }
        if !job.start() { job.run() }
    }

    /// The result once the reading is done; `nil` while it runs.
    func take() -> Result<Value, any Error>? { result.withLock { $0 } }
}

/// A closure run by a detached pthread.
private final class ReadingJob: @unchecked Sendable {
    let run: @Sendable () -> Void

    init(_ run: @escaping @Sendable () -> Void) { self.run = run }

    /// Starts a detached thread running ``run``; false when none could be made.
    func start() -> Bool {
        var thread = pthread_t()
        let context = Unmanaged.passRetained(self).toOpaque()
        let started = pthread_create(
            &thread,
            nil,
            { context in
                guard let context else { return nil }
                Unmanaged<ReadingJob>.fromOpaque(context).takeRetainedValue().run()
                return nil
            },
            context
        )
        guard started == 0 else {
            Unmanaged<ReadingJob>.fromOpaque(context).release()
            return false
        }
        pthread_detach(thread)
        return true
    }
}
