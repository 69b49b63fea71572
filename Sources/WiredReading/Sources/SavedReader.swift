import WiredCore
import WiredDarwin
import WiredSnapshot

/// A saved snapshot file, or a macOS capture.
///
/// A capture is a folder, a `.tar.gz`, or one output file, told apart from a snapshot by its first line. Read
/// once; each reading gives the same facts.
public final class SavedReader: MemoryReader {
    /// The file or folder.
    public let path: String
    private var cached: Snapshot?

    /// A reader of `path`.
    public init(path: String) { self.path = path }

    public var source: ReadSource { .saved(path) }

    public func read(_ request: ReadRequest) throws -> Reading {
        var snapshot = try load()
        try Self.check(snapshot, path: path, request: request)
        // A saved snapshot holds every process's cgroup; a view that would not have read them live shows the
        // same without them.
        if let processes = request.processes, !processes.cgroups, let count = snapshot.processes?.processes.count {
            for index in 0..<count {
                snapshot.processes?.processes[index].cgroup = nil
                snapshot.processes?.processes[index].unit = nil
            }
        }
        return Reading(snapshot: snapshot)
    }

    /// The snapshot, read and checked the first time.
    func load() throws -> Snapshot {
        if let cached { return cached }
        var snapshot: Snapshot
        do {
            if SnapshotFile.isSnapshot(path) ?? true {
                snapshot = try SnapshotFile.read(path)
                snapshot.meta.source = Self.savedSource(path, readFrom: snapshot.meta.source)
            } else {
                snapshot = try MacCapture.read(path, toolVersion: WiredVersion.current)
            }
        } catch let error as SnapshotFileError {
            throw ReadError(error.description)
        } catch let error as CaptureError {
            throw ReadError(error.description)
        }
        SnapshotValidation.check(&snapshot)
        cached = snapshot
        return snapshot
    }

    /// Refuses a snapshot that lacks what the view needs.
    static func check(_ snapshot: Snapshot, path: String, request: ReadRequest) throws {
        let needsProcesses = request.processes != nil
        if let darwin = snapshot.darwin {
            if needsProcesses && (darwin.processes ?? []).isEmpty {
                throw ReadError("\(path): the capture holds no processes (no top or footprint output)")
            }
            return
        }
        if needsProcesses && snapshot.processes == nil { throw ReadError("\(path): the snapshot holds no processes") }
        if request.owners && snapshot.owners == nil { throw ReadError("\(path): the snapshot holds no owners") }
    }

    /// What a view of a saved snapshot names as its source: the file, and where the snapshot was read from
    /// when it was taken ("live" becomes "the running system", so no view of a file says it is live).
    public static func savedSource(_ path: String, readFrom original: String) -> String {
        let origin = original == "live" ? "the running system" : original
        return origin.isEmpty ? "snapshot \(path)" : "snapshot \(path), taken from \(origin)"
    }
}
