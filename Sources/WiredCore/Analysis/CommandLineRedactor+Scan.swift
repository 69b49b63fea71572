extension CommandLineRedactor {
    /// Redacts every command line in `scan` again (for snapshots read from a file, which an older wired may
    /// have written with weaker redaction; redacting twice changes nothing).
    public static func redactCommands(in scan: inout ProcessScan) {
        for index in scan.processes.indices where !scan.processes[index].command.isEmpty {
            scan.processes[index].command = redact(line: scan.processes[index].command)
        }
    }
}
