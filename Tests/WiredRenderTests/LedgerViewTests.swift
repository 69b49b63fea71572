import Foundation
import Testing
import WiredCore
import WiredJSON
import WiredRender
import WiredTestSupport

@Suite("Ledger views")
struct LedgerViewTests {
    func json(_ snapshot: Snapshot) throws -> [String: Any] {
        let ledger = try Ledger.of(snapshot)
        var bytes: [UInt8] = []
        var writer = JSONWriter(flushThreshold: 64) { bytes += $0 }  // tiny threshold: exercises flushing
        LedgerJSON.write(snapshot, ledger, to: &writer)
        writer.finish()
        return try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
    }

    @Test("JSON contract: installedBytes, memTotalBytes, ledger entries and totals, all integers")
    func contract() throws {
        let object = try json(SampleSnapshots.linux())
        #expect(object["installedBytes"] as? Int == 8 << 30)
        #expect(object["memTotalBytes"] as? Int == 8_000_000 * 1024)
        let ledger = try #require(object["ledger"] as? [[String: Any]])
        for entry in ledger {
            for key in ["id", "name", "class", "source"] { #expect(entry[key] is String, "\(key)") }
            #expect(entry["bytes"] is Int)
        }
        #expect(ledger.compactMap { $0["bytes"] as? Int }.reduce(0, +) == 8_000_000 * 1024)
        let totals = try #require(object["totals"] as? [String: Any])
        #expect(totals["usedBytes"] as? Int == 1_500_000 * 1024)
        #expect(totals["availableBytes"] as? Int == 6_500_000 * 1024)
        #expect(totals["freeBytes"] as? Int == 5_004_000 * 1024)
        // Wired is pinned memory only; app and shared memory with no swap are unswappable.
        #expect(totals["wiredBytes"] as? Int == (172_000 + 64_000) * 1024)
        #expect(totals["unswappableBytes"] as? Int == 1_000_000 * 1024)
        #expect(totals["unswappableReason"] as? String == "there is no swap")
        let wired = try #require(object["wired"] as? [String: Any])
        #expect(wired["totalBytes"] as? Int == (172_000 + 64_000) * 1024)
        #expect(wired["noSwapBytes"] as? Int == 0)
        #expect(ledger.first { $0["id"] as? String == "app" }?["class"] as? String == "unswappable")
        #expect(totals["reclaimableBytes"] as? Int == 1_750_000 * 1024)
        #expect(totals["unexplainedBytes"] as? Int == 10_000 * 1024)
    }

    @Test("JSON escapes control characters and quotes in strings")
    func escaping() throws {
        var bytes: [UInt8] = []
        var writer = JSONWriter(pretty: false) { bytes += $0 }
        writer.beginObject()
        writer.field("name", "a \"b\" \\ c\n\u{1}é")
        writer.field("n", Double.nan)
        writer.endObject()
        writer.finish()
        #expect(String(decoding: bytes, as: UTF8.self) == "{\"name\":\"a \\\"b\\\" \\\\ c\\n\\u0001é\",\"n\":null}\n")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
        #expect(object["name"] as? String == "a \"b\" \\ c\n\u{1}é")
    }

    @Test("Text report: plain when piped, every non-empty bucket with its source, sizes exact with --bytes")
    func text() throws {
        let snapshot = SampleSnapshots.linux()
        let ledger = try Ledger.of(snapshot)
        let plain = LedgerReport.render(snapshot, ledger, style: .plain)
        #expect(!plain.contains("\u{1B}["))
        #expect(plain.contains("Installed RAM"))
        #expect(plain.contains("App memory (anonymous)"))
        #expect(plain.contains("SUnreclaim in /proc/meminfo"))
        #expect(plain.contains("Unexplained"))
        #expect(plain.contains("Zero: Swap cache"))
        #expect(plain.contains("Used      1.43 GiB as free(1) and btop show it"))
        let exact = LedgerReport.render(snapshot, ledger, style: Style(color: false, exactBytes: true))
        #expect(exact.contains("5,120,000,000"))  // MemFree 5,000,000 kB
        let colored = LedgerReport.render(snapshot, ledger, style: Style(color: true))
        #expect(colored.contains("\u{1B}[31m"))
    }

    @Test("The bar gives each class cells in proportion, at least one when present")
    func bar() throws {
        let ledger = try Ledger.of(SampleSnapshots.linux())
        let bar = LedgerReport.bar(ledger, style: .plain, width: 52)
        let cells = try #require(bar.split(separator: "\n").first).dropFirst().dropLast()
        #expect(cells.count == 50)
        // Free is 5,004,000 kB of the 8 GiB installed (59.7%): 29.8, so 30 of 50 cells.
        #expect(cells.filter { $0 == "." }.count == 30)
        #expect(cells.contains("?"))  // 10,000 kB unexplained still gets a cell
    }
}

@Suite("Ledger view widths and classes")
struct LedgerWidthTests {
    static let fixtures = [
        "vm-6.18-owners", "vm-6.18-pressure-swapping", "rhel8-4.18-hyperv", "router-4.1-mips", "contradictory-lxcfs",
        "nvidia-gpu", "android-3.4-armv7",
    ]

