import Synchronization
import Testing
import WiredCore
import WiredTerminal
import WiredTestSupport
import WiredWatch

@Suite("Watch timeline")
struct WatchTimelineTests {
    @Test("live, each reading gets the counters of the one before as its earlier sample; a tree does not")
    func chainsCounters() throws {
        let base = Fixtures.fullSnapshot("vm-6.18-idle")
        let readings = Mutex(0)
        let reader: LiveTimeline.Reader = { _ in
            var snapshot = base
            snapshot.linux?.earlier = nil
            let count = readings.withLock { value -> Int in
                value += 1
                return value
            }
            snapshot.linux?.vmstat?["pswpin"] = Int64(count * 100)
            return snapshot
        }
        let live = LiveTimeline(isLive: true, reader: reader)
        let first = try live.latest(WatchRequest())
        #expect(first.linux?.earlier == nil)
        let second = try live.latest(WatchRequest())
        #expect(second.linux?.earlier?.vmstat["pswpin"] == 100)
        #expect(second.linux?.vmstat?["pswpin"] == 200)
        #expect((second.linux?.earlier?.secondsBefore ?? -1) >= 0)
        #expect(WatchFindings(second).pressure.rates != nil)
        #expect(try live.sample(.previous, from: second.meta.takenAt, request: WatchRequest()) == nil)
        #expect(!live.hasHistory)

        let tree = LiveTimeline(isLive: false, reader: reader)
        _ = try tree.latest(WatchRequest())
        #expect(try tree.latest(WatchRequest()).linux?.earlier == nil)
    }

    @Test("a static source is read once, with its owners; [ without history says so")
    func staticController() throws {
        let snapshot = Fixtures.fullSnapshot("vm-6.18-owners")
        let reads = Mutex(0)
        let timeline = LiveTimeline(isLive: false) { _ in
            reads.withLock { $0 += 1 }
            return snapshot
        }
        let controller = WatchController(timeline: timeline, first: WatchFindings(snapshot), colors: false)
        #expect(controller.request.owners)
        #expect(controller.handle(.tick) == .continue)
        #expect(reads.withLock { $0 } == 0)
        let lines = controller.render(Size(rows: 24, columns: 80)).lines
        #expect(lines[5].hasPrefix("Rates: none, the reading holds no earlier sample of /proc/vmstat"))
        #expect(controller.handle(.key(.character("["))) == .continue)
        #expect(controller.state.message == "no recorded samples: this view reads the source only")
        #expect(controller.render(Size(rows: 24, columns: 80)).text(row: 23).hasPrefix("no recorded samples"))
        #expect(controller.handle(.key(.character("q"))) == .quit)
    }

    @Test("without a terminal wired watch refuses to start, and says what to use instead")
    func refusesWithoutTerminal() {
        #expect {
            try run([Fixtures.product("wired"), "watch", "--root", Fixtures.linux("vm-6.18-owners")])
        } throws: { error in
            "\(error)".hasSuffix("status 256")  // exit status 1
        }
    }
}
