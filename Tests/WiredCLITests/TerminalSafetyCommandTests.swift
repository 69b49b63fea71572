import Foundation
import Testing
import WiredCore
import WiredRender
import WiredTestSupport

@testable import WiredCommands

/// Captured trees, snapshots and macOS captures whose names carry escape sequences, through every text view.
@Suite("Hostile names on the command line")
struct TerminalSafetyCommandTests {
    /// Sets the terminal title and clears the screen.
    static let attack = "\u{1B}]0;pwned\u{07}\u{1B}[2J"
    /// How the views show it.
    static let shown = "\\x1b]0;pwned\\x07\\x1b[2J"

    /// Code points no output may hold raw: controls (but the LF between lines), C1, format characters
    /// (bidi, zero-width), separators.
    static func raw(_ text: String) -> [String] {
        text.unicodeScalars.filter { $0 != "\n" && TerminalSafe.isUnsafe($0) }.map { String($0.value, radix: 16) }
    }

    /// Runs `wired` on a wide terminal, so that no name is cut.
    func wired(_ arguments: [String]) throws -> CommandResult {
        try Command.wired(arguments, environment: ["COLUMNS": "400", "PATH": "/usr/bin:/bin"])
    }

    func expectSafe(_ result: CommandResult, _ what: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(
            Self.raw(result.stdout).isEmpty,
            "\(what): stdout holds \(Self.raw(result.stdout))",
            sourceLocation: sourceLocation
        )
        #expect(
            Self.raw(result.stderr).isEmpty,
            "\(what): stderr holds \(Self.raw(result.stderr))",
            sourceLocation: sourceLocation
        )
    }

    /// synthetic-owners-v2 with an attack in the host name, the kernel release, a comm, a command line, a
    /// user name, a cgroup (service) name, a tmpfs mount point and a slab cache name.
    static func hostileTree() throws -> TemporaryTree {
        let tree = try TemporaryTree(copying: "synthetic-owners-v2")
        try tree.write("proc/sys/kernel/hostname", "evil\(attack)\nhost\n")
        try tree.write("proc/sys/kernel/osrelease", "6.8.0\u{9B}31m-synthetic\n")
        try tree.write(
            "proc/501/stat",
            try tree.read("proc/501/stat").replacingOccurrences(of: "(nginx)", with: "(ngi\(attack)nx)")
        )
        try tree.write(
            "proc/701/cmdline",
            "/usr/bin/qemu-system-x86_64\0-name\0guest=web\u{202E}1\(attack)\0-m\0\u{85}4096\0"
        )
        try tree.write(
            "etc/passwd",
            try tree.read("etc/passwd").replacingOccurrences(of: "www-data", with: "www\u{1B}[8m")
        )
        let service = "sys/fs/cgroup/system.slice/nginx.service"
        let evil = "sys/fs/cgroup/system.slice/ngi\(attack)nx.service"
        try FileManager.default.moveItem(atPath: "\(tree.path)/\(service)", toPath: "\(tree.path)/\(evil)")
        for pid in ["501", "502"] {
            try tree.write("proc/\(pid)/cgroup", "0::/system.slice/ngi\(attack)nx.service\n")
        }
        try tree.write(
            "proc/mounts",
            try tree.read("proc/mounts").replacingOccurrences(of: " /run ", with: " /ru\(attack)n ")
        )
        try tree.write(
            "wired-statfs.txt",
            try tree.read("wired-statfs.txt").replacingOccurrences(of: "/run\t", with: "/ru\(attack)n\t")
        )
        try tree.write(
            "proc/slabinfo",
            """
            slabinfo - version: 2.1
            # name            <active_objs> <num_objs> <objsize> <objperslab> <pagesperslab> : tunables <limit> <batchcount> <sharedfactor> : slabdata <active_slabs> <num_slabs> <sharedavail>
            evil\(attack)cache  100000 100000   1024    4    1 : tunables    0    0    0 : slabdata  25000  25000      0

            """
        )
        return tree
    }

    @Test("A captured tree: status, top, owners and their JSON show escapes, keep the raw names in JSON")
    func capturedTree() throws {
        let tree = try Self.hostileTree()
        let status = try wired(["status", "--root", tree.path])
        #expect(status.status == 0, "\(status.stderr)")
        expectSafe(status, "status")
        #expect(status.stdout.contains("evil\(Self.shown)\\nhost · Linux 6.8.0\\u{9b}31m-synthetic"))
        let colored = try wired(["status", "--root", tree.path, "--color", "always"])
        expectSafe(Self.withoutOwnColors(colored), "status in colour")
        for view in [["top"], ["top", "--by", "service"], ["top", "--by", "user"]] {
            let top = try wired(view + ["--root", tree.path, "--limit", "0"])
            #expect(top.status == 0, "\(view): \(top.stderr)")
            expectSafe(top, "\(view)")
        }
        let top = try wired(["top", "--root", tree.path, "--limit", "0"]).stdout
        #expect(top.contains("ngi\(Self.shown)nx"))
        #expect(top.contains("guest=web\\u{202e}1\(Self.shown) -m \\u{85}4096"))
        #expect(top.contains("www\\x1b[…"))  // cut to the 9 columns of USER
        let services = try wired(["top", "--by", "service", "--root", tree.path]).stdout
        #expect(services.contains("ngi\(Self.shown)nx.service"))
        let owners = try wired(["owners", "--all", "--root", tree.path])
        #expect(owners.status == 0, "\(owners.stderr)")
        expectSafe(owners, "owners")
        #expect(owners.stdout.contains("ngi\(Self.shown)nx.service"))
        #expect(owners.stdout.contains("evil\(Self.shown)cache"))
        #expect(owners.stdout.contains("/ru\(Self.shown)n"))

        // JSON: no raw control either, and the names exactly as read.
        let json = try wired(["top", "--json", "--root", tree.path])
        expectSafe(json, "top --json")
        let object = try #require(try Command.json(json.stdout) as? [String: Any])
        let rows = try #require(object["processes"] as? [[String: Any]])
        #expect(rows.first { $0["pid"] as? Int == 501 }?["name"] as? String == "ngi\(Self.attack)nx")
        #expect((object["host"] as? [String: Any])?["hostname"] as? String == "evil\(Self.attack)\nhost")
        for view in [["status", "--json"], ["owners", "--json"], ["snapshot", "--json"]] {
            let result = try wired(view + ["--root", tree.path])
            #expect(result.status == 0, "\(view): \(result.stderr)")
            expectSafe(result, "\(view)")
            #expect(try Command.json(result.stdout) is [String: Any], "\(view)")
        }
    }

    @Test("Snapshots of the tree: --from views and diff show escapes; the file keeps the raw names")
    func snapshotsAndDiff() throws {
        let tree = try Self.hostileTree()
        let a = tree.path + "/a.wired"
        let b = tree.path + "/b.wired"
        let wrote = try wired(["snapshot", "--root", tree.path, "-o", a])
        #expect(wrote.status == 0, "\(wrote.stderr)")
        expectSafe(wrote, "snapshot")
        // The hostile nginx doubles its memory for the second snapshot.
        try tree.replaceLine(
            in: "proc/501/smaps_rollup",
            startingWith: "Pss_Anon:",
            with: "Pss_Anon:          200000 kB"
        )
        try tree.replaceLine(in: "proc/501/smaps_rollup", startingWith: "Pss:", with: "Pss:               200000 kB")
        // Pss above Rss would be impossible (and left out): the resident pages grow with it.
        try tree.replaceLine(in: "proc/501/smaps_rollup", startingWith: "Rss:", with: "Rss:               220000 kB")
        #expect(try wired(["snapshot", "--root", tree.path, "-o", b]).status == 0)
        for view in [[], ["top"], ["owners", "--all"], ["top", "--json"]] {
            let result = try wired(view + ["--from", a])
            #expect(result.status == 0, "\(view): \(result.stderr)")
            expectSafe(result, "\(view) --from")
        }
        #expect(try wired(["top", "--from", a]).stdout.contains("ngi\(Self.shown)nx"))
        let diff = try wired(["diff", a, b, "--min", "0"])
        #expect(diff.status == 0, "\(diff.stderr)")
        expectSafe(diff, "diff")
        #expect(diff.stdout.contains("evil\(Self.shown)\\nhost"))
        #expect(diff.stdout.contains("ngi\(Self.shown)nx"))
        let diffJSON = try wired(["diff", a, b, "--json"])
        expectSafe(diffJSON, "diff --json")
        let object = try #require(try Command.json(diffJSON.stdout) as? [String: Any])
        #expect((object["before"] as? [String: Any])?["hostname"] as? String == "evil\(Self.attack)\nhost")
    }

    @Test("A macOS capture with hostile process, zone, kext and host names")
    func macCapture() throws {
        let tree = try Self.hostileCapture()
        for view in [[], ["top"], ["top", "--by", "user"], ["owners", "--all"], ["--json"], ["top", "--json"]] {
            let result = try wired(view + ["--from", tree.path])
            #expect(result.status == 0, "\(view): \(result.stderr)")
            expectSafe(result, "macOS \(view)")
        }
        let top = try wired(["top", "--from", tree.path]).stdout
        #expect(top.contains("S\\x1b]0;p\\x07\\x1b[2Jxyz"))
        #expect(top.contains("mac\(Self.shown)"))
        let owners = try wired(["owners", "--all", "--from", tree.path]).stdout
        #expect(owners.contains("data\\x1b[2J.kalloc"))
    }

    @Test("Error messages: a hostile path, file or term is escaped on stderr")
    func errors() throws {
        let root = try wired(["--root", "/nonexistent\(Self.attack)"])
        #expect(root.status != 0)
        expectSafe(root, "--root error")
        #expect(root.stderr.contains("/nonexistent\(Self.shown)"))
        let from = try wired(["--from", "/nonexistent\(Self.attack)\nwired: all fine"])
        #expect(from.status != 0)
        expectSafe(from, "--from error")
        #expect(from.stderr.split(separator: "\n").count == 1, "\(from.stderr)")
        let explain = try wired(["explain", "x\(Self.attack)"])
        #expect(explain.status == 64)
        expectSafe(explain, "explain")
        #expect(explain.stderr.contains("x\(Self.shown)"))
        let unknown = try wired(["--sort\(Self.attack)"])
        #expect(unknown.status == 64)
        expectSafe(unknown, "unknown option")
    }

    @Test("The views themselves escape every field, before Terminal's last pass over their text")
    func viewsAlone() throws {
        let tree = try Self.hostileTree()
        let snapshot = Fixtures.fullSnapshot(root: tree.path)
        let ledger = try Ledger.of(snapshot)
        let pressure = PressureAnalysis.judge(snapshot, ledger: ledger)
        let scan = try #require(snapshot.processes)
        let rows = ProcessTable.rows(scan, arch: "x86_64")
        let capture = try Self.hostileCapture()
        var texts: [(String, String)] = []
        for style in [Style.plain, Style(color: true)] {
            texts.append(
                ("status", LedgerReport.render(snapshot, ledger, pressure: pressure, style: style, width: 400))
            )
            texts.append(
                (
                    "top",
                    ProcessReport.render(
                        snapshot,
                        rows: rows,
                        totalRows: rows.count,
                        summary: ProcessTable.summary(scan, arch: "x86_64"),
                        ledger: ledger,
                        sort: .pss,
                        grouping: nil,
                        style: style,
                        width: 400
                    )
                )
            )
            let report = OwnerTree.build(snapshot, ledger: ledger)
            let options = OwnersView.Options(depth: 9, all: true)
            texts.append(("owners", OwnersView.render(snapshot, report, options: options, style: style, width: 400)))
            var other = snapshot
            other.processes?.processes.removeAll { $0.pid == 502 }
            let diff = SnapshotComparison.diff(snapshot, other)
            texts.append(
                (
                    "diff",
                    DiffView.render(diff, labels: ("a\(Self.attack)", "b"), minimum: .zero, style: style, width: 400)
                )
            )
            let mac = try SnapshotSource.saved(capture.path)
            let macLedger = try Ledger.of(mac)
            texts.append(("macOS status", LedgerReport.render(mac, macLedger, style: style, width: 400)))
            let processes = mac.darwin?.processes ?? []
            texts.append(
                (
                    "macOS top",
                    MacProcessReport.render(
                        mac,
                        rows: processes,
                        total: processes.count,
                        all: processes,
                        grouping: nil,
                        key: .footprint,
                        style: style,
                        width: 400
                    )
                )
            )
            let macOwners = OwnerTree.build(mac, ledger: macLedger)
            texts.append(
                ("macOS owners", OwnersView.render(mac, macOwners, options: options, style: style, width: 400))
            )
        }
        for (view, text) in texts {
            // Only the views' own colour codes may remain; without them, no control at all.
            #expect(TerminalSafe.escape(text, keeping: [.lineBreaks, .styles]) == text, "\(view)")
            let bare = text.replacingOccurrences(of: "\u{1B}[", with: "[")
            #expect(Self.raw(bare).isEmpty, "\(view): \(Self.raw(bare))")
        }
        let joined = texts.map(\.1).joined(separator: "\n")
        for shown in [
            "evil\(Self.shown)\\nhost", "ngi\(Self.shown)nx", "guest=web\\u{202e}1", "evil\(Self.shown)cache",
            "/ru\(Self.shown)n", "a\(Self.shown)", "S\\x1b]0;p\\x07", "data\\x1b[2J.kalloc", "com.evil\\x1b]0;k\\x07",
        ] {
            #expect(joined.contains(shown), "\(shown)")
        }
    }

    /// handmade-m2-before with escape sequences in a process name, the host name, a zone and a kext.
    static func hostileCapture() throws -> TemporaryTree {
        let tree = try TemporaryTree()
        let source = Fixtures.darwin("handmade-m2-before")
        for name in try FileManager.default.contentsOfDirectory(atPath: source) {
            var text = try String(contentsOfFile: "\(source)/\(name)", encoding: .utf8)
            text = text.replacingOccurrences(of: "Safari Web Conte", with: "S\u{1B}]0;p\u{07}\u{1B}[2Jxyz ")
            text = text.replacingOccurrences(of: "Safari Web Content", with: "S\u{1B}]0;p\u{07}\u{1B}[2Jxyz \u{9B}")
            text = text.replacingOccurrences(of: "kern.hostname: handmade-m2", with: "kern.hostname: mac\(attack)")
            text = text.replacingOccurrences(of: "data.kalloc.1024", with: "data\u{1B}[2J.kalloc")
            text = text.replacingOccurrences(of: "com.apple.iokit.IOGPUFamily", with: "com.evil\u{1B}]0;k\u{07}")
            try tree.write(name, text)
        }
        return tree
    }

    /// `result` with the colour codes the views write removed, so what remains must be free of controls.
    static func withoutOwnColors(_ result: CommandResult) -> CommandResult {
        var result = result
        #expect(TerminalSafe.escape(result.stdout, keeping: [.lineBreaks, .styles]) == result.stdout)
        let pattern = try? NSRegularExpression(pattern: "\u{1B}\\[[0-9]{1,2}m")
        let range = NSRange(result.stdout.startIndex..., in: result.stdout)
        result.stdout = pattern?.stringByReplacingMatches(in: result.stdout, range: range, withTemplate: "") ?? ""
        return result
    }
}
