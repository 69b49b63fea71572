import Foundation
import Testing
import WiredTestSupport

@Suite("wired owners")
struct OwnersCommandTests {
    static let synthetic = Fixtures.linux("synthetic-owners-v2")

    @Test("JSON: a tree of nodes with id, name, kind, bytes, wired and children, each level adding up")
    func json() throws {
        let result = try Command.wired(["owners", "--root", Self.synthetic, "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let object = try #require(try Command.json(result.stdout) as? [String: Any])
        let tree = try #require(object["tree"] as? [String: Any])
        var kinds: Set<String> = []
        func check(_ node: [String: Any]) {
            for key in ["id", "name", "kind", "bytes", "wired", "children"] {
                #expect(node[key] != nil, "missing \(key)")
            }
            kinds.insert(node["kind"] as? String ?? "")
            let children = node["children"] as? [[String: Any]] ?? []
            if !children.isEmpty {
                #expect(
                    children.compactMap { $0["bytes"] as? Int }.reduce(0, +) == node["bytes"] as? Int,
                    "\(node["id"] ?? "")"
                )
            }
            children.forEach(check)
        }
        check(tree)
        #expect(kinds.isSuperset(of: ["bucket", "service", "process", "vm", "mount", "gpu", "device", "unexplained"]))
        #expect((object["services"] as? [[String: Any]])?.isEmpty == false)
        #expect((object["deviceMemory"] as? [[String: Any]])?.count == 1)
        let shallow = try #require(
            try Command.json(try Command.wired(["owners", "--root", Self.synthetic, "--json", "--depth", "1"]).stdout)
                as? [String: Any]
        )
        let buckets = try #require((shallow["tree"] as? [String: Any])?["children"] as? [[String: Any]])
        #expect(buckets.allSatisfy { ($0["children"] as? [Any])?.isEmpty == true })
    }

    @Test("Text: folded by default, everything with --all, W marks wired, the checks listed")
    func text() throws {
        let folded = try Command.wired(["owners", "--root", Fixtures.linux("vm-6.18-owners")])
        #expect(folded.status == 0)
        #expect(folded.stdout.contains(" others "))
        #expect(folded.stdout.contains("W Kernel slab (unreclaimable)"))
        #expect(folded.stdout.contains("tmpfs /tmp/wired-fixture-tmpfs"))
        let all = try Command.wired(["owners", "--root", Fixtures.linux("vm-6.18-owners"), "--all", "--depth", "2"])
        #expect(all.stdout.contains("task_struct"))
        #expect(!all.stdout.contains(" others "))
        let synthetic = try Command.wired(["owners", "--root", Self.synthetic])
        #expect(synthetic.stdout.contains("Could not check"))
        #expect(synthetic.stdout.contains("/proc/slabinfo is not present"))
        #expect(synthetic.stdout.contains("GPU memory"))
        let bad = try Command.wired(["owners", "--depth", "0"])
        #expect(bad.status == 64)
    }

    @Test(
        "As nobody, the checks that need root are named",
        .enabled(if: Fixtures.isRoot, "needs root to switch to nobody with setpriv"),
        .enabled(if: Fixtures.othersCanExecute(Fixtures.product("wired")), "the build folder is not readable by nobody")
    )
    func asNobody() throws {
        let result = try Command.run([
            "/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", Fixtures.product("wired"), "owners",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("no permission to read /proc/slabinfo (root only)"))
        #expect(result.stdout.contains("not named (no permission to read /proc/slabinfo)"))
        #expect(result.stdout.contains("could not be inspected"))
    }
}
