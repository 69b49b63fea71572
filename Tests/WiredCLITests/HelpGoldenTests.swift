import Foundation
import Testing
import WiredTestSupport

/// The help texts, byte for byte, against the golden files in `Tests/WiredCLITests/Help/NAME.txt`.
///
/// `wired --help`, each subcommand's `--help` and `wired help SUB` are run at 80 columns; the subcommands are
/// those `wired --help` lists, so a new one without a golden file fails by name. `WIRED_UPDATE_GOLDEN=1`
/// rewrites the files from the built binary instead (CONTRIBUTING.md); review the diff before committing it.
@Suite("Help text golden files", .serialized)
struct HelpGoldenTests {
    static let folder = Fixtures.packageRoot + "/Tests/WiredCLITests/Help"
    static let updating = ProcessInfo.processInfo.environment["WIRED_UPDATE_GOLDEN"] == "1"

    /// Runs `wired` with a fixed width and no terminal, so the text does not depend on who runs the test.
    static func help(_ arguments: [String]) throws -> CommandResult {
        try Command.wired(arguments, environment: ["COLUMNS": "80", "LINES": "24", "PATH": "/usr/bin:/bin"])
    }

    /// The subcommand names under `SUBCOMMANDS:` in `wired --help` ("status (default)" gives "status").
    static func subcommands(in text: String) -> [String] {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard let start = lines.firstIndex(of: "SUBCOMMANDS:") else { return [] }
        var names: [String] = []
        for line in lines[(start + 1)...] {
            if line.isEmpty { break }
            // Names start two spaces in; wrapped abstracts are indented further.
            guard line.hasPrefix("  "), !line.hasPrefix("   ") else { continue }
            if let name = line.split(separator: " ").first { names.append(String(name)) }
        }
        return names
    }

    /// Compares `actual` with the golden file `name`.txt, or writes it when updating.
    static func check(_ actual: String, against name: String, command: String) throws {
        let path = "\(folder)/\(name).txt"
        if updating {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            try Data(actual.utf8).write(to: URL(fileURLWithPath: path))
            return
        }
        guard let expected = FileManager.default.contents(atPath: path) else {
            Issue.record(
                """
                `\(command)` has no golden file \(path): run WIRED_UPDATE_GOLDEN=1 swift test --filter \
                HelpGoldenTests, read the new file and commit it
                """
            )
            return
        }
        let same = Array(actual.utf8) == Array(expected)
        let difference = same ? "" : firstDifference(actual, String(decoding: expected, as: UTF8.self))
        #expect(same, "`\(command)` differs from \(path): \(difference)")
    }

    /// The first line where two texts differ, both sides quoted.
    static func firstDifference(_ actual: String, _ expected: String) -> String {
        let left = actual.split(separator: "\n", omittingEmptySubsequences: false)
        let right = expected.split(separator: "\n", omittingEmptySubsequences: false)
        for index in 0..<max(left.count, right.count) {
            let got = index < left.count ? String(left[index]) : "(end of text)"
            let want = index < right.count ? String(right[index]) : "(end of text)"
            if got != want { return "line \(index + 1): printed \"\(got)\", expected \"\(want)\"" }
        }
        return "same lines, different bytes"
    }

    @Test("wired --help matches Help/wired.txt and lists the subcommands")
    func topLevel() throws {
        let result = try Self.help(["--help"])
        #expect(result.status == 0)
        #expect(result.stderr == "")
        try Self.check(result.stdout, against: "wired", command: "wired --help")
        #expect(Self.subcommands(in: result.stdout).contains("status"))
        #expect(Self.subcommands(in: result.stdout).contains("explain"))
    }

    @Test("Each subcommand's --help and `wired help SUB` match Help/SUB.txt")
    func eachSubcommand() throws {
        let names = Self.subcommands(in: try Self.help(["--help"]).stdout)
        try #require(!names.isEmpty, "wired --help lists no SUBCOMMANDS section")
        for name in names {
            let own = try Self.help([name, "--help"])
            #expect(own.status == 0, "wired \(name) --help exited with \(own.status)")
            #expect(own.stderr == "", "wired \(name) --help wrote to stderr: \(own.stderr)")
            try Self.check(own.stdout, against: name, command: "wired \(name) --help")
            let viaHelp = try Self.help(["help", name])
            #expect(viaHelp.status == 0, "wired help \(name) exited with \(viaHelp.status)")
            #expect(viaHelp.stdout == own.stdout, "wired help \(name) differs from wired \(name) --help")
        }
    }

    @Test("Every golden file belongs to wired or to a subcommand it lists")
    func noStaleFiles() throws {
        let names = Set(Self.subcommands(in: try Self.help(["--help"]).stdout) + ["wired"])
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.folder)
        let stale = files.filter { !$0.hasSuffix(".txt") || !names.contains(String($0.dropLast(4))) }
        #expect(stale.isEmpty, "files in \(Self.folder) no subcommand prints: \(stale.sorted())")
    }
}
