import Testing
import WiredCore
import WiredTestSupport

/// Secrets never leave `/proc/PID/cmdline` unredacted; the program and harmless arguments stay as they are.
@Suite("Command-line redaction")
struct RedactionTests {
    static let mask = CommandLineRedactor.mask

    @Test("The corpus: at least 100 secret command lines and 30 look-alikes, each secret unique")
    func corpusShape() throws {
        let corpus = try RedactionCorpus.load()
        #expect(corpus.secretEntries.count >= 100)
        #expect(corpus.lookAlikes.count >= 30)
        // No secret (or half of one) appears in the corpus outside its marker, so finding it in any output
        // can only be a leak.
        var visible = ""
        for entry in corpus.entries {
            var text = entry.joined
            for secret in entry.secrets { text = text.replacing(secret, with: "\u{1}") }
            visible += text + "\n"
        }
        for entry in corpus.secretEntries {
            for piece in entry.forbidden { #expect(!visible.contains(piece), "\(piece) of \(entry)") }
        }
    }

    @Test("No secret survives, given as arguments or as one line (a snapshot from an older wired)")
    func noLeaks() throws {
        let corpus = try RedactionCorpus.load()
        var leaks: [String] = []
        var lineLeaks: [String] = []
        for entry in corpus.secretEntries {
            let output = CommandLineRedactor.redact(entry.arguments).joined(separator: " ")
            if !entry.leaks(in: output).isEmpty { leaks.append("\(entry)\n  → \(output)") }
            let line = CommandLineRedactor.redact(line: entry.joined)
            if !entry.leaks(in: line).isEmpty { lineLeaks.append("\(entry)\n  → \(line)") }
        }
        let total = corpus.secretEntries.count
        print("redaction: \(leaks.count) of \(total) leak as arguments, \(lineLeaks.count) as one line")
        #expect(leaks.isEmpty, "\(leaks.count) leak:\n\(leaks.joined(separator: "\n"))")
        #expect(lineLeaks.isEmpty, "\(lineLeaks.count) leak:\n\(lineLeaks.joined(separator: "\n"))")
    }

    @Test("Look-alikes come out byte for byte")
    func lookAlikesKept() throws {
        let corpus = try RedactionCorpus.load()
        var garbled: [String] = []
        var lineGarbled: [String] = []
        for entry in corpus.lookAlikes {
            let output = CommandLineRedactor.redact(entry.arguments)
            if output != entry.arguments { garbled.append("\(entry)\n  → \(output.joined(separator: " "))") }
            let line = CommandLineRedactor.redact(line: entry.joined)
            if line != entry.joined { lineGarbled.append("\(entry)\n  → \(line)") }
        }
        let total = corpus.lookAlikes.count
        print(
            "redaction: \(garbled.count) of \(total) look-alikes garbled as arguments, \(lineGarbled.count) as one line"
        )
        #expect(garbled.isEmpty, "\(garbled.count) garbled:\n\(garbled.joined(separator: "\n"))")
        #expect(lineGarbled.isEmpty, "\(lineGarbled.count) garbled:\n\(lineGarbled.joined(separator: "\n"))")
    }

    /// (arguments, expected): the form of each rule's output, what it keeps around the mask.
    static let exact: [([String], [String])] = [
        (["mysql", "-uroot", "-phunter2", "db"], ["mysql", "-uroot", "-p\(mask)", "db"]),
        (["mysql", "-u", "app", "-p", "shop"], ["mysql", "-u", "app", "-p", "shop"]),
        (["sshpass", "-p", "pw", "ssh", "-p", "2222", "h"], ["sshpass", "-p", mask, "ssh", "-p", "2222", "h"]),
        (["redis-cli", "-a", "pw", "-p", "6380"], ["redis-cli", "-a", mask, "-p", "6380"]),
        (["curl", "-u", "me:pw", "https://h/"], ["curl", "-u", "me:\(mask)", "https://h/"]),
        (["curl", "-u", "key123:", "https://h/"], ["curl", "-u", "\(mask):", "https://h/"]),
        (["smbclient", "-U", "dom\\me%pw"], ["smbclient", "-U", "dom\\me%\(mask)"]),
        (["lftp", "-u", "me,pw", "h"], ["lftp", "-u", "me,\(mask)", "h"]),
        (["openssl", "rsa", "-passin", "pass:pw"], ["openssl", "rsa", "-passin", "pass:\(mask)"]),
        (["openssl", "rsa", "-passin", "env:PW"], ["openssl", "rsa", "-passin", "env:PW"]),
        (["htpasswd", "-bc", "f", "me", "pw"], ["htpasswd", "-bc", "f", "me", mask]),
        (["vault", "login", "s.abc"], ["vault", "login", mask]),
        (["app", "--db-password", "pw", "--port", "80"], ["app", "--db-password", mask, "--port", "80"]),
        (["app", "--password-file", "/run/pw"], ["app", "--password-file", "/run/pw"]),
        (["app", "--token-ttl", "60", "--secret-id", "x"], ["app", "--token-ttl", "60", "--secret-id", "x"]),
        (["app", "--no-password", "host"], ["app", "--no-password", "host"]),
        (["env", "PGPASSWORD=pw", "psql"], ["env", "PGPASSWORD=\(mask)", "psql"]),
        (["java", "-Dx.keyStorePassword=pw"], ["java", "-Dx.keyStorePassword=\(mask)"]),
        (["psql", "postgres://u:pw@h/db"], ["psql", "postgres://u:\(mask)@h/db"]),
        (["psql", "host=h password=pw dbname=d"], ["psql", "host=h password=\(mask) dbname=d"]),
        (["mount", "-o", "user=u,password=pw,vers=3"], ["mount", "-o", "user=u,password=\(mask),vers=3"]),
        (["curl", "-H", "Authorization: Bearer t0k"], ["curl", "-H", "Authorization: Bearer \(mask)"]),
        (["curl", "-H", "Cookie: a=1; sid=2"], ["curl", "-H", "Cookie: \(mask)"]),
        (["app", "{\"user\":\"u\",\"token\":\"t\"}"], ["app", "{\"user\":\"u\",\"token\":\"\(mask)\"}"]),
        (["app", "a:\n  password: pw\n  port: 1"], ["app", "a:\n  password: \(mask)\n  port: 1"]),
        (
            ["app", "-----BEGIN RSA PRIVATE KEY-----\nMIIE\n-----END RSA PRIVATE KEY-----"],
            ["app", "-----BEGIN RSA PRIVATE KEY-----\(mask)-----END RSA PRIVATE KEY-----"]
        ),
        (["app", "ghp_0123456789abcdefghij0123"], ["app", "ghp_\(mask)"]),
        (["app", "x=AKIAABCDEFGHIJKLMNOP"], ["app", "x=AKIA\(mask)"]),
        (["sh", "-c", "cd /x && mysql -ppw"], ["sh", "-c", "cd /x && mysql -p\(mask)"]),
        (["nginx: worker process"], ["nginx: worker process"]),
        (["worker --token=t --port 80"], ["worker --token=\(mask) --port 80"]),
    ]

    @Test("Exact output of each rule", arguments: exact.indices)
    func exactOutput(index: Int) {
        let (input, expected) = Self.exact[index]
        #expect(CommandLineRedactor.redact(input) == expected)
        let line = CommandLineRedactor.redact(line: input.joined(separator: " "))
        #expect(CommandLineRedactor.redact(line: line) == line, "redacting again changes nothing")
    }

    @Test("A process list read back is redacted in place, and only where needed")
    func processScan() {
        let process = { (pid: Int32, name: String) in
            ProcessFacts(pid: pid, startTime: 1, name: name, state: "S", kind: .user, threads: 1)
        }
        var scan: ProcessScan? = ProcessScan(processes: [process(7, "mysql"), process(8, "sleep")])
        scan?.processes[0].command = "mysql -uroot -phunter2"
        scan?.processes[1].command = "sleep 100"
        CommandLineRedactor.redactCommands(in: &scan)
        #expect(scan?.processes.map(\.command) == ["mysql -uroot -p\(Self.mask)", "sleep 100"])
        var none: ProcessScan?
        CommandLineRedactor.redactCommands(in: &none)
        #expect(none == nil)
    }

    /// Fragments that trigger every rule, for command lines made at random.
    static let fragments = [
        "-p", "-pX", "--password", "--password=", "=", ":", " ", "  ", "'", "\"", "@", "/", "//", "://", ",", ";", "&",
        "{", "}", "[", "]", "\n", "\t", "%", "mysql", "sshpass", "htpasswd", "-b", "openssl", "passwd", "pass:", "env:",
        "curl", "-u", "-H", "Authorization:", "Bearer", "Cookie:", "a=b;", "token", "secret", "key", "PGPASSWORD=",
        "postgres://u:p@h", "https://", "-----BEGIN", "KEY-----", "-----END", "ghp_", "AKIA", "eyJabcdefghijkl.eyJx",
        "xoxb-", "sk_live_", "hvs.", "IDENTIFIED", "BY", "sudo", "sh", "-c", "&&", "|", "vault", "login", "set",
        "smbclient", "-U", "lftp", "qemu-system-x86_64", "-object", "secret,data=", "sqlplus", "u/p@db", "********",
        "é", "\u{1}", "0123456789abcdef0123", "x",
    ]

    @Test("Random command lines from those fragments: no trap, and redacting again changes nothing")
    func randomLines() {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int(truncatingIfNeeded: state >> 33) % bound
        }
        var unstable: [String] = []
        var crossing: [String] = []
        for _ in 0..<3000 {
            let arguments = (0..<(1 + next(8))).map { _ in
                (0..<(1 + next(4))).map { _ in Self.fragments[next(Self.fragments.count)] }.joined()
            }
            let once = CommandLineRedactor.redact(arguments).joined(separator: " ")
            let line = CommandLineRedactor.redact(line: arguments.joined(separator: " "))
            if CommandLineRedactor.redact(line: once) != once { crossing.append(once) }
            if CommandLineRedactor.redact(line: line) != line { unstable.append(arguments.joined(separator: " ")) }
        }
        print("redaction, random lines: \(unstable.count) lines and \(crossing.count) argument lists unstable")
        #expect(unstable.isEmpty, "\(unstable.count) not stable, first: \(unstable.prefix(5))")
    }

