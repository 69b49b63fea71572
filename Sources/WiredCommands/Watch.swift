import ArgumentParser
import WiredCore
import WiredHistory
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
                tables, stacks), Growth (since the view started, or since --since in the history store).

                Keys as in htop: arrows PgUp PgDn Home End, / search, \\ filter, F follow, s < > sort column, M sort \
                by PSS, t tree, p pause, ? help, q or F10 quit; Enter or → expands an owner, ← collapses. With \
                --root or --from the view shows that reading and does not change.

                With a history store (`wired record`'s: --db PATH, or the default one when it exists): [ and ] \
                step to the previous and next recorded sample, { and } an hour back and forward, L comes back to \
                the newest reading; the title says PAST and the sample's time while a recorded sample is shown.
                """
        )

        @OptionGroup var global: GlobalOptions

        @Option(name: .long, help: ArgumentHelp("Seconds between two readings (0.2 to 60).", valueName: "SECONDS"))
        var interval: Double = 1

        @Option(
            parsing: .unconditional,
            help: ArgumentHelp(
                "The Growth pane counts from the store's sample nearest this: 2h, 2d (that long ago), boot, or a TIME.",
                valueName: "SINCE"
            )
        )
        var since: String?

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
            // The view's threads take turns: one malloc arena for them all (docs/linux.md §12.5).
            OwnPages.useOneMallocArena()
            // One stateful reader for the whole view: live, it keeps boot-long facts and each process's PSS.
            let held = HeldReader(try SnapshotSource.reader(options))
            let (store, absence) = try historyStore()
            let live = LiveTimeline(
                isLive: options.root == nil && options.from == nil,
                withoutHistory: absence
            ) { request in
                // A file is shown with whatever it holds: a pane it lacks says so.
                if let file = options.from { return try SnapshotSource.saved(file) }
                // No per-process cgroups: the Services pane shows the cgroups' own counters.
                let wanted = ReadRequest(
                    processes: request.processes ? ProcessRequest(commandLines: .eager) : nil,
                    owners: request.owners
                )
                return try SnapshotSource.reading { try held.read(wanted).snapshot }
            }
            // Start-up's pages of the binary stop counting, then the first reading's (docs/linux.md §12.5).
            OwnPages.releaseStartupPages()
            let timeline = try timeline(live, store: store, absence: absence)
            let controller = WatchController(
                timeline: timeline,
                first: WatchFindings(try timeline.latest(WatchRequest(owners: !timeline.isLive))),
                colors: global.useColor
            )
            OwnPages.releaseStartupPages()
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

        /// `live` with the store for the past and `--since`, or `live` alone without a store.
        func timeline(_ live: LiveTimeline, store: HistoryStore?, absence: String?) throws -> any WatchTimeline {
            guard let store else {
                if since != nil {
                    throw CLIError("--since: \(absence ?? "no history store"); the Growth pane needs one")
                }
                return live
            }
            let start = try since.map { (time: try HistorySource.since($0, in: store), text: $0) }
            return HistoryTimeline(live: live, store: store, since: start)
        }

        /// The store `--db` names (an error when it cannot be read), or, for the live machine, the default one when
        /// it is there; without one, what `[ ] { }` say instead.
        func historyStore() throws -> (HistoryStore?, String?) {
            if let db = global.db { return (try HistorySource.store(db), nil) }
            // A tree or a file is another machine or moment: this machine's store is not its past.
            if global.root != nil || global.from != nil {
                return (nil, "no history store for --root or --from: give --db PATH to step through one")
            }
            let path = HistoryPlace.defaultPath
            guard access(path, F_OK) == 0 else {
                return (nil, "no history store at \(path): `wired record` makes one, or give --db PATH")
            }
            do {
                return (try HistoryStore.openForReading(path), nil)
            } catch let error as HistoryError {
                return (nil, "no history store: \(error.message)")
            }
        }
    }
}
