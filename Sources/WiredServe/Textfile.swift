#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes `wired.prom` for node_exporter's textfile collector: a new file beside it, flushed, then renamed over
/// it, so the collector never reads half a file.
public enum Textfile {
    /// Why the file could not be written: the path and the system's reason.
    public struct Failure: Error, CustomStringConvertible, Sendable {
        public var description: String
    }

    /// Writes `bytes` to `folder/name` atomically; returns the path written.
    @discardableResult
    public static func write(_ bytes: [UInt8], folder: String, name: String = "wired.prom") throws -> String {
        let path = folder.hasSuffix("/") ? folder + name : folder + "/" + name
        // The collector reads only *.prom: the temporary name cannot be picked up half written.
        let temporary = path + ".\(getpid()).tmp"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0o644)
        guard fd >= 0 else { throw Failure(description: "\(temporary): \(reason())") }
        var failure: String?
        var offset = 0
        while failure == nil, offset < bytes.count {
            let written = bytes.withUnsafeBytes { raw in
                systemWrite(fd, raw.baseAddress.map { $0 + offset }, raw.count - offset)
            }
            if written < 0, errno != EINTR { failure = reason() } else if written > 0 { offset += written }
        }
        if failure == nil, fchmod(fd, 0o644) != 0 { failure = reason() }
        if failure == nil, fsync(fd) != 0 { failure = reason() }
        if close(fd) != 0, failure == nil { failure = reason() }
        if failure == nil, rename(temporary, path) != 0 { failure = reason() }
        if let failure {
            unlink(temporary)
            throw Failure(description: "\(path): \(failure)")
        }
        return path
    }

    private static func systemWrite(_ fd: Int32, _ buffer: UnsafeRawPointer?, _ count: Int) -> Int {
        #if canImport(Glibc)
        Glibc.write(fd, buffer, count)
        #else
        Darwin.write(fd, buffer, count)
        #endif
    }

    static func reason() -> String { String(cString: strerror(errno)) }
}
