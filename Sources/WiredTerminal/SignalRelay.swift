import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The signal handlers of a terminal session, and the state they read.
///
/// A handler may run at any instruction of any thread, so it does only what is async-signal-safe: it reads
/// plain values set before it was installed, flips atomics, and calls `write`, `tcsetattr`, `sigaction` and
/// `raise` (all on POSIX's list). It never allocates, locks or touches a Swift string or array.
///
/// - SIGWINCH, SIGCONT and SIGTSTP write their number to a self-pipe, which the session's `poll` watches;
///   the loop resizes, re-enters raw mode or suspends in good order.
/// - SIGTERM, SIGINT and SIGHUP do the same, and the loop ends the session. If a second one arrives before the
///   loop has taken the first (a view stuck in a slow read), the handler restores the terminal itself and the
///   process dies of that signal.
/// - SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGTRAP, SIGABRT and SIGQUIT (a crash, Ctrl-\): the handler restores the
///   terminal, puts back the handler that was there before (the Swift runtime's backtracer, or the default)
///   and lets the signal happen again: a fault re-executes, a sent signal is raised again.
enum SignalRelay {
    /// The signals whose numbers reach the loop through the pipe, besides the terminating ones.
    static let relayed: [Int32] = [SIGWINCH, SIGCONT, SIGTSTP]
    /// The signals that end the session.
    static let terminating: [Int32] = [SIGTERM, SIGINT, SIGHUP]
    /// The signals after which the process cannot go on.
    static let crashing: [Int32] = [SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGTRAP, SIGABRT, SIGQUIT]

    /// Makes the handlers restore `saved` on `input` and write the restore sequence to `output`, and relay
    /// signals to `pipe`; then installs them.
    static func install(input: Int32, output: Int32, pipe: Int32, saved: termios) {
        let state = handlerState
        state.pointee.input = input
        state.pointee.output = output
        state.pointee.pipeWrite = pipe
        state.pointee.saved = saved
        // Touch every global a handler reads, so none is first initialised inside a handler.
        pendingTermination.store(0, ordering: .sequentiallyConsistent)
        rawActive.store(false, ordering: .sequentiallyConsistent)
        registerAtExit()
        for signal in relayed { setHandler(signal, relayHandler, flags: SA_RESTART) }
        for signal in terminating { setHandler(signal, terminationHandler, flags: SA_RESTART) }
        for signal in crashing { setCrashHandler(signal) }
    }

    /// Unblocks every signal the session handles on the calling thread, so that a program started with some
    /// blocked (a test runner's thread, a careless parent) still resizes, suspends and restores; returns the mask
    /// to put back afterwards.
    static func unblock() -> sigset_t {
        var handled = sigset_t()
        var previous = sigset_t()
        sigemptyset(&handled)
        for signal in relayed + terminating + crashing { sigaddset(&handled, signal) }
        _ = pthread_sigmask(SIG_UNBLOCK, &handled, &previous)
        return previous
    }

    /// Sets the calling thread's signal mask back to `mask` (from ``unblock()``).
    static func setMask(_ mask: sigset_t) {
        var mask = mask
        _ = pthread_sigmask(SIG_SETMASK, &mask, nil)
    }

    /// Puts back the handlers that were there before ``install(input:output:pipe:saved:)``.
    static func uninstall() {
        for signal in relayed + terminating + crashing {
            _ = sigaction(signal, handlerState.pointee.previous + Int(signal), nil)
        }
        handlerState.pointee.pipeWrite = -1
    }

    /// Sets the terminal raw or not, as the handlers see it: they restore it only while raw.
    static func setRaw(_ raw: Bool) { rawActive.store(raw, ordering: .sequentiallyConsistent) }

    /// Writes the restore sequence and the saved settings, once per entry into raw mode; true when it did.
    @discardableResult
    static func restoreIfRaw() -> Bool { restoreFromHandler() }

    /// Lets SIGTSTP stop the process (its default), or catches it again.
    static func setSuspendDefault(_ useDefault: Bool) {
        if useDefault {
            var action = sigaction()
            sigemptyset(&action.sa_mask)
            setSimpleHandler(&action, SIG_DFL)
            _ = sigaction(SIGTSTP, &action, nil)
        } else {
            setHandler(SIGTSTP, relayHandler, flags: SA_RESTART, keepPrevious: true)
        }
    }

    private static func setHandler(
        _ signal: Int32,
        _ handler: @escaping @convention(c) (Int32) -> Void,
        flags: Int32,
        keepPrevious: Bool = false
    ) {
        var action = sigaction()
        sigemptyset(&action.sa_mask)
        action.sa_flags = flags
        setSimpleHandler(&action, handler)
        _ = sigaction(signal, &action, keepPrevious ? nil : handlerState.pointee.previous + Int(signal))
    }

