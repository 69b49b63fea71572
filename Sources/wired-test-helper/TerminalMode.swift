// wired-test-helper --terminal [--interval-ms N] [--no-color]
//
// Runs a WiredTerminal session on its standard input and output (a pseudo-terminal in the tests) the way a shell
// runs a job: the helper makes the terminal its controlling terminal in a session of its own, then runs the
// session in a child in a process group of its own, in the foreground, so that Ctrl-C, Ctrl-Z and SIGWINCH
// from the terminal reach the child, and Ctrl-Z really stops it (a stop is ignored in an orphaned group). The
// helper waits for the child and ends as it ended. Core dumps are off, for the crash keys.
//
// The screen shows the child's pid, the terminal size, the last key, a tick count, coloured and wide text and
// a name holding an escape sequence (drawn escaped). Keys: q quits, Ctrl-L repaints, e throws an error from the
// handler, ! crashes (fatalError), s writes "stuck" on line 10 and then stays in the handler for 5 s whatever
// signals come (a view stuck in a slow read). After the session the child prints "outcome quit", "outcome terminated N"
// (and dies of signal N) or "error …" (exit 1).
//
// wired-test-helper --render-bench ROWSxCOLUMNS [FRAMES]
//
// Measures the renderer: FRAMES updates (default 2000) of a screen of that size where 5% of the cells change
// each time, and prints the mean bytes and the thread's CPU microseconds per update, and the CPU cost of
// building such a frame from text.
import WiredTerminal

#if canImport(Glibc)
import Glibc
#endif

/// Runs the `--terminal` mode and exits.
func runTerminalMode(_ arguments: [String]) -> Never {
    var intervalMS = 100
    var colors = true
    var index = 0
    while index < arguments.count {
        switch arguments[index] {
        case "--interval-ms" where index + 1 < arguments.count:
            index += 1
            guard let value = Int(arguments[index]), value > 0 else { fail("--interval-ms needs a number") }
            intervalMS = value
        case "--no-color": colors = false
        default: fail("unknown argument \(arguments[index])")
        }
        index += 1
    }
    var noCore = rlimit(rlim_cur: 0, rlim_max: 0)
    _ = setrlimit(__rlimit_resource_t(RLIMIT_CORE.rawValue), &noCore)
    guard isatty(STDIN_FILENO) == 1 else { exit(runDemoSession(intervalMS: intervalMS, colors: colors)) }
    _ = setsid()
    _ = ioctl(STDIN_FILENO, UInt(TIOCSCTTY), 0)
    let child = fork()
    guard child == 0 else { mirrorChild(child) }
    _ = setpgid(0, 0)
    signal(SIGTTOU, SIG_IGN)  // tcsetpgrp from a background group would stop the caller
    _ = tcsetpgrp(STDIN_FILENO, getpid())
    signal(SIGTTOU, SIG_DFL)
    exit(runDemoSession(intervalMS: intervalMS, colors: colors))
}

/// Waits for `child` and ends the same way: the same exit status, or dying of the same signal.
func mirrorChild(_ child: pid_t) -> Never {
    var status: Int32 = 0
    while waitpid(child, &status, 0) < 0 {
        guard errno == EINTR else { exit(3) }
    }
    let signalNumber = status & 0x7F
    guard signalNumber != 0 else { exit((status >> 8) & 0xFF) }
    signal(signalNumber, SIG_DFL)
    _ = kill(getpid(), signalNumber)
    exit(128 + signalNumber)
}

/// What a key did to the demo screen.
struct DemoError: Error, CustomStringConvertible {
    var description: String { "the handler threw on key e" }
}

/// Runs the demo session; returns the exit status, or dies of the signal that ended the session.
func runDemoSession(intervalMS: Int, colors: Bool) -> Int32 {
    var lastKey = "none"
    var ticks = 0
    var resizes = 0
    let session = TerminalSession(options: .init(interval: .milliseconds(intervalMS), colors: colors))
    let outcome: Outcome
    do {
        outcome = try session.run(
            render: { size in demoFrame(size, lastKey: lastKey, ticks: ticks, resizes: resizes) },
            handle: { event in
                switch event {
                case .key(.character("q")): return .quit
                case .key(.character("e")): throw DemoError()
                case .key(.character("!")): fatalError("crash key")
                case .key(.character("s")): beStuck(seconds: 5)
                case .key(.ctrl("l")):
                    lastKey = "ctrl(l)"
                    return .repaint
                case .key(let key): lastKey = "\(key)"
                case .tick: ticks += 1
                case .resize: resizes += 1
                case .terminate: break
                }
                return .continue
            }
        )
    } catch {
        printLine("error \(error)")
        return 1
    }
    switch outcome {
    case .quit:
        printLine("outcome quit")
        return 0
    case .terminated(let signalNumber):
        printLine("outcome terminated \(signalNumber)")
        signal(signalNumber, SIG_DFL)
        _ = kill(getpid(), signalNumber)
        return 128 + signalNumber
    }
}

/// The demo screen.
func demoFrame(_ size: Size, lastKey: String, ticks: Int, resizes: Int) -> Frame {
    var frame = Frame(size: size)
    frame.fill(row: 0, style: CellStyle(reverse: true))
    frame.put(
        "wired-test-helper terminal pid \(getpid())",
        row: 0,
        column: 0,
        style: CellStyle(bold: true, reverse: true)
    )
    frame.put("size \(size)", row: 1, column: 0)
    frame.put("key \(lastKey)", row: 2, column: 0)
    frame.put("ticks \(ticks) resizes \(resizes)", row: 3, column: 0, style: CellStyle(dim: true))
    var column = frame.put("free", row: 4, column: 0, style: CellStyle(foreground: .green))
    column = frame.put(" wired", row: 4, column: column, style: CellStyle(bold: true, foreground: .red))
    frame.put(" 幅広い文字", row: 4, column: column)
    frame.put("name \u{1B}]0;pwned\u{07}", row: 5, column: 0)
    frame.put("bottom right", row: size.rows - 1, column: max(0, size.columns - 12))
    return frame
}

/// Sleeps `seconds` in the handler, going back to sleep after every signal.
func beStuck(seconds: Int) {
    printLine("\u{1B}[10Hstuck")
    let clock = ContinuousClock()
    let end = clock.now + .seconds(seconds)
    while clock.now < end { usleep(50_000) }
}

func printLine(_ text: String) {
    let bytes = Array((text + "\n").utf8)
    _ = bytes.withUnsafeBytes { write(STDOUT_FILENO, $0.baseAddress, $0.count) }
}
