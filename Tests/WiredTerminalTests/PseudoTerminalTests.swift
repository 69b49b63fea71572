import Testing
import WiredTerminal

#if canImport(Glibc)
import Glibc

/// What the session writes on its way out, in this order (docs/terminal.md).
private let restoreSequence = Array("\u{1B}[?2026l\u{1B}[0m\u{1B}[?7h\u{1B}[?25h\u{1B}[?1049l".utf8)
private let frameStart = Array("\u{1B}[?2026h".utf8)

/// The ways a session can end, and how the helper must then have ended.
enum Ending: String, CaseIterable, CustomTestStringConvertible, Sendable {
    case quitKey, sigterm, sigint, ctrlC, sighup, thrownError, crash, ctrlBackslash

    var testDescription: String { rawValue }

    /// Ends the session running in `terminal`.
    func act(on terminal: PseudoTerminal, session: pid_t) {
        switch self {
        case .quitKey: terminal.type("q")
        case .sigterm: kill(session, SIGTERM)
        case .sigint: kill(session, SIGINT)
        case .ctrlC: terminal.send([0x03])  // the terminal turns it into SIGINT: ISIG is kept on
        case .sighup: kill(session, SIGHUP)
        case .thrownError: terminal.type("e")
        case .crash: terminal.type("!")
        case .ctrlBackslash: terminal.send([0x1C])  // SIGQUIT from the terminal
        }
    }

    /// The helper's end: "exit N" or "signal N"; a crash traps (SIGILL on x86, SIGTRAP on ARM) or aborts.
    var statuses: [String] {
        switch self {
        case .quitKey: ["exit 0"]
        case .sigterm: ["signal 15"]
        case .sigint, .ctrlC: ["signal 2"]
        case .sighup: ["signal 1"]
        case .thrownError: ["exit 1"]
        case .crash: ["signal 4", "signal 5", "signal 6"]
        case .ctrlBackslash: ["signal 3"]
        }
    }

    /// The line the helper prints after the session, on the restored terminal.
    var lastLine: String? {
        switch self {
        case .quitKey: "outcome quit"
        case .sigterm: "outcome terminated 15"
        case .sigint, .ctrlC: "outcome terminated 2"
        case .sighup: "outcome terminated 1"
        case .thrownError: "error the handler threw on key e"
        case .crash, .ctrlBackslash: nil
        }
    }
}

@Suite(
    "Terminal session in a pseudo-terminal",
    .serialized,
    .enabled(if: PseudoTerminal.unavailableReason == nil, "\(PseudoTerminal.unavailableReason ?? "")")
)
struct PseudoTerminalTests {
    /// A pseudo-terminal with the helper started and its first frame drawn, and the settings from before.
    private func started(
        _ arguments: [String] = [],
        rows: Int = 24,
        columns: Int = 80
    ) throws -> (PseudoTerminal, TerminalSettings, pid_t) {
        let terminal = try PseudoTerminal(rows: rows, columns: columns)
        let before = terminal.settings()
        try terminal.start(arguments)
        let drawn = terminal.waitUntil { $0.screen.line(1).hasPrefix("size \(rows)x\(columns)") }
        try #require(drawn, "no first frame: \(terminal.screen.lines)")
        let session = try #require(terminal.sessionPID)
        return (terminal, before, session)
    }

    /// Checks that the terminal is back as it was: the same settings, the restore sequence after the last frame,
    /// and a screen with the main buffer, the cursor shown, autowrap on and no frame pending.
    private func expectRestored(_ terminal: PseudoTerminal, as before: TerminalSettings) {
        #expect(terminal.settings() == before)
        let restored = lastOffset(of: restoreSequence, in: terminal.output)
        #expect(restored != nil, "no restore sequence")
        if let restored, let lastFrame = lastOffset(of: frameStart, in: terminal.output) {
            #expect(restored > lastFrame, "the restore sequence is not after the last frame")
        }
        let screen = terminal.screen
        #expect(!screen.alternateScreen)
        #expect(screen.cursorVisible)
        #expect(screen.autowrap)
        #expect(!screen.synchronized)
        #expect(screen.pen == .plain)
    }

