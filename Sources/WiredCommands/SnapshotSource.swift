import WiredCore
import WiredLinux

/// The one place that decides where a snapshot comes from: the running system or a captured tree.
enum SnapshotSource {
    /// Reads the snapshot the options ask for.
    static func read(_ options: GlobalOptions) throws -> Snapshot {
        if let root = options.root {
            guard FileSystemCheck.isDirectory(root) else {
                throw CLIError("--root \(root): not a directory")
            }
            return LinuxReader(root: root).readSystem()
        }
        return try live()
    }

    /// The running system, read by the reader for this OS.
    static func live() throws -> Snapshot {
        #if os(Linux)
        return LinuxReader(root: "/").readSystem()
        #else
        throw CLIError("reading the running system is supported on Linux only in this build")
        #endif
    }
}

/// An error the command line prints as one line and exits with status 1 (or `code`).
struct CLIError: Error, CustomStringConvertible {
    var message: String
    var code: Int32

    init(_ message: String, code: Int32 = 1) {
        self.message = message
        self.code = code
    }

    var description: String { message }
}
