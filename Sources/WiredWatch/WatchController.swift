import WiredCore
public import WiredTerminal

/// The running view: the findings shown, the state, and the reading in flight; ``render(_:)`` and
/// ``handle(_:)`` are what `TerminalSession.run` calls.
///
/// Each tick takes a finished reading (made on its own thread, so keys stay responsive) and starts the next:
/// live sources are read on every tick, a tree or a file once with everything in it. Paused, or showing a
/// recorded sample, nothing new is applied.
public final class WatchController {
    /// Where snapshots come from.
    public let timeline: any WatchTimeline
    /// What the user chose.
    public private(set) var state = WatchState()
    /// The findings on screen.
    public private(set) var findings: WatchFindings
    /// The newest live findings (what the view returns to from the past).
    private var live: WatchFindings
    /// The first reading, for the Growth pane.
    public let start: WatchFindings
    /// Colours drawn.
    public let colors: Bool
    private var reading: BackgroundReading?
    private var size = Size(rows: 24, columns: 80)

    /// A view that starts from `first`, read from `timeline`.
    public init(timeline: any WatchTimeline, first: WatchFindings, colors: Bool) {
        self.timeline = timeline
        findings = first
        live = first
        start = first
        self.colors = colors
    }

    /// The request a reading makes: processes always, owners when the pane needs them or the source is static.
    public var request: WatchRequest {
        WatchRequest(processes: true, owners: !timeline.isLive || state.pane.needsOwners)
    }

    /// The frame for `size`.
    public func render(_ size: Size) -> Frame {
        self.size = size
        var screen = WatchScreen(findings: findings, start: start, state: state, colors: colors)
        screen.live = timeline.isLive
        return screen.frame(size)
    }

    /// The answer to one event of the session.
    public func handle(_ event: Event) -> Action {
        switch event {
        case .key(let key):
            let table = WatchPanes.table(findings, start: start, state: state)
            let (next, effect) = state.handle(key, list: table.entries, page: WatchScreen.page(size))
            state = next
            switch effect {
            case .quit: return .quit
            case .repaint: return .repaint
            case .step(let step): self.step(step)
            case nil: break
            }
            adopt()
        case .resize(let size): self.size = size
        case .tick: refresh()
        case .terminate: break  // the session ends after it, as `.terminated`
        }
        return .continue
    }

    /// Takes a finished reading, and starts the next when one is due.
    func refresh() {
        adopt()
        guard reading == nil, !state.paused, state.past == nil else { return }
        let needsOwners = request.owners && findings.snapshot.owners == nil
        guard timeline.isLive || needsOwners else { return }
        let timeline = self.timeline
        let request = self.request
        reading = BackgroundReading(request) { WatchFindings(try timeline.latest(request)) }
    }

    /// Applies the reading in flight when it is done (not while paused or in the past: it is kept for later).
    func adopt() {
        guard let reading, let result = reading.take() else { return }
        self.reading = nil
        switch result {
        case .success(let next):
            live = next
            if !state.paused, state.past == nil { findings = next }
        case .failure(let error):
            state.message = "reading failed: \(error)"
        }
    }

    /// `[` `]` `{` `}`: the recorded sample one step away, or back to live past the newest.
    func step(_ step: TimelineStep) {
        guard timeline.hasHistory else {
            state.message =
                "no recorded samples: this view reads the \(timeline.isLive ? "running system" : "source") only"
            return
        }
        do {
            if let sample = try timeline.sample(step, from: findings.takenAt, request: request) {
                findings = WatchFindings(sample)
                state.past = sample.meta.takenAt
            } else if step == .next || step == .hourForward {
                findings = live
                state.past = nil
            } else {
                state.message = "no earlier sample"
            }
        } catch {
            state.message = "reading the history failed: \(error)"
        }
    }
}
