import Foundation
import Testing
import WiredCore
import WiredJSON
import WiredRender
import WiredTestSupport

@Suite("Views print hostile strings as visible escapes")
struct TerminalSafetyViewTests {
    static let title = "\u{1B}]0;pwned\u{07}"
    static let clear = "\u{1B}[2J"
    static let shownTitle = "\\x1b]0;pwned\\x07"

    /// A snapshot whose host, kernel, processes, users and problems all carry escape sequences, C1 controls,
    /// bidi overrides and line breaks; `hostile: false` gives the same snapshot with plain names.
    static func snapshot(hostile: Bool) -> Snapshot {
        var snapshot = SampleSnapshots.linux()
        let bad = { (plain: String, evil: String) in hostile ? evil : plain }
        snapshot.meta.hostname = bad("host", "ho\(title)st\n")
        snapshot.meta.kernel = bad("6.8.0", "6.8.0\(clear)\u{9B}31m")
        let names = [
            ("nginx", "ngi\(title)nx"), ("node", "no\u{202E}de"), ("db", "d\tb\u{200B}"), ("xorg", "日本\(clear)"),
        ]
        var processes: [ProcessFacts] = []
        for (index, name) in names.enumerated() {
            var process = ProcessFacts(
                pid: Int32(100 + index),
                startTime: 1,
                name: bad(name.0, name.1),
                state: "S",
                kind: .user,
                threads: 1
            )
            process.uid = UInt32(1000 + index)
            process.rss = Int64(index + 1) << 20
            process.rssAnon = Int64(index + 1) << 20
            process.smaps = SmapsRollup(rss: Int64(index + 1) << 20, pss: Int64(index + 1) << 20, uss: 1 << 20, swap: 0)
            process.command = bad("/usr/bin/\(name.0) --serve", "/usr/bin/\(name.1) --serve \(clear)\nFAKE LINE")
            processes.append(process)
        }
        let users: [UInt32: String] = [
            1000: bad("alice", "al\(clear)ice"), 1001: bad("bob", "bo\u{9D}b"), 1002: "carol", 1003: bad("dave", "ダブ"),
        ]
        snapshot.processes = ProcessScan(processes: processes, asRoot: true, userNames: users)
        snapshot.problems = [
            SourceProblem(
                source: bad("/tree/proc/meminfo", "/tree\(title)/proc/meminfo"),
                kind: .malformed,
                message: bad("line 3 makes no sense", "line 3 makes no sense\nSources all fine")
            )
        ]
        return snapshot
    }

    /// Every scalar a text view may print raw: printable characters and the line breaks between lines.
    func expectNoRawControls(_ text: String, _ view: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let raw = text.unicodeScalars.filter { $0 != "\n" && TerminalSafe.isUnsafe($0) }
        #expect(raw.isEmpty, "\(view): raw \(raw.map { String($0.value, radix: 16) })", sourceLocation: sourceLocation)
    }

    func renderTop(_ snapshot: Snapshot, style: Style) -> String {
        let scan = snapshot.processes ?? ProcessScan(processes: [])
        let rows = ProcessTable.rows(scan, arch: "x86_64")
        return ProcessReport.render(
            snapshot,
            rows: rows,
            totalRows: rows.count,
            summary: ProcessTable.summary(scan, arch: "x86_64"),
            ledger: try? Ledger.of(snapshot),
            sort: .pss,
            grouping: nil,
            style: style,
            width: 200
        )
    }

