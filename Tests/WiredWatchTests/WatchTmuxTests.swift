import Testing
import WiredCore
import WiredHistory
import WiredTestSupport

#if canImport(Glibc)
import Glibc
#endif

/// The shell script a session runs: the terminal's settings before, `wired watch ARGS`, its status, the settings
/// after; then it waits, so the screen can be read.
private func script(_ arguments: String, environment: String = "") -> String {
    """
    stty -g > stty-before
    \(environment) '\(Fixtures.product("wired"))' watch \(arguments)
    echo $? > status
    stty -g > stty-after
    sleep 600
    """
}

private let tree = Fixtures.linux("vm-6.18-owners")

/// Skips (with the reason printed) where tmux is not installed; `.ci/run` installs it.
private let hasTmux = Tmux.path != nil

@Suite("wired watch in tmux", .serialized, .enabled(if: hasTmux, "tmux is not installed (apt-get install -y tmux)"))
struct WatchTmuxTests {
    @Test("header and rows, sort, filter, follow, the owners tree, a resize to 80x24 and q; the terminal restored")
    func session() throws {
        let tmux = try Tmux(script("--root '\(tree)'", environment: "NO_COLOR=1"), columns: 100, rows: 30)
        defer { tmux.close() }
        #expect(tmux.wait { $0.contains { $0.contains("1 Processes") } })
        var screen = tmux.screen()
        #expect(screen[0].hasPrefix(" wired watch · vm · Linux 6.18.44-fc-v657"))
        // NO_COLOR: the bar is drawn with each class's letter.
        #expect(screen[1].hasPrefix("[....") && screen[1].contains("W#?]"))
        #expect(screen[4].hasPrefix("Avail 22.6 GiB  Swap none  Pressure ok"))
        #expect(screen[8].hasPrefix("  26275   102M   101M   109M"))
        #expect(tmux.format("#{alternate_on}") == "1")

        tmux.send(">")  // sort by USS
        #expect(tmux.wait { $0[7].contains("USS▼") })
        tmux.send("<", "<")  // PID
        #expect(tmux.wait { $0[7].contains("PID▼") && $0[8].hasPrefix("      1 ") })
        tmux.send("M")
        #expect(tmux.wait { $0[7].contains("PSS▼") && $0[8].hasPrefix("  26275") })

        tmux.send("\\")
        tmux.send("bash", literal: true)
        tmux.send("Enter")
        #expect(tmux.wait { $0[6].contains("filter: bash") && $0[8].contains("bash") && $0[13].isEmpty })
        screen = tmux.screen()
        #expect(screen[8..<13].allSatisfy { $0.contains("bash") })
        tmux.send("\\", "Escape")
        #expect(tmux.wait { !$0[6].contains("filter") && $0[8].hasPrefix("  26275") })

        tmux.send("Down", "F")  // follow 26270, then sort by PID: it moves, the selection with it
        #expect(tmux.wait { $0[6].contains("following") })
        tmux.send("N")
        #expect(tmux.wait { $0[7].contains("PID▼") })

        tmux.send("3", "Enter")
        #expect(tmux.wait { $0[8].contains("▾ Reserved at boot") && $0[9].contains("Firmware") })
        tmux.send("Left")
        #expect(tmux.wait { $0[8].contains("▸ Reserved at boot") })

        tmux.send("1")
        try tmux.tmux(["resize-window", "-t", "t", "-x", "80", "-y", "24"])
        #expect(tmux.wait { $0.count >= 24 && $0[23].hasPrefix(" ?help") && $0[0].count <= 80 })
        screen = tmux.screen()
        #expect(screen[7].hasPrefix("   PID▼    PSS    USS    RSS  SWAP WIRED  THR COMMAND"))

        tmux.send("q")
        #expect(tmux.file("status") == "0")
        try expectRestored(tmux)
    }

    @Test("with a store (wired record --db): [ shows PAST and the sample's time, L comes back to the tree's reading")
    func history() throws {
        let folder = try TemporaryTree()
        let db = folder.path + "/history.db"
        let recorded = try Command.wired(["record", "--db", db, "--root", tree, "--samples", "2", "--interval", "0.2"])
        #expect(recorded.status == 0, "\(recorded.stderr)")
        let last = try #require(try HistoryStore.openForReading(db).summary().last)
        let time = last.timestamp.iso8601.replacing("T", with: " ").replacing("Z", with: "")
        let tmux = try Tmux(script("--root '\(tree)' --db '\(db)'", environment: "NO_COLOR=1"), columns: 100, rows: 30)
        defer { tmux.close() }
        #expect(tmux.wait { $0.contains { $0.contains("1 Processes") } })
        #expect(!tmux.screen()[0].contains("PAST"))
        tmux.send("[")
        #expect(tmux.wait { $0[0].contains("◀ PAST \(time) UTC") })
        tmux.send("L")
        #expect(tmux.wait { !$0[0].contains("PAST") && $0[0].hasPrefix(" wired watch · vm · Linux 6.18.44-fc-v657") })
        tmux.send("q")
        #expect(tmux.file("status") == "0")
        try expectRestored(tmux)
    }

    @Test("SIGTERM ends the view with status 143 and the terminal restored")
    func terminate() throws {
        let tmux = try Tmux(script("--root '\(tree)'"), columns: 80, rows: 24)
        defer { tmux.close() }
        #expect(tmux.wait { $0.contains { $0.contains("1 Processes") } })
        let shell = tmux.format("#{pane_pid}")
        let children = read("/proc/\(shell)/task/\(shell)/children") ?? ""
        let pid = try #require(children.split(separator: " ").first.flatMap { Int32($0) })
        #expect(kill(pid, SIGTERM) == 0)
        #expect(tmux.file("status") == "143")
        try expectRestored(tmux)
    }

    @Test("live: the running system, rates from the second reading, colour bar, q")
    func live() throws {
        // The colours are on by default on a terminal (the test runner may have NO_COLOR set).
        let tmux = try Tmux(script("--interval 0.5", environment: "env -u NO_COLOR"), columns: 100, rows: 30)
        defer { tmux.close() }
        #expect(tmux.wait { $0[0].contains("· live") })
        #expect(tmux.wait { $0.count > 5 && $0[5].hasPrefix("Rates (") })
        #expect(tmux.screen()[1].contains("█"))
        tmux.send("q")
        #expect(tmux.file("status") == "0")
        try expectRestored(tmux)
    }

    /// The settings `stty -g` saw before and after are the same, the main screen is back, the cursor shown.
    private func expectRestored(_ tmux: Tmux) throws {
        let after = tmux.file("stty-after")
        #expect(after != nil)
        #expect(after == tmux.file("stty-before"))
        #expect(tmux.format("#{alternate_on}") == "0")
        #expect(tmux.format("#{cursor_flag}") == "1")
    }
}
