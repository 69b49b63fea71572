import ArgumentParser

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

#if canImport(Glibc)
private func terminate(_ code: Int32) -> Never { Glibc.exit(code) }
#elseif canImport(Musl)
private func terminate(_ code: Int32) -> Never { Musl.exit(code) }
#elseif canImport(Darwin)
private func terminate(_ code: Int32) -> Never { Darwin.exit(code) }
#endif

extension Wired {
    /// Runs the command line: parses, runs, prints one clear line on failure.
    ///
    /// Every message goes through ``Terminal``, which escapes what it prints: an error may name a path or a
    /// process, and the argument parser's messages repeat what was typed.
    public static func runMain(_ arguments: [String]? = nil) -> Never {
        do {
            var command = try parseAsRoot(arguments)
            try command.run()
            terminate(0)
        } catch let error as CLIError {
            Terminal.printError("wired: \(error.message)")
            terminate(error.code)
        } catch {
            let code = exitCode(for: error)
            let message = fullMessage(for: error)
            if code == .success {
                if !message.isEmpty { Terminal.print(message) }
            } else if !message.isEmpty {
                Terminal.printErrorLines(message)
            }
            terminate(code.rawValue)
        }
    }
}
