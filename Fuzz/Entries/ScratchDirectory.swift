#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A private folder for one input's files, under `$TMPDIR` (else `/tmp`); what was made in it is removed when
/// it is released, and nothing else.
///
/// Only folders and regular files are ever made (never links, FIFOs or devices), and every name has been checked
/// to be a plain component (``isPlainComponent(_:)``), so nothing is written outside the folder.
final class ScratchDirectory {
    /// The folder.
    let path: String
    /// What was made, in order: removed in reverse.
    private var made: [(path: String, isDirectory: Bool)] = []
    /// The folders made so far, so that each is made once.
    private var folders: Set<String> = []

    /// Makes the folder; `nil` when it cannot be made.
    init?() {
        let base = getenv("TMPDIR").map { String(cString: $0) } ?? "/tmp"
        var template = Array("\(base)/wired-fuzz-XXXXXX".utf8CString)
        let made = template.withUnsafeMutableBufferPointer { buffer in
            buffer.baseAddress.flatMap { mkdtemp($0) }.map { String(cString: $0) }
        }
        guard let made else { return nil }
        path = made
    }

    deinit {
        for entry in made.reversed() {
            _ = entry.isDirectory ? rmdir(entry.path) : unlink(entry.path)
        }
        rmdir(path)
    }

    /// True for a name that may be one component of a path in the folder: not empty, not `.` or `..`, no `/` or
    /// NUL, at most 255 bytes.
    static func isPlainComponent(_ name: String) -> Bool {
        !name.isEmpty && name != "." && name != ".." && name.utf8.count <= 255
            && !name.utf8.contains(UInt8(ascii: "/")) && !name.utf8.contains(0)
    }

    /// Writes `bytes` to the file at `components` (folders made as needed) and returns its path; `nil` when a
    /// name is not plain, the file exists already, or a folder in the way is a file.
    @discardableResult
    func write(_ components: [String], _ bytes: UnsafeBufferPointer<UInt8>) -> String? {
        guard let name = components.last, components.allSatisfy(Self.isPlainComponent) else { return nil }
        var current = path
        for folder in components.dropLast() {
            current += "/" + folder
            if folders.contains(current) { continue }
            guard mkdir(current, 0o755) == 0 else { return nil }
            made.append((current, true))
            folders.insert(current)
        }
        let file = current + "/" + name
        let fd = open(file, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o644)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        made.append((file, false))
        return writeAll(fd, bytes) ? file : nil
    }

    /// Writes `bytes` to the file `name` in the folder.
    @discardableResult
    func write(_ name: String, _ bytes: [UInt8]) -> String? {
        bytes.withUnsafeBufferPointer { write([name], $0) }
    }
}

/// Writes all of `bytes` to `fd`; false on an error.
private func writeAll(_ fd: Int32, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    var offset = 0
    while offset < bytes.count {
        let wrote = write(fd, bytes.baseAddress.map { $0 + offset }, bytes.count - offset)
        if wrote < 0 && errno == EINTR { continue }
        guard wrote > 0 else { return false }
        offset += wrote
    }
    return true
}
