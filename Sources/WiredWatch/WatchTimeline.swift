public import WiredCore

/// What one reading for the view must hold: the system always, processes and owners when a pane needs them.
public struct WatchRequest: Hashable, Sendable {
    /// Read every process (`/proc/PID/…`).
    public var processes: Bool
    /// Read the owners' facts: slab caches, vmalloc callers, cgroups, mounts (the Services, Owners and Kernel
    /// panes).
    public var owners: Bool

    /// A request.
    public init(processes: Bool = true, owners: Bool = false) {
        self.processes = processes
        self.owners = owners
    }
}

/// A step through recorded samples: `[` and `]` one sample, `{` and `}` an hour.
public enum TimelineStep: Hashable, Sendable {
    case previous, next, hourBack, hourForward

    /// How far the step moves, in seconds (0 for one sample).
    public var seconds: Int64 {
        switch self {
        case .previous, .next: 0
        case .hourBack: -3600
        case .hourForward: 3600
        }
    }
}

/// Where the view's snapshots come from: the newest one, and, where samples are recorded, earlier ones.
///
/// The only seam between `wired watch` and the machine. ``LiveTimeline`` reads through a closure
/// (`SnapshotSource.read` in the command) and has no past; ``HistoryTimeline`` adds a history store, whose
/// ``sample(_:from:request:)`` gives the recorded sample before or after a time; the view then shows a marker
/// that it is showing the past. The controller calls these on reading threads, never while drawing.
public protocol WatchTimeline: Sendable {
    /// Whether the source changes between readings (the running system); a tree or a file is read once.
    var isLive: Bool { get }
    /// Whether earlier samples can be stepped to.
    var hasHistory: Bool { get }
    /// What the bottom line says when `[ ] { }` find no sample to step to.
    var withoutHistory: String { get }
    /// The newest snapshot: a reading made now.
    func latest(_ request: WatchRequest) throws -> Snapshot
    /// The recorded sample one step from `time`, or `nil` when there is none (always `nil` without history).
    func sample(_ step: TimelineStep, from time: Timestamp, request: WatchRequest) throws -> Snapshot?
    /// The snapshot the Growth pane counts from instead of the view's first reading, with the words for it in
    /// the pane's caption; `nil` to count from the first reading.
    func growthStart() throws -> (snapshot: Snapshot, label: String)?
}

extension WatchTimeline {
    public var withoutHistory: String {
        "no recorded samples: this view reads the \(isLive ? "running system" : "source") only"
    }

    public func growthStart() throws -> (snapshot: Snapshot, label: String)? { nil }
}

/// The running system (or a tree, or a file), read through one closure; no history.
///
/// Live, each reading is given the counters of the one before it as its earlier sample, so the pressure
/// rates (swap-in and -out, refaults, major faults) are over the time between two refreshes, with no sleep.
public final class LiveTimeline: WatchTimeline, @unchecked Sendable {
    /// Reads one snapshot; `SnapshotSource.read` in the command.
    public typealias Reader = @Sendable (WatchRequest) throws -> Snapshot

    public let isLive: Bool
    public var hasHistory: Bool { false }
    public var withoutHistory: String {
        absence ?? "no recorded samples: this view reads the \(isLive ? "running system" : "source") only"
    }
    /// Why there is no history, when the command knows ("no history store at …").
    private let absence: String?
    private let reader: Reader
    private let clock = ContinuousClock()
    /// The previous live reading's counters and when it was made; touched only by the one reading thread.
    private var previous: (counters: CounterSample, at: ContinuousClock.Instant)?

    /// A timeline reading through `reader`; `isLive` for the running system; `withoutHistory` what `[ ] { }`
    /// say (by default, that there are no recorded samples).
    public init(isLive: Bool, withoutHistory: String? = nil, reader: @escaping Reader) {
        self.isLive = isLive
        absence = withoutHistory
        self.reader = reader
    }

    public func latest(_ request: WatchRequest) throws -> Snapshot {
        var snapshot = try reader(request)
        guard isLive, let linux = snapshot.linux else { return snapshot }
        let now = clock.now
        if snapshot.linux?.earlier == nil, let previous {
            var earlier = previous.counters
            earlier.secondsBefore = Self.seconds(previous.at.duration(to: now))
            snapshot.linux?.earlier = earlier
        }
        if let vmstat = linux.vmstat {
            let counters = CounterSample(
                secondsBefore: 0,
                vmstat: vmstat,
                pressure: linux.pressure,
                memoryEvents: linux.memoryEvents
            )
            previous = (counters, now)
        }
        return snapshot
    }

    public func sample(_ step: TimelineStep, from time: Timestamp, request: WatchRequest) throws -> Snapshot? { nil }

    static func seconds(_ duration: Duration) -> Double {
        let (seconds, attoseconds) = duration.components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}
