#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// systemd's notification protocol (sd_notify(3)), written here without libsystemd.
///
/// One datagram of `KEY=VALUE` lines to the unix socket named by `$NOTIFY_SOCKET` (a path, or `@name` in the
/// abstract namespace).
public enum SystemdNotify {
    /// The socket path from the environment, `nil` when not started by systemd with Type=notify.
    public static var socketPath: String? {
        guard let value = getenv("NOTIFY_SOCKET") else { return nil }
        let path = String(cString: value)
        return path.isEmpty ? nil : path
    }

    /// The watchdog interval systemd asks for (`$WATCHDOG_USEC`), when it applies to this process.
    public static var watchdogInterval: Duration? {
        guard let value = getenv("WATCHDOG_USEC"), let usec = Int64(String(cString: value)), usec > 0 else {
            return nil
        }
        if let pid = getenv("WATCHDOG_PID").flatMap({ Int32(String(cString: $0)) }), pid != getpid() { return nil }
        return .microseconds(usec)
    }

    /// Sends `state` ("READY=1", "WATCHDOG=1", "STOPPING=1", "STATUS=…") to `path`; returns the errno on
    /// failure, 0 on success.
    @discardableResult
    public static func send(_ state: String, to path: String? = socketPath) -> Int32 {
        guard let path else { return 0 }
        #if os(Linux)
        let fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        #else
        let fd = socket(AF_UNIX, SOCK_DGRAM, 0)
        #endif
        guard fd >= 0 else { return errno }
        defer { close(fd) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        var bytes = Array(path.utf8)
        if bytes.first == UInt8(ascii: "@") { bytes[0] = 0 }  // abstract namespace
        let capacity = MemoryLayout.size(ofValue: address.sun_path)
        guard bytes.count < capacity else { return ENAMETOOLONG }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (index, byte) in bytes.enumerated() { raw[index] = byte }
        }
        let length = socklen_t(MemoryLayout<sockaddr_un>.offset(of: \.sun_path) ?? 2) + socklen_t(bytes.count)
        let message = Array(state.utf8)
        let sent = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { socketAddress in
                message.withUnsafeBytes { sendto(fd, $0.baseAddress, $0.count, 0, socketAddress, length) }
            }
        }
        return sent == message.count ? 0 : errno
    }
}
