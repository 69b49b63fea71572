import Testing
import WiredTestSupport

@testable import WiredCore

/// The figures a recorder stores, against the measures `wired diff` compares: the recorder works out a process's
/// bytes without building a diff's measure, and must get the same numbers.
@Suite("History figures")
struct HistoryFiguresTests {
    static let fixtures = ["vm-6.18-owners", "synthetic-owners-v2", "vm-6.18-processes", "debian11-5.10-x86_64"]

    /// Every figure as the diff's measures give it: each process by itself, each service without its page cache,
    /// its child services and its member processes.
    static func viaMeasures(_ snapshot: Snapshot) -> [String: Int64] {
        let named = SnapshotComparison.Named(SnapshotComparison.sources(snapshot))
        let measures = SnapshotComparison.measures(snapshot, matched: nil, named: named)
        let groups = HistoryFigures.serviceStats(snapshot)
        func own(_ key: String, _ measure: SnapshotComparison.Measure) -> ByteCount {
            let value = HistoryFigures.own(measure)
            guard measure.kind == .service, let stat = groups[key] else { return value }
            let cache = (stat["file"] ?? stat["total_cache"] ?? 0) - (stat["shmem"] ?? stat["total_shmem"] ?? 0)
            return value - ByteCount(bytes: max(0, cache))
        }
        return measures.reduce(into: [:]) { out, pair in
            let inner =
                pair.value.kind == .service
                ? pair.value.contains.compactMap { child in measures[child].map { own(child, $0) } }.sum() : .zero
            out[pair.key] = (own(pair.key, pair.value) - inner).bytes
        }
    }

    @Test("Each figure's bytes are the diff measure's own bytes", arguments: fixtures)
    func sameAsMeasures(fixture: String) {
        let snapshot = Fixtures.fullSnapshot(fixture)
        let figures = HistoryFigures.of(snapshot)
        let expected = Self.viaMeasures(snapshot)
        #expect(figures.count == expected.count)
        #expect(figures.map(\.key) == figures.map(\.key).sorted())
        for figure in figures { #expect(figure.bytes == expected[figure.key], "\(figure.key)") }
        #expect(figures.contains { $0.kind == "process" })
        // Services with member processes exist in the owner fixtures, so their subtraction is exercised.
        if fixture == "vm-6.18-owners" {
            #expect(figures.contains { $0.kind == "service" })
        }
    }

    @Test("Without describing or sorting: the same figures, processes unnamed until described")
    func undescribed() throws {
        let snapshot = Fixtures.fullSnapshot("vm-6.18-processes")
        let full = HistoryFigures.of(snapshot)
        let bare = HistoryFigures.of(snapshot, describing: false, sorted: false)
        #expect(bare.map(\.key).sorted() == full.map(\.key))
        let byKey = Dictionary(full.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
        let process = try #require(snapshot.processes?.processes.first { $0.kind == .user })
        var figure = try #require(bare.first { $0.key == HistoryKey.process(process) })
        #expect(figure.name.isEmpty && figure.lineage == nil)
        #expect(figure.bytes == byKey[figure.key]?.bytes)
        HistoryFigures.describe(&figure, as: process)
        #expect(figure == byKey[figure.key])
    }

    @Test("A process listed twice (a hand-made file) is one figure")
    func repeated() throws {
        var snapshot = Fixtures.fullSnapshot("vm-6.18-processes")
        let process = try #require(snapshot.processes?.processes.first { $0.kind == .user })
        snapshot.processes?.processes.append(process)
        let figures = HistoryFigures.of(snapshot)
        #expect(figures.filter { $0.key == HistoryKey.process(process) }.count == 1)
        #expect(figures.count == HistoryFigures.of(Fixtures.fullSnapshot("vm-6.18-processes")).count)
    }
}
