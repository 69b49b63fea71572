#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where the store is by default, and which boot the machine is in.
public enum HistoryPlace {
    /// /var/lib/wired/history.db as root; `$XDG_STATE_HOME/wired/history.db` otherwise (`~/.local/state` when
    /// XDG_STATE_HOME is unset).
    public static func defaultPath(isRoot: Bool, environment: [String: String]) -> String {
        if isRoot { return "/var/lib/wired/history.db" }
        if let state = environment["XDG_STATE_HOME"], state.hasPrefix("/") { return state + "/wired/history.db" }
        return (environment["HOME"] ?? ".") + "/.local/state/wired/history.db"
    }

    /// The default for this process's user and environment.
    public static var defaultPath: String { defaultPath(isRoot: geteuid() == 0, environment: environment) }

    /// The environment as a dictionary.
    public static var environment: [String: String] {
        var out: [String: String] = [:]
        var entry = environ
        while let pointer = entry.pointee {
            let text = String(cString: pointer)
            if let equals = text.firstIndex(of: "=") {
                out[String(text[..<equals])] = String(text[text.index(after: equals)...])
            }
            entry += 1
        }
        return out
    }

    /// This boot's id (`/proc/sys/kernel/random/boot_id`), `nil` where there is none.
    public static func runningBootID() -> String? {
        let fd = open("/proc/sys/kernel/random/boot_id", O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: 64)
        let got = read(fd, &buffer, buffer.count)
        guard got > 0 else { return nil }
        return String(decoding: buffer[0..<got], as: UTF8.self).filter { $0 != "\n" }
    }
}

extension HistoryStore {
    /// The moment `spec` names: the sample nearest a time, the first of this boot, or the latest for `now`.
    public func moment(_ spec: TimeSpec) throws -> Moment? {
        switch spec {
        case .time(let time): return try nearest(to: time)
        case .boot: return try firstOfBoot(HistoryPlace.runningBootID())
        case .now: return try summary().last
        }
    }
}
