import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The terminal of a session: raw mode on the way in, the exact saved settings on the way out.
///
/// Raw mode is `cfmakeraw` (no echo, no line editing, no CR/LF translation, no flow control, 8-bit input, reads
/// return as soon as one byte is there) with **ISIG kept on**: Ctrl-C, Ctrl-Z and Ctrl-\ stay the terminal's
/// signals, as they are at the shell, so they work even while the view is busy reading, and a second Ctrl-C
/// ends a view that is stuck (``SignalRelay``). The loop gets Ctrl-C as ``Event/terminate(_:)``.
final class RawTerminal {
    let input: Int32
    let output: Int32
    private let saved: termios
    private let pipeRead: Int32
    private let pipeWrite: Int32
    private let previousMask: sigset_t
    private var closed = false

    /// Checks that `input` and `output` are a terminal that can be drawn on, saves its settings, installs the
    /// signal handlers and enters raw mode and the alternate screen.
    init(input: Int32, output: Int32) throws {
        for (fd, name) in [(input, "input"), (output, "output")] where isatty(fd) != 1 {
            throw TerminalError(call: "isatty(\(fd))", errno: errno, reason: "the \(name) is not a terminal")
        }
        if let term = getenv("TERM"), String(cString: term) == "dumb" {
            throw TerminalError(
                call: "TERM",
                reason: "TERM=dumb has no cursor addressing: a full-screen view cannot be drawn"
            )
        }
        var settings = termios()
        guard tcgetattr(input, &settings) == 0 else { throw TerminalError.system("tcgetattr(\(input))", errno) }
        guard !sessionRunning.exchange(true, ordering: .sequentiallyConsistent) else {
            throw TerminalError(call: "TerminalSession.run", reason: "another terminal session is running")
        }
        var fds: [Int32] = [-1, -1]
        guard pipe(&fds) == 0 else {
            sessionRunning.store(false, ordering: .sequentiallyConsistent)
            throw TerminalError.system("pipe", errno)
        }
        for fd in fds {
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        }
        self.input = input
        self.output = output
        self.saved = settings
        pipeRead = fds[0]
        pipeWrite = fds[1]
        SignalRelay.install(input: input, output: output, pipe: pipeWrite, saved: settings)
        previousMask = SignalRelay.unblock()
        do {
            try enter()
        } catch {
            end()
            throw error
        }
    }

    /// Raw mode, alternate screen, cursor hidden, autowrap off; again after a suspension.
    func enter() throws {
        var raw = saved
        cfmakeraw(&raw)
        raw.c_lflag |= tcflag_t(ISIG)
        withUnsafeMutableBytes(of: &raw.c_cc) { cc in
            cc[Int(VMIN)] = 1
            cc[Int(VTIME)] = 0
        }
        // Raw first in the handlers' eyes, so that a signal from here on restores what is done.
        SignalRelay.setRaw(true)
        try write(ControlSequence.enter)
        guard tcsetattr(input, TCSANOW, &raw) == 0 else { throw TerminalError.system("tcsetattr(\(input))", errno) }
    }

    /// Writes the restore sequence and puts the saved settings back, if the terminal is raw.
    func restore() {
        SignalRelay.restoreIfRaw()
    }

    /// Ctrl-Z: restores the terminal, stops the process as SIGTSTP's default does, and on SIGCONT enters raw
    /// mode again; the caller then repaints.
    func suspend() throws {
        restore()
        SignalRelay.setSuspendDefault(true)
        _ = raise(SIGTSTP)  // stops here until SIGCONT (an orphaned process group is not stopped)
        SignalRelay.setSuspendDefault(false)
        try enter()
    }

    /// Restores the terminal, puts back the signal handlers and closes the self-pipe; safe to call twice (`deinit` calls it too).
    func end() {
        guard !closed else { return }
        closed = true
        restore()
        SignalRelay.uninstall()
        SignalRelay.setMask(previousMask)
        _ = close(pipeRead)
        _ = close(pipeWrite)
        sessionRunning.store(false, ordering: .sequentiallyConsistent)
    }

    deinit { end() }

