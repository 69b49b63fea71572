import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Removes the temporary file of a write in progress when SIGINT, SIGTERM or SIGHUP ends the process.
///
/// The handler does only what is safe in a signal handler: an atomic load, `unlink(2)` and `raise(2)`. It is
/// installed with `SA_RESETHAND`, so raising the signal again ends the process as the signal asked (exit
/// status 128 + signal for the shell); the handlers that were there before are put back by ``forget()``.
enum SignalCleanup {
    /// The signals that end a process politely.
    static let signals: [Int32] = [SIGINT, SIGTERM, SIGHUP]

    /// The address of the temporary file's path as a C string, or 0 when no write is in progress.
    fileprivate static let pending = Atomic<Int>(0)
    /// The handlers replaced, and the last path forgotten (freed only at the next write, so that a handler
    /// running on another thread at that moment never reads freed memory).
    private static let saved = Mutex<(handlers: [Int32: sigaction], retired: UnsafeMutablePointer<CChar>?)>(([:], nil))

    /// Removes `path` if the process is ended by one of ``signals`` before ``forget()``.
    static func remember(_ path: String) {
        saved.withLock { saved in
            free(saved.retired)
            let copy = strdup(path)
            saved.retired = UnsafeMutablePointer(
                bitPattern: pending.exchange(Int(bitPattern: copy), ordering: .sequentiallyConsistent)
            )
            for signal in signals where saved.handlers[signal] == nil && !isIgnored(signal) {
                var action = sigaction()
                #if canImport(Darwin)
                action.__sigaction_u.__sa_handler = onSignal
                #else
                action.__sigaction_handler.sa_handler = onSignal
                #endif
                action.sa_flags = Int32(truncatingIfNeeded: SA_RESETHAND)
                sigemptyset(&action.sa_mask)
                var old = sigaction()
                if sigaction(signal, &action, &old) == 0 { saved.handlers[signal] = old }
            }
        }
    }

    /// True when `signal` is ignored (`nohup` ignores SIGHUP): it stays ignored, and the write goes on.
    private static func isIgnored(_ signal: Int32) -> Bool {
        var current = sigaction()
        guard sigaction(signal, nil, &current) == 0 else { return false }
        #if canImport(Darwin)
        let handler = current.__sigaction_u.__sa_handler
        #else
        let handler = current.__sigaction_handler.sa_handler
        #endif
        return unsafeBitCast(handler, to: Int.self) == unsafeBitCast(SIG_IGN, to: Int.self)
    }

    /// The write is over (its temporary file renamed or removed): signals act as before again.
    static func forget() {
        saved.withLock { saved in
            for (signal, old) in saved.handlers {
                var action = old
                sigaction(signal, &action, nil)
            }
            saved.handlers.removeAll()
            let forgotten = UnsafeMutablePointer<CChar>(
                bitPattern: pending.exchange(0, ordering: .sequentiallyConsistent)
            )
            if forgotten != nil {
                free(saved.retired)
                saved.retired = forgotten
            }
        }
    }
}

/// The handler: remove the temporary file, then end the process by the same signal (the default action is
/// back, `SA_RESETHAND`; the signal is delivered when the handler returns).
private func onSignal(_ signal: Int32) {
    if let path = UnsafePointer<CChar>(bitPattern: SignalCleanup.pending.load(ordering: .sequentiallyConsistent)) {
        unlink(path)
    }
    raise(signal)
}
