import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import Testing
import WiredHistory
import WiredJSON
import WiredRender
import WiredTestSupport

@testable import WiredCore
@testable import WiredServe

@Suite("wired serve routes over a history store (in process)")
struct StoreRouteTests {
    /// A state whose three samples of the fixture went to the ring and to `history`.
    static func state(_ history: HistoryLink?) async -> ServeState {
        let snapshot = Fixtures.fullSnapshot(RouteTests.fixture)
        let state = ServeState(store: MemoryStore(), reader: SnapshotReader { snapshot }, history: history)
        for _ in 0..<3 { await state.sampleOnce() }
        return state
    }

    static func app(_ state: ServeState) throws -> some ApplicationProtocol { try RouteTests.app(state) }

    @Test("One reading a sample feeds both the ring and the store; /api/history is the store's wired history --json")
    func history() async throws {
        let link = HistoryLink(store: try HistoryStore.inMemory(), role: .recording)
        let state = await Self.state(link)
        #expect(try link.read { try $0.summary().samples } == 3)
        #expect(await state.store.points(after: nil).count == 3)
        #expect(state.lastRecordError == nil)
        let table = try link.read { try $0.historyTable(.classes, from: 0, to: 4e9) }
        #expect(table.rows.count == 3)
        try await Self.app(state).test(.router) { client in
            try await client.execute(uri: "/api/history?since=0", method: .get) { response in
                #expect(response.status == .ok)
                let expected = APIViews.document { HistoryView.write(table, source: "store", to: &$0) }
                #expect(Array(buffer: response.body) == expected)
                let object = try RouteTests.object(response.body)
                #expect(object["source"] as? String == "store")
                #expect((object["samples"] as? [Any])?.count == 3)
            }
            try await client.execute(uri: "/api/history?since=0&bucket=app", method: .get) { response in
                let object = try RouteTests.object(response.body)
                #expect((object["columns"] as? [[String: Any]])?.map { $0["key"] as? String } == ["ledger/app"])
            }
            try await client.execute(uri: "/api/history?source=memory", method: .get) { response in
                let object = try RouteTests.object(response.body)
                #expect(object["source"] as? String == "memory")
                #expect((object["samples"] as? [Any])?.count == 3)
            }
            for (uri, status) in [
                ("/api/history?since=yesterday-ish", HTTPResponse.Status.badRequest),
                ("/api/history?since=0&bucket=no-such-bucket", .notFound),
                ("/api/history?bucket=app&class=wired", .badRequest),
                ("/api/history?source=elsewhere", .badRequest),
            ] {
                try await client.execute(uri: uri, method: .get) { response in
                    #expect(response.status == status, "\(uri)")
                }
            }
        }
    }

    @Test("/api/grew is wired grew --json over the store; without a store, 404 with a JSON error")
    func grew() async throws {
        let link = HistoryLink(store: try HistoryStore.inMemory(), role: .recording)
        let ranking = try await {
            let state = await Self.state(link)
            let ranking = try #require(try link.read { try $0.growthRanking(from: 0, to: 4e9, minimum: 1 << 20) })
            try await Self.app(state).test(.router) { client in
                try await client.execute(uri: "/api/grew?since=0", method: .get) { response in
                    #expect(response.status == .ok)
                    let object = try RouteTests.object(response.body)
                    #expect(object["samples"] as? Int == 3)
                    #expect(object["from"] as? String == ranking.from.iso8601)
                    #expect((object["owners"] as? [Any])?.count == ranking.ranked.count)
                }
            }
            return ranking
        }()
        #expect(ranking.samples == 3)
        let bare = await Self.state(nil)
        try await Self.app(bare).test(.router) { client in
            for uri in ["/api/grew", "/api/history?source=store"] {
                try await client.execute(uri: uri, method: .get) { response in
                    #expect(response.status == .notFound)
                    let object = try RouteTests.object(response.body)
                    #expect((object["error"] as? String)?.hasPrefix("no history store") == true)
                }
            }
        }
    }

    @Test("Following, serve reads the store but never writes it")
    func following() async throws {
        let store = try HistoryStore.inMemory()
        let link = HistoryLink(store: store, role: .following)
        _ = await Self.state(link)
        #expect(try link.read { try $0.summary().samples } == 0)
    }

    @Test("Process names in /api/grew are redacted again")
    func redaction() {
        let series = OwnerSeries(
            key: "process/9@1",
            kind: "process",
            name: "mysql -u root -phunter2",
            lineage: "mysql -u root -phunter2",
            pid: 9,
            points: []
        )
        let growth = Growth(
            series: series,
            growthBytes: 1,
            seconds: 1,
            fit: GrowthFit(slope: 1, r2: 1, samples: 2),
            runs: 1,
            verdict: "grew"
        )
        let shown = StoreRoutes.redacted([growth])
        #expect(shown[0].series.name == "mysql -u root -p********")
        #expect(shown[0].series.lineage == "mysql -u root -p********")
    }
}