    /// What `poll` found.
    struct Readiness {
        var input = false
        var signals = false
        /// The terminal hung up or the descriptor broke.
        var hangup = false
    }

    /// Waits up to `milliseconds` for a key or a signal; a signal that interrupts the wait is read next time.
    func wait(milliseconds: Int32) -> Readiness {
        var fds = [
            pollfd(fd: input, events: Int16(POLLIN), revents: 0),
            pollfd(fd: pipeRead, events: Int16(POLLIN), revents: 0),
        ]
        var readiness = Readiness()
        guard poll(&fds, 2, milliseconds) > 0 else { return readiness }
        readiness.input = fds[0].revents & Int16(POLLIN) != 0
        readiness.hangup = fds[0].revents & Int16(POLLHUP | POLLERR | POLLNVAL) != 0
        readiness.signals = fds[1].revents & Int16(POLLIN) != 0
        return readiness
    }

    /// The bytes one read of the input gives, up to 1 KiB; `nil` at end of file or on an error (hung up).
    func readInput() -> [UInt8]? {
        var buffer = [UInt8](repeating: 0, count: 1024)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(input, $0.baseAddress, $0.count) }
            if count > 0 { return Array(buffer[0..<count]) }
            if count < 0, errno == EINTR { continue }
            if count < 0, errno == EAGAIN { return [] }  // a descriptor someone made non-blocking: nothing yet
            return nil
        }
    }

    /// The signals relayed since the last call, in order, each once.
    func takeSignals() -> [Int32] {
        var signals: [Int32] = []
        var buffer = [UInt8](repeating: 0, count: 64)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(pipeRead, $0.baseAddress, $0.count) }
            guard count > 0 else { break }
            for byte in buffer[0..<count] where !signals.contains(Int32(byte)) { signals.append(Int32(byte)) }
        }
        return signals
    }

    /// Writes all of `bytes` to the output.
    func write(_ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let written = systemWrite(output, raw.baseAddress.map { $0 + offset }, raw.count - offset)
                if written < 0, errno == EINTR { continue }
                if written < 0, errno == EAGAIN {
                    // A non-blocking descriptor with a full buffer: wait until it drains, not in a busy loop.
                    var descriptor = pollfd(fd: output, events: Int16(POLLOUT), revents: 0)
                    _ = poll(&descriptor, 1, -1)
                    continue
                }
                guard written > 0 else { throw TerminalError.system("write(\(output))", errno) }
                offset += written
            }
        }
    }

    /// The terminal's size now (``Size/of(terminal:)``).
    var size: Size { Size.of(terminal: output) }
}

/// True while a session holds the terminal (the signal handlers serve one at a time).
private let sessionRunning = Atomic<Bool>(false)

extension Size {
    /// The size of the terminal on `fd`, from `ioctl(TIOCGWINSZ)`; where that gives nothing, `COLUMNS` and
    /// `LINES`, else 100 columns and 40 rows: the fallback of the other views (WiredCommands' `Terminal`).
    public static func of(terminal fd: Int32) -> Size {
        var window = winsize()
        let known = ioctl(fd, UInt(TIOCGWINSZ), &window) == 0
        func variable(_ name: String) -> Int? {
            guard let value = getenv(name), let number = Int(String(cString: value)), number > 0 else { return nil }
            return number
        }
        let columns = known && window.ws_col > 0 ? Int(window.ws_col) : variable("COLUMNS") ?? 100
        let rows = known && window.ws_row > 0 ? Int(window.ws_row) : variable("LINES") ?? 40
        return Size(rows: rows, columns: columns)
    }
}

#if canImport(Darwin)
private func systemWrite(_ fd: Int32, _ buffer: UnsafeRawPointer?, _ count: Int) -> Int {
    Darwin.write(fd, buffer, count)
}
#elseif canImport(Musl)
private func systemWrite(_ fd: Int32, _ buffer: UnsafeRawPointer?, _ count: Int) -> Int {
    Musl.write(fd, buffer, count)
}
#else
private func systemWrite(_ fd: Int32, _ buffer: UnsafeRawPointer?, _ count: Int) -> Int {
    Glibc.write(fd, buffer, count)
}
#endif
