import ArgumentParser
import WiredCore
import WiredReading
import WiredTerminal
import WiredWatch

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

extension Wired {
    /// `wired watch`: the live full-screen view (WiredWatch draws it, WiredTerminal runs the terminal).
    struct Watch: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Watch memory live: the ledger, pressure and rates, processes, services, owners, kernel, growth.",
            discussion: """
                A full-screen view refreshed every --interval seconds. The header is the ledger bar by class over \
                installed RAM, Wired split into its parts, available memory, swap, the pressure verdict with its \
                first reason, and the rates of swap-in and -out, refaults and major faults between two readings. \
                Panes (Tab or 1-5): Processes (PSS, USS, RSS, swap, wired cost, threads, command), Services \
                (memory cgroups), Owners (the tree of `wired owners`), Kernel (slab caches, vmalloc callers, page \
                tables, stacks), Growth (since the view started).

                Keys as in htop: arrows PgUp PgDn Home End, / search, \\ filter, F follow, s < > sort column, M sort \
                by PSS, t tree, p pause, ? help, q or F10 quit; Enter or → expands an owner, ← collapses. With \
                --root or --from the view shows that reading and does not change.
                """
        )

        @OptionGroup var global: GlobalOptions

        @Option(name: .long, help: ArgumentHelp("Seconds between two readings (0.2 to 60).", valueName: "SECONDS"))
        var interval: Double = 1

        func validate() throws {
            guard interval >= 0.2, interval <= 60 else { throw ValidationError("--interval must be 0.2 to 60 seconds") }
            if global.json { throw ValidationError("--json: wired watch is a terminal view; use `wired top --json`") }
            if global.bytes {
                throw ValidationError(
                    "--bytes: the view's columns are too narrow for exact bytes; use `wired top --bytes`"
                )
            }
        }

        func run() throws {
            let options = global
            // One stateful reader for the whole view: live, it keeps boot-long facts and each process's PSS.
            let held = HeldReader(try SnapshotSource.reader(options))
            let timeline = LiveTimeline(isLive: options.root == nil && options.from == nil) { request in
                // A file is shown with whatever it holds: a pane it lacks says so.
                if let file = options.from { return try SnapshotSource.saved(file) }
                // No per-process cgroups: the Services pane shows the cgroups' own counters.
                let wanted = ReadRequest(
                    processes: request.processes ? ProcessRequest(commandLines: .eager) : nil,
                    owners: request.owners
                )
                return try SnapshotSource.reading { try held.read(wanted).snapshot }
            }
            let controller = WatchController(
                timeline: timeline,
                first: WatchFindings(try timeline.latest(WatchRequest(owners: !timeline.isLive))),
                colors: global.useColor
            )
            let milliseconds = Int64((interval * 1000).rounded())
            let session = TerminalSession(
                options: .init(interval: .milliseconds(milliseconds), colors: global.useColor)
            )
            let outcome: Outcome
            do {
                outcome = try session.run(render: controller.render, handle: controller.handle)
            } catch let error as TerminalError {
                throw CLIError("\(error); `wired top` prints the processes as text")
            }
            if case .terminated(let signalNumber) = outcome {
                // End as the signal would have ended us, now that the terminal is restored.
                signal(signalNumber, SIG_DFL)
                kill(getpid(), signalNumber)
                throw CLIError("ended by signal \(signalNumber)", code: 128 + signalNumber)
            }
        }
    }
}
