public import WiredCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

extension SnapshotFile {
    /// What ``write(_:to:force:)`` did.
    public struct Written: Sendable {
        /// Bytes written.
        public var bytes: Int
        /// Temporary files of earlier runs that were killed before they finished (`NAME.partial-PID` next to the
        /// file, PID no longer running), removed before this write.
        public var removedTemporaries: [String]
    }

    /// Writes `snapshot` to `path`; an existing file is replaced only with `force`, and only when it is a regular
    /// file (a device node, FIFO, socket, directory or symbolic link there is refused, `force` or not).
    ///
    /// The bytes go to `PATH.partial-PID` in the same folder (created with `O_EXCL`, so never an existing file or
    /// a link planted there), are flushed with `fsync`, and the file is then renamed into place (linked, when
    /// nothing is to be replaced, so a file that appeared meanwhile is kept), and the folder flushed: a reader
    /// sees the old file or the new one, and a crash never leaves half a snapshot under the final name. SIGINT,
    /// SIGTERM and SIGHUP remove the temporary file before the process ends; one left by `kill -9` is removed
    /// by the next write to the same path.
    ///
    /// For the tests only, `WIRED_TEST_WRITE_PAUSE=SECONDS` waits that long with the temporary file written,
    /// before the rename, so that a test can signal the process while the file exists.
    @discardableResult
    public static func write(_ snapshot: Snapshot, to path: String, force: Bool) throws -> Written {
        let existing = try TargetCheck.inspect(path)
        if existing != nil, !force {
            throw SnapshotFileError(path: path, problem: "already exists (use --force to replace it)")
        }
        let bytes = try encode(snapshot)
        let removed = StaleTemporaries.remove(next: path)
        let temporary = path + ".partial-\(getpid())"
        let fd = try TemporaryFile.create(temporary, for: path)
        // From here on the temporary file is removed on every way out: error, return or signal.
        defer {
            unlink(temporary)
            SignalCleanup.forget()
        }
        var failure = writeAll(bytes, to: fd)
        if failure == nil, fsync(fd) != 0 { failure = String(cString: strerror(errno)) }
        close(fd)
        if let failure {
            throw SnapshotFileError(path: path, problem: "cannot write: \(failure)")
        }
        TestPause.wait()
        if let existing {
            try TargetCheck.confirm(path, still: existing)
            // Between the check just made and rename(2), only a process that may create and delete entries in
            // this folder could swap the entry, and rename only replaces the entry (it never writes into a
            // device or FIFO): such a process could have removed that entry itself. Folders of device nodes
            // (/dev) are writable by root alone.
            guard rename(temporary, path) == 0 else {
                throw SnapshotFileError(path: path, problem: "cannot write: \(String(cString: strerror(errno)))")
            }
        } else if link(temporary, path) != 0 {
            let reason =
                errno == EEXIST
                ? "appeared while the snapshot was written: not replaced (use --force to replace a file)"
                : "cannot write: \(String(cString: strerror(errno)))"
            throw SnapshotFileError(path: path, problem: reason)
        }
        syncFolder(of: path)
        return Written(bytes: bytes.count, removedTemporaries: removed)
    }

    /// Writes `snapshot` to the open descriptor `fd` (standard output for `-o -`); refuses a terminal, which
    /// would show compressed bytes (and could take them as control sequences).
    @discardableResult
    public static func write(_ snapshot: Snapshot, toDescriptor fd: Int32, name: String) throws -> Int {
        if isatty(fd) == 1 {
            throw SnapshotFileError(
                path: name,
                problem: "is a terminal: a snapshot is compressed binary data; redirect it to a file or a pipe"
            )
        }
        let bytes = try encode(snapshot)
        if let failure = writeAll(bytes, to: fd) {
            throw SnapshotFileError(path: name, problem: "cannot write: \(failure)")
        }
        return bytes.count
    }

    /// Writes every byte (waiting when the descriptor is non-blocking and full); the error, if any.
    static func writeAll(_ bytes: [UInt8], to fd: Int32) -> String? {
        bytes.withUnsafeBytes { raw -> String? in
            var offset = 0
            while offset < raw.count {
                let written = systemWrite(fd, raw.baseAddress.map { $0 + offset }, raw.count - offset)
                if written >= 0 {
                    offset += written
                    continue
                }
                switch errno {
                case EINTR: continue
                case EAGAIN:
                    var ready = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
                    _ = poll(&ready, 1, -1)
                default: return String(cString: strerror(errno))
                }
            }
            return nil
        }
    }

    /// Flushes the folder holding `path`, so the rename itself survives a crash (best effort: some file
    /// systems cannot flush a folder).
    private static func syncFolder(of path: String) {
        let fd = open(StaleTemporaries.folder(of: path), O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return }
        _ = fsync(fd)
        close(fd)
    }
}

/// What is at the path to be written.
enum TargetCheck {
    /// The identity of an existing regular file there.
    struct Identity: Equatable {
        var device: UInt64
        var inode: UInt64
    }

