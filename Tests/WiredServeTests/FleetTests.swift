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
        guard let python = tool("python3") else {
            print("skipping: python3 is not installed (it drives Chromium over the DevTools pipe)")
            return
        }
        let artefacts = Fixtures.packageRoot + "/.build/artefacts"
        try FileManager.default.createDirectory(atPath: artefacts, withIntermediateDirectories: true)
        let dom = NSTemporaryDirectory() + "wired-dashboard-\(getpid()).html"
        // The page runs 6 s in Chromium (6 samples or more), then the live DOM and a screenshot are taken.
        let run = try Command.run([
            "/usr/bin/timeout", "120", python, Fixtures.packageRoot + "/Tests/WiredServeTests/chromium-page.py",
            chromium, server.base + "/", "6", dom, artefacts + "/dashboard.png",
        ])
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
        let html = try String(contentsOfFile: dom, encoding: .utf8)
        for chart in ["classes", "wired", "owners", "services", "psi", "rates"] {
            let pattern = "<svg id=\"\(chart)\" class=\"chart\" data-points=\""
            let range = try #require(html.range(of: pattern), "no chart \(chart)")
            let count = Int(html[range.upperBound...].prefix { $0.isNumber }) ?? 0
            #expect(count >= 3, "\(chart) drew \(count) points")
        }
        // The class chart's areas: one filled path per class, spanning more than one x position.
        #expect(html.components(separatedBy: "fill-opacity=\"0.85\"").count - 1 >= 6)
        #expect(html.contains("pressure: ok"))
        #expect(html.contains("source: root "))
        #expect(Fixtures.exists(artefacts + "/dashboard.png"))
        print("dashboard screenshot: \(artefacts)/dashboard.png")
    }
}
