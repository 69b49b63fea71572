import ArgumentParser
import Dispatch
import Logging
import WiredCore
import WiredHistory
import WiredReading
import WiredServe

#if canImport(Glibc)
import Glibc
#endif

extension Wired {
    /// `wired serve`: the dashboard, the JSON API and Prometheus metrics over HTTP.
    struct Serve: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Serve a dashboard, JSON for every view, and Prometheus metrics over HTTP.",
            discussion: """
                Samples the machine every --interval seconds and serves / (the dashboard), /metrics (Prometheus \
                text format), /api/status, /api/top, /api/owners, /api/diff?from=&to=, /api/history, /api/grew \
                and /api/events (server-sent events). Each sample is also recorded into the history store (--db), \
                as `wired record` records it, unless --no-record; when another recorder holds the store, serve \
                follows it instead, reading its history. Listens on loopback unless --listen says otherwise; \
                --web-config adds TLS and basic auth (node_exporter's YAML: tls_server_config with cert_file and \
                key_file, basic_auth_users with bcrypt hashes). No endpoint changes the machine; command lines are \
                redacted. Under systemd (Type=notify) it sends READY=1 after the first sample and WATCHDOG=1 while \
                samples keep coming.
                """
        )

        @Option(help: ArgumentHelp("Address and port to listen on.", valueName: "HOST:PORT"))
        var listen = "127.0.0.1:9929"

        @Option(help: ArgumentHelp("Seconds between samples.", valueName: "SECONDS"))
        var interval: Double = 10

        @Option(
            help: ArgumentHelp(
                "Serve a captured tree (proc/, sys/) under DIR instead of the machine.",
                valueName: "DIR"
            )
        )
        var root: String?

        @Option(
            help: ArgumentHelp(
                "TLS and basic auth settings (YAML, as node_exporter's --web.config.file).",
                valueName: "FILE"
            )
        )
        var webConfig: String?

        @Option(
            help: ArgumentHelp(
                "The history store (default /var/lib/wired/history.db as root, else $XDG_STATE_HOME/wired/history.db).",
                valueName: "PATH"
            )
        )
        var db: String?

        @Flag(help: "Keep history in memory only: neither record into nor read a store.")
        var noRecord = false

        func validate() throws {
            guard interval >= 0.2, interval <= 3600 else { throw ValidationError("--interval must be 0.2 to 3600") }
            guard ListenAddress(listen) != nil else {
                throw ValidationError("--listen \(listen): expected HOST:PORT, such as 127.0.0.1:9929 or [::1]:9929")
            }
            if noRecord, db != nil { throw ValidationError("--no-record and --db cannot be used together") }
        }

        func run() throws {
            guard let address = ListenAddress(listen) else { throw CLIError("--listen \(listen): not HOST:PORT") }
            if let root, !FileSystemCheck.isDirectory(root) { throw CLIError("--root \(root): not a directory") }
            DescriptorLimit.raise()
            var web = WebConfig()
            if let webConfig {
                do { web = try WebConfig.load(webConfig) } catch { throw CLIError("--web-config \(error)") }
            }
            let configuration = ServeConfiguration(
                host: address.host,
                port: address.port,
                interval: .milliseconds(Int64(interval * 1000)),
                web: web
            )
            if let warning = Self.exposure(configuration, listen: listen) { Terminal.printError(warning) }
            let state = ServeState(store: MemoryStore(), reader: try Self.reader(root: root), history: openHistory())
            let logger = Logger(label: "wired.serve")
            let url = "\(web.tls == nil ? "http" : "https")://\(address.display):"
            let seconds = interval
            try Self.block {
                try await WiredServer.run(state, configuration: configuration, logger: logger) { port in
                    Terminal.printError("wired serve: \(url)\(port)/ (a sample every \(seconds) s)")
                    while state.latest == nil, state.lastError == nil {
                        do { try await Task.sleep(for: .milliseconds(50)) } catch { return }
                    }
                    // Start-up's and the first sample's pages of the binary stop counting (docs/linux.md §12.5).
                    OwnPages.releaseStartupPages()
                    SystemdNotify.send("READY=1\nSTATUS=serving \(url)\(port)/")
                }
            }
        }

        /// The warning for listening beyond loopback without both TLS and basic auth, or `nil`.
        static func exposure(_ configuration: ServeConfiguration, listen: String) -> String? {
            guard !configuration.isLoopback, !configuration.web.isProtected else { return nil }
            let missing =
                configuration.web.tls == nil
                ? (configuration.web.users.isEmpty ? "TLS or authentication" : "TLS (passwords travel in clear)")
                : "authentication"
            return "wired: warning: serving on \(listen) without \(missing): anyone who can reach it "
                + "sees this machine's memory, processes and (redacted) command lines"
        }

        /// The history store to record into or follow, as `--db` and `--no-record` say (a `--root` tree only
        /// with `--db`); `nil` (after a line on standard error saying why) when there is none.
        func openHistory() -> HistoryLink? {
            guard !noRecord else { return nil }
            if let root, db == nil {
                // A captured tree is another machine's (or moment's) memory: it goes into a store only when asked.
                Terminal.printError("wired serve: not recording \(root) into the default store; give --db to record it")
                return nil
            }
            let path = db ?? HistoryPlace.defaultPath
            let now = Timestamp(seconds: Int64(HistorySource.wallClock()))
            let (link, notes) = HistoryLink.open(path, now: now)
            for note in notes { Terminal.printError("wired serve: \(note)") }
            if let link, link.role == .recording {
                Terminal.printError("wired serve: recording to \(path) every \(interval) s")
            }
            return link
        }

        /// The one place `serve` reads the machine: every sample is a full reading (system, processes with their
        /// command lines and cgroups, owners) from the running system or `root`.
        ///
        /// One reader is held for the whole run: live, it keeps boot-long facts, the previous counters and each
        /// process's PSS, reading `smaps_rollup` only for new, changed or stale processes.
        static func reader(root: String?) throws -> SnapshotReader {
            let held = HeldReader(try SnapshotSource.reading { try ReaderFactory.reader(root: root, from: nil) })
            return SnapshotReader { try SnapshotSource.reading { try held.read(.full(interval: 0)).snapshot } }
        }

        /// Runs `body` to its end on Swift's concurrency threads while this thread waits.
        static func block(_ body: @escaping @Sendable () async throws -> Void) throws {
            let done = DispatchSemaphore(value: 0)
            nonisolated(unsafe) var failure: (any Error)?
            Task {
                do { try await body() } catch { failure = error }
                done.signal()
            }
            done.wait()
            if let failure { throw failure }
        }
    }
}

/// `HOST:PORT` or `[IPv6]:PORT`.
struct ListenAddress {
    var host: String
    var port: Int

    init?(_ text: String) {
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]),
            (0...65535).contains(port)
        else { return nil }
        var host = String(text[..<colon])
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard !host.isEmpty, !host.contains(" ") else { return nil }
        self.host = host
        self.port = port
    }

    /// The host as it is written in a URL.
    var display: String { host.contains(":") ? "[\(host)]" : host }
}
