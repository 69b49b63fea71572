import Synchronization
public import WiredCore
public import WiredHistory

/// A timeline with a history store: the newest reading from another timeline (the running system, a tree), and
/// the samples `wired record` wrote, stepped through one at a time or by the hour.
///
/// Every method reads the store; the controller calls them on a reading thread, never while drawing.
public final class HistoryTimeline: WatchTimeline, @unchecked Sendable {
    /// Where the newest reading comes from.
    public let live: any WatchTimeline
    /// The store (only its read functions are used; GRDB serialises them).
    public let store: HistoryStore
    /// The Growth pane's start: the sample nearest this time (seconds since the epoch), and the words for it
    /// (`--since 2h`); `nil` to count from the view's first reading.
    public let since: (time: Double, text: String)?
    /// The sample last returned with the time its snapshot says, so that a step from it starts at its row.
    private let shown = Mutex<(moment: Moment, takenAt: Timestamp)?>(nil)

    /// A timeline reading `live` for now and `store` for the past.
    public init(live: any WatchTimeline, store: HistoryStore, since: (time: Double, text: String)? = nil) {
        self.live = live
        self.store = store
        self.since = since
    }

    public var isLive: Bool { live.isLive }
    public var hasHistory: Bool { true }

    public func latest(_ request: WatchRequest) throws -> Snapshot { try live.latest(request) }

    /// `[`: the newest sample before the one shown (or before `time`); `]`: the oldest after it; `{` and `}`: the
    /// sample an hour before or after (at the furthest, the oldest or the newest sample; from the newest, `nil`:
    /// back to live).
    public func sample(_ step: TimelineStep, from time: Timestamp, request: WatchRequest) throws -> Snapshot? {
        let place = shown.withLock { shown in
            shown.flatMap { $0.takenAt == time ? $0.moment : nil }
        }
        let seconds = place?.time ?? Self.seconds(time)
        let found: Moment?
        switch step {
        case .previous: found = try store.moment(before: seconds, id: place?.id ?? Int64.max)
        case .next: found = try store.moment(after: seconds, id: place?.id ?? Int64.min)
        case .hourBack:
            let earlier = try store.moment(before: seconds + Double(step.seconds))
            let anyEarlier = try store.moment(before: seconds, id: place?.id ?? Int64.max)
            found = try earlier ?? (anyEarlier == nil ? nil : store.oldestMoment())
        case .hourForward:
            // Short of an hour's samples left, the newest one; from the newest, back to live.
            let later = try store.moment(after: seconds + Double(step.seconds))
            let anyLater = try store.moment(after: seconds, id: place?.id ?? Int64.min)
            found = try later ?? (anyLater == nil ? nil : store.moment(before: .greatestFiniteMagnitude))
        }
        guard let found else { return nil }
        let snapshot = try Self.checked(store.snapshot(found))
        shown.withLock { $0 = (found, snapshot.meta.takenAt) }
        return snapshot
    }

    public var withoutHistory: String { "no recorded sample before this reading in \(store.path)" }

    /// The recorded sample nearest ``since``, for the Growth pane; `nil` without `since` or in an empty store.
    public func growthStart() throws -> (snapshot: Snapshot, label: String)? {
        guard let since, let moment = try store.nearest(to: since.time) else { return nil }
        return (try Self.checked(store.snapshot(moment)), "the recorded sample nearest --since \(since.text)")
    }

    /// A recorded snapshot with its impossible figures taken out, as a file given with `--from` is: a store is
    /// read from disk, and the panes' arithmetic trusts what reaches it.
    static func checked(_ snapshot: Snapshot) -> Snapshot {
        var snapshot = snapshot
        SnapshotValidation.check(&snapshot)
        return snapshot
    }

    /// A timestamp in seconds since the epoch.
    static func seconds(_ time: Timestamp) -> Double { Double(time.seconds) + Double(time.nanoseconds) / 1e9 }
}
