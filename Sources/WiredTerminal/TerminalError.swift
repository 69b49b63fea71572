#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Why a terminal session could not start or go on: the call or check that failed, and the errno.
public struct TerminalError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The system call and its descriptor (`tcgetattr(0)`, `write(1)`), or the check (`TERM`).
    public var call: String
    /// The errno the call set, or 0 for a check that is not a system call.
    public var errno: Int32
    /// What it means, in words.
    public var reason: String

    /// An error of `call` with `errno` and `reason`.
    public init(call: String, errno: Int32 = 0, reason: String) {
        self.call = call
        self.errno = errno
        self.reason = reason
    }

    /// An error of a system call, from the errno it left (read it right after the call).
    static func system(_ call: String, _ errno: Int32) -> TerminalError {
        TerminalError(call: call, errno: errno, reason: String(cString: strerror(errno)))
    }

    /// "tcgetattr(0): not a terminal (errno 25)".
    public var description: String {
        errno == 0 ? "\(call): \(reason)" : "\(call): \(reason) (errno \(errno))"
    }
}
