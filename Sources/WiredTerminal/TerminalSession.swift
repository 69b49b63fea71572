#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// What happened, as a full-screen view's handler sees it.
public enum Event: Hashable, Sendable {
    /// A key was pressed.
    case key(Key)
    /// The terminal changed size (SIGWINCH, or noticed after a suspension); the new size.
    case resize(Size)
    /// The refresh interval passed.
    case tick
    /// SIGTERM, SIGINT (Ctrl-C), SIGHUP, or the terminal went away (SIGHUP): the session ends after this event,
    /// whatever the handler answers.
    case terminate(Int32)
}

/// What a handler wants after an event.
public enum Action: Hashable, Sendable {
    /// Draw the next frame (only what changed) and wait for the next event.
    case `continue`
    /// Clear the screen and draw the next frame whole (Ctrl-L).
    case repaint
    /// End the session.
    case quit
}

/// How a session ended.
public enum Outcome: Hashable, Sendable {
    /// The handler answered ``Action/quit``.
    case quit
    /// A signal ended it (``Event/terminate(_:)``); a command usually exits as that signal would (128 + n).
    case terminated(Int32)
}

/// A full-screen terminal session: raw mode and the alternate screen, one `poll` loop, frames drawn by diff.
///
/// ``run(render:handle:)`` enters raw mode, draws `render(size)`, and then waits, without busy-waiting, for a
/// key, a signal or the refresh deadline; it gives each as an ``Event`` to `handle` and draws the next frame,
/// writing only the cells that changed (``Renderer``), inside synchronized-output marks so the terminal shows
/// each frame at once. The terminal is restored on every way out: return, a thrown error, SIGTERM, SIGINT,
/// SIGHUP, a crash (see `SignalRelay`), and around Ctrl-Z. Synchronous, like the commands.
public struct TerminalSession {
    /// How a session draws and how often it ticks.
    public struct Options: Sendable {
        /// Time between two ``Event/tick``s.
        public var interval: Duration
        /// Whether colours are drawn (false for NO_COLOR and `--color never`); see ``Renderer/colors``.
        public var colors: Bool
        /// Whether each frame is wrapped in `ESC [ ? 2026 h` … `l` (terminals that do not know it ignore it).
        public var synchronizedOutput: Bool
        /// How long a lone ESC waits for the rest of a sequence before it counts as Esc.
        public var escapeDelay: Duration

        /// Options; a 1 s refresh with colours by default.
        public init(
            interval: Duration = .seconds(1),
            colors: Bool = true,
            synchronizedOutput: Bool = true,
            escapeDelay: Duration = .milliseconds(50)
        ) {
            self.interval = interval
            self.colors = colors
            self.synchronizedOutput = synchronizedOutput
            self.escapeDelay = escapeDelay
        }
    }

    /// The session's options.
    public var options: Options
    /// The descriptor keys are read from and whose settings are changed (standard input, 0, by default).
    public var input: Int32
    /// The descriptor frames are written to (standard output, 1, by default).
    public var output: Int32

    /// A session on standard input and output, unless told otherwise.
    public init(options: Options = Options(), input: Int32 = 0, output: Int32 = 1) {
        self.options = options
        self.input = input
        self.output = output
    }

    /// Runs the session until `handle` answers ``Action/quit`` or a signal ends it; the terminal is restored when
    /// this returns or throws.
    ///
    /// - Parameters:
    ///   - render: the frame for a terminal of the given size (a frame of another size is cut or padded).
    ///   - handle: what to do after an event; an error it throws ends the session and is rethrown.
    /// - Throws: ``TerminalError`` when the input or output is not a terminal that can be drawn on (TERM=dumb)
    ///   or the terminal fails; whatever `render` or `handle` throw.
    public func run(render: (Size) throws -> Frame, handle: (Event) throws -> Action) throws -> Outcome {
        let terminal = try RawTerminal(input: input, output: output)
        defer { terminal.end() }
        var loop = EventLoop(terminal: terminal, options: options)
        return try loop.run(render: render, handle: handle)
    }
}

