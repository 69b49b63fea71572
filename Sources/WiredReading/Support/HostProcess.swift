#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Questions about this process the commands ask before they act.
public enum HostProcess {
    /// True when running as root (effective uid 0).
    public static var isRoot: Bool { geteuid() == 0 }

    /// True when standard input and standard error are both terminals (a question can be asked and answered).
    public static var canAsk: Bool { isatty(STDIN_FILENO) == 1 && isatty(STDERR_FILENO) == 1 }
}
