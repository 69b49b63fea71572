import WiredCore
public import WiredTerminal

/// The running view: the findings shown, the state, and the readings in flight; ``render(_:)`` and
/// ``handle(_:)`` are what `TerminalSession.run` calls.
///
/// Each tick takes a finished reading (made on its own thread, so keys stay responsive) and starts the next:
/// live sources are read on every tick, a tree or a file once with everything in it. Paused, or showing a
/// recorded sample, nothing new is applied. Steps through the history store (`[ ] { }`) and the Growth pane's
/// recorded start are read on threads of their own too, and land on the next tick or key.
public final class WatchController {
    /// Where snapshots come from.
    public let timeline: any WatchTimeline
    /// What the user chose.
    public private(set) var state = WatchState()
    /// The findings on screen.
    public private(set) var findings: WatchFindings
    /// The newest live findings (what the view returns to from the past).
    private var live: WatchFindings
    /// What the Growth pane counts from: the first reading, or the recorded sample the timeline names.
    public private(set) var start: WatchFindings
    /// The words for ``start`` in the Growth pane's caption when it is not the first reading.
    public private(set) var startLabel: String?
    /// Colours drawn.
    public let colors: Bool
    private var reading: BackgroundReading<WatchFindings>?
    /// A step through the store in flight, and the step.
    private var stepping: (step: TimelineStep, job: BackgroundReading<WatchFindings?>)?
    private var growthStart: BackgroundReading<GrowthStart?>?
    private var size = Size(rows: 24, columns: 80)

    /// The Growth pane's start read from the timeline.
    struct GrowthStart: Sendable {
        var findings: WatchFindings
        var label: String
    }

    /// A view that starts from `first`, read from `timeline`.
    public init(timeline: any WatchTimeline, first: WatchFindings, colors: Bool) {
        self.timeline = timeline
        findings = first
        live = first
        start = first
        self.colors = colors
        if timeline.hasHistory {
            growthStart = BackgroundReading {
                try timeline.growthStart().map { GrowthStart(findings: WatchFindings($0.snapshot), label: $0.label) }
            }
        }
    }

    /// The request a reading makes: processes always, owners when the pane needs them or the source is static.
    public var request: WatchRequest {
        WatchRequest(processes: true, owners: !timeline.isLive || state.pane.needsOwners)
    }

    /// Whether a step through the store or the Growth pane's start is still being read.
    public var readingHistory: Bool { stepping != nil || growthStart != nil }

    /// The frame for `size`.
    public func render(_ size: Size) -> Frame {
        self.size = size
        var screen = WatchScreen(findings: findings, start: start, state: state, colors: colors)
        screen.startLabel = startLabel
        screen.live = timeline.isLive
        return screen.frame(size)
    }

    /// The answer to one event of the session.
    public func handle(_ event: Event) -> Action {
        switch event {
        case .key(let key):
            let table = WatchPanes.table(findings, start: start, startLabel: startLabel, state: state)
            let (next, effect) = state.handle(key, list: table.entries, page: WatchScreen.page(size))
            state = next
            switch effect {
            case .quit: return .quit
            case .repaint: return .repaint
            case .step(let step): self.step(step)
            case .live: backToLive()
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
        reading = BackgroundReading { WatchFindings(try timeline.latest(request)) }
    }

    /// Applies the readings that are done: the live one (not while paused or in the past: it is kept for
    /// later), a step through the store, the Growth pane's start.
    func adopt() {
        if let reading, let result = reading.take() {
            self.reading = nil
            switch result {
            case .success(let next):
                live = next
                if !state.paused, state.past == nil { findings = next }
            case .failure(let error):
                state.message = "reading failed: \(error)"
            }
        }
        adoptStep()
        if let growthStart, let result = growthStart.take() {
            self.growthStart = nil
            switch result {
            case .success(let found):
                if let found {
                    start = found.findings
                    startLabel = found.label
                }
            case .failure(let error): state.message = "reading the Growth pane's start failed: \(error)"
            }
        }
    }
}

extension WatchController {
    /// `[` `]` `{` `}`: starts reading the recorded sample one step away (one step at a time).
    func step(_ step: TimelineStep) {
        guard timeline.hasHistory else {
            state.message = timeline.withoutHistory
            return
        }
        guard stepping == nil else {
            state.message = "still reading a recorded sample"
            return
        }
        let timeline = self.timeline
        let (from, request) = (findings.takenAt, self.request)
        stepping = (
            step,
            BackgroundReading { try timeline.sample(step, from: from, request: request).map(WatchFindings.init) }
        )
        state.message = "reading a recorded sample…"
    }

    /// The step in flight, when it is done: the sample shown, or back to live past the newest.
    func adoptStep() {
        guard let (step, job) = stepping, let result = job.take() else { return }
        stepping = nil
        if state.message == "reading a recorded sample…" { state.message = nil }
        switch result {
        case .success(let sample?):
            findings = sample
            state.past = sample.takenAt
        case .success(nil):
            if step == .next || step == .hourForward {
                backToLive()
            } else {
                state.message = state.past == nil ? timeline.withoutHistory : "no earlier sample"
            }
        case .failure(let error):
            state.message = "reading the history failed: \(error)"
        }
    }

    /// `L`, or `]` `}` past the newest sample: the newest reading again, and readings applied again.
    func backToLive() {
        stepping = nil
        guard state.past != nil else {
            if timeline.hasHistory { state.message = "already showing the newest reading" }
            return
        }
        findings = live
        state.past = nil
    }
}