    @Test("Speed: the whole corpus redacted many times (printed, not asserted; rerun with -c release)")
    func speed() throws {
        let corpus = try RedactionCorpus.load()
        #if DEBUG
        let rounds = 20
        #else
        let rounds = 1000
        #endif
        let commands = corpus.entries.map(\.arguments)
        var arguments = 0
        let elapsed = ContinuousClock().measure {
            for _ in 0..<rounds {
                for command in commands { arguments += CommandLineRedactor.redact(command).count }
            }
        }
        let lines = rounds * commands.count
        let perLine = elapsed / lines
        print("redaction speed: \(lines) command lines (corpus × \(rounds)) in \(elapsed), \(perLine) each")
        #expect(arguments == rounds * commands.map(\.count).reduce(0, +))
    }

    @Test("Redacting again changes nothing: a stored command line read back is the same")
    func idempotent() throws {
        let corpus = try RedactionCorpus.load()
        for entry in corpus.entries {
            let once = CommandLineRedactor.redact(entry.arguments).joined(separator: " ")
            #expect(CommandLineRedactor.redact(line: once) == once, "\(entry)")
            let line = CommandLineRedactor.redact(line: entry.joined)
            #expect(CommandLineRedactor.redact(line: line) == line, "\(entry)")
        }
    }
}

