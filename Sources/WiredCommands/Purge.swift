import ArgumentParser
import WiredCore
import WiredJSON
import WiredReading
import WiredRender

extension Wired {
    /// `wired purge`: drop the clean caches (root), with an honest before and after.
    struct Purge: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Drop the kernel's clean caches (root only) and show, honestly, what that did.",
            discussion: """
                Linux: sync, then /proc/sys/vm/drop_caches with --level 1 (page cache), 2 (reclaimable slab: \
                dentries, inodes) or 3 (both); --compact also compacts memory. macOS: runs purge, which drops \
                only the disk cache. Then the ledger before and after, bucket by bucket, what could not be \
                dropped, and how much cache came back after --wait seconds. Dropping caches rarely helps: the \
                kernel gives cache back the moment memory is needed, and dropped files are read from disk again.
                """
        )

        @Option(help: "What to drop: 1 page cache, 2 reclaimable slab (dentries, inodes), 3 both.")
        var level = 3

        @Flag(help: "Also compact memory (/proc/sys/vm/compact_memory): frees nothing, makes free memory contiguous.")
        var compact = false

        @Flag(name: .shortAndLong, help: "Do not ask (needed when not on a terminal).")
        var yes = false

        @Option(
            help: ArgumentHelp(
                "Seconds to wait, then report how much cache came back (0: do not wait).",
                valueName: "SECONDS"
            )
        )
        var wait: Double = 5

        @OptionGroup var output: OutputOptions

        func validate() throws {
            guard (1...3).contains(level) else { throw ValidationError("--level must be 1, 2 or 3") }
            guard wait >= 0, wait <= 300 else { throw ValidationError("--wait must be 0 to 300 seconds") }
        }

        func run() throws {
            let purger = ReaderFactory.purger(level: level, compact: compact)
            guard HostProcess.isRoot else {
                throw CLIError("purge needs root (\(purger.needsRoot)); run it with sudo. Nothing was done.", code: 77)
            }
            let what = purger.what
            try confirm(what)
            let before = try ledgerNow()
            try SnapshotSource.reading { try purger.run() }
            let after = try ledgerNow()
            var later: Ledger?
            if wait > 0 {
                pause(seconds: wait)
                later = try ledgerNow()
            }
            let report = PurgeComparison.compare(before: before, after: after, later: later, waited: wait)
            if output.json {
                var writer = JSONWriter { Terminal.write($0) }
                PurgeView.write(report, what: what, to: &writer)
                writer.finish()
            } else {
                let style = Style(color: output.useColor, exactBytes: output.bytes)
                Terminal.print(PurgeView.render(report, what: what, style: style))
            }
        }

        /// Asks on a terminal; refuses without one unless --yes.
        func confirm(_ what: String) throws {
            if yes { return }
            guard HostProcess.canAsk else {
                throw CLIError(
                    "not on a terminal: pass --yes to purge without being asked. Nothing was done.",
                    code: 64
                )
            }
            Terminal.printError(
                "wired purge will \(what). The machine is usually slower for a while afterwards. Go on? [y/N] ",
                newline: false
            )
            let answer = readLine()?.lowercased() ?? ""
            guard answer == "y" || answer == "yes" else { throw CLIError("Nothing was done.", code: 1) }
        }

        /// The ledger of the running system now.
        func ledgerNow() throws -> Ledger {
            let snapshot = try SnapshotSource.live()
            do {
                return try Ledger.of(snapshot.snapshot)
            } catch let error as LedgerError {
                throw CLIError(error.message)
            }
        }
    }
}
