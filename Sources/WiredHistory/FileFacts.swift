#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The few file operations the store needs beyond SQLite, each failure naming its path and errno.
enum FileFacts {
    /// The size of `path`, `nil` when it does not exist.
    static func size(_ path: String) throws -> Int64? {
        var facts = stat()
        guard stat(path, &facts) == 0 else {
            if errno == ENOENT { return nil }
            throw HistoryError("\(path): \(String(cString: strerror(errno)))")
        }
        return Int64(facts.st_size)
    }

    /// Whether `path` exists (as anything).
    static func exists(_ path: String) throws -> Bool { try size(path) != nil }

    /// Renames `from` to `to`, when `from` exists.
    static func moveIfPresent(_ from: String, to: String) throws {
        guard try exists(from) else { return }
        guard rename(from, to) == 0 else {
            throw HistoryError("could not move \(from) to \(to): \(String(cString: strerror(errno)))")
        }
    }

    /// Creates `path`'s folder and the folders above it (mode 0755), as `mkdir -p` does.
    static func makeParents(of path: String) throws {
        guard let slash = path.lastIndex(of: "/"), slash != path.startIndex else { return }
        let folder = String(path[..<slash])
        if try exists(folder) { return }
        try makeParents(of: folder)
        guard mkdir(folder, 0o755) == 0 || errno == EEXIST else {
            throw HistoryError("could not create \(folder): \(String(cString: strerror(errno)))")
        }
    }
}
