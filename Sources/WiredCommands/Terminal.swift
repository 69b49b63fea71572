import WiredCore
import WiredTerminal

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Facts about where output goes, and writing to it.
enum Terminal {
    /// Standard output and the environment now: colour, size and row limits (``OutputTerminal``).
    static var output: OutputTerminal { OutputTerminal.standardOutput() }

    /// True when standard output is a terminal.
    static var isInteractive: Bool { output.isTerminal }

    /// True when standard input is a terminal (needed to ask questions).
    static var inputIsInteractive: Bool { isatty(STDIN_FILENO) == 1 }

    /// Columns of the terminal, or `COLUMNS`, or 100.
    static var width: Int { output.size.columns }

    /// Writes bytes to standard output, all of them.
    static func write(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let written = systemWrite(STDOUT_FILENO, raw.baseAddress.map { $0 + offset }, raw.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    return
                }
                offset += written
            }
        }
    }

    /// Writes a view's text and a newline to standard output.
    ///
    /// The views escape every field they format (``TerminalSafe``); this escapes the whole text once more,
    /// keeping only its line breaks and the views' own colour codes, so that a string a view printed without
    /// formatting it still cannot reach the terminal raw.
    static func print(_ text: String) {
        write(Array((TerminalSafe.escape(text, keeping: [.lineBreaks, .styles]) + "\n").utf8))
    }

    /// Writes a one-line message (an error, a prompt) and a newline to standard error; a line break or any
    /// other control character in it is shown escaped.
    static func printError(_ text: String, newline: Bool = true) {
        writeError(TerminalSafe.escape(text) + (newline ? "\n" : ""))
    }

    /// Writes text of several lines (argument parser messages, usage) to standard error, escaped but for its
    /// line breaks.
    static func printErrorLines(_ text: String) {
        writeError(TerminalSafe.escape(text, keeping: .lineBreaks) + "\n")
    }

    private static func writeError(_ text: String) {
        let bytes = Array(text.utf8)
        bytes.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let written = systemWrite(STDERR_FILENO, raw.baseAddress.map { $0 + offset }, raw.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    return
                }
                offset += written
            }
        }
    }
}

#if canImport(Darwin)
private func systemWrite(_ fd: Int32, _ buffer: UnsafeRawPointer?, _ count: Int) -> Int {
    Darwin.write(fd, buffer, count)
}
#elseif canImport(Musl)
private func systemWrite(_ fd: Int32, _ buffer: UnsafeRawPointer?, _ count: Int) -> Int {
    Musl.write(fd, buffer, count)
}
#else
private func systemWrite(_ fd: Int32, _ buffer: UnsafeRawPointer?, _ count: Int) -> Int {
    Glibc.write(fd, buffer, count)
}
#endif
