import Foundation
import Testing
import WiredTestSupport

@Suite("macOS captures on the command line")
struct MacCaptureCommandTests {
    let before = Fixtures.darwin("handmade-m2-before")
    let after = Fixtures.darwin("handmade-m2-after")

    @Test("Every view prints the same from a capture and from the snapshot made of it")
    func sameViews() throws {
        let tree = try TemporaryTree()
        let file = tree.path + "/mac.wired"
        let wrote = try Command.wired(["snapshot", "--from", before, "-o", file])
        #expect(wrote.status == 0, "\(wrote.stderr)")
        #expect(wrote.stdout.hasPrefix("wrote \(file) ("))
        let views = [
            ["--json"], [], ["top"], ["top", "--json"], ["top", "--by", "user"], ["owners"], ["owners", "--json"],
        ]
        let wide = ["COLUMNS": "1000", "PATH": "/usr/bin:/bin"]
        for view in views {
            let direct = try Command.wired(view + ["--from", before], environment: wide)
            let saved = try Command.wired(view + ["--from", file], environment: wide)
            #expect(direct.status == 0, "\(view): \(direct.stderr)")
            // The same but for the source: the snapshot names its file, then the capture it was made of.
            #expect(saved.stdout.contains("snapshot \(file), taken from capture "), "\(view) names no file")
            #expect(
                saved.stdout.replacingOccurrences(of: "snapshot \(file), taken from ", with: "") == direct.stdout,
                "\(view) differs"
            )
        }
        let status = try #require(
            try Command.json(try Command.wired(["--json", "--from", before]).stdout) as? [String: Any]
        )
        let monitor = try #require(status["activityMonitor"] as? [String: Any])
        let figures = try #require(monitor["figures"] as? [[String: Any]])
        #expect(figures.first { $0["name"] as? String == "App Memory" }?["bytes"] as? Int == 11_979_980_800)
        #expect((status["host"] as? [String: Any])?["os"] as? String == "macos")
        let top = try #require(
            try Command.json(try Command.wired(["top", "--json", "--from", before]).stdout) as? [String: Any]
        )
        let rows = try #require(top["processes"] as? [[String: Any]])
        #expect(rows.first?["name"] as? String == "WindowServer")
        #expect(rows.first?["footprintBytes"] as? Int == 800 << 20)
    }

    @Test("diff of two captures names what grew; --fail-if-grown exits 3")
    func diff() throws {
        let text = try Command.wired(["diff", before, after, "--color", "never"])
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stdout.contains("+2.00 GiB  W wired: GPU driver (com.apple.iokit.IOGPUFamily)"))
        #expect(text.stdout.contains("Owners, by growth (wired sites, zones, kexts, processes by footprint)"))
        let failing = try Command.wired(["diff", before, after, "--fail-if-grown", "1G"])
        #expect(failing.status == 3)
        #expect(failing.stderr.contains("grew by more than 1.00 GiB"))
    }

    @Test("Clear errors: no services on macOS, a folder without outputs")
    func errors() throws {
        let service = try Command.wired(["top", "--by", "service", "--from", before])
        #expect(service.status == 1)
        #expect(service.stderr.contains("--by service: macOS readings have no services"))
        let empty = try TemporaryTree()
        let none = try Command.wired(["--from", empty.path])
        #expect(none.status == 1)
        #expect(
            none.stderr
                == "wired: \(empty.path): no macOS memory output found in 0 files (looked for vm_stat, memory_pressure, top, sysctl, zprint, footprint and kextstat output by content)\n"
        )
    }
}
