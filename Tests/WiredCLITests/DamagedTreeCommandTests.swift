import Foundation
import Testing
import WiredTestSupport

/// Captured trees with numbers that trapped the binary before (exit 132, nothing on stderr): every view
/// now runs, names the file and field, and marks what contradicts itself untrusted.
@Suite("Damaged trees through the binary")
struct DamagedTreeCommandTests {
    static let views: [[String]] = [
        ["status"], ["status", "--json"], ["top"], ["top", "--json"], ["owners", "--all"],
    ]

    /// Runs every view on `tree`; returns the JSON status object.
    func runAll(_ tree: TemporaryTree) throws -> [String: Any] {
        for view in Self.views {
            let result = try Command.wired(view + ["--root", tree.path])
            #expect(result.status == 0, "\(view): exit \(result.status), \(result.stderr)")
        }
        let json = try Command.wired(["status", "--json", "--root", tree.path])
        return try #require(try Command.json(json.stdout) as? [String: Any])
    }

    func problems(_ object: [String: Any]) -> [[String: Any]] {
        object["problems"] as? [[String: Any]] ?? []
    }

    @Test("Zoneinfo count: near 2^63, a 0x7fff… memory block and 5000-CPU possible list")
    func systemFiles() throws {
        let tree = try TemporaryTree(copying: "vm-6.18-idle")
        let zoneinfo = try tree.read("proc/zoneinfo")
        try tree.write(
            "proc/zoneinfo",
            zoneinfo.replacingOccurrences(of: "count: ", with: "count: 4611686018427387904 ")
        )
        try tree.write("sys/devices/system/memory/block_size_bytes", "7fffffffffffffff\n")
        try tree.write("sys/devices/system/cpu/possible", "0-9223372036854775807\n")
        let object = try runAll(tree)
        let found = problems(object).map { "\($0["source"] as? String ?? "") \($0["field"] as? String ?? "")" }
        #expect(found.contains { $0.hasSuffix("/proc/zoneinfo count") })
        #expect(found.contains { $0.hasSuffix("/block_size_bytes block_size_bytes") })
        #expect(found.contains { $0.hasSuffix("/cpu/possible possible") })
    }

    @Test("Free hugepages above the total: the pool lines marked \"?\" and untrusted in JSON")
    func hugepagesUntrusted() throws {
        let tree = try TemporaryTree(copying: "vm-6.18-hugepages")
        try tree.write("sys/kernel/mm/hugepages/hugepages-2048kB/free_hugepages", "100000\n")
        let object = try runAll(tree)
        let ledger = try #require(object["ledger"] as? [[String: Any]])
        let used = try #require(ledger.first { $0["id"] as? String == "hugepages-used" })
        #expect((used["untrusted"] as? String)?.contains("free_hugepages (100000) is above nr_hugepages (512)") == true)
        #expect(ledger.first { $0["id"] as? String == "free" }?["untrusted"] == nil)
        #expect(
            problems(object).contains {
                $0["field"] as? String == "free_hugepages" && $0["kind"] as? String == "inconsistent"
            }
        )
        let text = try Command.wired(["--root", tree.path], environment: ["COLUMNS": "400", "PATH": "/usr/bin:/bin"])
            .stdout
        #expect(text.contains("? Hugepage pools, in use"))
        #expect(text.contains("untrusted: free_hugepages (100000) is above nr_hugepages (512) for 2.00 MiB pages"))
    }

    @Test("A thread count of 2^31 and Pss above Rss: named per process, no negative wired total")
    func processFiles() throws {
        let tree = try TemporaryTree(copying: "vm-6.18-processes")
        let proc = tree.path + "/proc"
        for pid in try FileManager.default.contentsOfDirectory(atPath: proc) where pid.allSatisfy(\.isNumber) {
            let stat = "proc/\(pid)/stat"
            guard let text = try? tree.read(stat), let close = text.lastIndex(of: ")") else { continue }
            var fields = text[text.index(after: close)...].split(separator: " ").map(String.init)
            if fields.count > 17 { fields[17] = "2147483648" }
            try tree.write(stat, String(text[...close]) + " " + fields.joined(separator: " "))
            if let rollup = try? tree.read("proc/\(pid)/smaps_rollup") {
                try tree.write(
                    "proc/\(pid)/smaps_rollup",
                    rollup.replacingOccurrences(of: "\nPss:", with: "\nPss: 99999999 kB\nX:")
                )
            }
        }
        _ = try runAll(tree)
        let top = try Command.wired(["top", "--json", "--root", tree.path])
        let object = try #require(try Command.json(top.stdout) as? [String: Any])
        let found = problems(object)
        #expect(
            found.contains {
                ($0["source"] as? String)?.hasSuffix("/stat") == true && $0["field"] as? String == "num_threads"
            }
        )
        #expect(
            found.contains {
                ($0["source"] as? String)?.hasSuffix("/smaps_rollup") == true && $0["field"] as? String == "Pss"
            }
        )
        let summary = try #require(object["summary"] as? [String: Any])
        #expect((summary["wiredBytes"] as? Int ?? -1) >= 0)
        #expect(!top.stdout.contains("-32.0 TiB"))
    }
}
