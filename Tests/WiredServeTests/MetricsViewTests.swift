import Testing
import WiredCore
import WiredTestSupport

@testable import WiredServe

@Suite("metrics exposition")
struct MetricsViewTests {
    static func sample(_ fixture: String) -> Sample {
        Sample.analyse(Fixtures.fullSnapshot(fixture), id: 1, duration: 0.25)
    }

    static func exposition(_ fixture: String) -> Exposition {
        Exposition(String(decoding: MetricsView.render(sample(fixture)), as: UTF8.self))
    }

    @Test("the ledger sums to MemTotal exactly, and MemTotal is the fixture's (24684092 kB)")
    func ledgerSums() throws {
        let metrics = Self.exposition("vm-6.18-owners")
        #expect(metrics.value("wired_memtotal_bytes") == 25_276_510_208)
        let ledger = metrics.named("wired_ledger_bytes")
        #expect(ledger.count > 10)
        #expect(ledger.map(\.value).reduce(0, +) == 25_276_510_208)
        #expect(ledger.allSatisfy { $0.labels["bucket"] != nil && $0.labels["class"] != nil })
        #expect(ledger.contains { $0.labels["bucket"] == "unexplained" && $0.labels["class"] == "unexplained" })
    }

    @Test("paging counters in bytes from /proc/vmstat: pswpin 150 and pswpout 132134 pages, pgpgin 13364289 KiB")
    func counters() {
        let metrics = Self.exposition("vm-6.18-owners")
        #expect(metrics.value("wired_swap_in_bytes_total") == 614_400)
        #expect(metrics.value("wired_swap_out_bytes_total") == 541_220_864)
        #expect(metrics.value("wired_page_in_bytes_total") == 13_685_031_936)
        #expect(metrics.value("wired_major_faults_total") == 17_423)
        #expect(metrics.value("wired_oom_kills_total") == 0)
        #expect(metrics.value("wired_pressure_stall_seconds_total", ["kind": "some"]) == 2.920802)
        #expect(metrics.value("wired_pressure_stall_seconds_total", ["kind": "full"]) == 2.920038)
        #expect(metrics.types["wired_swap_in_bytes_total"] == "counter")
        #expect(metrics.types["wired_ledger_bytes"] == "gauge")
    }

    @Test(
        "each bucket's owners sum to the bucket; at most 10 named per bucket, then other",
        arguments: [
            "vm-6.18-owners", "synthetic-owners-v2",
        ]
    )
    func ownersSum(fixture: String) throws {
        let metrics = Self.exposition(fixture)
        let owners = metrics.named("wired_owner_bytes")
        #expect(!owners.isEmpty)
        let buckets = Set(owners.compactMap { $0.labels["bucket"] })
        for bucket in buckets {
            let mine = owners.filter { $0.labels["bucket"] == bucket }
            let total = try #require(metrics.named("wired_ledger_bytes").first { $0.labels["bucket"] == bucket })
            #expect(mine.map(\.value).reduce(0, +) == total.value, "\(bucket)")
            #expect(mine.filter { $0.labels["owner"] != "other" }.count <= MetricsView.ownersPerBucket)
        }
    }

    @Test("at most 300 series, no pid label, snake_case names with the wired_ prefix, help on every family")
    func conventions() {
        for fixture in ["vm-6.18-owners", "synthetic-owners-v2", "vm-6.18-processes"] {
            let metrics = Self.exposition(fixture)
            #expect(metrics.series.count <= MetricsView.seriesLimit, "\(fixture)")
            #expect(metrics.series.allSatisfy { $0.labels["pid"] == nil })
            for name in Set(metrics.series.map(\.name)) {
                #expect(name.hasPrefix("wired_"))
                #expect(name.allSatisfy { $0.isLowercase || $0.isNumber || $0 == "_" }, "\(name)")
                #expect(metrics.helps[name]?.isEmpty == false, "\(name)")
                #expect((metrics.types[name] == "counter") == name.hasSuffix("_total"), "\(name)")
            }
            #expect(metrics.named("wired_command_pss_bytes").count <= MetricsView.commands + 1)
            #expect(metrics.value("wired_build_info", ["version": WiredVersion.current]) == 1)
            #expect(metrics.value("wired_sample_duration_seconds") == 0.25)
        }
    }

    @Test("one verdict is 1, the others 0")
    func verdict() {
        let sample = Self.sample("vm-6.18-pressure-swapping")
        let metrics = Exposition(String(decoding: MetricsView.render(sample), as: UTF8.self))
        let verdicts = metrics.named("wired_pressure_verdict")
        #expect(verdicts.count == PressureReport.Verdict.allCases.count)
        #expect(verdicts.filter { $0.value == 1 }.map { $0.labels["verdict"] } == [sample.pressure.verdict.rawValue])
    }

    @Test("a small budget folds owners into other, and the sums still hold")
    func folding() {
        let sample = Self.sample("vm-6.18-owners")
        let families = MetricsView.series(sample)
        let owners = families.first { $0.name == "wired_owner_bytes" }?.points ?? []
        let total = families.map(\.points.count).reduce(0, +)
        #expect(total <= MetricsView.seriesLimit)
        let folded = MetricsView.top(
            [("a", "x", 5), ("b", "x", 3), ("a", "x", 2), ("other", "x", 1), ("c", "x", 1)],
            limit: 1
        )
        #expect(folded.map(\.name) == ["a", "other"])
        #expect(folded.map(\.bytes) == [7, 5])
        #expect(!owners.isEmpty)
    }
}
