import ArgumentParser
import Foundation
import Testing
import WiredTestSupport

@testable import WiredCommands

/// The `wired` binary as a user runs it.
@Suite("wired status and explain")
struct StatusCommandTests {
    @Test("wired --root TREE --json prints the ledger with the JSON contract")
    func jsonOnFixture() throws {
        let result = try Command.wired(["--root", Fixtures.linux("vm-6.18-idle"), "--json"])
        #expect(result.status == 0)
        let object = try #require(try Command.json(result.stdout) as? [String: Any])
        #expect(object["memTotalBytes"] as? Int == 24_684_092 * 1024)
        #expect(object["installedBytes"] as? Int == 24 << 30)
        let ledger = try #require(object["ledger"] as? [[String: Any]])
        #expect(ledger.compactMap { $0["bytes"] as? Int }.reduce(0, +) == 24_684_092 * 1024)
        #expect(ledger.first { $0["id"] as? String == "mlocked" }?["bytes"] as? Int == 9_360 * 1024)
        let totals = try #require(object["totals"] as? [String: Any])
        #expect(totals["usedBytes"] as? Int == (24_684_092 - 24_275_556) * 1024)
        let problems = try #require(object["problems"] as? [[String: Any]])
        #expect(problems.count == 1)
        #expect((problems.first?["source"] as? String)?.hasSuffix("/sys/firmware/dmi/tables/DMI") == true)
    }

    @Test("Text is plain when piped, and --bytes prints exact numbers")
    func textWhenPiped() throws {
        let result = try Command.wired(["--root", Fixtures.linux("vm-6.18-mlock-1g"), "--bytes"])
        #expect(result.status == 0)
        #expect(!result.stdout.contains("\u{1B}["))
        #expect(result.stdout.contains("Locked by processes (mlock)"))
        #expect(result.stdout.contains("1,083,326,464"))
        let forced = try Command.wired(["status", "--root", Fixtures.linux("vm-6.18-idle"), "--color", "always"])
        #expect(forced.stdout.contains("\u{1B}["))
    }

    @Test("A missing tree, an empty tree and a wrong flag give one clear line and a non-zero status")
    func errors() throws {
        let missing = try Command.wired(["--root", "/nonexistent/tree"])
        #expect(missing.status == 1)
        #expect(missing.stderr == "wired: --root /nonexistent/tree: not a directory\n")
        let tree = try TemporaryTree()
        let empty = try Command.wired(["--root", tree.path])
        #expect(empty.status == 1)
        #expect(empty.stderr.contains("\(tree.path)/proc/meminfo: not present"))
        #expect(empty.stderr.contains("no ledger can be drawn"))
        let wrongFlag = try Command.wired(["--frobnicate"])
        #expect(wrongFlag.status == 64)
        #expect(wrongFlag.stderr.contains("Unknown option '--frobnicate'"))
        let wrongColor = try Command.wired(["--color", "sometimes"])
        #expect(wrongColor.status == 64)
    }

    @Test("wired explain: all terms, one term, an unknown term")
    func explain() throws {
        let all = try Command.wired(["explain"])
        #expect(all.status == 0)
        #expect(all.stdout.contains("wired"))
        #expect(all.stdout.contains("unexplained"))
        let one = try Command.wired(["explain", "slab-unreclaimable"])
        #expect(one.stdout.hasPrefix("slab: "))
        let unknown = try Command.wired(["explain", "flux-capacitor"])
        #expect(unknown.status == 64)
        #expect(unknown.stderr.contains("no explanation for \"flux-capacitor\""))
    }

    @Test("Options parse into the status command by default")
    func parsing() throws {
        let command = try Wired.parseAsRoot(["--json", "--root", "/x"])
        #expect(command is Wired.Status)
        #expect((command as? Wired.Status)?.global.root == "/x")
        #expect(throws: (any Error).self) { try Wired.parseAsRoot(["--color", "purple"]) }
    }
}
