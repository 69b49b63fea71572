public import WiredCore

/// What one reading reads: the system always; processes, owners and a first counter sample when asked.
public struct ReadRequest: Sendable, Equatable {
    /// Processes to read, and how; `nil` for none.
    public var processes: ProcessRequest?
    /// Read owners (slab caches, cgroups, tmpfs, memfds…) for the owners view and snapshot files.
    public var owners: Bool
    /// Seconds between two samples of the paging counters (for pressure rates); 0 for one sample.
    ///
    /// A stateful live reader uses its previous reading's counters instead when it has them.
    public var interval: Double

    /// Creates a request.
    public init(processes: ProcessRequest? = nil, owners: Bool = false, interval: Double = 0) {
        self.processes = processes
        self.owners = owners
        self.interval = interval
    }

    /// Everything a snapshot file holds: the system, every process with its command line and cgroup, owners.
    public static func full(interval: Double = 0) -> ReadRequest {
        ReadRequest(processes: ProcessRequest(commandLines: .eager, cgroups: true), owners: true, interval: interval)
    }
}

/// How processes are read.
public struct ProcessRequest: Sendable, Equatable {
    /// When command lines are read (redacted before they are kept).
    public enum CommandLines: Sendable, Equatable {
        /// With everything else.
        case eager
        /// Later, through ``Reading/commandLines``, for only the processes that are shown.
        case lazy
        /// Not at all.
        case none
        /// Eagerly for a few thousand processes, lazily above.
        case automatic
    }

    /// When command lines are read.
    public var commandLines: CommandLines
    /// Read each process's cgroup (for grouping by service).
    public var cgroups: Bool

    /// Creates a request.
    public init(commandLines: CommandLines = .eager, cgroups: Bool = false) {
        self.commandLines = commandLines
        self.cgroups = cgroups
    }
}

/// Command lines read after the reading, from the very processes it measured.
public protocol CommandLineSource: AnyObject, Sendable {
    /// Redacted command lines of the processes at `indices` (positions in the reading's process list); `nil`
    /// for one that has exited since.
    func commands(for indices: [Int]) -> [String?]
}

/// A snapshot, and (live, with lazy command lines) where its processes' command lines can still be read.
public struct Reading: Sendable {
    /// The facts read.
    public var snapshot: Snapshot
    /// Open handles of the processes read, for command lines read after sorting; `nil` when not kept.
    public var commandLines: (any CommandLineSource)?

    /// Creates a reading.
    public init(snapshot: Snapshot, commandLines: (any CommandLineSource)? = nil) {
        self.snapshot = snapshot
        self.commandLines = commandLines
    }
}

/// A reading that could not be made at all (a missing tree, a file that is no snapshot): one line for the user.
public struct ReadError: Error, CustomStringConvertible, Sendable {
    /// What went wrong, naming the path.
    public var message: String

    /// Creates an error.
    public init(_ message: String) { self.message = message }

    public var description: String { message }
}
