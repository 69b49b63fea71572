import Foundation
import WiredTestSupport

/// A `wired serve` started by a test, stopped with SIGTERM when the test ends.
final class ServedProcess {
    let process = Process()
    let log: String
    /// `http://HOST:PORT` (or `https://`), read from the line the server prints once it listens.
    private(set) var base = ""
    /// What curl needs besides the URL (`--cacert`, `-u`) to be answered.
    let curlOptions: [String]

    /// Starts the built `wired serve` with `arguments` (and `--no-record` unless they name a `--db`: a test
    /// never records into the machine's own store); waits until it listens and has a sample.
    ///
    /// `launcher` goes before the binary (`prlimit --nofile=64`).
    init(_ arguments: [String], name: String, curlOptions: [String] = [], launcher: [String] = []) throws {
        log = NSTemporaryDirectory() + "wired-serve-\(getpid())-\(name).log"
        self.curlOptions = curlOptions
        FileManager.default.createFile(atPath: log, contents: nil)
        let serve = ["serve"] + arguments + (arguments.contains("--db") ? [] : ["--no-record"])
        if let program = launcher.first {
            process.executableURL = URL(fileURLWithPath: program)
            process.arguments = Array(launcher.dropFirst()) + [Fixtures.product("wired")] + serve
        } else {
            process.executableURL = URL(fileURLWithPath: Fixtures.product("wired"))
            process.arguments = serve
        }
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
        process.standardError = handle
        process.standardOutput = handle
        try process.run()
        let deadline = Date().addingTimeInterval(60)
        while base.isEmpty, Date() < deadline, process.isRunning {
            let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
            if let range = text.range(of: "wired serve: http"), let scheme = text[range.upperBound...].range(of: "://")
            {
                let rest = text[scheme.upperBound...]
                if let slash = rest.firstIndex(of: "/") {
                    base = "http" + text[range.upperBound..<scheme.lowerBound] + "://" + rest[..<slash]
                }
            }
            usleep(50_000)
        }
        guard !base.isEmpty else { throw ServeFailure(message: "wired serve did not start: \(logText)") }
        // Wait for the first sample (503 until then).
        while Date() < deadline,
            (try? Self.curl(curlOptions + ["-sf", "-o", "/dev/null", base + "/metrics"]))?.status != 0
        {
            usleep(100_000)
        }
    }

    var logText: String { (try? String(contentsOfFile: log, encoding: .utf8)) ?? "" }

    func stop() {
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
    }

    deinit { stop() }

    /// Runs curl with `arguments`.
    static func curl(_ arguments: [String]) throws -> CommandResult {
        try Command.run(["/usr/bin/curl"] + arguments)
    }

    /// The body of `path`.
    func get(_ path: String) throws -> String {
        let result = try Self.curl(curlOptions + ["-sS", "--max-time", "20", base + path])
        guard result.status == 0 else { throw ServeFailure(message: "curl \(path): \(result.stderr)") }
        return result.stdout
    }
}

struct ServeFailure: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}

/// Where a tool is, or `nil`.
func tool(_ name: String) -> String? {
    for folder in ["/usr/bin", "/usr/local/bin", "/bin", "/usr/sbin"]
    where FileManager.default.isExecutableFile(
        atPath: "\(folder)/\(name)"
    ) {
        return "\(folder)/\(name)"
    }
    return nil
}
