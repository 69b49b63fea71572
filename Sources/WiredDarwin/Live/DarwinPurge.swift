#if canImport(Darwin)
import Darwin

/// Runs macOS's `purge` (it drops the disk cache only).
///
/// Not yet tested on a Mac (README).
public enum DarwinPurge {
    /// A failure to run or complete `purge`.
    public struct Failure: Error, CustomStringConvertible, Sendable {
        public var message: String
        public var description: String { message }
    }

    /// Runs `/usr/sbin/purge` and waits for it.
    public static func run() throws {
        let path = "/usr/sbin/purge"
        guard access(path, X_OK) == 0 else { throw Failure(message: "\(path) is not present: nothing was dropped") }
        var pid = pid_t()
        let arguments: [UnsafeMutablePointer<CChar>?] = [strdup(path), nil]
        defer { for argument in arguments { free(argument) } }
        let spawned = posix_spawn(&pid, path, nil, nil, arguments, environ)
        guard spawned == 0 else { throw Failure(message: "\(path): \(String(cString: strerror(spawned)))") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        guard status == 0 else { throw Failure(message: "\(path) exited with status \(status)") }
    }
}
#endif
