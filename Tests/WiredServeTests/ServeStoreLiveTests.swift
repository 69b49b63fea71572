import Foundation
import HummingbirdBcrypt
import Testing
import WiredTestSupport

/// The real binary with a web config (TLS through openssl's self-signed certificate, basic auth, checked with
/// curl), recording into and following a history store, and flooded past its descriptor limit (prlimit).
@Suite("wired serve, live: TLS, auth, history, descriptors", .serialized)
struct ServeStoreLiveTests {
    static let tree = Fixtures.linux("vm-6.18-owners")

    static func json(_ text: String) throws -> [String: Any] {
        try #require(try Command.json(text) as? [String: Any], "\(text.prefix(300))")
    }

    /// A self-signed certificate for 127.0.0.1 and 0.0.0.0, and a web config naming it and user prometheus.
    static func webConfig(_ folder: TemporaryTree) throws -> String? {
        guard let openssl = tool("openssl") else { return nil }
        let made = try Command.run([
            openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=wired-test",
            "-addext", "subjectAltName=IP:127.0.0.1,IP:0.0.0.0",
            "-keyout", folder.path + "/tls.key", "-out", folder.path + "/tls.crt",
        ])
        #expect(made.status == 0, "\(made.stderr)")
        // With htpasswd's $2y$ prefix, as `htpasswd -nBC 10` writes it.
        let hash = "$2y$" + Bcrypt.hash("s3cret", cost: 4).dropFirst(4)
        try folder.write(
            "web.yml",
            "tls_server_config:\n  cert_file: tls.crt\n  key_file: tls.key\nbasic_auth_users:\n  prometheus: \(hash)\n"
        )
        return folder.path + "/web.yml"
    }

    /// curl's status code for `url` with `options`.
    static func status(_ url: String, _ options: [String]) throws -> String {
        try ServedProcess.curl(options + ["-s", "-o", "/dev/null", "-w", "%{http_code}", "--max-time", "10", url])
            .stdout
    }

    @Test("TLS and basic auth on 0.0.0.0: no warning, 200 with the password, 401 without or wrong, no plain HTTP")
    func tlsAndAuth() throws {
        guard tool("curl") != nil else {
            print("skipping the TLS test: curl is not installed")
            return
        }
        let folder = try TemporaryTree()
        guard let config = try Self.webConfig(folder) else {
            print("skipping the TLS test: openssl is not installed")
            return
        }
        let trust = ["--cacert", folder.path + "/tls.crt"]
        let server = try ServedProcess(
            ["--root", Self.tree, "--listen", "0.0.0.0:0", "--interval", "1", "--web-config", config],
            name: "tls",
            curlOptions: trust + ["-u", "prometheus:s3cret"]
        )
        defer { server.stop() }
        #expect(server.base.hasPrefix("https://0.0.0.0:"))
        let metrics = try server.get("/metrics")
        #expect(metrics.contains("wired_memtotal_bytes 25276510208"))
        #expect(try Self.status(server.base + "/metrics", trust) == "401")
        #expect(try Self.status(server.base + "/api/status", trust + ["-u", "prometheus:wrong"]) == "401")
        #expect(try Self.status(server.base + "/api/status", trust + ["-u", "prometheus:s3cret"]) == "200")
        // Plain HTTP to the TLS port gets no HTTP answer.
        let plain = try Self.status(server.base.replacingOccurrences(of: "https:", with: "http:") + "/metrics", [])
        #expect(plain == "000")
        server.stop()
        #expect(!server.logText.contains("warning: serving on"), "\(server.logText)")
        #expect(!server.logText.contains("s3cret"))
    }

    @Test("A bad web config stops serve before it listens, naming the file and the key")
    func badConfig() throws {
        let folder = try TemporaryTree()
        try folder.write("web.yml", "basic_auth_users:\n  bob: hunter2\n")
        try folder.write("tls.yml", "tls_server_config:\n  cert_file: none.crt\n  key_file: none.key\n")
        for (file, message) in [
            ("web.yml", "web.yml: basic_auth_users.bob: is not a bcrypt hash"),
            ("tls.yml", "tls.yml: tls_server_config.cert_file: cannot read \(folder.path)/none.crt"),
        ] {
            let result = try Command.wired(
                ["serve", "--no-record", "--listen", "127.0.0.1:0", "--web-config", folder.path + "/" + file],
                killAfter: 30
            )
            #expect(!result.timedOut)
            #expect(result.status != 0)
            #expect(result.stderr.contains(message), "\(result.stderr)")
            #expect(!result.stderr.contains("wired serve: http"))
        }
    }

