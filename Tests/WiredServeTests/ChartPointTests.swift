import Testing
import WiredJSON
import WiredTestSupport

@testable import WiredServe

@Suite("Chart points kept by wired serve")
struct ChartPointTests {
    static func json(_ point: ChartPoint) -> [UInt8] {
        var bytes: [UInt8] = []
        var json = JSONWriter(pretty: false) { bytes += $0 }
        point.write(to: &json)
        json.finish()
        return bytes
    }

    @Test("A point's names come from one pool: a second point of the same reading adds none, and writes the same")
    func interned() async throws {
        let state = await RouteTests.state(samples: 1)
        let sample = try #require(await state.store.latest())
        let point = ChartPoint(sample)
        var pool = NamePool()
        let first = point.interned(&pool)
        let names =
            point.buckets.map(\.id) + point.classes.map(\.name) + point.wired.map(\.part) + point.owners.map(\.name)
            + point.services.map(\.name) + point.psi.map(\.kind) + point.counters.map(\.name) + [point.verdict]
            + point.reasons
        #expect(pool.count == Set(names).count)
        #expect(pool.count > 40, "the fixture's buckets, classes, owners and counters")
        let second = ChartPoint(sample).interned(&pool)
        #expect(pool.count == Set(names).count)
        #expect(Self.json(first) == Self.json(point))
        #expect(Self.json(second) == Self.json(point))
    }

    @Test("The pool starts afresh past its limit, so owners that come and go do not grow it without end")
    func bounded() {
        var pool = NamePool()
        for index in 0..<NamePool.limit { _ = pool.intern("owner \(index)") }
        #expect(pool.count == NamePool.limit)
        #expect(pool.intern("owner 1") == "owner 1")
        #expect(pool.count == NamePool.limit)
        #expect(pool.intern("one more") == "one more")
        #expect(pool.count == 1)
    }
}