    @Test("At 80 columns no line of the status is wider than 80 display columns", arguments: fixtures)
    func eightyColumns(fixture: String) throws {
        let snapshot = Fixtures.fullSnapshot(fixture)
        let ledger = try Ledger.of(snapshot)
        let pressure = PressureAnalysis.judge(snapshot, ledger: ledger)
        for style in [Style.plain, Style(color: false, exactBytes: true)] {
            let text = LedgerReport.render(snapshot, ledger, pressure: pressure, style: style, width: 80)
            for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
                #expect(TerminalSafe.width(String(line)) <= 80, "\(TerminalSafe.width(String(line))): \(line)")
            }
            // Narrow, every bucket's source still shows, on its own indented line.
            for bucket in ledger.buckets where bucket.bytes.bytes != 0 {
                let words = bucket.source.split(separator: " ").prefix(2).joined(separator: " ")
                #expect(text.contains("    " + words), "\(bucket.id): \(words)")
            }
        }
    }

    @Test("Wide enough, the table is one line per bucket with its source, as before")
    func wideLayout() throws {
        let snapshot = SampleSnapshots.linux()
        let ledger = try Ledger.of(snapshot)
        let lines = LedgerReport.render(snapshot, ledger, style: .plain, width: 400).split(separator: "\n")
        #expect(
            lines.contains("  Bucket                                              Size   Share  Class         Source")
        )
        #expect(
            lines.contains(
                "  Free                                            4.77 GiB   59.6%  free          MemFree in /proc/meminfo"
            )
        )
        #expect(
            lines.contains(
                "  Kernel slab (unreclaimable)                      107 MiB    1.3%  wired·kernel  SUnreclaim in /proc/meminfo"
            )
        )
        let narrow = LedgerReport.render(snapshot, ledger, style: .plain, width: 100).split(separator: "\n")
        #expect(narrow.contains("  Free                                  4.77 GiB   59.6%  free"))
        #expect(narrow.contains("    MemFree in /proc/meminfo"))
    }

    @Test("No swap: Wired is pinned memory only, and one line says app and shared memory cannot leave RAM either")
    func unswappableLine() throws {
        let snapshot = SampleSnapshots.linux()
        let ledger = try Ledger.of(snapshot)
        let text = LedgerReport.render(snapshot, ledger, style: .plain, width: 400)
        #expect(text.contains("Wired     230 MiB (2.8%) = kernel 168 MiB + user 62.5 MiB\n"))
        #expect(text.contains("          App and shared memory, 977 MiB, cannot be paged out either: there is no swap"))
        #expect(text.contains("u unswappable 11.9%"))
        #expect(text.contains("unswappable   Active(anon) + Inactive(anon) − Shmem − SwapCached"))
        #expect(!text.contains("noswap"))
        let bar = LedgerReport.bar(ledger, style: .plain, width: 52)
        #expect(bar.contains("u"))
    }
}
