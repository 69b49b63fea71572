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
/// truncates such files: `docs/linux.md` §1.5). Each file is capped (``FileLimits/cap(for:)``, and at
/// most ``limit``); a larger file is an error, never a silent truncation.
///
/// Files are opened with `O_NONBLOCK`, so a FIFO can never block the open or a read. With
/// ``regularFilesOnly`` (the default) only regular files are read: anything else (a FIFO, socket or device
/// node in a captured tree) is refused by a `stat` before the open, so a device is never opened, and again
/// by `fstat` after it, in case the entry was swapped in between.
public struct FileReader {
    /// Largest file read, whatever its kind; larger files are an error rather than a silent truncation.
    public var limit: Int
    /// Whether to refuse anything but a regular file.
    ///
    /// Readers of the running system turn it off: procfs and sysfs hold only regular files there, and the two
    /// checks cost about 3 µs a file on this project's machine (about 5% of a 5,000-process scan).
    public var regularFilesOnly = true
    private var buffer: [UInt8]

    /// Creates a reader whose buffer starts at `initialCapacity` bytes and grows as files need.
    public init(limit: Int = FileLimits.standard << 2, initialCapacity: Int = 64 << 10) {
        self.limit = limit
        self.buffer = [UInt8](repeating: 0, count: max(256, initialCapacity))
    }

    /// Reads the file at `path` (relative to `directory`, or absolute) and passes its bytes to `body`.
    ///
    /// The bytes are valid only inside `body`. At most `cap` bytes are read (by default the cap of the
    /// file's kind, ``FileLimits/cap(for:)``). Throws ``ProcError`` naming `displayPath`.
    public mutating func withContents<T>(
        of path: String,
        relativeTo directory: Int32? = nil,
        cap: Int? = nil,
        displayPath: @autoclosure () -> String,
        _ body: (UnsafeRawBufferPointer) throws -> T
    ) throws -> T {
        let fd = try open(path, relativeTo: directory ?? AT_FDCWD, displayPath: displayPath())
        defer { close(fd) }
        let total = try readAll(fd, cap: min(cap ?? FileLimits.cap(for: path), limit), displayPath: displayPath())
        return try buffer.withUnsafeBytes { raw in
            try body(UnsafeRawBufferPointer(rebasing: raw[0..<total]))
        }
    }

    /// Opens `path` for reading without blocking, after checking (with ``regularFilesOnly``) that it is a
    /// regular file.
    private func open(_ path: String, relativeTo directory: Int32, displayPath: @autoclosure () -> String) throws
        -> Int32
    {
        var info = stat()
        if regularFilesOnly, fstatat(directory, path, &info, 0) == 0, let kind = FileKind.irregular(info.st_mode) {
            throw ProcError(operation: .open, path: displayPath(), errno: nil, detail: FileKind.refusal(kind))
        }
        let fd = openat(directory, path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY)
        if fd < 0 {
            throw ProcError(operation: .open, path: displayPath(), errno: .current)
        }
        if regularFilesOnly {
            guard fstat(fd, &info) == 0 else {
                let error = Errno.current
                close(fd)
                throw ProcError(operation: .open, path: displayPath(), errno: error)
            }
            if let kind = FileKind.irregular(info.st_mode) {
                close(fd)
                throw ProcError(operation: .open, path: displayPath(), errno: nil, detail: FileKind.refusal(kind))
            }
        }
        return fd
    }

    /// Reads `fd` to its end into the buffer, at most `cap` bytes; returns the count.
    private mutating func readAll(_ fd: Int32, cap: Int, displayPath: @autoclosure () -> String) throws -> Int {
        var count = 0
        while true {
            if count == buffer.count {
                // One byte past the cap tells a file of exactly `cap` bytes from a larger one.
                guard buffer.count <= cap else {
                    throw ProcError(
                        operation: .read,
                        path: displayPath(),
                        errno: nil,
                        detail: "larger than the \(FileLimits.describe(cap)) limit for this file"
                    )
                }
                buffer.append(contentsOf: repeatElement(0, count: max(1, min(buffer.count, cap + 1 - buffer.count))))
            }
            let got = buffer.withUnsafeMutableBytes { raw in
                read(fd, raw.baseAddress.map { $0 + count }, min(raw.count, cap + 1) - count)
            }
            if got < 0 {
                let error = Errno.current
                if error.code == EINTR { continue }
                throw ProcError(operation: .read, path: displayPath(), errno: error)
            }
            if got == 0 { break }
            count += got
            if count > cap {
                throw ProcError(
                    operation: .read,
                    path: displayPath(),
                    errno: nil,
                    detail: "larger than the \(FileLimits.describe(cap)) limit for this file"
                )
            }
        }
        return count
    }

    /// Reads the file at `path` into a new array.
    public mutating func bytes(
        of path: String,
        relativeTo directory: Int32? = nil,
        cap: Int? = nil,
        displayPath: @autoclosure () -> String
    ) throws -> [UInt8] {
        try withContents(of: path, relativeTo: directory, cap: cap, displayPath: displayPath()) { Array($0) }
    }
}

/// What a file-type check found where a regular file was expected.
enum FileKind {
    /// The kind of a non-regular, non-directory `st_mode` in words ("a FIFO"); `nil` for a regular file.
    static func irregular(_ mode: mode_t) -> String? {
        switch mode & S_IFMT {
        case S_IFREG: return nil
        case S_IFIFO: return "a FIFO"
        case S_IFSOCK: return "a socket"
        case S_IFCHR: return "a character device"
        case S_IFBLK: return "a block device"
        case S_IFDIR: return "a directory"
        case S_IFLNK: return "a symbolic link"
        default: return "not a regular file"
        }
    }

    /// Why a file of `kind` is not read.
    static func refusal(_ kind: String) -> String {
        "\(kind), not a regular file: not read"
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

    /// True when `path` is the kernel log device itself (`/dev/kmsg`: character device 1:11, not followed
    /// through a symbolic link), the one device the reader opens.
    ///
    /// Any other device node is never opened: opening one can have effects of its own (a watchdog starts
    /// counting down when opened), and a captured tree may hold anything.
    static func isKernelLogDevice(_ path: String) -> Bool {
        var info = stat()
        guard lstat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFCHR else { return false }
        let device = UInt64(info.st_rdev)
        #if os(Linux)
        // glibc's gnu_dev_major and gnu_dev_minor (sys/sysmacros.h), which Swift does not import as macros.
        let major = ((device >> 8) & 0xFFF) | ((device >> 32) & ~0xFFF)
        let minor = (device & 0xFF) | ((device >> 12) & ~0xFF)
        #else
        let major = (device >> 24) & 0xFF
        let minor = device & 0xFF_FFFF
        #endif
        return major == 1 && minor == 11
    }

    /// True when something exists at `path`.
    static func exists(_ path: String) -> Bool {
        access(path, F_OK) == 0
    }

    /// True when one byte of `name` under `directory` can still be read (a process's files answer ESRCH
    /// once it has exited).
    static func canRead(_ name: String, relativeTo directory: Int32) -> Bool {
        let fd = openat(directory, name, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var byte: UInt8 = 0
        return read(fd, &byte, 1) == 1
    }
}
