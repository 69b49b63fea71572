import WiredTestSupport

#if canImport(Glibc)
import Glibc
#endif

/// A tmux server of its own (its own socket, so other tmux users are not touched) running one session.
final class Tmux {
    static let path: String? = {
        let candidates: [String] = ["/usr/bin/tmux", "/usr/local/bin/tmux", "/bin/tmux"]
        return candidates.first { access($0, X_OK) == 0 }
    }()
    let socket = "wired-watch-test-\(getpid())-\(Int.random(in: 0..<1_000_000))"
    let folder: String

    /// Starts `command` (run by /bin/sh) in a detached session of `columns` × `rows`.
    init(_ command: String, columns: Int, rows: Int) throws {
        var template = Array("/tmp/wired-watch-XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else { throw TmuxError("mkdtemp: errno \(errno)") }
        folder = String(cString: made)
        let script = "\(folder)/run.sh"
        try write("cd '\(folder)'\n" + command, to: script)
        _ = try tmux(["new-session", "-d", "-s", "t", "-x", "\(columns)", "-y", "\(rows)", "/bin/sh \(script)"])
    }

    /// Ends the server and what runs in it.
    func close() {
        do { try tmux(["kill-server"]) } catch { print("tmux kill-server: \(error)") }
    }

    /// Runs tmux with `arguments` on this server; its standard output.
    @discardableResult
    func tmux(_ arguments: [String]) throws -> String {
        guard let path = Self.path else { throw TmuxError("tmux is not installed") }
        return try run([path, "-L", socket] + arguments)
    }

    /// The screen as text, one string per line.
    func screen() -> [String] {
        let text: String
        do { text = try tmux(["capture-pane", "-p", "-t", "t"]) } catch { return ["capture-pane: \(error)"] }
        return text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }

    /// Types keys: tmux key names ("Enter", "Down", "F10") or, with `literal`, text.
    func send(_ keys: String..., literal: Bool = false) {
        for key in keys {
            do { try tmux(["send-keys", "-t", "t"] + (literal ? ["-l", key] : [key])) } catch {
                print("send-keys: \(error)")
            }
            usleep(150_000)  // lets the view read each key on its own (an Esc alone is a key after 50 ms)
        }
    }

    /// A tmux format of the pane: "#{alternate_on}", "#{cursor_flag}", "#{pane_pid}".
    func format(_ format: String) -> String {
        do { return try tmux(["display-message", "-p", "-t", "t", format]).trimmingNewline } catch { return "\(error)" }
    }

    /// Waits up to `seconds` for `condition` on the screen; whether it held.
    @discardableResult
    func wait(seconds: Double = 20, _ condition: ([String]) -> Bool) -> Bool {
        let deadline = Double(time(nil)) + seconds
        while Double(time(nil)) <= deadline {
            if condition(screen()) { return true }
            usleep(100_000)
        }
        return condition(screen())
    }

    /// Waits for the file `name` in the session's folder and returns its text.
    func file(_ name: String, seconds: Double = 20) -> String? {
        let deadline = Double(time(nil)) + seconds
        while Double(time(nil)) <= deadline {
            if let text = read("\(folder)/\(name)"), !text.isEmpty { return text.trimmingNewline }
            usleep(100_000)
        }
        return nil
    }
}

struct TmuxError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

extension String {
    var trimmingNewline: String {
        var text = self
        while text.last == "\n" { text.removeLast() }
        return text
    }
}

/// Writes `text` to `path`.
func write(_ text: String, to path: String) throws {
    guard let file = fopen(path, "w") else { throw TmuxError("\(path): errno \(errno)") }
    defer { fclose(file) }
    guard fputs(text, file) >= 0 else { throw TmuxError("\(path): write failed") }
}

/// The text of the file at `path`, or `nil` when it cannot be read.
func read(_ path: String) -> String? {
    guard let file = fopen(path, "r") else { return nil }
    defer { fclose(file) }
    var bytes: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 4096)
    while true {
        let count = fread(&buffer, 1, buffer.count, file)
        if count <= 0 { break }
        bytes += buffer[0..<count]
    }
    return String(decoding: bytes, as: UTF8.self)
}

/// Runs `arguments` (no shell) and returns its standard output; throws when it fails.
///
/// The output goes through a file, not a pipe: `tmux new-session` starts a server that keeps the client's
/// descriptors open, so a pipe would never reach its end.
func run(_ arguments: [String]) throws -> String {
    let output = "/tmp/wired-watch-run-\(getpid())-\(Int.random(in: 0..<1_000_000))"
    defer { unlink(output) }
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    var argv = arguments.map { strdup($0) } + [nil]
    defer { argv.forEach { free($0) } }
    // The test runner's threads block signals; tmux and what it runs must start with none blocked and every
    // signal at its default, or SIGHUP and SIGTERM would never reach them.
    var attributes = posix_spawnattr_t()
    posix_spawnattr_init(&attributes)
    defer { posix_spawnattr_destroy(&attributes) }
    var none = sigset_t()
    sigemptyset(&none)
    var all = sigset_t()
    sigfillset(&all)
    posix_spawnattr_setsigmask(&attributes, &none)
    posix_spawnattr_setsigdefault(&attributes, &all)
    posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
    var pid = pid_t()
    let spawned = posix_spawn(&pid, arguments[0], &actions, &attributes, &argv, environ)
    guard spawned == 0 else { throw TmuxError("\(arguments[0]): posix_spawn \(spawned)") }
    var status: Int32 = 0
    while waitpid(pid, &status, 0) < 0, errno == EINTR {}
    guard status == 0 else { throw TmuxError("\(arguments.joined(separator: " ")): status \(status)") }
    return read(output) ?? ""
}