/// The state of a running session's loop.
private struct EventLoop {
    let terminal: RawTerminal
    let options: Options
    let renderer: Renderer
    let clock = ContinuousClock()
    var decoder = KeyDecoder()
    var size: Size
    /// What the screen shows, or `nil` when the next frame is drawn whole.
    var shown: Frame?
    var deadline: ContinuousClock.Instant
    /// When a partial escape sequence counts as finished, while the decoder waits.
    var escapeDeadline: ContinuousClock.Instant?

    typealias Options = TerminalSession.Options

    init(terminal: RawTerminal, options: Options) {
        self.terminal = terminal
        self.options = options
        renderer = Renderer(colors: options.colors)
        size = terminal.size
        deadline = clock.now + options.interval
    }

    mutating func run(render: (Size) throws -> Frame, handle: (Event) throws -> Action) throws -> Outcome {
        try draw(render)
        while true {
            let events = try nextEvents()
            for event in events {
                switch try handle(event) {
                case .quit: return .quit
                case .repaint: shown = nil
                case .continue: break
                }
                if case .terminate(let signal) = event { return .terminated(signal) }
            }
            try draw(render)
        }
    }

    /// Draws `render(size)`: the cells that changed, or everything after a resize, a suspension or Ctrl-L.
    mutating func draw(_ render: (Size) throws -> Frame) throws {
        let frame = try render(size).fitted(to: size)
        let bytes = renderer.update(from: shown, to: frame)
        shown = frame
        guard !bytes.isEmpty else { return }
        if options.synchronizedOutput {
            try terminal.write(ControlSequence.beginSynchronized + bytes + ControlSequence.endSynchronized)
        } else {
            try terminal.write(bytes)
        }
    }

    /// Waits for the next events: signals first, then keys, then the tick; never returns an empty list.
    mutating func nextEvents() throws -> [Event] {
        while true {
            let now = clock.now
            let wake = min(deadline, escapeDeadline ?? deadline)
            let ready = terminal.wait(milliseconds: Self.milliseconds(until: wake, from: now))
            var events: [Event] = []
            if ready.signals { events += try takeSignals() }
            if ready.input || ready.hangup { events += readKeys() }
            if let escapeDeadline, clock.now >= escapeDeadline, !ready.input {
                events += decoder.flush().map(Event.key)
                self.escapeDeadline = nil
            }
            if clock.now >= deadline {
                events.append(.tick)
                deadline += options.interval
                if deadline <= clock.now { deadline = clock.now + options.interval }  // late: skip, do not burst
            }
            if !events.isEmpty { return events }
        }
    }

    /// The events of the signals relayed since the last wait.
    mutating func takeSignals() throws -> [Event] {
        var events: [Event] = []
        for signal in terminal.takeSignals() {
            switch signal {
            case SIGTSTP:
                try terminal.suspend()
                shown = nil
                events += checkSize()
            case SIGCONT:
                try terminal.enter()  // a stop from outside (SIGSTOP) did not restore; entering twice is harmless
                shown = nil
                events += checkSize()
            case SIGWINCH:
                shown = nil  // a terminal may reflow its screen on a resize: draw everything
                events += checkSize()
            default:
                // SIGTERM, SIGINT, SIGHUP. It stays pending in the handlers: another one ends the process at once.
                events.append(.terminate(signal))
            }
        }
        return events
    }

    /// A resize event when the terminal's size is no longer the one drawn for.
    mutating func checkSize() -> [Event] {
        let now = terminal.size
        guard now != size else { return [] }
        size = now
        return [.resize(now)]
    }

    /// The keys of one read; a terminal that hung up ends the session as SIGHUP does.
    mutating func readKeys() -> [Event] {
        guard let bytes = terminal.readInput() else { return [.terminate(SIGHUP)] }
        let keys = decoder.decode(bytes).map(Event.key)
        escapeDeadline = decoder.isWaiting ? clock.now + options.escapeDelay : nil
        return keys
    }

    /// Milliseconds from `now` to `instant`, rounded up, for `poll`.
    static func milliseconds(until instant: ContinuousClock.Instant, from now: ContinuousClock.Instant) -> Int32 {
        let left = now.duration(to: instant)
        guard left > .zero else { return 0 }
        let (seconds, attoseconds) = left.components
        let milliseconds = seconds * 1000 + (attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000
        return Int32(clamping: milliseconds)
    }
}
