import Foundation
import Testing
import WiredTestSupport

/// `wired top` as a user runs it, on the captured process tree.
@Suite("wired top")
struct TopCommandTests {
    static let tree = Fixtures.linux("vm-6.18-processes")

    @Test("JSON contract: processes with identity, memory and wired cost; summary with counts")
    func json() throws {
        let result = try Command.wired(["top", "--root", Self.tree, "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let object = try #require(try Command.json(result.stdout) as? [String: Any])
        let processes = try #require(object["processes"] as? [[String: Any]])
        #expect(processes.count == 7)
        let keys = [
            "pid", "startTime", "name", "command", "user", "pssBytes", "ussBytes", "rssBytes", "swapBytes", "threads",
            "wiredBytes", "lockedBytes", "pageTableBytes", "kernelStackBytes", "inspectable",
        ]
        for process in processes {
            for key in keys { #expect(process[key] != nil, "missing \(key)") }
        }
        // Sorted by PSS: locker (18,259 kB) first.
        #expect(processes.first?["name"] as? String == "locker")
        #expect(processes.first?["pssBytes"] as? Int == 18_259 * 1024)
        // Page tables, stack and locked pages, and one thread's kernel objects at the x86_64 defaults (the tree
        // has no slabinfo): task_struct 6,553 + pid 195, and 5,963 bytes of per-process objects.
        #expect(processes.first?["wiredBytes"] as? Int == (108 + 16 + 16_384) * 1024 + 6_553 + 195 + 5_963)
        #expect(processes.first?["kernelObjectBytes"] as? Int == 6_553 + 195 + 5_963)
        // cmdline is never captured in fixtures: the name stands in for it.
        #expect(processes.first?["command"] as? String == "[locker]")
        let one = try #require(processes.first { $0["pid"] as? Int == 1 })
        #expect(one["inspectable"] as? Bool == false)
        #expect(one["pssBytes"] is NSNull)
        let summary = try #require(object["summary"] as? [String: Any])
        #expect(summary["pssTotalBytes"] as? Int == (10_036 + 4_049 + 1_735 + 2_879 + 18_259 + 5_937) * 1024)
        #expect(summary["uninspectable"] as? Int == 1)
        #expect(summary["zombies"] as? Int == 1)
        #expect(summary["kernelThreads"] as? Int == 2)
    }

    @Test("Sorting, limits and grouping")
    func options() throws {
        let threads = try #require(
            try Command.json(
                try Command.wired(["top", "--root", Self.tree, "--json", "--sort", "threads", "--limit", "2"]).stdout
            )
                as? [String: Any]
        )
        let processes = try #require(threads["processes"] as? [[String: Any]])
        #expect(processes.map { $0["name"] as? String } == ["threaded", "process_api"])
        let byService = try #require(
            try Command.json(try Command.wired(["top", "--root", Self.tree, "--json", "--by", "service"]).stdout)
                as? [String: Any]
        )
        let groups = try #require(byService["groups"] as? [[String: Any]])
        #expect(
            Set(groups.compactMap { $0["key"] as? String }) == ["/", "process_api/1cc345fa0fa8", "wired-demo.service"]
        )
        let text = try Command.wired(["top", "--root", Self.tree, "--by", "command", "--limit", "3"])
        #expect(text.stdout.contains("3 groups") == false)
        #expect(text.stdout.contains("7 groups by command"))
        #expect(text.stdout.contains("… 4 more (--limit 0 shows all)"))
    }

    @Test("Text: columns, the marker for processes that cannot be inspected, and the footer")
    func text() throws {
        let result = try Command.wired(["top", "--root", Self.tree, "--limit", "0"])
        #expect(result.status == 0)
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.contains { $0.contains("PID USER") && $0.contains("WIRED") && $0.contains("COMMAND") })
        #expect(lines.contains { $0.hasPrefix("      1*") })
        #expect(result.stdout.contains("Σ PSS  41.9 MiB of 6 processes"))
        #expect(result.stdout.contains("2 kernel threads are not listed"))
        #expect(result.stdout.contains("1 zombie"))
        #expect(result.stdout.contains("protected from ptrace even for root"))
    }

    @Test("Wrong values are refused with usage errors")
    func refusals() throws {
        let sort = try Command.wired(["top", "--sort", "size"])
        #expect(sort.status == 64)
        #expect(sort.stderr.contains("--sort"))
        let limit = try Command.wired(["top", "--limit=-3"])
        #expect(limit.status == 64)
        #expect(limit.stderr.contains("--limit must be 0 (all) or more"))
    }

    @Test("--help names where each column comes from")
    func help() throws {
        let help = try Command.wired(["top", "--help"])
        for text in [
            "Pss in /proc/PID/smaps_rollup", "SwapPss in smaps_rollup", "VmPTE", "num_threads", "/proc/PID/environ",
        ] {
            #expect(help.stdout.contains(text), "\(text)")
        }
    }
}
