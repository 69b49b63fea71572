import ArgumentParser
import Dispatch
import Logging
import WiredCore
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
                text format), /api/status, /api/top, /api/owners, /api/diff?from=&to=, /api/history and \
                /api/events (server-sent events). Listens on loopback unless --listen says otherwise. No endpoint \
                changes the machine; command lines are redacted. Under systemd (Type=notify) it sends READY=1 \
                after the first sample and WATCHDOG=1 while samples keep coming.
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

        func validate() throws {
            guard interval >= 0.2, interval <= 3600 else { throw ValidationError("--interval must be 0.2 to 3600") }
            guard ListenAddress(listen) != nil else {
                throw ValidationError("--listen \(listen): expected HOST:PORT, such as 127.0.0.1:9929 or [::1]:9929")
            }
        }

        func run() throws {
            guard let address = ListenAddress(listen) else { throw CLIError("--listen \(listen): not HOST:PORT") }
            if let root, !FileSystemCheck.isDirectory(root) { throw CLIError("--root \(root): not a directory") }
            let configuration = ServeConfiguration(
                host: address.host,
                port: address.port,
                interval: .milliseconds(Int64(interval * 1000)),
                maxConnections: DescriptorLimit.connectionLimit()
            )
            if !configuration.isLoopback {
                Terminal.printError(
                    "wired: warning: serving on \(listen) without TLS or authentication: anyone who can reach it "
                        + "sees this machine's memory, processes and (redacted) command lines"
                )
            }
            let state = ServeState(store: MemoryStore(), reader: try Self.reader(root: root))
            let logger = Logger(label: "wired.serve")
            let url = "http://\(address.display):"
            let seconds = interval
            try Self.block {
                try await WiredServer.run(state, configuration: configuration, logger: logger) { port in
                    Terminal.printError("wired serve: \(url)\(port)/ (a sample every \(seconds) s)")
                    while state.latest == nil, state.lastError == nil {
                        do { try await Task.sleep(for: .milliseconds(50)) } catch { return }
                    }
                    SystemdNotify.send("READY=1\nSTATUS=serving \(url)\(port)/")
                }
            }
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
