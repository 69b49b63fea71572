import Foundation
import Testing
import WiredTestSupport

/// Every view that shows or stores command lines, run as a user runs it, on a captured tree whose processes
/// run the redaction corpus (docs/redaction.md): no secret in any output, every look-alike as it was.
@Suite("Redaction in every view")
struct RedactionCommandTests {
    /// Wide enough that no command line is cut.
    static let wide = ["COLUMNS": "100000"]

    /// The corpus, its tree, and snapshot files of the tree and of the capture it was made from.
    struct Setup {
        let corpus: RedactionCorpus
        let tree: TemporaryTree
        let snapshot: String
        let baseSnapshot: String

        init() throws {
            corpus = try RedactionCorpus.load()
            tree = try corpus.tree()
            snapshot = tree.path + "/corpus.wired"
            baseSnapshot = tree.path + "/base.wired"
            for (root, file) in [(tree.path, snapshot), (Fixtures.linux(RedactionCorpus.baseFixture), baseSnapshot)] {
                let wrote = try Command.wired(["snapshot", "--root", root, "-o", file])
                #expect(wrote.status == 0, "\(wrote.stderr)")
            }
        }

        /// The command lines with a secret of which some part is found in `text` (what, and which line).
        func leaks(in text: String) -> [String] {
            corpus.secretEntries.compactMap { entry in
                let found = entry.leaks(in: text)
                return found.isEmpty ? nil : "\(found) of \(entry)"
            }
        }

        /// Look-alikes whose command line is not found whole in `text`.
        func missingLookAlikes(in text: String) -> [String] {
            corpus.lookAlikes.filter { !text.contains($0.joined) }.map(\.description)
        }

        /// Entries whose command in `commands` (by pid) leaks, and look-alikes whose command changed.
        func check(commands: [Int: String]) -> (leaks: [String], garbled: [String]) {
            var leaks: [String] = []
            var garbled: [String] = []
            for (index, entry) in corpus.entries.enumerated() {
                guard let command = commands[RedactionCorpus.pid(index)] else {
                    garbled.append("\(entry): missing")
                    continue
                }
                if entry.keep && command != entry.joined { garbled.append("\(entry)\n  → \(command)") }
                if !entry.leaks(in: command).isEmpty { leaks.append("\(entry)\n  → \(command)") }
            }
            return (leaks, garbled)
        }
    }

    /// The commands of `wired top --json` (or a snapshot's process list), by pid.
    static func commands(_ json: String, key: String = "processes") throws -> [Int: String] {
        let object = try #require(try Command.json(json) as? [String: Any])
        let processes = try #require(object[key] as? [[String: Any]])
        var commands: [Int: String] = [:]
        for process in processes {
            if let pid = process["pid"] as? Int, let command = process["command"] as? String { commands[pid] = command }
        }
        return commands
    }

    /// The leaks found either way, one per command line (each message names its corpus line).
    static func union(_ first: [String], _ second: [String]) -> [String] {
        func line(_ message: String) -> Substring? {
            message.firstRange(of: "line ").map { message[$0.upperBound...].prefix { $0 != ":" } }
        }
        var seen = Set(first.compactMap(line))
        return first + second.filter { message in line(message).map { seen.insert($0).inserted } ?? true }
    }

    /// Expects no leak and no garbled look-alike; prints how many command lines of each there are.
    static func report(_ surface: String, leaks: [String], garbled: [String]) {
        print(
            "redaction, \(surface): \(leaks.count) command lines leak, \(garbled.count) look-alikes garbled or missing"
        )
        #expect(leaks.isEmpty, "\(surface) leaks:\n\(leaks.joined(separator: "\n"))")
        #expect(garbled.isEmpty, "\(surface) garbles:\n\(garbled.joined(separator: "\n"))")
    }

