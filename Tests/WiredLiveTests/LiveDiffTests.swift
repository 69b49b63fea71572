import Foundation
import Testing
import WiredTestSupport

extension Live {
    /// `wired diff` between a snapshot and `now`, with one culprit started in between: the culprit must be the
    /// first line, with a growth within 5% of the truth, and named once.
    ///
    /// Root only (cgroups, mlock beyond the default limit, other users' processes); one at a time. Processes of
    /// other work that start or end between the two readings (compilers of a busy machine), this test process and
    /// the cgroups holding it are left out before the lines are ranked: they are real owners, but not this test's.
    /// Other work that grows in between elsewhere can still outgrow a culprit: rerun before concluding.
    @Suite(
        "Live diff: the culprit first, named once (root)",
        .serialized,
        .enabled(if: Fixtures.isRoot, "needs root: memory cgroups, mlock beyond the default limit")
    )
    struct LiveDiffCulpritTests {
        /// Snapshot, then `start()`, then `wired diff SNAPSHOT now --json --min 0`: the owners' changes.
        func diff(around start: () throws -> HelperProcess) throws -> (changes: [[String: Any]], helper: HelperProcess)
        {
            let tree = try TemporaryTree()
            let file = tree.path + "/before.wired"
            let snapshot = try Command.wired(["snapshot", "-o", file])
            try #require(snapshot.status == 0, "\(snapshot.stderr)")
            let helper = try start()
            Thread.sleep(forTimeInterval: 1.2)  // per-CPU counters fold every second
            let result = try Command.wired(["diff", file, "now", "--json", "--min", "0"])
            try #require(result.status == 0, "\(result.stderr)")
            let object = try #require(try Command.json(result.stdout) as? [String: Any])
            #expect(object["relation"] as? String == "same-boot")
            let changes = try #require(object["changes"] as? [[String: Any]])
            let owners = changes.filter { $0["section"] as? String == "owners" }
            return (owners.filter { !isOtherWork($0, helper: helper.pid) }, helper)
        }

        /// A process of other work that started or ended between the readings (not the helper or its child),
        /// this test process, which grows as the suites before it ran, or a memory cgroup holding this test
        /// process, which the suites running beside this one grow (page cache, a browser).
        func isOtherWork(_ change: [String: Any], helper: Int32) -> Bool {
            if change["kind"] as? String == "service" {
                return Fixtures.ownMemoryCgroups.contains { change["key"] as? String == "service/" + $0 }
            }
            guard change["kind"] as? String == "process" else { return false }
            let name = change["name"] as? String ?? ""
            if name.hasSuffix("(pid \(getpid()))") { return true }
            guard change["status"] as? String != "changed" else { return false }
            return !name.contains("(pid \(helper))") && !name.hasPrefix("memfd child")
        }

        func own(_ change: [String: Any]?) -> Int { change?["ownDeltaBytes"] as? Int ?? 0 }

        func within(_ value: Int, _ truth: Int) -> Bool { abs(Double(value - truth)) <= 0.05 * Double(truth) }

        /// Lines other than `first` that claim as much as the truth (within 5%): there must be none.
        func namedAgain(_ owners: [[String: Any]], truth: Int) -> [String] {
            owners.dropFirst().filter { within(own($0), truth) }.compactMap { $0["name"] as? String }
        }

        @Test("A 128 MiB memfd: the memfd is the first line, +128 MiB, and its two holders add nothing")
        func memfd() throws {
            let name = "wired-diff-\(getpid())"
            let (owners, helper) = try diff { try HelperProcess(["--memfd", "128", "--memfd-name", name]) }
            defer { helper.stop() }
            let first = try #require(owners.first)
            #expect(first["kind"] as? String == "memfd", "\(first)")
            #expect(first["name"] as? String == "memfd \(name)")
            #expect(within(own(first), 128 << 20), "\(own(first))")
            #expect((first["detail"] as? String)?.contains("(pid \(helper.pid))") == true)
            #expect(namedAgain(owners, truth: 128 << 20).isEmpty)
            // The helper and its child map it: their own growth leaves the shared pages to the memfd.
            let holders = owners.filter { ($0["name"] as? String)?.contains("wired-test-help") == true }
            #expect(holders.allSatisfy { own($0) < 8 << 20 }, "\(holders)")
        }

        @Test("A process in a memory cgroup touching 100 MiB: the process first, its cgroup adds nothing more")
        func processInCgroup() throws {
            let name = "wired-diff-\(getpid())"
            let v2 =
                (try? String(contentsOfFile: "/sys/fs/cgroup/cgroup.controllers", encoding: .utf8))?.contains("memory")
                == true
            let directory = v2 ? "/sys/fs/cgroup/\(name)" : "/sys/fs/cgroup/memory/\(name)"
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: false)
            defer { try? FileManager.default.removeItem(atPath: directory) }
            let (owners, helper) = try diff { try HelperProcess(["--anon", "100"], cgroup: directory) }
            defer { helper.stop() }
            let first = try #require(owners.first)
            #expect(first["kind"] as? String == "process", "\(first)")
            #expect((first["name"] as? String)?.contains("pid \(helper.pid)") == true, "\(first)")
            #expect(within(own(first), 100 << 20), "\(own(first))")
            #expect(namedAgain(owners, truth: 100 << 20).isEmpty)
            let service = owners.first { ($0["key"] as? String)?.hasSuffix("/\(name)") == true }
            #expect(own(service) < 5 << 20, "\(service ?? [:])")
        }

        @Test("mlock of 64 MiB: one line for the process, with its 64 MiB of wired cost")
        func mlock() throws {
            let (owners, helper) = try diff { try HelperProcess(["--mlock", "64"]) }
            defer { helper.stop() }
            let first = try #require(owners.first)
            #expect(first["kind"] as? String == "process", "\(first)")
            #expect((first["name"] as? String)?.contains("pid \(helper.pid)") == true, "\(first)")
            // The helper is new, so its own growth is the 64 MiB plus its own start-up footprint (about 4 MiB).
            #expect((64 << 20...70 << 20).contains(own(first)), "\(own(first))")
            #expect(within(first["wiredDeltaBytes"] as? Int ?? 0, 64 << 20), "\(first)")
            #expect(namedAgain(owners, truth: 64 << 20).isEmpty)
            #expect(owners.filter { ($0["name"] as? String)?.contains("pid \(helper.pid)") == true }.count == 1)
        }
    }
}
