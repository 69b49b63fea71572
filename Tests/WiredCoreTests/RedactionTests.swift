import Testing
import WiredCore

/// Secrets never leave `/proc/PID/cmdline` unredacted; the executable and ordinary arguments stay.
@Suite("Command-line redaction")
struct RedactionTests {
    static let mask = CommandLineRedactor.mask

    /// (arguments, expected), 56 cases.
    static let corpus: [([String], [String])] = [
        (["mysql", "--password=hunter2", "db"], ["mysql", "--password=\(mask)", "db"]),
        (["mysql", "-p", "hunter2", "db"], ["mysql", "-p", mask, "db"]),
        (["mysql", "-phunter2", "-u", "root"], ["mysql", "-p\(mask)", "-u", "root"]),
        (["psql", "postgresql://app:s3cret@db:5432/prod"], ["psql", "postgresql://app:\(mask)@db:5432/prod"]),
        (["curl", "https://user:pass@example.com/x?y=1"], ["curl", "https://user:\(mask)@example.com/x?y=1"]),
        (["curl", "-H", "Authorization: Bearer abc.def"], ["curl", "-H", "Authorization: \(mask)"]),
        (["curl", "-H", "X-Api-Key: 12345"], ["curl", "-H", "X-Api-Key: \(mask)"]),
        (["curl", "-H", "Accept: text/html"], ["curl", "-H", "Accept: text/html"]),
        (["app", "--api-key", "AKIA123"], ["app", "--api-key", mask]),
        (["app", "--api-key=AKIA123"], ["app", "--api-key=\(mask)"]),
        (["app", "--apikey", "x"], ["app", "--apikey", mask]),
        (["app", "--api_key=x"], ["app", "--api_key=\(mask)"]),
        (["app", "--token", "t0k"], ["app", "--token", mask]),
        (["app", "--auth-token=t0k"], ["app", "--auth-token=\(mask)"]),
        (["app", "--access-token", "t0k", "--verbose"], ["app", "--access-token", mask, "--verbose"]),
        (["app", "--secret", "s"], ["app", "--secret", mask]),
        (["app", "--client-secret=s"], ["app", "--client-secret=\(mask)"]),
        (["app", "--aws-secret-access-key", "s"], ["app", "--aws-secret-access-key", mask]),
        (["app", "--private-key", "/etc/k.pem"], ["app", "--private-key", mask]),
        (["app", "--key", "abc"], ["app", "--key", mask]),
        (["app", "--ssh-key=abc"], ["app", "--ssh-key=\(mask)"]),
        (["app", "--passwd", "x"], ["app", "--passwd", mask]),
        (["app", "--db-password", "x"], ["app", "--db-password", mask]),
        (["app", "--PASSWORD=X"], ["app", "--PASSWORD=\(mask)"]),
        (["app", "--credentials", "c"], ["app", "--credentials", mask]),
        (["app", "--cookie=sid=1"], ["app", "--cookie=\(mask)"]),
        (["app", "--session", "abc"], ["app", "--session", mask]),
        (["app", "token=abc"], ["app", "token=\(mask)"]),
        (["app", "PGPASSWORD=x", "psql"], ["app", "PGPASSWORD=\(mask)", "psql"]),
        (["env", "AWS_SECRET_ACCESS_KEY=x", "aws"], ["env", "AWS_SECRET_ACCESS_KEY=\(mask)", "aws"]),
        (["env", "MYSQL_PWD=x", "mysql"], ["env", "MYSQL_PWD=\(mask)", "mysql"]),
        (["env", "GITHUB_TOKEN=ghp_x", "gh"], ["env", "GITHUB_TOKEN=\(mask)", "gh"]),
        (
            ["java", "-Djavax.net.ssl.keyStorePassword=changeit", "-jar", "a.jar"],
            ["java", "-Djavax.net.ssl.keyStorePassword=\(mask)", "-jar", "a.jar"]
        ),
        (["java", "-Dspring.datasource.password=x"], ["java", "-Dspring.datasource.password=\(mask)"]),
        (["redis-server", "--requirepass", "x"], ["redis-server", "--requirepass", mask]),
        (["redis-cli", "-a", "x", "--pass", "y"], ["redis-cli", "-a", "x", "--pass", mask]),
        (
            ["git", "clone", "https://ghp_abcdefghijklmnopqrstuvwx@github.com/o/r"],
            ["git", "clone", "https://\(mask)@github.com/o/r"]
        ),
        (["git", "clone", "https://github.com/o/r"], ["git", "clone", "https://github.com/o/r"]),
        (["ssh", "-p", "2222", "host"], ["ssh", "-p", mask, "host"]),
        (
            ["docker", "login", "--password-stdin", "--username", "me"],
            ["docker", "login", "--password-stdin", "--username", "me"]
        ),
        (["docker", "login", "-u", "me", "-p", "pw"], ["docker", "login", "-u", "me", "-p", mask]),
        (["rsync", "rsync://u:p@host/mod", "."], ["rsync", "rsync://u:\(mask)@host/mod", "."]),
        (
            ["mongo", "mongodb://admin:pw@h1,h2/db?replicaSet=rs"],
            ["mongo", "mongodb://admin:\(mask)@h1,h2/db?replicaSet=rs"]
        ),
        (
            ["amqp", "--url=amqp://guest:guest@localhost:5672/"],
            ["amqp", "--url=amqp://guest:\(mask)@localhost:5672/"]
        ),
        (["https://user:pw@proxy:3128"], ["https://user:\(mask)@proxy:3128"]),
        (["nginx", "-g", "daemon off;"], ["nginx", "-g", "daemon off;"]),
        (["/usr/bin/python3", "-m", "http.server", "8080"], ["/usr/bin/python3", "-m", "http.server", "8080"]),
        (["postgres", "-D", "/var/lib/postgresql/data"], ["postgres", "-D", "/var/lib/postgresql/data"]),
        (["sleep", "100"], ["sleep", "100"]),
        (["app", "--keyboard=us"], ["app", "--keyboard=us"]),
        (["app", "--monkey=1"], ["app", "--monkey=1"]),
        (["app", "--verbose", "--config=/etc/app.conf"], ["app", "--verbose", "--config=/etc/app.conf"]),
        (["app", "--hotkey=F1"], ["app", "--hotkey=F1"]),
        (["app", "--signature", "sig"], ["app", "--signature", mask]),
        (["sshpass", "-phunter2", "ssh", "host"], ["sshpass", "-p\(mask)", "ssh", "host"]),
        (["app", "--token"], ["app", "--token"]),
        (
            ["redis-server", "--masterauth", "x", "--bypass", "y"],
            ["redis-server", "--masterauth", mask, "--bypass", "y"]
        ),
    ]

    @Test("The corpus", arguments: corpus.indices)
    func corpusCase(index: Int) {
        let (input, expected) = Self.corpus[index]
        #expect(CommandLineRedactor.redact(input) == expected)
    }

    @Test("At least 50 cases, and no secret survives in any of them")
    func noSecretSurvives() {
        #expect(Self.corpus.count >= 50)
        let secrets = ["hunter2", "s3cret", "abc.def", "AKIA123", "t0k", "changeit", "ghp_", "pass@", "pw@", "guest@"]
        for (input, _) in Self.corpus {
            let output = CommandLineRedactor.redact(input).joined(separator: " ")
            for secret in secrets { #expect(!output.contains(secret), "\(secret) in \(output)") }
        }
    }

    @Test("A title rewritten into one argument is redacted word by word")
    func oneLine() {
        #expect(
            CommandLineRedactor.redact(line: "worker --password=x --port 80")
                == "worker --password=\(Self.mask) --port 80"
        )
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
