import Foundation
import Testing
import WiredTestSupport

@Suite("wired snapshot, wired diff and --from")
struct SnapshotCommandTests {
    @Test(
        "Every view prints the same from a snapshot file as from the tree it was taken of",
        arguments: ["vm-6.18-owners", "synthetic-owners-v2"]
    )
    func sameViews(fixture: String) throws {
        let tree = try TemporaryTree()
        let file = tree.path + "/s.wired"
        let root = Fixtures.linux(fixture)
        let wrote = try Command.wired(["snapshot", "--root", root, "-o", file])
        #expect(wrote.status == 0, "\(wrote.stderr)")
        #expect(wrote.stdout.hasPrefix("wrote \(file) ("))
        let views = [
            ["--json"], ["top", "--json"], ["owners", "--json"], ["top", "--by", "service", "--json"], [], ["top"],
            ["owners"],
        ]
        // Wide enough that the longer source of a saved snapshot wraps no header line.
        let wide = ["COLUMNS": "1000", "PATH": "/usr/bin:/bin"]
        for view in views {
            let live = try Command.wired(view + ["--root", root], environment: wide)
            let saved = try Command.wired(view + ["--from", file], environment: wide)
            #expect(saved.status == 0, "\(view): \(saved.stderr)")
            // The views are the same but for the source, which names the file and where it was taken from.
            #expect(saved.stdout.contains("snapshot \(file), taken from root \(root)"), "\(view) names no file")
            #expect(!saved.stdout.contains(" · live"))
            #expect(
                saved.stdout.replacingOccurrences(of: "snapshot \(file), taken from ", with: "") == live.stdout,
                "\(view) differs"
            )
        }
    }

    @Test("An existing file is kept unless --force; --json prints the snapshot")
    func overwrite() throws {
        let tree = try TemporaryTree()
        try tree.write("keep.wired", "mine")
        let refused = try Command.wired([
            "snapshot", "--root", Fixtures.linux("vm-6.18-idle"), "-o", tree.path + "/keep.wired",
        ])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("keep.wired: already exists (use --force to replace it)"))
        #expect(try tree.read("keep.wired") == "mine")
        let forced = try Command.wired([
            "snapshot", "--root", Fixtures.linux("vm-6.18-idle"), "-o", tree.path + "/keep.wired", "--force",
        ])
        #expect(forced.status == 0)
        let json = try Command.wired(["snapshot", "--root", Fixtures.linux("vm-6.18-idle"), "--json"])
        let object = try #require(try Command.json(json.stdout) as? [String: Any])
        #expect(object["formatVersion"] as? Int == 1)
        #expect((object["snapshot"] as? [String: Any])?["linux"] != nil)
    }

    @Test("diff: what grew, exit 3 with --fail-if-grown, clear errors for bad files")
    func diff() throws {
        let tree = try TemporaryTree()
        let a = tree.path + "/a.wired"
        let b = tree.path + "/b.wired"
        _ = try Command.wired(["snapshot", "--root", Fixtures.linux("vm-6.18-idle"), "-o", a])
        _ = try Command.wired(["snapshot", "--root", Fixtures.linux("vm-6.18-mlock-1g"), "-o", b])
        let text = try Command.wired(["diff", a, b])
        #expect(text.status == 0)
        #expect(text.stdout.contains("Locked by processes (mlock)"))
        #expect(text.stdout.contains("same boot"))
        let json = try #require(try Command.json(try Command.wired(["diff", a, b, "--json"]).stdout) as? [String: Any])
        let changes = try #require(json["changes"] as? [[String: Any]])
        let mlocked = try #require(changes.first { $0["key"] as? String == "ledger/mlocked" })
        #expect(mlocked["deltaBytes"] as? Int == (1_057_936 - 9_360) * 1024)
        #expect(mlocked["wired"] as? Bool == true)
        let all = try #require(
            try Command.json(try Command.wired(["diff", a, b, "--json", "--min", "0"]).stdout) as? [String: Any]
        )
        #expect((all["changes"] as? [Any])?.count ?? 0 > changes.count)
        #expect(all["folded"] as? Int == 0)
        let failing = try Command.wired(["diff", a, b, "--fail-if-grown", "500M"])
        #expect(failing.status == 3)
        #expect(failing.stderr.contains("grew by more than 500 MiB: Locked by processes (mlock) (+1.00 GiB)"))
        #expect(failing.stderr.contains("wired (Σ of its buckets)"))
        #expect(try Command.wired(["diff", b, a, "--fail-if-grown", "500M"]).status == 0)
        #expect(try Command.wired(["diff", a, a]).stdout.contains("Nothing changed."))
        // Bad inputs name the file and what is wrong.
        let missing = try Command.wired(["diff", a, tree.path + "/nope.wired"])
        #expect(missing.status == 1)
        #expect(missing.stderr == "wired: \(tree.path)/nope.wired: no such file or directory\n")
        let bytes = try Data(contentsOf: URL(fileURLWithPath: a))
        try bytes.prefix(bytes.count / 2).write(to: URL(fileURLWithPath: tree.path + "/half.wired"))
        let half = try Command.wired(["diff", a, tree.path + "/half.wired"])
        #expect(half.status == 1)
        #expect(half.stderr.contains("half.wired: damaged: the compressed data ends early"))
        let badSize = try Command.wired(["diff", a, b, "--min", "lots"])
        #expect(badSize.status == 64)
        let both = try Command.wired(["--root", "/", "--from", a])
        #expect(both.status == 64)
        #expect(both.stderr.contains("--root and --from cannot be used together"))
    }

    @Test("diff FILE now: a snapshot of this machine against a fresh live reading of it")
    func diffNow() throws {
        let tree = try TemporaryTree()
        let a = tree.path + "/a.wired"
        #expect(try Command.wired(["snapshot", "-o", a]).status == 0)
        let result = try Command.wired(["diff", a, "now", "--json", "--min", "0"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.isEmpty)
        let json = try #require(try Command.json(result.stdout) as? [String: Any])
        #expect(json["sameBoot"] as? Bool == true)
        let before = try #require(json["before"] as? [String: Any])
        #expect(before["source"] as? String == a)
        // The live side is a full reading (processes with command lines): the process that took the
        // snapshot is gone from it, and the one that diffs has appeared.
        // Processes are owners; each line's detail is its command.
        let changes = try #require(json["changes"] as? [[String: Any]])
        let gone = changes.filter { $0["kind"] as? String == "process" && $0["status"] as? String == "disappeared" }
        #expect(gone.contains { ($0["detail"] as? String)?.hasSuffix("snapshot -o \(a)") == true })
        let new = changes.filter { $0["kind"] as? String == "process" && $0["status"] as? String == "appeared" }
        #expect(new.contains { ($0["detail"] as? String)?.hasSuffix("diff \(a) now --json --min 0") == true })
    }
}

@Suite("Views of a saved snapshot")
struct SavedSnapshotHeaderTests {
    @Test("A snapshot of the running system never says live when viewed: it names the file and where it came from")
    func notLive() throws {
        let tree = try TemporaryTree()
        let file = tree.path + "/now.wired"
        let wrote = try Command.wired(["snapshot", "-o", file])
        #expect(wrote.status == 0, "\(wrote.stderr)")
        let wide = ["COLUMNS": "1000", "PATH": "/usr/bin:/bin"]
        for view in [[], ["top"], ["owners"], ["--json"], ["top", "--json"], ["owners", "--json"]] {
            let result = try Command.wired(view + ["--from", file], environment: wide)
            #expect(result.status == 0, "\(view): \(result.stderr)")
            #expect(!result.stdout.contains(" · live"), "\(view)")
            #expect(!result.stdout.contains("\"live\""), "\(view)")
            #expect(result.stdout.contains("snapshot \(file), taken from the running system"), "\(view)")
        }
        let diff = try Command.wired(["diff", file, file], environment: wide)
        #expect(!diff.stdout.contains(" · live"))
    }
}
