import Foundation
import Testing
import WiredCore
import WiredTestSupport

extension Live {
    /// A process any user could start, named to take over root's terminal.
    @Suite("Live hostile names")
    struct LiveHostileNameTests {
        /// Sets the terminal title, then clears the screen (14 bytes: it fits a comm).
        static let attack = "\u{1B}]0;pwned\u{07}\u{1B}[2J"
        static let shown = "\\x1b]0;pwned\\x07\\x1b[2J"

        @Test("A memfd and a process named with OSC and ESC[2J print as visible escapes in owners and top")
        func memfdName() throws {
            let helper = try HelperProcess(["--memfd", "4", "--memfd-name", Self.attack, "--name", Self.attack])
            defer { helper.stop() }
            let environment = ["COLUMNS": "400", "PATH": "/usr/bin:/bin"]
            let owners = try Command.wired(["owners", "--all"], environment: environment)
            #expect(owners.status == 0, "\(owners.stderr)")
            #expect(!owners.stdout.utf8.contains(0x1B))
            #expect(!owners.stderr.utf8.contains(0x1B))
            #expect(owners.stdout.contains("/memfd:\(Self.shown) (pid \(helper.pid)"))
            let top = try Command.wired(["top", "--limit", "0"], environment: environment)
            #expect(top.status == 0, "\(top.stderr)")
            #expect(!top.stdout.utf8.contains(0x1B))
            #expect(top.stdout.contains("--memfd-name \(Self.shown) --name \(Self.shown)"))
            let byCommand = try Command.wired(["top", "--by", "command", "--limit", "0"], environment: environment)
            #expect(!byCommand.stdout.utf8.contains(0x1B))
            #expect(byCommand.stdout.contains(Self.shown))
            // JSON keeps the name as the kernel has it, escaped only as JSON requires.
            let json = try Command.wired(["top", "--json"])
            #expect(!json.stdout.utf8.contains(0x1B))
            let object = try #require(try Command.json(json.stdout) as? [String: Any])
            let rows = try #require(object["processes"] as? [[String: Any]])
            #expect(rows.first { $0["pid"] as? Int == Int(helper.pid) }?["name"] as? String == Self.attack)
        }
    }
}
