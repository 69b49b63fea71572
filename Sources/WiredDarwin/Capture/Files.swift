#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The few file-system calls a capture needs (no Foundation).
enum CaptureFiles {
    /// What is at a path.
    enum Kind {
        case directory
        case file(size: Int64, mtime: Int64)
        case missing(String)
        /// A FIFO, socket or device: never opened ("a FIFO").
        case other(String)
    }

    /// What `path` is (following a symbolic link, as opening it would).
    static func kind(_ path: String) -> Kind {
        var info = stat()
        guard stat(path, &info) == 0 else { return .missing(String(cString: strerror(errno))) }
        if (info.st_mode & S_IFMT) == S_IFDIR { return .directory }
        if let other = irregular(info.st_mode) { return .other(other) }
        #if canImport(Darwin)
        let mtime = Int64(info.st_mtimespec.tv_sec)
        #else
        let mtime = Int64(info.st_mtim.tv_sec)
        #endif
        return .file(size: Int64(info.st_size), mtime: mtime)
    }

    /// Regular files under `root`, recursively, as paths relative to it, sorted; symbolic links are not followed.
    ///
    /// Stops after `limit` files.
    static func walk(_ root: String, limit: Int = 20_000) -> [String] {
        var found: [String] = []
        var pending = [""]
        while let relative = pending.popLast(), found.count < limit {
            let directory = relative.isEmpty ? root : root + "/" + relative
            guard let dir = opendir(directory) else { continue }
            defer { closedir(dir) }
            while let entry = readdir(dir) {
                let name = withUnsafePointer(to: entry.pointee.d_name) { pointer in
                    pointer.withMemoryRebound(
                        to: CChar.self,
                        capacity: MemoryLayout.size(ofValue: entry.pointee.d_name)
                    ) {
                        String(cString: $0)
                    }
                }
                if name == "." || name == ".." { continue }
                let path = relative.isEmpty ? name : relative + "/" + name
                var info = stat()
                guard lstat(root + "/" + path, &info) == 0 else { continue }
                switch info.st_mode & S_IFMT {
                case S_IFDIR: pending.append(path)
                case S_IFREG: found.append(path)
                default: continue
                }
            }
        }
        return found.sorted()
    }

    /// The first `count` bytes of the regular file at `path` (fewer if it is shorter), or why not.
    static func head(_ path: String, count: Int) -> Result<[UInt8], CaptureError> {
        read(path, limit: count, whole: false)
    }

    /// The regular file at `path`, or why not: it cannot be opened, is not a regular file, or holds more than
    /// `limit` bytes (an error naming the file, never a truncated read).
    static func read(_ path: String, limit: Int) -> Result<[UInt8], CaptureError> {
        read(path, limit: limit, whole: true)
    }

    private static func read(_ path: String, limit: Int, whole: Bool) -> Result<[UInt8], CaptureError> {
        // O_NONBLOCK: a FIFO swapped in after the walk cannot block the open; fstat then refuses it.
        let fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY)
        guard fd >= 0 else { return .failure(CaptureError(path: path, message: String(cString: strerror(errno)))) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            return .failure(CaptureError(path: path, message: String(cString: strerror(errno))))
        }
        if let other = irregular(info.st_mode) {
            return .failure(CaptureError(path: path, message: "\(other), not a regular file: not read"))
        }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while bytes.count < limit + (whole ? 1 : 0) {
            let want = min(chunk.count, limit + (whole ? 1 : 0) - bytes.count)
            let got = chunk.withUnsafeMutableBytes { systemRead(fd, $0.baseAddress, want) }
            if got < 0 {
                if errno == EINTR { continue }
                return .failure(CaptureError(path: path, message: "cannot read: \(String(cString: strerror(errno)))"))
            }
            if got == 0 { break }
            bytes += chunk[0..<got]
        }
        if whole && bytes.count > limit {
            return .failure(CaptureError(path: path, message: "larger than \(limit >> 20) MiB: not a memory output"))
        }
        return .success(bytes)
    }

    /// "a FIFO", "a socket", … for a `st_mode` that is neither a regular file nor a folder.
    static func irregular(_ mode: mode_t) -> String? {
        switch mode & S_IFMT {
        case S_IFREG, S_IFDIR: return nil
        case S_IFIFO: return "a FIFO"
        case S_IFSOCK: return "a socket"
        case S_IFCHR: return "a character device"
        case S_IFBLK: return "a block device"
        default: return "not a regular file"
        }
    }

    /// Reads the open file `fd` into `buffer`; the byte count, 0 at the end.
    static func readSome(_ fd: Int32, into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        while true {
            let got = systemRead(fd, buffer.baseAddress, buffer.count)
            if got >= 0 { return got }
            if errno != EINTR { throw CaptureError(path: "", message: String(cString: strerror(errno))) }
        }
    }
}

/// `read(2)`, named apart from the many `read` functions of this module.
@inline(__always)
func systemRead(_ fd: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int) -> Int {
    read(fd, buffer, count)
}

/// A capture that could not be read: the path and what is wrong.
public struct CaptureError: Error, CustomStringConvertible, Sendable {
    /// The capture (or the file inside it).
    public var path: String
    /// What is wrong, in words.
    public var message: String

    /// Creates an error.
    public init(path: String, message: String) {
        self.path = path
        self.message = message
    }

    public var description: String { path.isEmpty ? message : "\(path): \(message)" }
}
