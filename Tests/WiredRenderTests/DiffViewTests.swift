import Foundation
import Testing
import WiredCore
import WiredJSON
import WiredTestSupport

@testable import WiredRender

/// The text and JSON of `wired diff` on the hand-made pair of DiffSamples.
@Suite("wired diff: text and JSON")
struct DiffViewTests {
    let diff = SnapshotComparison.diff(DiffSamples.before, DiffSamples.after)

    @Test("Text: the culprit is the first line under the owners; ledger by class; counters with their rate")
    func text() {
        let text = DiffView.render(diff, labels: ("a", "b"), minimum: .mebibytes(1), style: .plain, width: 100)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines.first == "wired diff · same boot · 0 min apart")
        let heading = lines.firstIndex { $0.hasPrefix("Owners, by growth (processes, services") } ?? -1
        #expect(heading == 4)
        #expect(lines[heading + 1].hasPrefix("  +128 MiB    memfd viewer-buffer"))
        #expect(lines[heading + 1].contains("1.00 MiB → 129 MiB  (held by viewer (pid 300))"))
        #expect(lines[heading + 2].hasPrefix("  +100 MiB    worker (pid 100)"))
        // The mlock culprit: one line, with its wired cost.
        #expect(lines[heading + 3].hasPrefix(" +64.0 MiB  W locker (pid 200)"))
        #expect(lines[heading + 3].contains("wired +64.0 MiB: locked, pinned, page tables, stacks"))
        #expect(lines.filter { $0.contains("locker") }.count == 1)
        // foo.service: only the 2 MiB its process does not explain.
        let foo = lines.first { $0.contains("service system.slice/foo.service") || $0.contains("service foo.service") }
        #expect(foo?.hasPrefix(" +2.00 MiB") == true)
        #expect(
            foo?.contains(
                "grew +102 MiB; +100 MiB of it is in its processes and child services, or shared or kernel memory, named by other lines"
            ) == true
        )
        #expect(!lines.contains { $0.contains("system.slice ") && $0.contains("+166") })
        #expect(lines.contains("Ledger buckets, by class"))
        #expect(lines.contains { $0.hasPrefix("  free (-300 MiB)") })
        #expect(lines.contains { $0.hasPrefix("  pswpout                  +256 pages (1.00 MiB, 102 KiB/s)") })
        #expect(!text.contains("rebooted"))
    }

    @Test("JSON: wired.diff/2, the relation, own growth, wired cost, classes and counters")
    func json() throws {
        var bytes: [UInt8] = []
        var writer = JSONWriter { bytes += $0 }
        DiffView.write(diff, labels: ("a", "b"), minimum: .mebibytes(1), to: &writer)
        writer.finish()
        let object = try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
        #expect(object["schema"] as? String == "wired.diff/2")
        #expect(object["relation"] as? String == "same-boot")
        #expect(object["sameBoot"] as? Bool == true)
        let changes = try #require(object["changes"] as? [[String: Any]])
        let first = try #require(changes.first)
        #expect(first["kind"] as? String == "memfd")
        #expect(first["section"] as? String == "owners")
        #expect(first["ownDeltaBytes"] as? Int == 128 << 20)
        #expect(first["detail"] as? String == "held by viewer (pid 300)")
        let locker = try #require(changes.first { $0["key"] as? String == "process/200@600" })
        #expect(locker["wiredDeltaBytes"] as? Int == 64 << 20)
        #expect(locker["measure"] as? String == "PSS")
        let foo = try #require(changes.first { $0["key"] as? String == "service//system.slice/foo.service" })
        #expect(foo["deltaBytes"] as? Int == 102 << 20)
        #expect(foo["ownDeltaBytes"] as? Int == 2 << 20)
        let free = try #require(changes.first { $0["key"] as? String == "ledger/free" })
        #expect(free["class"] as? String == "free")
        #expect(free["ownDeltaBytes"] == nil)
        let counters = try #require(object["counters"] as? [[String: Any]])
        let swap = try #require(counters.first { $0["name"] as? String == "pswpout" })
        #expect(swap["delta"] as? Int == 256)
        #expect(swap["bytesPerSecond"] as? Double == 104_857.6)
        #expect(swap["unit"] as? String == "pages")
    }

    @Test("A Linux snapshot against a macOS capture says 'different systems', never 'rebooted in between'")
    func differentSystems() {
        var mac = DiffSamples.after
        mac.meta.os = .macOS
        mac.meta.bootID = "kern.boottime 1763600000"
        let text = DiffView.render(
            SnapshotComparison.diff(DiffSamples.before, mac),
            labels: ("a", "b"),
            minimum: .mebibytes(1),
            style: .plain
        )
        #expect(text.hasPrefix("wired diff · different systems · "))
        #expect(!text.contains("rebooted"))
        var other = DiffSamples.after
        other.meta.hostname = "elsewhere"
        let machines = DiffView.render(
            SnapshotComparison.diff(DiffSamples.before, other),
            labels: ("a", "b"),
            minimum: .mebibytes(1),
            style: .plain
        )
        #expect(machines.hasPrefix("wired diff · different machines · "))
    }
}
