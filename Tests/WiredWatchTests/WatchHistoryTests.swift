import Testing
import WiredCore
import WiredHistory
import WiredTerminal
import WiredTestSupport
import WiredWatch

#if canImport(Glibc)
import Glibc
#endif

/// `wired watch` with a history store: stepping through recorded samples, the PAST marker, coming back to live,
/// and the Growth pane counting from `--since`; on an in-memory store and hand-made snapshots.
@Suite("Watch with a history store")
struct WatchHistoryTests {
    static let t0: Int64 = 1_800_000_000

    /// The idle tree's snapshot taken at `seconds`, with process 1's PSS raised by `extra` bytes.
    static func reading(at seconds: Int64, extra: Int64 = 0) -> Snapshot {
        var snapshot = Fixtures.fullSnapshot("vm-6.18-processes")
        snapshot.meta.takenAt = Timestamp(seconds: seconds)
        snapshot.meta.bootID = "boot-a"
        if extra != 0, var first = snapshot.processes?.processes.first(where: { $0.smaps != nil }),
            var smaps = first.smaps,
            let index = snapshot.processes?.processes.firstIndex(where: { $0.pid == first.pid })
        {
            smaps.pss += extra
            smaps.rss += extra
            first.smaps = smaps
            snapshot.processes?.processes[index] = first
        }
        return snapshot
    }

    /// A store holding samples at t0, t0 + 10 s and t0 + 3700 s; the live reading is at t0 + 4000 s.
    static func timeline(since: (time: Double, text: String)? = nil) throws -> HistoryTimeline {
        let store = try HistoryStore.inMemory()
        for (offset, extra) in [(0, 0), (10, 1 << 20), (3700, 8 << 20)] {
            _ = try store.append(reading(at: t0 + Int64(offset), extra: Int64(extra)))
        }
        let now = reading(at: t0 + 4000, extra: 9 << 20)
        return HistoryTimeline(live: LiveTimeline(isLive: false) { _ in now }, store: store, since: since)
    }

    /// Ticks until the controller has taken what it reads from the store (a bounded wait, no timing asserted).
    func settle(_ controller: WatchController) {
        for _ in 0..<10_000 where controller.readingHistory {
            _ = controller.handle(.tick)
            usleep(1000)
        }
        _ = controller.handle(.tick)
    }

    @Test("[ ] step one sample, { } an hour (at most to the oldest or the newest), and past the newest there is none")
    func steps() throws {
        let timeline = try Self.timeline()
        let request = WatchRequest()
        func time(_ snapshot: Snapshot?) -> Int64? { snapshot.map { $0.meta.takenAt.seconds - Self.t0 } }
        let live = Timestamp(seconds: Self.t0 + 4000)
        let newest = try timeline.sample(.previous, from: live, request: request)
        #expect(time(newest) == 3700)
        #expect(newest?.meta.source.hasPrefix("history :memory:, sample of") == true)
        let middle = try timeline.sample(.previous, from: try #require(newest).meta.takenAt, request: request)
        #expect(time(middle) == 10)
        let oldest = try timeline.sample(.previous, from: try #require(middle).meta.takenAt, request: request)
        #expect(time(oldest) == 0)
        #expect(try timeline.sample(.previous, from: try #require(oldest).meta.takenAt, request: request) == nil)
        #expect(try time(timeline.sample(.next, from: Timestamp(seconds: Self.t0), request: request)) == 10)
        #expect(try time(timeline.sample(.hourForward, from: Timestamp(seconds: Self.t0), request: request)) == 3700)
        #expect(try timeline.sample(.next, from: Timestamp(seconds: Self.t0 + 3700), request: request) == nil)
        #expect(
            try time(timeline.sample(.hourForward, from: Timestamp(seconds: Self.t0 + 10), request: request)) == 3700
        )
        // Short of an hour before the newest, `}` stops at the newest; from the newest it goes live.
        #expect(
            try time(timeline.sample(.hourForward, from: Timestamp(seconds: Self.t0 + 3000), request: request)) == 3700
        )
        #expect(try timeline.sample(.hourForward, from: Timestamp(seconds: Self.t0 + 3700), request: request) == nil)
        // An hour back from the newest is at or before t0 + 100 s; from t0 + 10 s, the oldest there is.
        #expect(try time(timeline.sample(.hourBack, from: Timestamp(seconds: Self.t0 + 3700), request: request)) == 10)
        #expect(try time(timeline.sample(.hourBack, from: Timestamp(seconds: Self.t0 + 10), request: request)) == 0)
        #expect(try timeline.sample(.hourBack, from: Timestamp(seconds: Self.t0), request: request) == nil)
    }

