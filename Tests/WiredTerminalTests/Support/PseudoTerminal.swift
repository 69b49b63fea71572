import WiredTerminal
import WiredTestSupport

#if canImport(Glibc)
import Glibc

/// The settings of a terminal, comparable: every field of `termios`.
struct TerminalSettings: Equatable, CustomStringConvertible {
    var input: UInt32
    var output: UInt32
    var control: UInt32
    var local: UInt32
    var line: UInt8
    var characters: [UInt8]
    var inputSpeed: UInt32
    var outputSpeed: UInt32

    init(_ settings: termios) {
        var settings = settings
        input = UInt32(settings.c_iflag)
        output = UInt32(settings.c_oflag)
        control = UInt32(settings.c_cflag)
        local = UInt32(settings.c_lflag)
        line = UInt8(settings.c_line)
        characters = withUnsafeBytes(of: &settings.c_cc) { Array($0) }
        inputSpeed = UInt32(cfgetispeed(&settings))
        outputSpeed = UInt32(cfgetospeed(&settings))
    }

    var isRaw: Bool { local & UInt32(ICANON | ECHO) == 0 && input & UInt32(ICRNL | IXON) == 0 }
    var signalsOn: Bool { local & UInt32(ISIG) != 0 }

    var description: String {
        "iflag \(String(input, radix: 8)) oflag \(String(output, radix: 8)) cflag \(String(control, radix: 8)) "
            + "lflag \(String(local, radix: 8)) cc \(characters)"
    }
}

/// A pseudo-terminal with `wired-test-helper --terminal` running on its slave side, as a shell would run it.
///
/// The test side holds the master (it types and reads what is drawn) and keeps the slave open too, to read the
/// slave's settings with `tcgetattr` while and after the helper runs.
final class PseudoTerminal {
    let master: Int32
    let slave: Int32
    private(set) var size: Size
    /// Everything the helper wrote, from the start.
    private(set) var output: [UInt8] = []
    private(set) var helper: pid_t = 0
    private var status: Int32?

    /// Why no pseudo-terminal can be opened here, or `nil` when one can.
    static let unavailableReason: String? = {
        var master: Int32 = -1
        var slave: Int32 = -1
        guard openpty(&master, &slave, nil, nil, nil) == 0 else {
            return "openpty failed: \(String(cString: strerror(errno))); no pseudo-terminal to test the session in"
        }
        close(master)
        close(slave)
        return nil
    }()

    init(rows: Int, columns: Int) throws {
        var master: Int32 = -1
        var slave: Int32 = -1
        guard openpty(&master, &slave, nil, nil, nil) == 0 else {
            throw TerminalError(call: "openpty", errno: errno, reason: String(cString: strerror(errno)))
        }
        _ = fcntl(master, F_SETFD, FD_CLOEXEC)
        _ = fcntl(slave, F_SETFD, FD_CLOEXEC)
        self.master = master
        self.slave = slave
        size = Size(rows: rows, columns: columns)
        resize(rows: rows, columns: columns)
    }

    deinit {
        if status == nil, helper > 0 {
            for pid in sessionPID.map({ [$0, helper] }) ?? [helper] { kill(pid, SIGKILL) }
            var ignored: Int32 = 0
            waitpid(helper, &ignored, 0)
        }
        close(master)
        close(slave)
    }

    /// Starts the helper in `--terminal` mode with `arguments`, its standard input, output and error on the slave.
    func start(_ arguments: [String] = [], term: String = "xterm-256color") throws {
        let path = Fixtures.product("wired-test-helper")
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        for target in [STDIN_FILENO, STDOUT_FILENO, STDERR_FILENO] {
            posix_spawn_file_actions_adddup2(&actions, slave, target)
        }
        let words: [String] = [path, "--terminal"] + arguments
        let variables: [String] = ["TERM=\(term)", "SWIFT_BACKTRACE=enable=no", "PATH=/usr/bin:/bin"]
        let argv = words.map { strdup($0) }
        let environment = variables.map { strdup($0) }
        defer { (argv + environment).forEach { free($0) } }
        // The test runner's threads block signals; the helper must start with none blocked and none ignored.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var none = sigset_t()
        var all = sigset_t()
        sigemptyset(&none)
        sigfillset(&all)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        var pid: pid_t = 0
        let result = posix_spawn(&pid, path, &actions, &attributes, argv + [nil], environment + [nil])
        guard result == 0 else {
            throw TerminalError(call: "posix_spawn(\(path))", errno: result, reason: "cannot start")
        }
        helper = pid
    }