    @Test("--db: serve records each sample; a second serve follows; history and grew from the store")
    func recordsAndFollows() throws {
        let folder = try TemporaryTree()
        let path = folder.path + "/history.db"
        let recorder = try ServedProcess(
            ["--root", Self.tree, "--listen", "127.0.0.1:0", "--interval", "0.2", "--db", path],
            name: "record"
        )
        defer { recorder.stop() }
        #expect(recorder.logText.contains("wired serve: recording to \(path) every 0.2 s"))
        var samples = 0
        for _ in 0..<100 where samples < 3 {
            usleep(100_000)
            let history = try Self.json(try recorder.get("/api/history?since=0"))
            samples = (history["samples"] as? [Any])?.count ?? 0
        }
        #expect(samples >= 3)
        let history = try Self.json(try recorder.get("/api/history?since=0&class=wired"))
        #expect(history["source"] as? String == "store")
        #expect((history["columns"] as? [[String: Any]])?.first?["key"] as? String == "total/wired")
        let memory = try Self.json(try recorder.get("/api/history?source=memory"))
        #expect(memory["source"] as? String == "memory")
        let grew = try Self.json(try recorder.get("/api/grew?since=0"))
        #expect((grew["samples"] as? Int ?? 0) >= 3)
        #expect(grew["owners"] is [Any])

        let follower = try ServedProcess(
            ["--root", Self.tree, "--listen", "127.0.0.1:0", "--db", path],
            name: "follow"
        )
        defer { follower.stop() }
        #expect(follower.logText.contains("wired serve: not recording (another wired record"), "\(follower.logText)")
        #expect(follower.logText.contains("following \(path), reading its history"))
        let followed = try Self.json(try follower.get("/api/history?since=0"))
        #expect(followed["source"] as? String == "store")
        follower.stop()
        recorder.stop()
        // The store is an ordinary one: wired history reads it.
        let cli = try Command.wired(["history", "--db", path, "--since", "2000-01-01", "--json"])
        #expect(cli.status == 0, "\(cli.stderr)")
        #expect(try Self.json(cli.stdout)["source"] == nil)
    }

    @Test("A store that cannot be opened: a warning naming it, then serve without history (grew 404)")
    func unwritableStore() throws {
        let path = "/proc/wired-no-such-place/history.db"
        let server = try ServedProcess(["--root", Self.tree, "--listen", "127.0.0.1:0", "--db", path], name: "nostore")
        defer { server.stop() }
        #expect(server.logText.contains("wired serve: warning: no history: cannot record into \(path)"))
        #expect(try Self.status(server.base + "/api/grew", []) == "404")
        #expect(try Self.json(try server.get("/api/history"))["source"] as? String == "memory")
    }

    /// Opens `count` TCP connections to `port` on loopback (as many as connect), returning their descriptors.
    static func flood(port: UInt16, count: Int) -> [Int32] {
        var sockets: [Int32] = []
        for _ in 0..<count {
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            guard fd >= 0 else { break }
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = port.bigEndian
            address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
            let connected = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
            if connected == 0 { sockets.append(fd) } else { close(fd) }
        }
        return sockets
    }

    /// CPU seconds `pid` has used (utime + stime of /proc/PID/stat, at 100 ticks a second).
    static func cpuSeconds(_ pid: Int32) -> Double? {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        else { return nil }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        guard fields.count > 13, let user = Double(fields[11]), let system = Double(fields[12]) else { return nil }
        return (user + system) / 100
    }

    @Test("Flooded past RLIMIT_NOFILE (64, 40, 24): no crash, no spinning, the cap logged, /metrics answers after")
    func descriptorFlood() throws {
        guard let prlimit = tool("prlimit") else {
            print("skipping the descriptor flood: prlimit is not installed (util-linux)")
            return
        }
        for limit in [64, 40, 24] {
            let server = try ServedProcess(
                ["--root", Self.tree, "--listen", "127.0.0.1:0", "--interval", "2"],
                name: "nofile-\(limit)",
                launcher: [prlimit, "--nofile=\(limit)"]
            )
            defer { server.stop() }
            let port = try #require(server.base.split(separator: ":").last.flatMap { UInt16($0) })
            let before = Self.cpuSeconds(server.process.processIdentifier)
            let sockets = Self.flood(port: port, count: limit * 3)
            #expect(sockets.count > limit, "only \(sockets.count) connected")
            // While flooded: a request waits (or times out), it does not crash the server.
            _ = try? Self.status(server.base + "/metrics", ["--max-time", "2"])
            sleep(3)
            let after = Self.cpuSeconds(server.process.processIdentifier)
            for fd in sockets { close(fd) }
            #expect(server.process.isRunning, "nofile=\(limit): \(server.logText)")
            if let before, let after {
                // Well under a core: accepting is paused, not retried in a loop (measured: a few hundredths).
                #expect(after - before < 2.0, "nofile=\(limit): \(after - before) s of CPU in ~5 s")
            }
            var answered = ""
            for _ in 0..<40 where answered != "200" {
                answered = (try? Self.status(server.base + "/metrics", [])) ?? ""
                if answered != "200" { usleep(250_000) }
            }
            #expect(answered == "200", "nofile=\(limit): \(server.logText)")
            #expect(server.logText.contains("connections open, the most this descriptor limit allows"))
            #expect(server.process.isRunning)
        }
    }
}
