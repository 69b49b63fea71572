import Foundation
import Testing
import WiredTestSupport

/// The text and JSON of `wired` for macOS captures that lack evidence of pressure, and for vm_stat's paging
/// counters and memory-tagging rows.
@Suite("macOS pressure, paging and tag storage on the command line")
struct MacPressureCommandTests {
    @Test("top's PhysMem line alone: the verdict is unknown, with its reason, in text and JSON")
    func unknownVerdict() throws {
        let file = Fixtures.darwin("top-physmem-only-handmade.txt")
        let text = try Command.wired(["--from", file, "--color", "never"])
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stdout.contains("\nPressure  unknown\n  ? the capture holds neither the kernel's pressure level"))
        #expect(!text.stdout.contains("Pressure  ok"))
        let json = try #require(
            try Command.json(try Command.wired(["--from", file, "--json"]).stdout) as? [String: Any]
        )
        let pressure = try #require(json["pressure"] as? [String: Any])
        #expect(pressure["verdict"] as? String == "unknown")
        let because = try #require(pressure["unknownBecause"] as? String)
        #expect(because.contains("kern.memorystatus_vm_pressure_level"))
        // A capture with the kernel's level has a verdict and no reason for unknown.
        let judged = try #require(
            try Command.json(
                try Command.wired(["--from", Fixtures.darwin("handmade-m2-before"), "--json"]).stdout
            ) as? [String: Any]
        )
        let level = try #require(judged["pressure"] as? [String: Any])
        #expect(level["verdict"] as? String == "ok")
        #expect(level["unknownBecause"] is NSNull)
    }

    @Test("vm_stat with memory tagging: paging since boot and the tag-storage region, in text and JSON")
    func pagingAndTagStorage() throws {
        let tree = try TemporaryTree()
        for name in ["vm_stat-mte-handmade.txt", "sysctl-48GB-mte-handmade.txt"] {
            try tree.write(name, Array(try Data(contentsOf: URL(fileURLWithPath: Fixtures.darwin(name)))))
        }
        let text = try Command.wired(["--from", tree.path, "--color", "never"])
        #expect(text.status == 0, "\(text.stderr)")
        #expect(
            text.stdout.contains(
                "Paging since boot   pageins 113 TiB, pageouts 168 GiB, swapins 673 GiB, swapouts 1.15 TiB"
            )
        )
        #expect(text.stdout.contains("  Tag storage           1.50 GiB   Pages tag-storage"))
        #expect(
            text.stdout.contains(
                "    holding tags         238 MiB   Pages tag-storage holding tags: wired, inside Wired Memory"
            )
        )
        let json = try #require(
            try Command.json(try Command.wired(["--from", tree.path, "--json"]).stdout) as? [String: Any]
        )
        let monitor = try #require(json["activityMonitor"] as? [String: Any])
        let storage = try #require(monitor["tagStorage"] as? [[String: Any]])
        #expect(storage.first?["name"] as? String == "Tag storage")
        #expect(storage.first?["bytes"] as? Int == 98_304 * 16_384)
        let paging = try #require(monitor["paging"] as? [[String: Any]])
        #expect(paging.map { $0["name"] as? String } == ["Pageins", "Pageouts", "Swapins", "Swapouts"])
        #expect(paging.last?["bytes"] as? Int == 77_484_917 * 16_384)
        let figures = try #require(monitor["figures"] as? [[String: Any]])
        #expect(
            figures.first { $0["name"] as? String == "Memory Used + tag storage" }?["bytes"] as? Int
                == (2_468_066 + 98_304) * 16_384
        )
    }
}