    @Test("draws, reads keys split or whole, follows resizes, repaints on Ctrl-L and restores the terminal on q")
    func drawsAndQuits() throws {
        let (terminal, before, _) = try started()
        #expect(!before.isRaw)
        let during = terminal.settings()
        #expect(during.isRaw, "\(during)")
        #expect(during.signalsOn, "ISIG is kept on")
        expectFirstFrame(terminal)
        for (keys, shown) in [
            ("x", "character(\"x\")"), ("\u{1B}[A", "up"), ("\u{1B}OB", "down"), ("\u{1B}[21~", "function(10)"),
            ("\u{1B}[[A", "function(1)"), ("中", "character(\"中\")"), ("\u{1B}[Z", "backTab"), ("\u{1B}", "escape"),
            ("\u{1B}[99~y", "character(\"y\")"),
        ] {
            terminal.type(keys)
            #expect(terminal.waitUntil { $0.screen.line(2).hasPrefix("key \(shown) ") }, "\(terminal.screen.line(2))")
        }
        terminal.send([0x1B, UInt8(ascii: "["), UInt8(ascii: "2")])
        terminal.pump(milliseconds: 10)
        terminal.type("4~")
        #expect(terminal.waitUntil { $0.screen.line(2).hasPrefix("key function(12) ") })

        terminal.resize(rows: 30, columns: 100)
        #expect(terminal.waitUntil { $0.screen.line(1).hasPrefix("size 30x100") })
        #expect(terminal.waitUntil { $0.screen.line(29).hasSuffix("bottom right") })
        #expect(terminal.screen.line(3).contains("resizes 1"))
        terminal.resize(rows: 24, columns: 80)
        #expect(
            terminal.waitUntil {
                $0.screen.line(1).hasPrefix("size 24x80") && $0.screen.line(23).hasSuffix("bottom right")
            }
        )

        let clears = count(of: Array("\u{1B}[2J".utf8), in: terminal.output)
        terminal.send([0x0C])
        #expect(terminal.waitUntil { count(of: Array("\u{1B}[2J".utf8), in: $0.output) == clears + 1 })
        #expect(terminal.waitUntil { $0.screen.line(2).hasPrefix("key ctrl(l) ") })