    @Test("Status: host, kernel and problems escaped; no extra line; colour codes only the views' own")
    func status() throws {
        let hostile = Self.snapshot(hostile: true)
        let ledger = try Ledger.of(hostile)
        // Wide enough that no line wraps: the escapes must not add lines of their own.
        let text = LedgerReport.render(hostile, ledger, style: .plain, width: 400)
        expectNoRawControls(text, "status")
        #expect(!text.contains("\u{1B}"))
        #expect(text.contains("ho\(Self.shownTitle)st\\n · Linux 6.8.0\\x1b[2J\\u{9b}31m"))
        #expect(text.contains("/tree\(Self.shownTitle)/proc/meminfo: line 3 makes no sense\\nSources all fine"))
        let plain = LedgerReport.render(
            Self.snapshot(hostile: false),
            try Ledger.of(Self.snapshot(hostile: false)),
            style: .plain,
            width: 400
        )
        #expect(text.split(separator: "\n").count == plain.split(separator: "\n").count)
        let colored = LedgerReport.render(hostile, ledger, style: Style(color: true))
        expectNoRawControls(colored.replacingOccurrences(of: "\u{1B}[", with: "["), "status in colour")
        #expect(TerminalSafe.escape(colored, keeping: [.lineBreaks, .styles]) == colored)
        #expect(colored.contains("\u{1B}[1m\u{1B}[31mWired"))
    }

    @Test("Top: names, users and commands escaped, the COMMAND column where the header puts it")
    func top() throws {
        let text = renderTop(Self.snapshot(hostile: true), style: .plain)
        expectNoRawControls(text, "top")
        #expect(text.contains("/usr/bin/ngi\(Self.shownTitle)nx --serve \\x1b[2J\\nFAKE LINE"))
        #expect(text.contains("/usr/bin/no\\u{202e}de"))
        #expect(text.contains("/usr/bin/d\\tb\\u{200b}"))
        #expect(text.contains(" al\\x1b[2…   "))  // cut to the 9 columns of USER, never inside an escape
        #expect(text.contains("bo\\u{9d}b"))
        #expect(!text.split(separator: "\n").contains { $0.hasPrefix("FAKE LINE") })
        let plain = renderTop(Self.snapshot(hostile: false), style: .plain)
        #expect(text.split(separator: "\n").count == plain.split(separator: "\n").count)
        let lines = text.split(separator: "\n").map(String.init)
        let header = try #require(lines.first { $0.hasSuffix("COMMAND") })
        let column = TerminalSafe.width(String(header.dropLast("COMMAND".count)))
        let rows = lines.filter { $0.contains("/usr/bin/") }
        #expect(rows.count == 4)
        for row in rows {
            let start = try #require(row.range(of: "/usr/bin/"))
            #expect(TerminalSafe.width(String(row[..<start.lowerBound])) == column, "\(row)")
        }
    }

