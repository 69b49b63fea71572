import CLinuxSyscalls

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#else
#error("Unsupported platform")
#endif

/// An errno value with a readable description.
///
/// Written by hand rather than taken from swift-system because the reader needs `openat(2)` relative to
/// a held directory descriptor (swift-system 1.8 has no `openat`), and these twenty lines are all it uses.
public struct Errno: Error, Sendable, Hashable, CustomStringConvertible {
    /// The raw errno code.
    public var code: Int32

    /// Wraps a raw code.
    public init(_ code: Int32) {
        self.code = code
    }

    /// The calling thread's current errno.
    static var current: Errno { Errno(errno) }

    public var description: String {
        guard let text = strerror(code) else { return "errno \(code)" }
        return String(cString: text)
    }

    /// ENOENT.
    public static let noSuchFile = Errno(ENOENT)
    /// ESRCH: the process is gone.
    public static let noSuchProcess = Errno(ESRCH)
    /// EACCES.
    public static let permissionDenied = Errno(EACCES)
    /// EPERM.
    public static let notPermitted = Errno(EPERM)
    /// EAGAIN.
    public static let wouldBlock = Errno(EAGAIN)
    /// EROFS.
    public static let readOnlyFileSystem = Errno(EROFS)
}

/// Reads whole pseudo-files into a reused buffer.
///
/// One per thread. `/proc` and `/sys` report sizes of 0 or 4096 and `seq_file` returns short reads, so
/// this loops `read(2)` until EOF instead of trusting `stat` or stopping at a short read (Foundation
/// truncates such files: `reliability.md` finding 1). Each file is capped at ``limit`` bytes.
public struct FileReader {
    /// Largest file read; larger files are an error rather than a silent truncation.
    public var limit: Int
    private var buffer: [UInt8]

    /// Creates a reader whose buffer starts at `initialCapacity` bytes and grows as files need.
    public init(limit: Int = 16 << 20, initialCapacity: Int = 64 << 10) {
        self.limit = limit
        self.buffer = [UInt8](repeating: 0, count: max(256, initialCapacity))
    }

    /// Reads the file at `path` (relative to `directory`, or absolute) and passes its bytes to `body`.
    ///
    /// The bytes are valid only inside `body`. Throws ``ProcError`` naming `displayPath`.
    public mutating func withContents<T>(
        of path: String,
        relativeTo directory: Int32? = nil,
        displayPath: @autoclosure () -> String,
        _ body: (UnsafeRawBufferPointer) throws -> T
    ) throws -> T {
        let fd = openat(directory ?? AT_FDCWD, path, O_RDONLY | O_CLOEXEC)
        if fd < 0 {
            throw ProcError(operation: .open, path: displayPath(), errno: .current)
        }
        defer { close(fd) }
        var count = 0
        while true {
            if count == buffer.count {
                if buffer.count >= limit {
                    throw ProcError(
                        operation: .read,
                        path: displayPath(),
                        errno: nil,
                        detail: "larger than the \(limit >> 20) MiB limit"
                    )
                }
                buffer.append(contentsOf: repeatElement(0, count: min(buffer.count, limit - buffer.count)))
            }
            let got = buffer.withUnsafeMutableBytes { raw in
                read(fd, raw.baseAddress.map { $0 + count }, raw.count - count)
            }
            if got < 0 {
                let error = Errno.current
                if error.code == EINTR { continue }
                throw ProcError(operation: .read, path: displayPath(), errno: error)
            }
            if got == 0 { break }
            count += got
        }
        let total = count
        return try buffer.withUnsafeBytes { raw in
            try body(UnsafeRawBufferPointer(rebasing: raw[0..<total]))
        }
    }

    /// Reads the file at `path` into a new array.
    public mutating func bytes(
        of path: String,
        relativeTo directory: Int32? = nil,
        displayPath: @autoclosure () -> String
    ) throws -> [UInt8] {
        try withContents(of: path, relativeTo: directory, displayPath: displayPath()) { Array($0) }
    }
}

