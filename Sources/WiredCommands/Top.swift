public import ArgumentParser
public import WiredCore
import WiredJSON
import WiredReading
import WiredRender
import WiredTerminal

extension ProcessSort: ExpressibleByArgument {}
extension ProcessGrouping: ExpressibleByArgument {}

extension Wired {
    /// `wired top`: processes by the memory they hold and the wired memory they cause.
    struct Top: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List processes by the memory they hold and the wired kernel memory they cause.",
            discussion: """
                Columns and where they come from:
                \(ProcessReport.columnSources)

                Without root, other users' processes cannot be inspected: their RSS is shown and marked, never \
                presented as PSS. Kernel threads and zombies are counted below the table. Secrets in command \
                lines are redacted; /proc/PID/environ is never opened.

                On macOS (live or a capture): FOOTPRINT is phys_footprint, Activity Monitor's Memory column \
                (proc_pid_rusage, top's MEM, footprint); CMPRS top's compressed memory; WIRED ri_wired_size \
                (live only); THR and PORTS from top or proc_pidinfo. --sort pss sorts by footprint.
                """
        )

        @OptionGroup var global: GlobalOptions

        @Option(help: "Sort by pss, uss, rss, swap, wired or threads.")
        var sort: ProcessSort = .pss

        @Option(help: "Rows to show (0 = all). Default: what fits the terminal; all with --json.")
        var limit: Int?

        @Option(help: "Group rows by command, user or service (systemd unit or container), summing PSS.")
        var by: ProcessGrouping?

        func validate() throws {
            if let limit, limit < 0 { throw ValidationError("--limit must be 0 (all) or more") }
        }

        func run() throws {
            // With many processes, command lines are read after sorting, only for the rows output, through the
            // /proc/PID descriptors kept open (ProcessRequest.CommandLines.automatic).
            let reader = try SnapshotSource.reader(global)
            let request = ReadRequest(
                processes: ProcessRequest(commandLines: by == nil ? .automatic : .none, cgroups: by == .service)
            )
            let reading = try SnapshotSource.reading { try reader.read(request) }
            let snapshot = reading.snapshot
            if let darwin = snapshot.darwin {
                try macTop(snapshot, darwin)
                return
            }
            guard let scan = snapshot.processes else { throw CLIError("no processes could be read") }
            let ledger = try? Ledger.of(snapshot)
            let costs = reader.processCosts(snapshot)
            let summary = ProcessTable.summary(scan, costs: costs)
            let shown = limit ?? Terminal.output.defaultListRows(json: global.json)

            if let by {
                var groups = ProcessTable.sorted(ProcessTable.groups(scan, by: by, costs: costs), by: sort)
                let total = groups.count
                if shown > 0 { groups = Array(groups.prefix(shown)) }
                output(snapshot, rows: groups, total: total, summary: summary, ledger: ledger, grouping: by)
                return
            }
            var order = ProcessTable.order(scan, by: sort, costs: costs)
            let total = order.count
            if shown > 0 { order = Array(order.prefix(shown)) }
            let handles = reading.commandLines
            if global.json {
                var json = JSONWriter { Terminal.write($0) }
                ProcessJSON.begin(snapshot, sort: sort, grouping: nil, stackSize: summary.stackSize, to: &json)
                var start = 0
                while start < order.count {
                    let chunk = Array(order[start..<min(start + 512, order.count)])
                    for row in rows(chunk, scan: scan, costs: costs, handles: handles) {
                        ProcessJSON.row(row, scan: scan, to: &json)
                    }
                    start += chunk.count
                }
                ProcessJSON.end(snapshot, summary: summary, ledger: ledger, to: &json)
                json.finish()
            } else {
                output(
                    snapshot,
                    rows: rows(order, scan: scan, costs: costs, handles: handles),
                    total: total,
                    summary: summary,
                    ledger: ledger,
                    grouping: nil
                )
            }
        }

        /// The macOS table: processes by footprint (PSS and USS sort by footprint, RSS by resident size,
        /// swap by compressed memory).
        func macTop(_ snapshot: Snapshot, _ darwin: DarwinFacts) throws {
            guard let processes = darwin.processes, !processes.isEmpty else {
                throw CLIError("no processes: the reading has no top or footprint output")
            }
            if by == .service {
                throw CLIError("--by service: macOS readings have no services (cgroups); use --by command or --by user")
            }
            let key: MacProcessReport.Key =
                switch sort {
                case .pss, .uss: .footprint
                case .rss: .resident
                case .swap: .compressed
                case .wired: .wired
                case .threads: .threads
                }
            let grouping = by.map { $0 == .user ? "user" : "command" }
            var rows = MacProcessReport.sorted(
                by == nil ? processes : MacProcessReport.grouped(processes, byUser: by == .user),
                by: key
            )
            let total = rows.count
            let shown = limit ?? Terminal.output.defaultListRows(json: global.json)
            if shown > 0 { rows = Array(rows.prefix(shown)) }
            if global.json {
                var json = JSONWriter { Terminal.write($0) }
                MacProcessReport.write(snapshot, rows: rows, all: processes, grouping: grouping, key: key, to: &json)
                json.finish()
            } else {
                let style = Style(color: global.useColor, exactBytes: global.bytes)
                Terminal.print(
                    MacProcessReport.render(
                        snapshot,
                        rows: rows,
                        total: total,
                        all: processes,
                        grouping: grouping,
                        key: key,
                        style: style,
                        width: Terminal.width
                    )
                )
            }
        }

        /// Rows for the processes at `indices`, with their command lines.
        func rows(
            _ indices: [Int],
            scan: ProcessScan,
            costs: ProcessCosts,
            handles: (any CommandLineSource)?
        ) -> [ProcessRow] {
            let commands = handles?.commands(for: indices) ?? indices.map { _ in nil }
            return zip(indices, commands).map { index, command in
                var row = ProcessTable.row(scan.processes[index], scan: scan, costs: costs)
                if handles != nil { row.command = command ?? "(exited: \(row.name))" }
                return row
            }
        }

        func output(
            _ snapshot: Snapshot,
            rows: [ProcessRow],
            total: Int,
            summary: ProcessSummary,
            ledger: Ledger?,
            grouping: ProcessGrouping?
        ) {
            if global.json {
                var json = JSONWriter { Terminal.write($0) }
                ProcessJSON.begin(snapshot, sort: sort, grouping: grouping, stackSize: summary.stackSize, to: &json)
                for row in rows { ProcessJSON.row(row, scan: snapshot.processes, to: &json) }
                ProcessJSON.end(snapshot, summary: summary, ledger: ledger, to: &json)
                json.finish()
            } else {
                let style = Style(color: global.useColor, exactBytes: global.bytes)
                Terminal.print(
                    ProcessReport.render(
                        snapshot,
                        rows: rows,
                        totalRows: total,
                        summary: summary,
                        ledger: ledger,
                        sort: sort,
                        grouping: grouping,
                        style: style,
                        width: Terminal.width
                    )
                )
            }
        }
    }
}