@Suite("Service names from cgroup paths")
struct ServiceNameTests {
    @Test(
        arguments: [
            ("/system.slice/nginx.service", "nginx.service"),
            (
                "/user.slice/user-1000.slice/user@1000.service/app.slice/app-gnome-firefox-2211.scope",
                "app-gnome-firefox-2211.scope"
            ),
            ("/user.slice/user-1000.slice/session-3.scope", "session-3.scope"),
            (
                "/system.slice/docker-3f2a1b9c8d7e6f5a4b3c2d1e0f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a.scope",
                "docker 3f2a1b9c8d7e"
            ),
            ("/docker/3f2a1b9c8d7e6f5a4b3c", "docker 3f2a1b9c8d7e"),
            (
                "/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod1234.slice/cri-containerd-abcdef0123456789.scope",
                "containerd abcdef012345"
            ),
            ("/machine.slice/libpod-0123456789abcdef.scope/container", "podman 0123456789ab"),
            ("/machine.slice/machine-qemu\\x2d1\\x2dwin10.scope", "machine-qemu-1-win10.scope"),
            ("/lxc.payload.web", "lxc web"),
            ("/init.scope", "init.scope"),
            ("/", "/"),
        ]
    )
    func name(path: String, expected: String) {
        #expect(ServiceName.from(cgroupPath: path) == expected)
    }
}
