import Testing
import WiredCore
import WiredTestSupport

/// Secrets never leave `/proc/PID/cmdline` unredacted; the program and harmless arguments stay as they are.
@Suite("Command-line redaction")
struct RedactionTests {
    static let mask = CommandLineRedactor.mask
    static let corpus: RedactionCorpus = {
        do { return try RedactionCorpus.load() } catch { fatalError("\(error)") }
    }()

    @Test("The corpus: at least 100 secret command lines and 30 look-alikes, each secret unique")
    func corpusShape() throws {
        let corpus = Self.corpus
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
    func noLeaks() {
        var leaks: [String] = []
        var lineLeaks: [String] = []
        for entry in Self.corpus.secretEntries {
            let output = CommandLineRedactor.redact(entry.arguments).joined(separator: " ")
            if !entry.leaks(in: output).isEmpty { leaks.append("\(entry)\n  → \(output)") }
            let line = CommandLineRedactor.redact(line: entry.joined)
            if !entry.leaks(in: line).isEmpty { lineLeaks.append("\(entry)\n  → \(line)") }
        }
        let total = Self.corpus.secretEntries.count
        print("redaction: \(leaks.count) of \(total) leak as arguments, \(lineLeaks.count) as one line")
        #expect(leaks.isEmpty, "\(leaks.count) leak:\n\(leaks.joined(separator: "\n"))")
        #expect(lineLeaks.isEmpty, "\(lineLeaks.count) leak:\n\(lineLeaks.joined(separator: "\n"))")
    }

    @Test("Look-alikes come out byte for byte")
    func lookAlikesKept() {
        var garbled: [String] = []
        var lineGarbled: [String] = []
        for entry in Self.corpus.lookAlikes {
            let output = CommandLineRedactor.redact(entry.arguments)
            if output != entry.arguments { garbled.append("\(entry)\n  → \(output.joined(separator: " "))") }
            let line = CommandLineRedactor.redact(line: entry.joined)
            if line != entry.joined { lineGarbled.append("\(entry)\n  → \(line)") }
        }
        let total = Self.corpus.lookAlikes.count
        print(
            "redaction: \(garbled.count) of \(total) look-alikes garbled as arguments, \(lineGarbled.count) as one line"
        )
        #expect(garbled.isEmpty, "\(garbled.count) garbled:\n\(garbled.joined(separator: "\n"))")
        #expect(lineGarbled.isEmpty, "\(lineGarbled.count) garbled:\n\(lineGarbled.joined(separator: "\n"))")
    }

    @Test("Speed: the whole corpus redacted many times (printed, not asserted; rerun with -c release)")
    func speed() {
        #if DEBUG
        let rounds = 20
        #else
        let rounds = 1000
        #endif
        let commands = Self.corpus.entries.map(\.arguments)
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
    func idempotent() {
        for entry in Self.corpus.entries {
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
