#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Drops the kernel's clean caches (`/proc/sys/vm/drop_caches`) and compacts memory
/// (`/proc/sys/vm/compact_memory`); root only.
///
/// `docs/linux.md` §11.
public enum CachePurge {
    /// Why a write failed, in words that name the file.
    public struct Failure: Error, CustomStringConvertible, Sendable {
        public var message: String
        public var description: String { message }
    }

    /// Writes dirty pages out (`sync`), then `level` to `drop_caches`: 1 clean page cache, 2 reclaimable
    /// slab (dentries, inodes), 3 both.
    public static func dropCaches(level: Int) throws {
        precondition((1...3).contains(level), "drop_caches level is 1, 2 or 3")
        sync()
        try write("\(level)\n", to: "/proc/sys/vm/drop_caches")
    }

    /// Asks the kernel to compact all zones (`compact_memory`): it frees nothing, it makes free memory
    /// contiguous (for hugepages).
    public static func compact() throws {
        try write("1\n", to: "/proc/sys/vm/compact_memory")
    }

    static func write(_ text: String, to path: String) throws {
        let fd = open(path, O_WRONLY | O_CLOEXEC)
        guard fd >= 0 else { throw failure(path, errno) }
        defer { close(fd) }
        let bytes = Array(text.utf8)
        let written = bytes.withUnsafeBytes { systemWrite(fd, $0.baseAddress, $0.count) }
        guard written == bytes.count else { throw failure(path, errno) }
    }

    static func failure(_ path: String, _ code: Int32) -> Failure {
        switch code {
        case EROFS:
            return Failure(
                message:
                    "\(path): read-only file system (/proc/sys is mounted read-only, as in most containers): nothing was dropped"
            )
        case EACCES, EPERM:
            return Failure(message: "\(path): permission denied (root is needed): nothing was dropped")
        case ENOENT:
            return Failure(message: "\(path): not present in this kernel: nothing was done")
        default:
            return Failure(message: "\(path): \(String(cString: strerror(code))): nothing was dropped")
        }
    }
}

/// `write(2)`, named apart from the Swift functions called write.
@inline(__always)
func systemWrite(_ fd: Int32, _ buffer: UnsafeRawPointer?, _ count: Int) -> Int {
    write(fd, buffer, count)
}