    private static func setCrashHandler(_ signal: Int32) {
        var action = sigaction()
        sigemptyset(&action.sa_mask)
        action.sa_flags = SA_SIGINFO | SA_ONSTACK
        #if canImport(Darwin)
        action.__sigaction_u.__sa_sigaction = crashHandler
        #else
        action.__sigaction_handler.sa_sigaction = crashHandler
        #endif
        _ = sigaction(signal, &action, handlerState.pointee.previous + Int(signal))
    }

    private static func setSimpleHandler(_ action: inout sigaction, _ handler: (@convention(c) (Int32) -> Void)?) {
        #if canImport(Darwin)
        action.__sigaction_u.__sa_handler = handler
        #else
        action.__sigaction_handler.sa_handler = handler
        #endif
    }

    private static func registerAtExit() {
        guard !atExitRegistered.exchange(true, ordering: .sequentiallyConsistent) else { return }
        _ = atexit { _ = restoreFromHandler() }
    }
}

/// What the handlers read; written by the session before they are installed.
private struct HandlerState {
    var input: Int32 = -1
    var output: Int32 = -1
    var pipeWrite: Int32 = -1
    var saved = termios()
    /// The restore sequence, copied once into memory no Swift array owns.
    var restore: UnsafeMutablePointer<UInt8>
    var restoreCount: Int
    /// The actions in place before ours, by signal number.
    var previous: UnsafeMutablePointer<sigaction>
}

private let signalSlots = 65

/// `SI_KERNEL` (Linux's <asm-generic/siginfo.h>): a signal the kernel sent, not a fault of the instruction.
private let siKernel: Int32 = 0x80

/// The handlers' state, allocated once; ``SignalRelay/install(input:output:pipe:saved:)`` touches it first, so
/// it is initialised before any handler can read it.
nonisolated(unsafe) private let handlerState: UnsafeMutablePointer<HandlerState> = {
    let restore = UnsafeMutablePointer<UInt8>.allocate(capacity: ControlSequence.restore.count)
    restore.initialize(from: ControlSequence.restore, count: ControlSequence.restore.count)
    let previous = UnsafeMutablePointer<sigaction>.allocate(capacity: signalSlots)
    previous.initialize(repeating: sigaction(), count: signalSlots)
    let state = UnsafeMutablePointer<HandlerState>.allocate(capacity: 1)
    state.initialize(
        to: HandlerState(restore: restore, restoreCount: ControlSequence.restore.count, previous: previous)
    )
    return state
}()

/// True while the terminal is raw: the first to set it false (the session or a handler) restores it.
private let rawActive = Atomic<Bool>(false)
/// The terminating signal relayed and not yet taken by the loop, or 0.
private let pendingTermination = Atomic<Int32>(0)
private let atExitRegistered = Atomic<Bool>(false)

/// Restores the terminal if it is raw: the restore sequence, then the saved settings (async-signal-safe).
private func restoreFromHandler() -> Bool {
    guard rawActive.exchange(false, ordering: .sequentiallyConsistent) else { return false }
    let state = handlerState
    var offset = 0
    while offset < state.pointee.restoreCount {
        let written = write(state.pointee.output, state.pointee.restore + offset, state.pointee.restoreCount - offset)
        if written < 0, errno == EINTR { continue }
        if written <= 0 { break }
        offset += written
    }
    _ = tcsetattr(state.pointee.input, TCSANOW, &state.pointee.saved)
    return true
}

/// Writes the signal's number to the self-pipe (non-blocking: a full pipe already holds a wake-up).
private func relay(_ signal: Int32) {
    let savedErrno = errno
    var byte = UInt8(truncatingIfNeeded: signal)
    _ = write(handlerState.pointee.pipeWrite, &byte, 1)
    errno = savedErrno
}

private let relayHandler: @convention(c) (Int32) -> Void = { signal in relay(signal) }

private let terminationHandler: @convention(c) (Int32) -> Void = { signal in
    guard pendingTermination.exchange(signal, ordering: .sequentiallyConsistent) != 0 else { return relay(signal) }
    // The loop has not taken the first one: restore now and die of this signal.
    _ = restoreFromHandler()
    var action = sigaction()
    sigemptyset(&action.sa_mask)
    #if canImport(Darwin)
    action.__sigaction_u.__sa_handler = SIG_DFL
    #else
    action.__sigaction_handler.sa_handler = SIG_DFL
    #endif
    _ = sigaction(signal, &action, nil)
    _ = raise(signal)  // blocked while this handler runs: it takes effect when the handler returns
}

private let crashHandler: @convention(c) (Int32, UnsafeMutablePointer<siginfo_t>?, UnsafeMutableRawPointer?) -> Void = {
    signal,
    info,
    _ in
    _ = restoreFromHandler()
    _ = sigaction(signal, handlerState.pointee.previous + Int(signal), nil)
    // A fault happens again when the handler returns; a signal sent by a process or by the kernel (Ctrl-\ is
    // SI_KERNEL) must be raised again, and is delivered to that handler when this one returns.
    let code = info?.pointee.si_code ?? 0
    if signal == SIGQUIT || signal == SIGABRT || code <= 0 || code == siKernel { _ = raise(signal) }
}