    /// Types `text` (its UTF-8 bytes).
    func type(_ text: String) { send(Array(text.utf8)) }

    /// Sends raw bytes, as a keyboard would.
    func send(_ bytes: [UInt8]) {
        _ = bytes.withUnsafeBytes { write(master, $0.baseAddress, $0.count) }
    }

    /// Changes the window size; the kernel sends SIGWINCH to the terminal's foreground group.
    func resize(rows: Int, columns: Int) {
        var window = winsize(ws_row: UInt16(rows), ws_col: UInt16(columns), ws_xpixel: 0, ws_ypixel: 0)
        _ = ioctl(master, UInt(TIOCSWINSZ), &window)
        size = Size(rows: rows, columns: columns)
    }

    /// The slave's settings now.
    func settings() -> TerminalSettings {
        var settings = termios()
        _ = tcgetattr(slave, &settings)
        return TerminalSettings(settings)
    }

    /// The screen a terminal of the current size shows after everything written so far.
    var screen: ScreenEmulator {
        var screen = ScreenEmulator(size: size)
        screen.apply(output)
        return screen
    }

    /// The pid of the process running the session, read from the first line of its screen.
    var sessionPID: pid_t? {
        let marker = Array("terminal pid ".utf8)
        guard let start = offset(of: marker, in: output) else { return nil }
        let digits = output[(start + marker.count)...].prefix { (0x30...0x39).contains($0) }
        return pid_t(String(decoding: digits, as: UTF8.self))
    }

    /// Reads what the helper writes until `condition` holds or `seconds` pass; true when it held.
    @discardableResult
    func waitUntil(seconds: Double = 20, _ condition: (PseudoTerminal) -> Bool) -> Bool {
        let clock = ContinuousClock()
        let end = clock.now + .milliseconds(Int(seconds * 1000))
        while clock.now < end {
            if condition(self) { return true }
            pump(milliseconds: 20)
        }
        return condition(self)
    }

    /// Reads whatever the helper wrote within `milliseconds`.
    func pump(milliseconds: Int32) {
        var descriptor = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
        guard poll(&descriptor, 1, milliseconds) > 0, descriptor.revents & Int16(POLLIN) != 0 else { return }
        var buffer = [UInt8](repeating: 0, count: 65536)
        let count = buffer.withUnsafeMutableBytes { read(master, $0.baseAddress, $0.count) }
        if count > 0 { output += buffer[0..<count] }
    }

    /// Waits for the helper to end, reading its output meanwhile; its wait status, or `nil` after `seconds`.
    func waitForExit(seconds: Double = 20) -> Int32? {
        let ended = waitUntil(seconds: seconds) { terminal in
            var status: Int32 = 0
            guard waitpid(terminal.helper, &status, WNOHANG) == terminal.helper else { return false }
            terminal.status = status
            return true
        }
        pump(milliseconds: 50)
        return ended ? status : nil
    }

    /// The state letter of process `pid` in /proc (R, S, T for stopped…), or `nil` when it is gone.
    static func state(of pid: pid_t) -> Character? {
        let fd = open("/proc/\(pid)/stat", O_RDONLY)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: 512)
        let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        guard count > 0 else { return nil }
        let text = String(decoding: buffer[0..<count], as: UTF8.self)
        guard let close = text.lastIndex(of: ")") else { return nil }
        return text[text.index(after: close)...].first { $0 != " " }
    }
}

/// How a wait status ended: "exit N" or "signal N".
func describe(_ status: Int32?) -> String {
    guard let status else { return "still running" }
    let signal = status & 0x7F
    return signal == 0 ? "exit \((status >> 8) & 0xFF)" : "signal \(signal)"
}

/// Where `needle` first occurs in `bytes`, from `start`.
func offset(of needle: [UInt8], in bytes: [UInt8], from start: Int = 0) -> Int? {
    guard !needle.isEmpty, bytes.count >= needle.count, start <= bytes.count - needle.count else { return nil }
    for index in start...(bytes.count - needle.count) where bytes[index] == needle[0] {
        if bytes[index..<(index + needle.count)].elementsEqual(needle) { return index }
    }
    return nil
}

/// Where `needle` last occurs in `bytes`.
func lastOffset(of needle: [UInt8], in bytes: [UInt8]) -> Int? {
    var found: Int?
    var start = 0
    while let index = offset(of: needle, in: bytes, from: start) {
        found = index
        start = index + 1
    }
    return found
}
#endif
