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
    }

    /// What `path` is.
    static func kind(_ path: String) -> Kind {
        var info = stat()
        guard stat(path, &info) == 0 else { return .missing(String(cString: strerror(errno))) }
        if (info.st_mode & S_IFMT) == S_IFDIR { return .directory }
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

    /// The first `limit` bytes of the file at `path`, or an error message.
    static func read(_ path: String, limit: Int) -> Result<[UInt8], CaptureError> {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return .failure(CaptureError(path: path, message: String(cString: strerror(errno)))) }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while bytes.count < limit {
            let got = chunk.withUnsafeMutableBytes { systemRead(fd, $0.baseAddress, $0.count) }
            if got < 0 {
                if errno == EINTR { continue }
                return .failure(CaptureError(path: path, message: "cannot read: \(String(cString: strerror(errno)))"))
            }
            if got == 0 { break }
            bytes += chunk[0..<got]
        }
        return .success(Array(bytes.prefix(limit)))
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
