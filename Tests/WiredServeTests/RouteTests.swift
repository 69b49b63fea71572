import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import Testing
import WiredCore
import WiredTestSupport

@testable import WiredServe

@Suite("wired serve routes (in process)")
struct RouteTests {
    static let fixture = "vm-6.18-owners"

    /// A server state with two samples of the fixture.
    static func state(samples: Int = 2) async -> ServeState {
        let snapshot = Fixtures.fullSnapshot(fixture)
        let state = ServeState(store: MemoryStore(), reader: SnapshotReader { snapshot })
        for _ in 0..<samples { await state.sampleOnce() }
        return state
    }

    static func app(_ state: ServeState) throws -> some ApplicationProtocol {
        try WiredServer.application(
            state,
            configuration: ServeConfiguration(port: 0),
            logger: Logger(label: "test"),
            sample: false
        )
    }

    static func object(_ buffer: ByteBuffer) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(Array(buffer: buffer))) as? [String: Any])
    }

    @Test("every response, errors included, carries the Content-Security-Policy and nosniff")
    func headers() async throws {
        let state = await Self.state()
        try await Self.app(state).test(.router) { client in
            for uri in [
                "/", "/app.js", "/app.css", "/metrics", "/api/status", "/api/top", "/api/owners",
                "/api/diff?from=%231", "/api/history", "/nothing", "/api/top?sort=nonsense",
            ] {
                try await client.execute(uri: uri, method: .get) { response in
                    #expect(response.headers[.contentSecurityPolicy] == SecurityHeaders<BasicRequestContext>.policy)
                    #expect(response.headers[.xContentTypeOptions] == "nosniff", "\(uri)")
                }
            }
        }
    }

    @Test("/metrics: the exposition of the newest sample, summing to MemTotal")
    func metrics() async throws {
        let state = await Self.state()
        try await Self.app(state).test(.router) { client in
            try await client.execute(uri: "/metrics", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == MetricsView.contentType)
                let metrics = Exposition(String(buffer: response.body))
                #expect(metrics.named("wired_ledger_bytes").map(\.value).reduce(0, +) == 25_276_510_208)
                #expect(metrics.value("wired_memtotal_bytes") == 25_276_510_208)
            }
        }
    }

    @Test("/api/status, /api/top, /api/owners: the --json objects, byte for byte the views' writers")
    func views() async throws {
        let state = await Self.state()
        let sample = try #require(state.latest?.sample)
        try await Self.app(state).test(.router) { client in
            try await client.execute(uri: "/api/status", method: .get) { response in
                #expect(Array(buffer: response.body) == APIViews.status(sample))
                let object = try Self.object(response.body)
                #expect(object["schema"] as? String == "wired.status/1")
                #expect(object["memTotalBytes"] as? Int == 25_276_510_208)
                #expect(object["pressure"] != nil)
            }
            try await client.execute(uri: "/api/top?limit=5&sort=rss", method: .get) { response in
                let object = try Self.object(response.body)
                #expect(object["schema"] as? String == "wired.top/1")
                #expect(object["sort"] as? String == "rss")
                let rows = try #require(object["processes"] as? [[String: Any]])
                #expect(rows.count == 5)
                let rss = rows.compactMap { $0["rssBytes"] as? Int }
                #expect(rss == rss.sorted(by: >))
            }
            try await client.execute(uri: "/api/top?by=command", method: .get) { response in
                let object = try Self.object(response.body)
                #expect(object["groups"] is [Any])
            }
            try await client.execute(uri: "/api/owners?depth=2", method: .get) { response in
                let object = try Self.object(response.body)
                let tree = try #require(object["tree"] as? [String: Any])
                #expect(tree["bytes"] != nil)
                #expect(Array(buffer: response.body) == APIViews.owners(sample, depth: 2))
            }
        }
    }

    @Test("/api/diff between two samples, /api/history of the kept samples")
    func moments() async throws {
        let state = await Self.state(samples: 3)
        try await Self.app(state).test(.router) { client in
            try await client.execute(uri: "/api/diff?from=%231&to=%233", method: .get) { response in
                #expect(response.status == .ok)
                let object = try Self.object(response.body)
                #expect(object["schema"] as? String == "wired.diff/2")
                let before = try #require(object["before"] as? [String: Any])
                #expect((before["source"] as? String)?.hasPrefix("sample #1 at ") == true)
                // The same reading three times: nothing changed.
                #expect((object["changes"] as? [Any])?.isEmpty == true)
            }
            try await client.execute(uri: "/api/diff", method: .get) { response in
                #expect(response.status == .badRequest)
            }
            try await client.execute(uri: "/api/history?after=1", method: .get) { response in
                let object = try Self.object(response.body)
                let samples = try #require(object["samples"] as? [[String: Any]])
                #expect(samples.compactMap { $0["id"] as? Int } == [2, 3])
                let classes = try #require(samples.first?["classes"] as? [String: Int])
                #expect(classes.values.reduce(0, +) == 25_276_510_208)
            }
            try await client.execute(uri: "/api/history?bucket=app", method: .get) { response in
                let samples = try #require(try Self.object(response.body)["samples"] as? [[String: Any]])
                #expect(samples.count == 3)
                #expect(samples.allSatisfy { ($0["bytes"] as? Int ?? 0) > 0 })
            }
            try await client.execute(uri: "/api/history?bucket=nonsense", method: .get) { response in
                #expect(response.status == .badRequest)
            }
        }
    }

    @Test("the dashboard: gzip when accepted, under 50 KB compressed, no inline script")
    func dashboard() async throws {
        let state = await Self.state(samples: 1)
        #expect(DashboardAssets.shared.compressedWeight < 50_000)
        try await Self.app(state).test(.router) { client in
            try await client.execute(uri: "/", method: .get, headers: [.acceptEncoding: "gzip"]) { response in
                #expect(response.headers[.contentEncoding] == "gzip")
                #expect(response.body.readableBytes < 50_000)
            }
            try await client.execute(uri: "/", method: .get) { response in
                let html = String(buffer: response.body)
                #expect(html.contains("<script src=\"/app.js\" defer></script>"))
                #expect(!html.contains("<script>"))
                #expect(!html.contains("style=\""))
            }
        }
    }

    @Test("nothing but GET: no endpoint changes the machine")
    func readOnly() async throws {
        let state = await Self.state(samples: 1)
        try await Self.app(state).test(.router) { client in
            for method in [HTTPRequest.Method.post, .put, .delete] {
                try await client.execute(uri: "/api/status", method: method) { response in
                    #expect(response.status == .notFound || response.status == .methodNotAllowed)
                }
            }
        }
    }

    @Test("before the first sample: 503 saying why")
    func noSample() async throws {
        let state = ServeState(store: MemoryStore(), reader: SnapshotReader { throw ReadFailure() })
        await state.sampleOnce()
        try await Self.app(state).test(.router) { client in
            try await client.execute(uri: "/metrics", method: .get) { response in
                #expect(response.status == .serviceUnavailable)
                #expect(String(buffer: response.body).contains("no sample yet: the test reader failed"))
            }
        }
    }

    @Test("server-sent events: one event per sample, its id the sample id, data on one line")
    func events() async {
        let state = await Self.state(samples: 2)
        let points = await state.store.points(after: 1)
        let text = String(decoding: EventStream.events(points), as: UTF8.self)
        #expect(text.hasPrefix("id: 2\nevent: sample\ndata: {\"id\":2,"))
        #expect(text.hasSuffix("}\n\n"))
        #expect(text.split(separator: "\n").count == 3)
    }
}

struct ReadFailure: Error, CustomStringConvertible {
    var description: String { "the test reader failed" }
}
