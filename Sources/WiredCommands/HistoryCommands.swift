import ArgumentParser
import WiredCore
import WiredHistory
import WiredJSON
import WiredRender

/// Options of the commands that read a history store.
struct StoreOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "The store (default /var/lib/wired/history.db as root, else $XDG_STATE_HOME/wired/history.db).",
            valueName: "PATH"
        )
    )
    var db: String?

    @Option(
        parsing: .unconditional,
        help: ArgumentHelp("From when: 24h, 2d (that long ago), boot, or a TIME (see --at).", valueName: "SINCE")
    )
    var since = "24h"

    @OptionGroup var output: OutputOptions

    /// `--json`.
    var json: Bool { output.json }

    /// `--bytes`.
    var bytes: Bool { output.bytes }

    var style: Style { Style(color: output.useColor, exactBytes: output.bytes) }
}

extension Wired {
    /// `wired history`: a figure over time.
    struct History: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show figures over time from the history store: a compact chart and the numbers.",
            discussion: """
                Without a choice, the ledger's classes (wired, unswappable, reclaimable, free, …). --bucket ID \
                shows a ledger bucket (app, slab-unreclaimable, …), --class a class total, --owner every owner \
                whose name or key contains NAME (a process, service, slab cache, mount, …). --csv and --json give \
                every sample; in JSON, `samples` holds one entry per sample with `time` and the figures asked for.
                """
        )

        @OptionGroup var store: StoreOptions

        @Option(help: ArgumentHelp("A ledger bucket by id.", valueName: "ID"))
        var bucket: String?

        @Option(
            name: .customLong("class"),
            help: ArgumentHelp("A class total: wired, unswappable, …", valueName: "CLASS")
        )
        var memoryClass: String?

        @Option(help: ArgumentHelp("Owners whose name or key contains NAME.", valueName: "NAME"))
        var owner: String?

        @Flag(help: "Print CSV: time, boot, then one column per figure.")
        var csv = false

        func validate() throws {
            if [bucket, memoryClass, owner].compactMap({ $0 }).count > 1 {
                throw ValidationError("choose one of --bucket, --class and --owner")
            }
            if csv && store.json { throw ValidationError("--csv and --json cannot be used together") }
        }

        func run() throws {
            let history = try HistorySource.store(store.db)
            let start = try HistorySource.since(store.since, in: history)
            let end = HistorySource.wallClock() + 1
            let choice: HistoryChoice =
                bucket.map { .bucket($0) } ?? memoryClass.map { .memoryClass($0) } ?? owner.map { .owner($0) }
                ?? .classes
            let table: HistoryTable
            do {
                table = try history.historyTable(choice, from: start, to: end)
            } catch let error as HistoryError {
                throw CLIError(error.message)
            }
            if table.columns.isEmpty {
                throw CLIError(
                    "no figure in \(history.path) matches \(bucket ?? memoryClass ?? owner ?? "the classes") since \(store.since)"
                )
            }
            if store.json {
                var json = JSONWriter { Terminal.write($0) }
                HistoryView.write(table, to: &json)
                json.finish()
            } else if csv {
                Terminal.print(HistoryView.csv(table))
            } else {
                Terminal.print(HistoryView.render(table, style: store.style, width: Terminal.width))
            }
        }
    }

    /// `wired grew`: the leak finder.
    struct Grew: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Name what grew steadily: owners ranked by a least-squares fit of their recorded sizes.",
            discussion: """
                Ranks processes (by command and start time; a restarted one keeps its history by command and \
                service), services, tmpfs mounts, SysV segments, memfds, slab caches, vmalloc callers and \
                hugepage pools by their growth along the fitted line times how well the line fits (R²). Each \
                says how much it grew, over how long, and how steadily, in words. Sizes are each owner's own, as \
                `wired diff` counts them.
                """
        )

        @OptionGroup var store: StoreOptions

        @Option(help: "Leave out owners that grew less than this (4096, 512K, 1M).")
        var min: ByteCount = .mebibytes(1)

        @Option(help: "Owners to show (0 = all). Default 10; all with --json.")
        var limit: Int?

        func run() throws {
            let history = try HistorySource.store(store.db)
            let start = try HistorySource.since(store.since, in: history)
            let end = HistorySource.wallClock() + 1
            let ranking: GrowthRanking?
            do {
                ranking = try history.growthRanking(from: start, to: end, minimum: min.bytes)
            } catch let error as HistoryError {
                throw CLIError(error.message)
            }
            guard let ranking else { throw CLIError("\(history.path) holds no samples since \(store.since)") }
            let span = (from: ranking.from, to: ranking.to, samples: ranking.samples)
            if store.json {
                var json = JSONWriter { Terminal.write($0) }
                GrowthView.write(ranking.first(limit ?? 0), span: span, to: &json)
                json.finish()
            } else {
                Terminal.print(
                    GrowthView.render(
                        ranking.ranked,
                        span: span,
                        limit: limit ?? 10,
                        style: store.style,
                        width: Terminal.width
                    )
                )
            }
        }
    }
}
