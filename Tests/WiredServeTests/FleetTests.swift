import Foundation
import Testing
import WiredTestSupport

/// Prometheus scraping two `wired serve`, and headless Chromium drawing the dashboard.
///
/// Debian's prometheus and chromium packages, on two loopback addresses. Each test skips, saying why, when its
/// program is not installed.
@Suite("wired serve with Prometheus and Chromium", .serialized)
struct FleetTests {
    static let rules = Fixtures.packageRoot + "/Packaging/prometheus/wired-rules.yml"

    @Test("promtool check rules passes on the shipped recording rules and alerts")
    func rules() throws {
        guard let promtool = tool("promtool") else {
            print("skipping: promtool is not installed (Debian package prometheus)")
            return
        }
        let result = try Command.run([promtool, "check", "rules", Self.rules])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("SUCCESS: 6 rules found"))
    }

    @Test("a real Prometheus scrapes two hosts; PromQL gives each host's ledger summing to its MemTotal")
    func fleet() throws {
        guard let prometheus = tool("prometheus") else {
            print("skipping: prometheus is not installed (Debian package prometheus)")
            return
        }
        let a = try ServedProcess(
            ["--root", Fixtures.linux("vm-6.18-owners"), "--listen", "127.0.0.1:0", "--interval", "1"],
            name: "fleet-a"
        )
        defer { a.stop() }
        let b = try ServedProcess(
            ["--root", Fixtures.linux("synthetic-owners-v2"), "--listen", "127.0.0.2:0", "--interval", "1"],
            name: "fleet-b"
        )
        defer { b.stop() }
        let folder = NSTemporaryDirectory() + "wired-prometheus-\(getpid())"
        try FileManager.default.createDirectory(atPath: folder + "/data", withIntermediateDirectories: true)
        let targets = [a.base, b.base].map { "'\($0.dropFirst("http://".count))'" }.joined(separator: ", ")
        let config = """
            global:
              scrape_interval: 1s
              evaluation_interval: 1s
            rule_files: ['\(Self.rules)']
            scrape_configs:
              - job_name: wired
                static_configs:
                  - targets: [\(targets)]
            """
        try config.write(toFile: folder + "/prometheus.yml", atomically: true, encoding: .utf8)
        let port = 19_000 + Int(getpid() % 900)
        let server = Process()
        server.executableURL = URL(fileURLWithPath: prometheus)
        server.arguments = [
            "--config.file=\(folder)/prometheus.yml", "--storage.tsdb.path=\(folder)/data",
            "--web.listen-address=127.0.0.1:\(port)",
        ]
        let log = try FileHandle(forWritingTo: URL(fileURLWithPath: a.log))
        server.standardError = log
        server.standardOutput = log
        try server.run()
        defer {
            server.terminate()
            server.waitUntilExit()
        }
        let query = "sum by (instance) (wired_ledger_bytes) - on (instance) wired_memtotal_bytes"
        var answer: [[String: Any]] = []
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline {
            usleep(1_000_000)
            let result = try ServedProcess.curl([
                "-sS", "--max-time", "5", "-G", "http://127.0.0.1:\(port)/api/v1/query", "--data-urlencode",
                "query=\(query)",
            ])
            guard result.status == 0, let object = try? Command.json(result.stdout) as? [String: Any],
                let data = object["data"] as? [String: Any], let rows = data["result"] as? [[String: Any]]
            else { continue }
            answer = rows
            if rows.count == 2 { break }
        }
        #expect(answer.count == 2, "Prometheus log: \(a.logText.suffix(2000))")
        for row in answer {
            let value = (row["value"] as? [Any])?.last as? String
            #expect(value == "0", "\(row)")
        }
        let memTotals = try ServedProcess.curl([
            "-sS", "-G", "http://127.0.0.1:\(port)/api/v1/query", "--data-urlencode", "query=wired_memtotal_bytes",
        ]).stdout
        #expect(memTotals.contains("\"25276510208\""))
        #expect(memTotals.contains("\"\(8_240_000 * 1024)\""))
    }

    @Test("headless Chromium loads the dashboard and its charts draw; the screenshot is kept")
    func chromium() throws {
        guard let chromium = tool("chromium") else {
            print("skipping: chromium is not installed (Debian package chromium)")
            return
        }
        let server = try ServedProcess(
            ["--root", Fixtures.linux("vm-6.18-owners"), "--listen", "127.0.0.1:0", "--interval", "1"],
            name: "chromium"
        )
        defer { server.stop() }
        usleep(3_000_000)  // a few samples, so the charts have lines
        let artefacts = Fixtures.packageRoot + "/.build/artefacts"
        try FileManager.default.createDirectory(atPath: artefacts, withIntermediateDirectories: true)
        let common = [
            chromium, "--headless=new", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
            "--window-size=1280,1600", "--virtual-time-budget=8000",
            "--user-data-dir=\(NSTemporaryDirectory())wired-chromium-\(getpid())",
        ]
        let dom = try Command.run(common + ["--dump-dom", server.base + "/"])
        #expect(dom.status == 0, "\(dom.stderr.suffix(500))")
        for chart in ["classes", "wired", "owners", "psi", "rates"] {
            let pattern = "<svg id=\"\(chart)\" class=\"chart\" data-points=\""
            let range = try #require(dom.stdout.range(of: pattern), "no chart \(chart)")
            let count = Int(dom.stdout[range.upperBound...].prefix { $0.isNumber }) ?? 0
            #expect(count >= 2, "\(chart) drew \(count) points")
        }
        #expect(dom.stdout.contains("<path d=\"M"))
        #expect(dom.stdout.contains("pressure: "))
        let shot = try Command.run(common + ["--screenshot=\(artefacts)/dashboard.png", server.base + "/"])
        #expect(shot.status == 0, "\(shot.stderr.suffix(500))")
        #expect(Fixtures.exists(artefacts + "/dashboard.png"))
        print("dashboard screenshot: \(artefacts)/dashboard.png")
    }
}