/// Lists directories open as descriptors with getdents64 into one reused buffer, without copying names
/// into strings: a process scan lists thousands of `/proc/PID/fd` directories and wants a few links of
/// each. (`fdopendir` would add an fstat, an fcntl and a 32 KiB allocation per directory.)
///
/// One per thread. Usage: `start(fd)`, then `next()` until `nil`; the descriptor is closed at the end.
final class DirectoryLister {
    private let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 8192, alignment: 8)
    private var fd: Int32 = -1
    private var position = 0
    private var end = 0

    deinit {
        if fd >= 0 { close(fd) }
        buffer.deallocate()
    }

    /// Starts listing `fd` (closing any listing not finished).
    func start(_ fd: Int32) {
        if self.fd >= 0 { close(self.fd) }
        self.fd = fd
        position = 0
        end = 0
    }

    /// The next name ("." and ".." skipped), valid until the next call; `nil` at the end or on an error.
    func next() -> UnsafePointer<CChar>? {
        guard fd >= 0, let base = buffer.baseAddress else { return nil }
        while true {
            if position >= end {
                let got = wired_getdents64(fd, base, buffer.count)
                guard got > 0 else {
                    close(fd)
                    fd = -1
                    return nil
                }
                position = 0
                end = got
            }
            // struct linux_dirent64 { u64 d_ino; s64 d_off; u16 d_reclen; u8 d_type; char d_name[]; }
            let record = base + position
            let length = Int(record.loadUnaligned(fromByteOffset: 16, as: UInt16.self))
            guard length > 0 else {
                position = end
                continue
            }
            position += length
            let name = UnsafePointer((record + 19).assumingMemoryBound(to: CChar.self))
            if name[0] == 0x2E, name[1] == 0 || (name[1] == 0x2E && name[2] == 0) { continue }
            return name
        }
    }
}

/// Directory listing and small file-system queries.
enum FileSystem {
    /// Names in a directory and their `d_type`, "." and ".." excluded.
    static func entries(_ path: String) throws -> [(name: String, type: UInt8)] {
        guard let dir = opendir(path) else {
            throw ProcError(operation: .open, path: path, errno: .current)
        }
        defer { closedir(dir) }
        var entries: [(String, UInt8)] = []
        while let entry = readdir(dir) {
            let name = withUnsafePointer(to: entry.pointee.d_name) { pointer in
                pointer.withMemoryRebound(to: CChar.self, capacity: MemoryLayout.size(ofValue: entry.pointee.d_name)) {
                    String(cString: $0)
                }
            }
            if name != "." && name != ".." { entries.append((name, entry.pointee.d_type)) }
        }
        return entries
    }

    /// Names in a directory, "." and ".." excluded.
    static func list(_ path: String) throws -> [String] {
        try entries(path).map(\.name)
    }

    /// Names of the subdirectories of `path` (from `d_type`, with `stat` when the file system does not say).
    static func directories(in path: String) throws -> [String] {
        try entries(path).compactMap { name, type in
            if type == UInt8(DT_DIR) { return name }
            guard type == UInt8(DT_UNKNOWN) else { return nil }
            var info = stat()
            return stat(path + "/" + name, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR ? name : nil
        }
    }

    /// True when `path` names a character device (as `/dev/kmsg` does on a live system).
    static func isCharacterDevice(_ path: String) -> Bool {
        var info = stat()
        guard stat(path, &info) == 0 else { return false }
        return (info.st_mode & S_IFMT) == S_IFCHR
    }

    /// True when something exists at `path`.
    static func exists(_ path: String) -> Bool {
        access(path, F_OK) == 0
    }

    /// True when one byte of `name` under `directory` can still be read (a process's files answer ESRCH
    /// once it has exited).
    static func canRead(_ name: String, relativeTo directory: Int32) -> Bool {
        let fd = openat(directory, name, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var byte: UInt8 = 0
        return read(fd, &byte, 1) == 1
    }
}