    @Test("JSON keeps the raw strings, escaped as JSON escapes them, and never a raw control byte")
    func jsonKeepsRaw() throws {
        let snapshot = Self.snapshot(hostile: true)
        let scan = try #require(snapshot.processes)
        var bytes: [UInt8] = []
        var json = JSONWriter { bytes += $0 }
        ProcessJSON.begin(snapshot, sort: .pss, grouping: nil, stackSize: ByteCount(bytes: 16 << 10), to: &json)
        for row in ProcessTable.rows(scan, arch: "x86_64") { ProcessJSON.row(row, scan: scan, to: &json) }
        ProcessJSON.end(snapshot, summary: ProcessTable.summary(scan, arch: "x86_64"), ledger: nil, to: &json)
        json.finish()
        #expect(!bytes.contains(0x1B))
        #expect(
            !String(decoding: bytes, as: UTF8.self).unicodeScalars.contains { $0 != "\n" && TerminalSafe.isUnsafe($0) }
        )
        let object = try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
        let rows = try #require(object["processes"] as? [[String: Any]])
        #expect(rows.first { $0["pid"] as? Int == 100 }?["name"] as? String == "ngi\(Self.title)nx")
        #expect(rows.first { $0["pid"] as? Int == 101 }?["name"] as? String == "no\u{202E}de")
        #expect(rows.first { $0["pid"] as? Int == 101 }?["user"] as? String == "bo\u{9D}b")
        #expect((object["host"] as? [String: Any])?["hostname"] as? String == "ho\(Self.title)st\n")
    }

    @Test("The JSON writer escapes C0, DEL, C1, zero-width, bidi and separators as \\u, and decodes back")
    func jsonWriter() throws {
        let text = "a\u{1B}[2J\u{7F}\u{85}\u{9B}\u{200B}\u{202E}\u{2028}\u{2029}\u{2066}\u{FEFF}é日\t\"\\"
        var bytes: [UInt8] = []
        var writer = JSONWriter(pretty: false) { bytes += $0 }
        writer.beginArray()
        writer.value(text)
        writer.endArray()
        writer.finish()
        #expect(
            String(decoding: bytes, as: UTF8.self)
                == "[\"a\\u001b[2J\\u007f\\u0085\\u009b\\u200b\\u202e\\u2028\\u2029\\u2066\\ufeffé日\\t\\\"\\\\\"]\n"
        )
        let decoded = try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? [String])
        #expect(decoded == [text])
        // JSON from JSONEncoder (the snapshot's envelope) gets the same escapes, byte for byte otherwise.
        let foreign = try JSONEncoder().encode([text, "plain → ok"])
        let safe = JSONWriter.escapingTerminalControls(Array(foreign))
        #expect(!String(decoding: safe, as: UTF8.self).unicodeScalars.contains { TerminalSafe.isUnsafe($0) })
        #expect(try JSONSerialization.jsonObject(with: Data(safe)) as? [String] == [text, "plain → ok"])
        let plain = Array(try JSONEncoder().encode(["nothing to do · é"]))
        #expect(JSONWriter.escapingTerminalControls(plain) == plain)
    }

    @Test("hidepid: the footer names the mode, the count and the way to see more")
    func hidepid() throws {
        func footer(_ hidepid: String?, hidden: Int, unlisted: Int? = nil, gid: UInt32? = nil, root: Bool = false)
            -> String?
        {
            var snapshot = Self.snapshot(hostile: false)
            snapshot.processes?.hidden = hidden
            snapshot.processes?.hidepid = hidepid
            snapshot.processes?.unlisted = unlisted
            snapshot.processes?.hidepidGroup = gid
            snapshot.processes?.asRoot = root
            let text = renderTop(snapshot, style: .plain)
            return text.split(separator: "\n").first { $0.hasPrefix("Hidden ") }.map(String.init)
        }
        #expect(
            footer("1", hidden: 37)
                == "Hidden /proc is mounted with hidepid=1 (noaccess): 37 processes of other users are listed but cannot be opened, so they are left out; run as root to see them"
        )
        #expect(
            footer("noaccess", hidden: 1, gid: 4)
                == "Hidden /proc is mounted with hidepid=noaccess: 1 process of other users is listed but cannot be opened, so it is left out; run as root (or as a member of group 4, the mount's gid=) to see them"
        )
        #expect(
            footer("2", hidden: 0, unlisted: 97)
                == "Hidden /proc is mounted with hidepid=2 (invisible): processes of other users are not listed (97 in cgroup.procs are not in /proc); run as root to see them"
        )
        #expect(
            footer("invisible", hidden: 0)
                == "Hidden /proc is mounted with hidepid=invisible: processes of other users are not listed (how many is unknown); run as root to see them"
        )
        #expect(
            footer("ptraceable", hidden: 0, unlisted: 1)?.contains(
                "processes this user may not ptrace are not listed (1 in cgroup.procs is not in /proc)"
            ) == true
        )
        #expect(
            footer(nil, hidden: 2)
                == "Hidden 2 processes listed in /proc but refused to open (permission) and left out; run as root to see them"
        )
        // Root sees everything despite hidepid; with nothing hidden there is nothing to say.
        #expect(footer("invisible", hidden: 0, root: true) == nil)
        #expect(footer(nil, hidden: 0) == nil)
        #expect(footer("off", hidden: 0) == nil)
    }
}