    /// The regular file at `path`, `nil` when nothing is there; throws for anything else.
    static func inspect(_ path: String) throws -> Identity? {
        var info = stat()
        guard lstat(path, &info) == 0 else {
            if errno == ENOENT { return nil }
            throw SnapshotFileError(path: path, problem: "cannot check: \(String(cString: strerror(errno)))")
        }
        if let kind = FileType.irregular(info.st_mode) {
            throw SnapshotFileError(
                path: path,
                problem: "is \(kind): not replaced (only a regular file is ever replaced, with --force)"
            )
        }
        return Identity(device: UInt64(info.st_dev), inode: UInt64(info.st_ino))
    }

    /// Throws unless `path` is still the regular file first seen.
    static func confirm(_ path: String, still identity: Identity) throws {
        guard try inspect(path) == identity else {
            throw SnapshotFileError(path: path, problem: "was replaced by another file while writing: not replaced")
        }
    }
}

/// The file-type words of a `st_mode`.
enum FileType {
    /// "a FIFO", "a character device", … for anything but a regular file; `nil` for a regular file.
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
}

/// The temporary file a write goes through.
enum TemporaryFile {
    /// Creates `temporary` (never an existing file or link: `O_EXCL`), registered for removal on a signal first,
    /// so no moment exists where it is there and a signal would leave it.
    static func create(_ temporary: String, for path: String) throws -> Int32 {
        SignalCleanup.remember(temporary)
        for attempt in 0..<2 {
            let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o644)
            if fd >= 0 { return fd }
            // Our own pid's name can only be left by an earlier process that had this pid: stale, if regular.
            var info = stat()
            if errno == EEXIST, attempt == 0, lstat(temporary, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG {
                unlink(temporary)
                continue
            }
            break
        }
        let reason = String(cString: strerror(errno))
        SignalCleanup.forget()
        throw SnapshotFileError(path: path, problem: "cannot create \(temporary): \(reason)")
    }
}

/// `NAME.partial-PID` files a killed write left next to `NAME`.
enum StaleTemporaries {
    /// Removes the temporary files of `path` whose process is gone; returns their paths.
    ///
    /// Only names made exactly as ``SnapshotFile/write(_:to:force:)`` makes them (`NAME.partial-` then
    /// digits), only regular files, and only when no process has that pid (`kill(pid, 0)` says ESRCH). A live
    /// pid keeps its file, even when the pid was reused by an unrelated process; a writer in another pid
    /// namespace sharing the folder could look dead from here (a snapshot is rewritten, never lost).
    static func remove(next path: String) -> [String] {
        let folder = folder(of: path)
        let prefix = name(of: path) + ".partial-"
        guard let directory = opendir(folder) else { return [] }
        defer { closedir(directory) }
        var removed: [String] = []
        while let entry = readdir(directory) {
            let entryName = withUnsafePointer(to: entry.pointee.d_name) { pointer in
                pointer.withMemoryRebound(to: CChar.self, capacity: MemoryLayout.size(ofValue: entry.pointee.d_name)) {
                    String(cString: $0)
                }
            }
            guard entryName.hasPrefix(prefix), let pid = pid(entryName.dropFirst(prefix.count)), pid != getpid() else {
                continue
            }
            let full = folder == "." && !path.hasPrefix("./") ? entryName : folder + "/" + entryName
            var info = stat()
            guard kill(pid, 0) != 0, errno == ESRCH, lstat(full, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG
            else { continue }
            if unlink(full) == 0 { removed.append(full) }
        }
        return removed.sorted()
    }

    /// The pid in a temporary file's suffix: 1 to 10 digits, above 0.
    private static func pid(_ digits: Substring) -> pid_t? {
        guard (1...10).contains(digits.count), digits.allSatisfy({ $0.isASCII && $0.isNumber }),
            let value = pid_t(digits), value > 0
        else { return nil }
        return value
    }

    /// The folder holding `path` ("." for a bare name).
    static func folder(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    private static func name(of path: String) -> String {
        path.lastIndex(of: "/").map { String(path[path.index(after: $0)...]) } ?? path
    }
}

/// The test hook of ``SnapshotFile/write(_:to:force:)``: `WIRED_TEST_WRITE_PAUSE=SECONDS`.
private enum TestPause {
    static func wait() {
        guard let text = getenv("WIRED_TEST_WRITE_PAUSE"), let seconds = Double(String(cString: text)), seconds > 0
        else { return }
        let capped = min(seconds, 60)
        var request = timespec(tv_sec: Int(capped), tv_nsec: Int((capped - capped.rounded(.down)) * 1e9))
        var left = timespec()
        while nanosleep(&request, &left) != 0 && errno == EINTR { request = left }
    }
}

#if canImport(Glibc)
func systemWrite(_ fd: Int32, _ buffer: UnsafeRawPointer?, _ count: Int) -> Int {
    Glibc.write(fd, buffer, count)
}
#elseif canImport(Musl)
func systemWrite(_ fd: Int32, _ buffer: UnsafeRawPointer?, _ count: Int) -> Int {
    Musl.write(fd, buffer, count)
}
#elseif canImport(Darwin)
func systemWrite(_ fd: Int32, _ buffer: UnsafeRawPointer?, _ count: Int) -> Int {
    Darwin.write(fd, buffer, count)
}
#endif
