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

    /// `hidepid` in a private mount namespace: a fresh proc mounted over `/proc` there, the machine untouched.
    @Suite(
        "Live hidepid (root, in a mount namespace)",
        .serialized,
        .enabled(if: Fixtures.isRoot, "needs root to mount proc in a mount namespace and to switch to nobody"),
        .enabled(if: ProcMountProbe.reason == nil, "\(ProcMountProbe.reason ?? "")"),
        .enabled(
            if: Fixtures.othersCanExecute(Fixtures.product("wired")),
            "the build folder is not readable by nobody"
        )
    )
    struct LiveHidepidTests {
        /// `wired top --json` and `wired top` as nobody, with `/proc` mounted with `options` in a namespace.
        func run(_ options: String) throws -> (summary: [String: Any], pids: Set<Int>, text: String) {
            let nobody = "/usr/bin/setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all"
            let wired = Fixtures.product("wired")
            let result = try Command.run(
                [
                    "/usr/bin/unshare", "--mount", "--fork", "/bin/sh", "-c",
                    "mount -t proc -o \(options) proc /proc && \(nobody) '\(wired)' top --json && echo '-----' && \(nobody) '\(wired)' top --limit 1",
                ],
                environment: ["COLUMNS": "400", "PATH": "/usr/bin:/bin"]
            )
            #expect(result.status == 0, "\(options): \(result.stderr)")
            let parts = result.stdout.components(separatedBy: "\n-----\n")
            let object = try #require(try Command.json(parts[0]) as? [String: Any])
            let rows = try #require(object["processes"] as? [[String: Any]])
            let summary = try #require(object["summary"] as? [String: Any])
            return (summary, Set(rows.compactMap { $0["pid"] as? Int }), parts.count > 1 ? parts[1] : "")
        }

        @Test(
            "hidepid=1 and noaccess: other users' processes counted as hidden, not as exited, and the text says why",
            arguments: ["hidepid=1", "hidepid=noaccess"]
        )
        func noaccess(_ options: String) throws {
            let helper = try HelperProcess(["--anon", "1"])  // root's process, another user's for nobody
            defer { helper.stop() }
            let (summary, pids, text) = try run(options)
            #expect(!pids.contains(Int(helper.pid)))
            let hidden = try #require(summary["hidden"] as? Int)
            let gone = try #require(summary["gone"] as? Int)
            // Every root process is hidden; only one that exited mid-read may count as gone.
            #expect(hidden > 10)
            #expect(gone < hidden)
            #expect(summary["hidepid"] as? String == "noaccess")  // the kernel names the mode in /proc/mounts
            #expect(summary["hidepidMode"] as? String == "noaccess")
            #expect(summary["unlisted"] is NSNull)
            // The text comes from a second run: the count may differ by a process or two.
            #expect(text.contains("Hidden /proc is mounted with hidepid=noaccess: "), "\(text)")
            #expect(
                text.contains(
                    " processes of other users are listed but cannot be opened, so they are left out; run as root to see them"
                ),
                "\(text)"
            )
        }

        @Test(
            "hidepid=2 and invisible: other users' processes not listed, counted from cgroup.procs, and the text says so",
            arguments: ["hidepid=2", "hidepid=invisible,gid=4"]
        )
        func invisible(_ options: String) throws {
            let helper = try HelperProcess(["--anon", "1"])
            defer { helper.stop() }
            let (summary, pids, text) = try run(options)
            #expect(!pids.contains(Int(helper.pid)))
            #expect(summary["hidden"] as? Int == 0)
            #expect(summary["hidepidMode"] as? String == "invisible")
            let unlisted = try #require(summary["unlisted"] as? Int, "the cgroup tree could not be counted")
            #expect(unlisted > 10)
            let group = options.contains("gid=4") ? " (or as a member of group 4, the mount's gid=)" : ""
            #expect(summary["hidepidGroup"] as? Int == (group.isEmpty ? nil : 4))
            #expect(
                text.contains(
                    "Hidden /proc is mounted with hidepid=invisible: processes of other users are not listed ("
                ),
                "\(text)"
            )
            #expect(text.contains(" in cgroup.procs are not in /proc); run as root\(group) to see them"), "\(text)")
        }
    }
}

/// Whether a proc file system can be mounted in a new mount namespace here.
enum ProcMountProbe {
    /// Why a proc cannot be mounted in a new mount namespace here, or `nil` when it can.
    static let reason: String? = {
        guard Fixtures.isRoot else { return "not root" }
        guard Fixtures.exists("/usr/bin/unshare"), Fixtures.exists("/usr/bin/setpriv") else {
            return "unshare or setpriv is not installed"
        }
        do {
            let probe = try Command.run([
                "/usr/bin/unshare", "--mount", "--fork", "/bin/sh", "-c", "mount -t proc -o hidepid=1 proc /proc",
            ])
            return probe.status == 0 ? nil : "unshare --mount or mount -t proc is not allowed here: \(probe.stderr)"
        } catch {
            return "unshare could not be started: \(error)"
        }
    }()
}
