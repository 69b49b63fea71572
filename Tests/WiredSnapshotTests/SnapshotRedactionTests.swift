import Foundation
import Testing
import WiredCore
import WiredLinux
import WiredSnapshot
import WiredTestSupport

/// A snapshot file written by an older wired (or by hand) may hold command lines redacted less well, or not
/// at all: reading it redacts them again, so no view shows their secrets.
@Suite("Snapshot files are redacted again when read")
struct SnapshotRedactionTests {
    /// A reading of the corpus tree whose command lines are the raw arguments joined by spaces.
    static func unredacted(_ corpus: RedactionCorpus, _ tree: TemporaryTree) throws -> Snapshot {
        let reader = LinuxReader(root: tree.path)
        var snapshot = reader.readSystem()
        let result = reader.readProcesses(
            ProcessReadOptions(commandLines: .eager, cgroups: true, openFiles: true),
            keepingHandles: false
        )
        var scan = result.scan
        for (index, entry) in corpus.entries.enumerated() {
            let pid = Int32(RedactionCorpus.pid(index))
            let position = try #require(scan.processes.firstIndex { $0.pid == pid })
            scan.processes[position].command = entry.joined
        }
        snapshot.processes = scan
        snapshot.owners = reader.readOwners(openFiles: result.openFiles, pageSize: snapshot.meta.pageSize).0
        return snapshot
    }

    @Test("Reading a file with unredacted command lines leaks nothing and keeps the look-alikes")
    func olderFile() throws {
        let corpus = try RedactionCorpus.load()
        let tree = try corpus.tree()
        let snapshot = try Self.unredacted(corpus, tree)
        // The file really holds every secret, so this test can fail.
        let stored = String(decoding: try SnapshotFile.json(snapshot), as: UTF8.self)
        #expect(corpus.secretEntries.allSatisfy { !$0.leaks(in: stored).isEmpty })
        let file = tree.path + "/old.wired"
        try SnapshotFile.write(snapshot, to: file, force: false)
        let read = try SnapshotFile.read(file)
        let commands = Dictionary(
            uniqueKeysWithValues: (read.processes?.processes ?? []).map { (Int($0.pid), $0.command) }
        )
        var leaks: [String] = []
        var garbled: [String] = []
        for (index, entry) in corpus.entries.enumerated() {
            let command = commands[RedactionCorpus.pid(index)] ?? ""
            if !entry.leaks(in: command).isEmpty { leaks.append("\(entry)\n  → \(command)") }
            if entry.keep && command != entry.joined { garbled.append("\(entry)\n  → \(command)") }
        }
        print("redaction, older snapshot file read back: \(leaks.count) leaks, \(garbled.count) look-alikes garbled")
        #expect(leaks.isEmpty, "\(leaks.joined(separator: "\n"))")
        #expect(garbled.isEmpty, "\(garbled.joined(separator: "\n"))")
    }

    @Test("The views of such a file leak nothing either: top --from (text and JSON), diff, owners --from")
    func olderFileViews() throws {
        let corpus = try RedactionCorpus.load()
        let tree = try corpus.tree()
        let file = tree.path + "/old.wired"
        try SnapshotFile.write(try Self.unredacted(corpus, tree), to: file, force: false)
        let base = tree.path + "/base.wired"
        try SnapshotFile.write(Fixtures.fullSnapshot(RedactionCorpus.baseFixture), to: base, force: false)
        let wide = ["COLUMNS": "100000"]
        for arguments in [
            ["top", "--from", file, "--limit", "0"], ["top", "--from", file, "--json", "--limit", "0"],
            ["diff", base, file, "--min", "0"], ["diff", base, file, "--min", "0", "--json"],
            ["owners", "--from", file, "--all"],
        ] {
            let result = try Command.wired(arguments, environment: wide)
            #expect(result.status == 0, "\(arguments): \(result.stderr)")
            let leaks = corpus.secretEntries.filter { !$0.leaks(in: result.stdout).isEmpty }.map(\.description)
            let view = arguments.map { $0.hasPrefix("/") ? "FILE" : $0 }.joined(separator: " ")
            print("redaction, older file, \(view): \(leaks.count) command lines leak")
            #expect(leaks.isEmpty, "\(arguments): \(leaks.joined(separator: "\n"))")
        }
    }
}
