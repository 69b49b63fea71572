import Foundation
import Testing
import WiredCore
import WiredSnapshot
import WiredTestSupport

/// Snapshot files with numbers near 2^63, run through the real binary: no trap (exit 132 or 134 before),
/// the figures left out, and the problems named.
@Suite("Snapshot files with absurd numbers, through the binary")
struct AbsurdSnapshotFileTests {
    /// A full reading of the owners fixture with MemFree, pageSize, a slab cache, a process's Pss and the
    /// hugepage pools near 2^63.
    func damaged() -> Snapshot {
        var snapshot = fullSnapshot("vm-6.18-owners")
        snapshot.linux?.meminfo?["MemFree"] = Int64.max - 1
        snapshot.meta.pageSize = Int64.max
        snapshot.owners?.slabCaches?[0].bytes = Int64.max
        snapshot.linux?.zones?[0].perCPUFree = Int64.max
        if let index = snapshot.processes?.processes.firstIndex(where: { $0.smaps != nil }) {
            snapshot.processes?.processes[index].smaps?.pss = Int64.max
        }
        snapshot.processes?.processes[0].threads = .max
        return snapshot
    }

    @Test("status, top, owners and diff of such a file: exit 0, the problems named, no figure of 2^63")
    func throughTheBinary() throws {
        let tree = try TemporaryTree()
        let file = tree.path + "/damaged.wired"
        let clean = tree.path + "/clean.wired"
        _ = try SnapshotFile.write(damaged(), to: file, force: false)
        _ = try SnapshotFile.write(fullSnapshot("vm-6.18-owners"), to: clean, force: false)
        for arguments in [["status"], ["top"], ["owners", "--all"], ["top", "--json"], ["diff", clean, file]] {
            let result = try Command.wired(arguments + (arguments[0] == "diff" ? [] : ["--from", file]))
            #expect(result.status == 0, "\(arguments): exit \(result.status) \(result.stderr)")
            // The number appears only where a problem quotes it.
            let shown = result.stdout.split(separator: "\n").filter {
                $0.contains("922337203685477580") && !$0.contains("is out of range")
            }
            #expect(shown.isEmpty, "\(arguments): \(shown)")
            #expect(!result.stdout.contains("8.00 EiB"), "\(arguments)")
        }
        let json = try Command.wired(["status", "--json", "--from", file])
        #expect(json.status == 0)
        let object = try #require(try Command.json(json.stdout) as? [String: Any])
        let problems = try #require(object["problems"] as? [[String: Any]])
        let fields = Set(problems.compactMap { $0["field"] as? String })
        #expect(fields.isSuperset(of: ["MemFree", "pageSize"]))
        #expect(problems.contains { ($0["field"] as? String)?.hasPrefix("Node 0") == true })
        let ledger = try #require(object["ledger"] as? [[String: Any]])
        #expect(!ledger.contains { $0["id"] as? String == "free" })
        let owners = try Command.wired(["owners", "--json", "--from", file])
        let ownerProblems = try #require(
            (try Command.json(owners.stdout) as? [String: Any])?["problems"] as? [[String: Any]]
        )
        #expect(ownerProblems.contains { $0["source"] as? String == "/proc/slabinfo" })
        #expect(ownerProblems.contains { ($0["field"] as? String) == "num_threads" })
    }
}
