import Foundation
import Testing
import WiredTestSupport

/// The real binary: `wired serve` on loopback, checked with promtool, curl, Prometheus and Chromium when they
/// are installed (Debian's prometheus and chromium packages; .ci/run installs them).
@Suite("wired serve, live", .serialized)
struct ServeLiveTests {
    static let tree = Fixtures.linux("vm-6.18-owners")

    static func checkMetrics(_ text: String) throws {
        let metrics = Exposition(text)
        #expect(metrics.series.count <= 300)
        #expect(metrics.series.allSatisfy { $0.labels["pid"] == nil })
        let memTotal = try #require(metrics.value("wired_memtotal_bytes"))
        #expect(metrics.named("wired_ledger_bytes").map(\.value).reduce(0, +) == memTotal)
        guard let promtool = tool("promtool") else {
            print("skipping promtool check metrics: promtool is not installed (Debian package prometheus)")
            return
        }
        let file = NSTemporaryDirectory() + "wired-metrics-\(getpid()).prom"
        try text.write(toFile: file, atomically: true, encoding: .utf8)
        let lint = try Command.run(["/bin/sh", "-c", "'\(promtool)' check metrics < '\(file)'"])
        #expect(lint.status == 0, "promtool: \(lint.stdout)\(lint.stderr)")
    }

    @Test("/metrics of a captured tree: promtool clean, ≤ 300 series, Σ ledger = MemTotal (24684092 kB)")
    func treeMetrics() throws {
        let server = try ServedProcess(
            ["--root", Self.tree, "--listen", "127.0.0.1:0", "--interval", "1"],
            name: "tree"
        )
        defer { server.stop() }
        let text = try server.get("/metrics")
        try Self.checkMetrics(text)
        #expect(Exposition(text).value("wired_memtotal_bytes") == 25_276_510_208)
    }

    @Test("/metrics of this machine: promtool clean, ≤ 300 series, Σ ledger = MemTotal")
    func liveMetrics() throws {
        let server = try ServedProcess(["--listen", "127.0.0.1:0", "--interval", "2"], name: "live")
        defer { server.stop() }
        try Self.checkMetrics(try server.get("/metrics"))
        let events = try ServedProcess.curl(["-sS", "--max-time", "3", server.base + "/api/events"]).stdout
        #expect(events.hasPrefix("retry: 5000\n\nid: "), "\(events.prefix(200))")
        // Resuming after the newest id sends nothing older.
        let ids = events.split(separator: "\n").filter { $0.hasPrefix("id: ") }.compactMap { Int($0.dropFirst(4)) }
        let newest = try #require(ids.last)
        let resumed = try ServedProcess.curl([
            "-sS", "--max-time", "3", "-H", "Last-Event-ID: \(newest)", server.base + "/api/events",
        ]).stdout
        let later = resumed.split(separator: "\n").filter { $0.hasPrefix("id: ") }.compactMap { Int($0.dropFirst(4)) }
        #expect(later.allSatisfy { $0 > newest }, "\(later) after \(newest)")
    }

    @Test("500 idle connections and 1,000 concurrent requests: every request answered within 60 s")
    func slowloris() throws {
        let server = try ServedProcess(["--root", Self.tree, "--listen", "127.0.0.1:0"], name: "slowloris")
        defer { server.stop() }
        let parts = server.base.dropFirst("http://".count).split(separator: ":")
        let port = try #require(UInt16(parts[1]))
        var idle: [Int32] = []
        defer { idle.forEach { close($0) } }
        for _ in 0..<500 {
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = port.bigEndian
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            let connected = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
            #expect(connected == 0)
            // Half a request head, never finished.
            _ = "GET /metrics HTTP/1.1\r\nHost: x\r\n".withCString { send(fd, $0, 30, 0) }
            idle.append(fd)
        }
        let config = NSTemporaryDirectory() + "wired-curl-\(getpid()).txt"
        let urls = (0..<1000).map {
            "url = \"\(server.base)\(["/metrics", "/api/status", "/"][$0 % 3])\"\n-o /dev/null\n"
        }
        try urls.joined().write(toFile: config, atomically: true, encoding: .utf8)
        let start = Date()
        let result = try ServedProcess.curl([
            "-sS", "--parallel", "--parallel-max", "1000", "--max-time", "60", "-w", "%{http_code}\n", "-K", config,
        ])
        let seconds = Date().timeIntervalSince(start)
        let codes = result.stdout.split(separator: "\n")
        #expect(codes.count == 1000, "\(result.stderr.prefix(300))")
        #expect(codes.allSatisfy { $0 == "200" }, "\(Set(codes))")
        #expect(seconds < 60)
        print("1,000 concurrent requests beside 500 idle connections: \(String(format: "%.2f", seconds)) s")
        // The idle connections are closed by the request timeout (10 s).
        usleep(12_000_000)
        var buffer = [UInt8](repeating: 0, count: 64)
        let closed = idle.prefix(20).filter { recv($0, &buffer, 64, Int32(MSG_DONTWAIT)) >= 0 }.count
        #expect(closed == 20)
    }
}
