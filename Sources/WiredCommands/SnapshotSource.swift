import WiredCore
import WiredReading

/// The commands' way to a reading: the options name the source, ``ReaderFactory`` makes its reader.
enum SnapshotSource {
    /// Reads the snapshot the options ask for: processes when `processes` is given, owners when `owners`.
    ///
    /// Live, `interval` seconds first separate two samples of the paging counters (for pressure rates).
    static func read(
        _ options: GlobalOptions,
        processes: ProcessRequest?,
        owners: Bool = false,
        interval: Double = 0
    ) throws -> Reading {
        let request = ReadRequest(processes: processes, owners: owners, interval: interval)
        return try reading { try reader(options).read(request) }
    }

    /// The reader of the source the options name.
    static func reader(_ options: GlobalOptions) throws -> any MemoryReader {
        if let at = options.at { return RecordedReader(at: at, db: options.db) }
        return try reading { try ReaderFactory.reader(root: options.root, from: options.from) }
    }

    /// A saved snapshot file, or a macOS capture, whole.
    static func saved(_ path: String) throws -> Snapshot {
        try reading { try SavedReader(path: path).read(ReadRequest()).snapshot }
    }

    /// Everything a snapshot file holds, read from the running system or the tree the options name (never
    /// `--from`): the system, every process with its command line and cgroup, owners, and (with `interval`) a
    /// first sample of the paging counters.
    static func full(_ options: GlobalOptions, interval: Double = 0) throws -> Snapshot {
        if let at = options.at { return try HistorySource.snapshot(at: at, db: options.db) }
        return try reading {
            try ReaderFactory.reader(root: options.root, from: nil).read(.full(interval: interval)).snapshot
        }
    }

    /// The running system now: the system part only.
    static func live() throws -> Reading {
        try reading { try ReaderFactory.reader(for: ReaderFactory.liveSource).read(ReadRequest()) }
    }

    /// Adds the running system's processes (names and sizes, no command lines) to a live `snapshot`.
    static func addProcesses(to snapshot: inout Snapshot) throws {
        let reading = try reading {
            try ReaderFactory.reader(for: ReaderFactory.liveSource).read(
                ReadRequest(processes: ProcessRequest(commandLines: .none))
            )
        }
        if let darwin = reading.snapshot.darwin {
            snapshot.darwin?.processes = darwin.processes
        } else {
            snapshot.processes = reading.snapshot.processes
        }
    }

    /// `body`, with a reading that could not be made turned into the command line's error.
    static func reading<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as ReadError {
            throw CLIError(error.message)
        }
    }
}

extension Snapshot {
    /// Drops every process's cgroup (a recorded snapshot holds them; a view that would not have read them live
    /// shows the same without them).
    mutating func strippingCgroups() {
        for index in (processes?.processes ?? []).indices {
            processes?.processes[index].cgroup = nil
            processes?.processes[index].unit = nil
        }
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
