#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Work on a thread of its own, joined when its result is wanted.
///
/// Not a Dispatch queue: the process scan's `concurrentPerform` takes Dispatch's worker threads (one per
/// CPU), and work queued beside it would take one of them away for its whole duration. A thread of its own
/// only takes the CPU time the scan leaves idle (the scan waits on the kernel ~10% of the time).
public final class BackgroundThread<Value: Sendable>: @unchecked Sendable {
    private let work: @Sendable () -> Value
    private var result: Value?
    private var thread: pthread_t?

    /// Starts `work` at once; if no thread can be made, it runs in ``join()`` instead.
    public init(_ work: @escaping @Sendable () -> Value) {
        self.work = work
        let job = ThreadJob { [unowned(unsafe) self] in self.result = self.work() }
        thread = job.start()
    }

    /// Waits for the work and returns its result (pthread_join orders the thread's writes before this read).
    public func join() -> Value {
        if let thread {
            pthread_join(thread, nil)
            self.thread = nil
        }
        if let result { return result }
        let value = work()
        result = value
        return value
    }
}

/// A closure run by a new pthread; not generic, so its entry point can be a C function.
private final class ThreadJob: @unchecked Sendable {
    let run: () -> Void

    init(_ run: @escaping () -> Void) { self.run = run }

    /// Starts the thread; `nil` when none could be made.
    func start() -> pthread_t? {
        var thread = pthread_t()
        let context = Unmanaged.passRetained(self).toOpaque()
        let started = pthread_create(
            &thread,
            nil,
            { context in
                guard let context else { return nil }
                Unmanaged<ThreadJob>.fromOpaque(context).takeRetainedValue().run()
                return nil
            },
            context
        )
        if started != 0 {
            Unmanaged<ThreadJob>.fromOpaque(context).release()
            return nil
        }
        return thread
    }
}
