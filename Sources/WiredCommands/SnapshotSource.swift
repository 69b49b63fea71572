import WiredCore
import WiredLinux

/// A snapshot, and the open process handles of a live reading (for command lines read after sorting).
struct Reading {
    var snapshot: Snapshot
    var handles: ProcessHandles?
}

/// The one place that decides where a snapshot comes from: the running system or a captured tree.
enum SnapshotSource {
    /// Reads the snapshot the options ask for, with processes when `processes` is given.
    static func read(_ options: GlobalOptions) throws -> Snapshot {
        try read(options, processes: nil).snapshot
    }

    /// Reads the snapshot the options ask for: processes when `processes` is given, owners when `owners`.
    static func read(_ options: GlobalOptions, processes: ProcessReadOptions?, owners: Bool = false) throws -> Reading {
        if let root = options.root {
            guard FileSystemCheck.isDirectory(root) else {
                throw CLIError("--root \(root): not a directory")
            }
            return linux(LinuxReader(root: root), processes: processes, owners: owners)
        }
        return try live(processes: processes, owners: owners)
    }

    /// The running system, read by the reader for this OS.
    static func live(processes: ProcessReadOptions? = nil, owners: Bool = false) throws -> Reading {
        #if os(Linux)
        return linux(LinuxReader(root: "/"), processes: processes, owners: owners)
        #else
        throw CLIError("reading the running system is supported on Linux only in this build")
        #endif
    }

    static func linux(_ reader: LinuxReader, processes: ProcessReadOptions?, owners: Bool) -> Reading {
        var snapshot = reader.readSystem()
        var handles: ProcessHandles?
        if let processes {
            let result = reader.readProcesses(processes, keepingHandles: processes.commandLines != .eager)
            snapshot.processes = result.scan
            snapshot.problems += result.problems
            handles = result.handles
        }
        if owners {
            let (facts, problems) = reader.readOwners(processes: snapshot.processes, pageSize: snapshot.meta.pageSize)
            snapshot.owners = facts
            snapshot.problems += problems
        }
        return Reading(snapshot: snapshot, handles: handles)
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
