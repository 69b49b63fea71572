public import Foundation

/// What a command run with a time limit did: its raw output, and whether it had to be killed.
public struct TimedResult: Sendable {
    /// Exit status (or 128 + signal).
    public var status: Int32
    /// Standard output, byte for byte.
    public var stdout: Data
    /// Standard error.
    public var stderr: String
    /// True when the command was still running at the limit and was killed (a hang).
    public var timedOut: Bool
}

extension Command {
    /// Runs `arguments` as a child and kills it (SIGKILL) if it is still running after `seconds`, so a test of
    /// something that used to hang fails instead of hanging the suite.
    public static func run(
        _ arguments: [String],
        killAfter seconds: Double,
        environment: [String: String]? = nil
    ) throws -> TimedResult {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: arguments[0])
        process.arguments = Array(arguments.dropFirst())
        if let environment { process.environment = environment }
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        let exited = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in exited.signal() }
        try process.run()
        let group = DispatchGroup()
        nonisolated(unsafe) var outData = Data()
        nonisolated(unsafe) var errData = Data()
        group.enter()
        DispatchQueue.global().async {
            outData = out.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        group.enter()
        DispatchQueue.global().async {
            errData = err.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        var timedOut = false
        if exited.wait(timeout: .now() + seconds) == .timedOut {
            timedOut = true
            kill(process.processIdentifier, SIGKILL)
            exited.wait()
        }
        group.wait()
        let status =
            process.terminationReason == .uncaughtSignal ? 128 + process.terminationStatus : process.terminationStatus
        return TimedResult(
            status: status,
            stdout: outData,
            stderr: String(decoding: errData, as: UTF8.self),
            timedOut: timedOut
        )
    }

    /// Runs the built `wired` with `arguments`, killed after `seconds`.
    public static func wired(
        _ arguments: [String],
        killAfter seconds: Double,
        environment: [String: String]? = nil
    ) throws -> TimedResult {
        try run([Fixtures.product("wired")] + arguments, killAfter: seconds, environment: environment)
    }
}

/// A child started with no signal blocked and default signal actions (a test runner's threads may block
/// signals, and a child inherits that mask), so a test can see how a command reacts to a signal.
public struct SpawnedCommand {
    /// The child's pid.
    public let pid: pid_t

    /// Starts `arguments` (the first is the executable path) with `environment`, output to /dev/null.
    public init(_ arguments: [String], environment: [String: String]) throws {
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var none = sigset_t()
        sigemptyset(&none)
        posix_spawnattr_setsigmask(&attributes, &none)
        var defaults = sigset_t()
        sigfillset(&defaults)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let argv = arguments.map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for pointer in argv + envp { free(pointer) }
        }
        var pid: pid_t = 0
        let status = posix_spawn(&pid, arguments[0], &actions, &attributes, argv, envp)
        guard status == 0 else {
            throw HelperError(message: "posix_spawn \(arguments[0]): \(String(cString: strerror(status)))")
        }
        self.pid = pid
    }

    /// Waits for the child; its exit status, or 128 + the signal that ended it.
    public func wait() -> Int32 {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let signal = status & 0x7F
        return signal != 0 ? 128 + signal : (status >> 8) & 0xFF
    }
}