    @Test("two samples of the same second are each stepped to, in the order they were recorded")
    func sameSecond() throws {
        let store = try HistoryStore.inMemory()
        for extra in [1 << 20, 2 << 20] { _ = try store.append(Self.reading(at: Self.t0, extra: Int64(extra))) }
        let now = Self.reading(at: Self.t0 + 60)
        let timeline = HistoryTimeline(live: LiveTimeline(isLive: false) { _ in now }, store: store)
        let request = WatchRequest()
        func pss(_ snapshot: Snapshot?) -> Int64? {
            snapshot?.processes?.processes.compactMap(\.smaps?.pss).reduce(0, +)
        }
        let second = try timeline.sample(.previous, from: now.meta.takenAt, request: request)
        let first = try timeline.sample(.previous, from: try #require(second).meta.takenAt, request: request)
        let base = try #require(pss(Self.reading(at: Self.t0)))
        #expect(pss(second) == base + (2 << 20))
        #expect(pss(first) == base + (1 << 20))
        #expect(try timeline.sample(.previous, from: try #require(first).meta.takenAt, request: request) == nil)
        #expect(
            try pss(timeline.sample(.next, from: Timestamp(seconds: Self.t0), request: request)) == base + (2 << 20)
        )
    }

    @Test("[ shows the newest recorded sample with PAST and its time in the title; L and ] come back to live")
    func pastAndBack() throws {
        let timeline = try Self.timeline()
        let first = WatchFindings(try timeline.latest(WatchRequest()))
        let controller = WatchController(timeline: timeline, first: first, colors: false)
        let size = Size(rows: 24, columns: 100)
        #expect(!controller.render(size).text(row: 0).contains("PAST"))
        _ = controller.handle(.key(.character("[")))
        settle(controller)
        let sample = Timestamp(seconds: Self.t0 + 3700)
        #expect(controller.state.past == sample)
        #expect(controller.findings.takenAt == sample)
        let title = controller.render(size).text(row: 0)
        #expect(title.contains("◀ PAST \(sample.iso8601.replacing("T", with: " ").replacing("Z", with: "")) UTC"))
        _ = controller.handle(.key(.character("[")))
        settle(controller)
        #expect(controller.findings.takenAt == Timestamp(seconds: Self.t0 + 10))
        _ = controller.handle(.key(.character("L")))
        #expect(controller.state.past == nil)
        #expect(controller.findings.takenAt == first.takenAt)
        #expect(!controller.render(size).text(row: 0).contains("PAST"))
        // ] past the newest sample is live again.
        _ = controller.handle(.key(.character("[")))
        settle(controller)
        _ = controller.handle(.key(.character("]")))
        settle(controller)
        #expect(controller.state.past == nil && controller.findings.takenAt == first.takenAt)
        _ = controller.handle(.key(.character("L")))
        #expect(controller.state.message == "already showing the newest reading")
    }

    @Test("the Growth pane counts from the sample nearest --since, and says so; without it, from the first reading")
    func growthSince() throws {
        let since = try Self.timeline(since: (Double(Self.t0 + 5), "1h"))
        let controller = WatchController(
            timeline: since,
            first: WatchFindings(try since.latest(WatchRequest())),
            colors: false
        )
        settle(controller)
        #expect(controller.start.takenAt == Timestamp(seconds: Self.t0))
        #expect(controller.startLabel == "the recorded sample nearest --since 1h")
        var state = WatchState()
        state.pane = .growth
        let table = WatchPanes.table(
            controller.findings,
            start: controller.start,
            startLabel: controller.startLabel,
            state: state
        )
        #expect(table.caption == "since 2027-01-15 08:00:00 UTC, the recorded sample nearest --since 1h")
        #expect(table.rows.contains { $0.cells[0] == "+9.0M" && $0.cells[2] == " pss" })

        let plain = try Self.timeline()
        let first = WatchFindings(try plain.latest(WatchRequest()))
        let fromStart = WatchController(timeline: plain, first: first, colors: false)
        settle(fromStart)
        #expect(fromStart.startLabel == nil && fromStart.start.takenAt == first.takenAt)
    }

    @Test("without a store, [ says why on the bottom line, in the command's words")
    func noStore() throws {
        let snapshot = Fixtures.fullSnapshot("vm-6.18-idle")
        let timeline = LiveTimeline(isLive: false, withoutHistory: "no history store at /x: `wired record` makes one") {
            _ in snapshot
        }
        let controller = WatchController(timeline: timeline, first: WatchFindings(snapshot), colors: false)
        _ = controller.handle(.key(.character("[")))
        #expect(controller.state.message == "no history store at /x: `wired record` makes one")
        #expect(controller.render(Size(rows: 24, columns: 80)).text(row: 23).hasPrefix("no history store at /x"))
        _ = controller.handle(.key(.character("L")))
        #expect(controller.state.past == nil && controller.state.message == nil)
    }

    @Test("the screen is a pure function: a past time in the state marks the title, the help lists L")
    func screen() {
        let findings = WatchFindings(Fixtures.fullSnapshot("vm-6.18-idle"))
        var state = WatchState()
        state.past = Timestamp(seconds: Self.t0)
        let title = WatchScreen(findings: findings, start: nil, state: state, colors: false).frame(
            Size(rows: 24, columns: 120)
        ).text(row: 0)
        #expect(title.hasSuffix("◀ PAST 2027-01-15 08:00:00 UTC · [ ] { } step · L live "))
        state.help = true
        let help = WatchScreen(findings: findings, start: nil, state: state, colors: false).frame(
            Size(rows: 24, columns: 120)
        ).lines
        #expect(help.contains { $0.hasPrefix("  L  back to the newest reading") })
        let (next, effect) = WatchState().handle(.character("L"), list: [], page: 10)
        #expect(effect == .live && next.past == nil)
    }
}
