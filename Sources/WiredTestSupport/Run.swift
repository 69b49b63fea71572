import Foundation

/// What a finished command printed and returned.
public struct CommandResult: Sendable {
    /// Exit status (or 128 + signal).
    public var status: Int32
    /// Everything written to standard output.
    public var stdout: String
    /// Everything written to standard error.
    public var stderr: String
}

/// Runs commands for tests.
public enum Command {
    /// Runs `arguments` (the first is the executable path), feeding `input` to its standard input.
    public static func run(
        _ arguments: [String],
        input: String? = nil,
        environment: [String: String]? = nil
    ) throws -> CommandResult {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: arguments[0])
        process.arguments = Array(arguments.dropFirst())
        if let environment { process.environment = environment }
        let out = Pipe()
        let err = Pipe()
        let inPipe = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = inPipe
        try process.run()
        if let input { inPipe.fileHandleForWriting.write(Data(input.utf8)) }
        try inPipe.fileHandleForWriting.close()
        // Read both pipes on separate threads so neither can fill and block the child.
        let group = DispatchGroup()
        nonisolated(unsafe) var errData = Data()
        group.enter()
        DispatchQueue.global().async {
            errData = err.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        let status =
            process.terminationReason == .uncaughtSignal ? 128 + process.terminationStatus : process.terminationStatus
        return CommandResult(
            status: status,
            stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errData, as: UTF8.self)
        )
    }

    /// Runs the built `wired` with `arguments`.
    public static func wired(_ arguments: [String], environment: [String: String]? = nil) throws -> CommandResult {
        try run([Fixtures.product("wired")] + arguments, environment: environment)
    }

    /// Parses JSON text into Foundation objects.
    public static func json(_ text: String) throws -> Any {
        try JSONSerialization.jsonObject(with: Data(text.utf8))
    }
}

/// A running `wired-test-helper` that holds memory, threads or locks until stopped.
public final class HelperProcess: @unchecked Sendable {
    /// The helper's process id.
    public let pid: Int32
    private let process: Process
    private let stdinPipe: Pipe

    /// Starts the helper with `arguments` (for example `["--mlock", "64"]`), optionally inside the v1 or v2
    /// cgroup folder `cgroup`, and waits until it reports ready.
    public init(_ arguments: [String], cgroup: String? = nil) throws {
        let helper = Fixtures.product("wired-test-helper")
        let process = Process()
        if let cgroup {
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            let quoted = arguments.map { "'\($0)'" }.joined(separator: " ")
            process.arguments = ["-c", "echo $$ > '\(cgroup)/cgroup.procs' && exec '\(helper)' \(quoted)"]
        } else {
            process.executableURL = URL(fileURLWithPath: helper)
            process.arguments = arguments
        }
        let out = Pipe()
        let input = Pipe()
        process.standardOutput = out
        process.standardInput = input
        try process.run()
        // Read "ready PID\n" one byte at a time so nothing after it is consumed.
        var line = Data()
        while true {
            let byte = out.fileHandleForReading.readData(ofLength: 1)
            if byte.isEmpty || byte == Data([10]) { break }
            line.append(byte)
        }
        let words = String(decoding: line, as: UTF8.self).split(separator: " ")
        guard words.count == 2, words[0] == "ready", let pid = Int32(words[1]) else {
            process.terminate()
            throw HelperError(
                message:
                    "wired-test-helper \(arguments) did not start (printed \"\(String(decoding: line, as: UTF8.self))\")"
            )
        }
        self.pid = pid
        self.process = process
        self.stdinPipe = input
    }

    /// Writes `text` to the helper's standard input (`--rename-on-input` renames it on each line).
    public func send(_ text: String) throws {
        try stdinPipe.fileHandleForWriting.write(contentsOf: Data(text.utf8))
    }

    /// Lets the helper exit and waits for it.
    public func stop() {
        try? stdinPipe.fileHandleForWriting.close()
        process.waitUntilExit()
    }

    deinit {
        if process.isRunning { stop() }
    }
}

/// A helper that failed to start.
public struct HelperError: Error, CustomStringConvertible {
    /// What happened.
    public var message: String
    public var description: String { message }
}
