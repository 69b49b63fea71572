public import Hummingbird
import HummingbirdCore
import HummingbirdTLS
public import Logging
import NIOCore
import NIOPosix
public import ServiceLifecycle

/// How `wired serve` listens and samples.
public struct ServeConfiguration: Sendable {
    /// Address to listen on (loopback by default).
    public var host: String
    /// Port.
    public var port: Int
    /// Seconds between samples.
    public var interval: Duration
    /// Time a connection may take to send a request's head, and may stay idle between requests.
    public var requestTimeout: Duration
    /// Most connections open at once: accepting pauses above it, so running out of descriptors cannot stop
    /// sampling or the connections it has; `nil`: from the descriptor limit when it listens (``DescriptorLimit``).
    public var maxConnections: Int?
    /// TLS and basic auth (`--web-config`); none by default.
    public var web: WebConfig

    /// Creates a configuration.
    public init(
        host: String = "127.0.0.1",
        port: Int = 9929,
        interval: Duration = .seconds(10),
        requestTimeout: Duration = .seconds(10),
        maxConnections: Int? = nil,
        web: WebConfig = WebConfig()
    ) {
        self.host = host
        self.port = port
        self.interval = interval
        self.requestTimeout = requestTimeout
        self.maxConnections = maxConnections
        self.web = web
    }

    /// True when `host` can be reached only from this machine.
    public var isLoopback: Bool {
        host == "localhost" || host == "::1" || host.hasPrefix("127.")
    }
}

/// Builds the `wired serve` application: the routes, the sampler and the systemd notifications.
public enum WiredServer {
    /// The event loops: two at most, whatever the core count.
    ///
    /// A dashboard and a scrape a few seconds apart need no more, and each loop holds three descriptors (epoll,
    /// eventfd, timerfd): on a 16-core machine NIO's default of one per core would take 48 of a 64-descriptor
    /// limit before the first connection.
    static let eventLoops = MultiThreadedEventLoopGroup(numberOfThreads: min(2, System.coreCount))

    /// The application serving `state` as `configuration` says; `onRunning` is called once it listens.
    ///
    /// Throws when the web config's TLS settings cannot make a server (they were checked when loaded).
    public static func application(
        _ state: ServeState,
        configuration: ServeConfiguration,
        logger: Logger,
        sample: Bool = true,
        onRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) throws -> some ApplicationProtocol {
        let timeout = TimeAmount.nanoseconds(
            configuration.requestTimeout.components.seconds * 1_000_000_000
                + configuration.requestTimeout.components.attoseconds / 1_000_000_000
        )
        var services: [any Service] = []
        if sample { services.append(Sampler(state: state, interval: configuration.interval, logger: logger)) }
        if let watchdog = SystemdNotify.watchdogInterval {
            services.append(Watchdog(state: state, interval: watchdog, sampleInterval: configuration.interval))
        }
        let http = HTTPServerBuilder.http1(configuration: .init(idleTimeout: timeout))
        let users = configuration.web.users
        return Application(
            router: Routes.router(state, checker: users.isEmpty ? nil : PasswordChecker(users: users)),
            server: try configuration.web.tls.map { try HTTPServerBuilder.tls(http, tlsConfiguration: $0) } ?? http,
            configuration: ApplicationConfiguration(
                address: .hostname(configuration.host, port: configuration.port),
                serverName: nil,
                availableConnectionsDelegate: ConnectionBudget(fixed: configuration.maxConnections, logger: logger)
            ),
            services: services,
            onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? configuration.port) },
            eventLoopGroupProvider: .shared(eventLoops),
            logger: logger
        )
    }
}

extension WiredServer {
    /// Serves until SIGTERM or SIGINT (then stops sampling and closes connections gracefully).
    public static func run(
        _ state: ServeState,
        configuration: ServeConfiguration,
        logger: Logger,
        onRunning: @escaping @Sendable (Int) async -> Void
    ) async throws {
        try await application(state, configuration: configuration, logger: logger, onRunning: onRunning).runService()
    }
}

/// Samples the machine every `interval` until shutdown.
struct Sampler: Service {
    let state: ServeState
    let interval: Duration
    let logger: Logger

    func run() async throws {
        do {
            try await cancelWhenGracefulShutdown {
                var recordProblem: String?
                while !Task.isCancelled {
                    if await state.sampleOnce() == nil, let error = state.lastError {
                        logger.warning("sample failed: \(error)")
                    }
                    if let problem = state.lastRecordError, problem != recordProblem {
                        logger.warning("sample not stored in \(state.history?.path ?? "the history"): \(problem)")
                    }
                    recordProblem = state.lastRecordError
                    try await Task.sleep(for: interval)
                }
            }
        } catch is CancellationError {
            return
        }
    }
}

/// Tells systemd the service is alive (WATCHDOG=1) at half its watchdog interval, while samples keep coming.
struct Watchdog: Service {
    let state: ServeState
    let interval: Duration
    let sampleInterval: Duration

    func run() async throws {
        let stale = max(sampleInterval * 3, .seconds(60))
        do {
            try await cancelWhenGracefulShutdown {
                while !Task.isCancelled {
                    if let last = state.lastSuccess, ContinuousClock.now - last < stale {
                        SystemdNotify.send("WATCHDOG=1")
                    }
                    try await Task.sleep(for: interval / 2)
                }
            }
        } catch is CancellationError {
            return
        }
    }
}
