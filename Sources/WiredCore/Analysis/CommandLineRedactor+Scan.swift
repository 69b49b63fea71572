extension CommandLineRedactor {
    /// Redacts every command line in `scan` again (for snapshots read from a file, which an older wired may
    /// have written with weaker redaction; redacting twice changes nothing).
    public static func redactCommands(in scan: inout ProcessScan?) {
        guard let count = scan?.processes.count else { return }
        for index in 0..<count {
            guard let command = scan?.processes[index].command, !command.isEmpty else { continue }
            let redacted = redact(line: command)
            if redacted != command { scan?.processes[index].command = redacted }
        }
    }
}