    @Test("wired top, as text and JSON, from the tree and from its snapshot file")
    func top() throws {
        let setup = try Setup()
        for (surface, source) in [("--root", setup.tree.path), ("--from", setup.snapshot)] {
            let text = try Command.wired(["top", surface, source, "--limit", "0"], environment: Self.wide)
            #expect(text.status == 0, "\(text.stderr)")
            #expect(text.stdout.contains("c0"), "the corpus processes are listed")
            Self.report(
                "top \(surface) (text)",
                leaks: setup.leaks(in: text.stdout),
                garbled: setup.missingLookAlikes(in: text.stdout)
            )
            let json = try Command.wired(["top", surface, source, "--json", "--limit", "0"])
            #expect(json.status == 0, "\(json.stderr)")
            let (leaks, garbled) = setup.check(commands: try Self.commands(json.stdout))
            Self.report(
                "top \(surface) --json",
                leaks: Self.union(leaks, setup.leaks(in: json.stdout)),
                garbled: garbled
            )
        }
        // Redacting again on reading changes nothing: the file shows what the tree showed.
        let live = try Command.wired(["top", "--root", setup.tree.path, "--json", "--limit", "0"])
        let saved = try Command.wired(["top", "--from", setup.snapshot, "--json", "--limit", "0"])
        #expect(try Self.commands(saved.stdout) == Self.commands(live.stdout))
    }

    @Test("The snapshot file's bytes, decompressed, and wired snapshot --json")
    func snapshotFile() throws {
        let setup = try Setup()
        let bytes = try Data(contentsOf: URL(fileURLWithPath: setup.snapshot))
        for piece in setup.corpus.secretEntries.flatMap(\.forbidden) {
            #expect(bytes.range(of: Data(piece.utf8)) == nil, "\(piece) in the compressed file")
        }
        // The file is a header line and gzip members.
        let inflated = try Command.run(["/bin/sh", "-c", "tail -n +2 \"$0\" | gzip -dc", setup.snapshot])
        #expect(inflated.status == 0, "\(inflated.stderr)")
        #expect(inflated.stdout.hasPrefix("{\"formatVersion\":"))
        let (leaks, garbled) = setup.check(commands: try Self.commands(inflated.stdout))
        Self.report("snapshot file", leaks: Self.union(leaks, setup.leaks(in: inflated.stdout)), garbled: garbled)
        let printed = try Command.wired(["snapshot", "--root", setup.tree.path, "--json"])
        #expect(printed.status == 0, "\(printed.stderr)")
        let (printedLeaks, printedGarbled) = setup.check(commands: try Self.commands(printed.stdout))
        Self.report(
            "snapshot --json",
            leaks: Self.union(printedLeaks, setup.leaks(in: printed.stdout)),
            garbled: printedGarbled
        )
    }

    @Test("wired diff, as text and JSON: the corpus processes are new")
    func diff() throws {
        let setup = try Setup()
        let text = try Command.wired(
            ["diff", setup.baseSnapshot, setup.snapshot, "--min", "0"],
            environment: Self.wide
        )
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stdout.contains("Owners, by growth (processes"))
        // The text view cuts names to its column, so look-alikes are checked in JSON.
        Self.report("diff (text)", leaks: setup.leaks(in: text.stdout), garbled: [])
        let json = try Command.wired(["diff", setup.baseSnapshot, setup.snapshot, "--min", "0", "--json"])
        #expect(json.status == 0, "\(json.stderr)")
        let object = try #require(try Command.json(json.stdout) as? [String: Any])
        // A process's command is its line's detail (its name is "comm (pid N)"); a group's is its name.
        let changes = try #require(object["changes"] as? [[String: Any]])
        let names = Set(
            changes.flatMap { change in
                [
                    change["detail"] as? String,
                    (change["name"] as? String)?.split(separator: " (×").first.map(String.init),
                ]
                .compactMap { $0 }
            }
        )
        let missing = setup.corpus.lookAlikes.filter { !names.contains($0.joined) }.map(\.description)
        Self.report("diff --json", leaks: setup.leaks(in: json.stdout), garbled: missing)
    }

    @Test("wired owners, as text and JSON, from the tree and from the snapshot file")
    func owners() throws {
        let setup = try Setup()
        for arguments in [
            ["owners", "--root", setup.tree.path, "--all"], ["owners", "--root", setup.tree.path, "--json"],
            ["owners", "--from", setup.snapshot, "--all"], ["owners", "--from", setup.snapshot, "--json"],
        ] {
            let result = try Command.wired(arguments, environment: Self.wide)
            #expect(result.status == 0, "\(arguments): \(result.stderr)")
            // Owners names processes by name and pid, and a virtual machine by the guest name in its command
            // line (the corpus's QEMU, whose other arguments hold a secret).
            #expect(result.stdout.contains("(pid 2"))
            #expect(result.stdout.contains("virtual machine web1"))
            let view = arguments.map { $0.hasPrefix("/") ? "PATH" : $0 }.joined(separator: " ")
            Self.report(view, leaks: setup.leaks(in: result.stdout), garbled: [])
        }
    }
}
