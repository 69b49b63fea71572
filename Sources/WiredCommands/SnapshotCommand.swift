import ArgumentParser
import WiredCore
import WiredJSON
import WiredReading
import WiredRender
import WiredSnapshot

extension Wired {
    /// `wired snapshot`: one self-contained, compressed file with everything the views need.
    struct SnapshotCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "snapshot",
            abstract: "Save everything the views need in one compressed file, for --from and wired diff.",
            discussion: """
                The file holds the ledger's inputs, every process (redacted command lines, never environment \
                variables), owners, pressure, host, kernel, time and tool version, with a format version. \
                An existing file is never replaced without --force, and never when it is anything but a \
                regular file (a device, FIFO, socket, folder or symbolic link).
                """
        )

        @OptionGroup var global: GlobalOptions

        @Option(
            name: .shortAndLong,
            help: ArgumentHelp(
                "Where to write (default: wired-HOST-DATE-TIME.wired here; - for standard output).",
                valueName: "FILE"
            )
        )
        var output: String?

        @Flag(help: "Replace FILE if it exists and is a regular file.")
        var force = false

        @OptionGroup var interval: SampleInterval

        func run() throws {
            let snapshot =
                global.from != nil
                ? try SnapshotSource.saved(global.from ?? "")
                : try SnapshotSource.full(global, interval: interval.seconds)
            if global.json {
                let bytes = try SnapshotFile.json(snapshot)
                Terminal.write(JSONWriter.escapingTerminalControls(bytes) + [10])
                return
            }
            var timer = PhaseTimer()
            defer { timer.mark("encode and write") }
            if output == "-" {
                do {
                    try SnapshotFile.write(snapshot, toDescriptor: 1, name: "standard output")
                } catch let error as SnapshotFileError {
                    throw CLIError(error.description)
                }
                return
            }
            let path = output ?? SnapshotFile.defaultName(for: snapshot)
            let size: Int
            do {
                let written = try SnapshotFile.write(snapshot, to: path, force: force)
                for stale in written.removedTemporaries {
                    Terminal.printError("wired: removed \(stale), left by an earlier snapshot that was killed")
                }
                size = written.bytes
            } catch let error as SnapshotFileError {
                throw CLIError(error.description)
            }
            var contents = ["the ledger"]
            if let scan = snapshot.processes {
                contents.append("\(ByteFormat.grouped(Int64(scan.processes.count))) processes")
            }
            if let caches = snapshot.owners?.slabCaches { contents.append("\(caches.count) slab caches") }
            if let groups = snapshot.owners?.cgroups?.groups { contents.append("\(groups.count) cgroups") }
            Terminal.print("wrote \(path) (\(ByteFormat.human(Int64(size))): \(contents.joined(separator: ", ")))")
        }
    }

    /// `wired diff A B`: what changed between two snapshots, biggest first.
    struct Diff: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show what changed between two snapshots (files, or `now` for this machine), biggest first.",
            discussion: """
                Leads with owners, ranked by their own growth: processes (matched by pid and start time; a \
                restarted one by command, name and arguments with numbers normalised), services, tmpfs mounts, \
                SysV segments, memfds, slab caches, vmalloc callers, hugepage pools, GPUs and zram (on macOS \
                zprint's wired sites and zones, kexts, and processes by name and footprint). Each byte is named \
                once: a service counts only what its processes and child services do not, shared memory belongs to \
                its memfd, segment or mount, and a process's mlock is a fact of its line. Below them, the ledger's \
                buckets by class, the totals, and counters since boot (swapping, paging, refaults, OOM kills) with \
                their rates. Files may be macOS captures too. Exit status 3 with --fail-if-grown when the wired \
                total, used memory, a wired or unexplained bucket, or an owner grew by more than SIZE.
                """
        )

        @Argument(help: "The earlier snapshot: a file, `now`, or @TIME for a recorded moment (@-1h, @boot, @09:30).")
        var first: String

        @Argument(help: "The later snapshot: a file, `now`, or @TIME.")
        var second: String

        @Option(help: ArgumentHelp("The history store for @TIME (default: as for `wired record`).", valueName: "PATH"))
        var db: String?

        @Option(help: "Fold changes smaller than this (4096, 512K, 1M, 2G).")
        var min: ByteCount = .mebibytes(1)

        @Option(help: "Exit with status 3 if anything that matters grew by more than SIZE.")
        var failIfGrown: ByteCount?

        @OptionGroup var output: OutputOptions

        func run() throws {
            let a = try load(first)
            let b = try load(second)
            let diff = SnapshotComparison.diff(a, b)
            let labels = (first, second)
            if output.json {
                var writer = JSONWriter { Terminal.write($0) }
                DiffView.write(diff, labels: labels, minimum: min, to: &writer)
                writer.finish()
            } else {
                Terminal.print(
                    DiffView.render(
                        diff,
                        labels: labels,
                        minimum: min,
                        style: Style(color: output.useColor, exactBytes: output.bytes),
                        width: Terminal.width
                    )
                )
            }
            if let limit = failIfGrown {
                let grown = diff.changes.filter { change in
                    switch change.section {
                    case .totals:
                        return change.delta > limit && (change.key == "total/wired" || change.key == "total/used")
                    case .ledger: return change.delta > limit && (change.wired || change.key == "ledger/unexplained")
                    case .owners: return change.ownDelta > limit
                    }
                }
                if !grown.isEmpty {
                    let names = grown.prefix(5).map {
                        "\($0.name) (\(ByteFormat.signed(($0.section == .owners ? $0.ownDelta : $0.delta).bytes)))"
                    }.joined(
                        separator: ", "
                    )
                    throw CLIError("grew by more than \(limit): \(names)", code: 3)
                }
            }
        }

        func load(_ name: String) throws -> Snapshot {
            if name == "now" { return try SnapshotSource.full(GlobalOptions.parse([])) }
            if name.hasPrefix("@") { return try HistorySource.snapshot(at: String(name.dropFirst()), db: db) }
            return try SnapshotSource.saved(name)
        }
    }
}