        terminal.type("q")
        #expect(describe(terminal.waitForExit()) == "exit 0")
        expectRestored(terminal, as: before)
        #expect(terminal.screen.line(0).hasPrefix("outcome quit"))
        #expect(
            offset(of: [0x1B, UInt8(ascii: "]")], in: terminal.output) == nil,
            "a foreign OSC reached the terminal"
        )
        #expect(terminal.screen.unknown.isEmpty, "\(terminal.screen.unknown)")
    }

    /// The first frame: the alternate screen, cursor hidden, autowrap off, and the demo's rows drawn as styled.
    private func expectFirstFrame(_ terminal: PseudoTerminal) {
        let screen = terminal.screen
        #expect(screen.alternateScreen)
        #expect(!screen.cursorVisible)
        #expect(!screen.autowrap)
        #expect(screen.line(0).hasPrefix("wired-test-helper terminal pid "))
        #expect(screen.cells[0].allSatisfy { $0.style.reverse })
        #expect(screen.line(4).hasPrefix("free wired 幅広い文字 "))
        #expect(screen.cells[4][0].style == CellStyle(foreground: .green))
        #expect(screen.cells[4][5].style == CellStyle(bold: true, foreground: .red))
        #expect(screen.cells[4][11].width == 2)
        #expect(screen.line(5).hasPrefix("name \\x1b]0;pwned\\x07 "))
        #expect(screen.line(23).hasSuffix("bottom right"))
    }

    @Test("the terminal is restored however the session ends", arguments: Ending.allCases)
    func restoresOnEveryEnding(_ ending: Ending) throws {
        let (terminal, before, session) = try started()
        ending.act(on: terminal, session: session)
        let status = describe(terminal.waitForExit())
        #expect(ending.statuses.contains(status), "\(status)")
        expectRestored(terminal, as: before)
        if let line = ending.lastLine {
            #expect(terminal.screen.lines.contains { $0.hasPrefix(line) }, "\(terminal.screen.lines.prefix(3))")
        }
    }

    @Test("a second signal while the view is stuck restores the terminal from the handler and ends the process")
    func stuckView() throws {
        let (terminal, before, session) = try started()
        terminal.type("s")
        #expect(terminal.waitUntil { $0.screen.line(9).hasPrefix("stuck") })
        kill(session, SIGTERM)
        terminal.pump(milliseconds: 200)
        kill(session, SIGINT)
        // The helper stays in its handler for 5 s; ending before that is what the handler's restore allows.
        let status = describe(terminal.waitForExit(seconds: 4))
        #expect(status == "signal 2")
        expectRestored(terminal, as: before)
        #expect(offset(of: Array("outcome".utf8), in: terminal.output) == nil)
    }

    @Test("Ctrl-Z restores the terminal and stops the view; SIGCONT enters raw mode again and redraws")
    func suspendAndResume() throws {
        let (terminal, before, session) = try started()
        terminal.send([0x1A])
        #expect(terminal.waitUntil { _ in PseudoTerminal.state(of: session) == "T" }, "not stopped")
        terminal.pump(milliseconds: 50)
        expectRestored(terminal, as: before)
        let suspendedAt = terminal.output.count
        kill(session, SIGCONT)
        #expect(terminal.waitUntil { $0.settings().isRaw && $0.screen.alternateScreen })
        #expect(
            terminal.waitUntil {
                $0.screen.line(1).hasPrefix("size 24x80") && $0.screen.line(23).hasSuffix("bottom right")
            }
        )
        #expect(offset(of: Array("\u{1B}[2J".utf8), in: terminal.output, from: suspendedAt) != nil, "no repaint")
        terminal.type("q")
        #expect(describe(terminal.waitForExit()) == "exit 0")
        expectRestored(terminal, as: before)
    }

    @Test("with colour off the screen has no colour, and keeps bold and reverse")
    func colourOff() throws {
        let (terminal, before, _) = try started(["--no-color"])
        let screen = terminal.screen
        #expect(screen.cells[0].allSatisfy { $0.style.reverse })
        #expect(screen.cells[4][0].style == .plain)
        #expect(screen.cells[4][5].style == CellStyle(bold: true))
        #expect(
            screen.cells.allSatisfy { row in row.allSatisfy { $0.style.foreground == nil && $0.style.background == nil }
            }
        )
        terminal.type("q")
        #expect(describe(terminal.waitForExit()) == "exit 0")
        expectRestored(terminal, as: before)
    }

    @Test("TERM=dumb is refused before anything is written or changed")
    func dumbTerminal() throws {
        let terminal = try PseudoTerminal(rows: 24, columns: 80)
        let before = terminal.settings()
        try terminal.start(term: "dumb")
        #expect(describe(terminal.waitForExit()) == "exit 1")
        #expect(terminal.settings() == before)
        let text = String(decoding: terminal.output, as: UTF8.self)
        #expect(text.hasPrefix("error TERM: TERM=dumb has no cursor addressing"), "\(text)")
        #expect(!terminal.output.contains(0x1B))
    }
}

/// How many times `needle` occurs in `bytes`.
private func count(of needle: [UInt8], in bytes: [UInt8]) -> Int {
    var count = 0
    var start = 0
    while let index = offset(of: needle, in: bytes, from: start) {
        count += 1
        start = index + needle.count
    }
    return count
}

@Suite("Terminal session without a terminal")
struct SessionRefusalTests {
    @Test("a session on a pipe is refused with the call that found it is not a terminal")
    func notATerminal() throws {
        var fds: [Int32] = [-1, -1]
        try #require(pipe(&fds) == 0)
        defer { fds.forEach { close($0) } }
        let session = TerminalSession(input: fds[0], output: fds[1])
        #expect(throws: TerminalError(call: "isatty(\(fds[0]))", errno: ENOTTY, reason: "the input is not a terminal"))
        {
            try session.run(render: { Frame(size: $0) }, handle: { _ in .quit })
        }
    }
}
#endif
