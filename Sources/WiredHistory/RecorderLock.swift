#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The one-writer rule: a recorder holds an exclusive `flock(2)` on `PATH.lock` while it runs.
///
/// The kernel drops the lock when the process ends, however it ends (kill -9 included), so a lock is never
/// left stale; the file stays, holding the pid of the last recorder.
public final class RecorderLock: Sendable {
    private let descriptor: Int32

    private init(descriptor: Int32) { self.descriptor = descriptor }

    deinit { close(descriptor) }

    /// Takes the lock for the store at `path`, or throws naming the recorder that holds it.
    public static func acquire(for path: String) throws -> RecorderLock {
        let lockPath = path + ".lock"
        try FileFacts.makeParents(of: lockPath)
        let fd = open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw HistoryError("\(lockPath): \(String(cString: strerror(errno)))") }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            let reason = errno
            var buffer = [UInt8](repeating: 0, count: 32)
            let got = pread(fd, &buffer, buffer.count, 0)
            close(fd)
            guard reason == EWOULDBLOCK else {
                throw HistoryError("\(lockPath): \(String(cString: strerror(reason)))")
            }
            let pid = String(decoding: buffer.prefix(max(0, got)), as: UTF8.self).filter(\.isNumber)
            throw HistoryError(
                "another wired record\(pid.isEmpty ? "" : " (pid \(pid))") is already writing \(path); "
                    + "one store has one recorder: stop that one, or give this one another --db"
            )
        }
        let text = Array("\(getpid())\n".utf8)
        _ = ftruncate(fd, 0)
        _ = pwrite(fd, text, text.count, 0)
        return RecorderLock(descriptor: fd)
    }
}
