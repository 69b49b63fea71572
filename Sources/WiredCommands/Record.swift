import ArgumentParser
import WiredCore
import WiredHistory
import WiredReading

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension Wired {
    /// `wired record`: samples the machine into the history store until SIGINT or SIGTERM.
    struct Record: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record the machine into a history store, for --at, wired diff @TIME, history and grew.",
            discussion: """
                Each sample holds what `wired snapshot` holds (the ledger's inputs, pressure counters, owners and \
                every process), stored as a delta against a keyframe in an SQLite database (WAL mode). One sample \
                is one transaction: a recorder killed at any moment loses at most the sample it was writing. \
                Retention: every sample for --keep-full (48h), then one a minute until --keep-minutely (30d), \
                then one an hour until --keep-hourly (1y); and on every write the oldest samples go first to \
                keep the database and its log under --max-size (256M). A sample from a new boot starts a new \
                segment. A damaged store, or one a newer wired wrote, is moved aside and a new one started. One \
                store has one recorder. Runs in the foreground; SIGINT or SIGTERM stop it within a second.
                """
        )

        @Option(
            help: ArgumentHelp(
                "The store (default /var/lib/wired/history.db as root, else $XDG_STATE_HOME/wired/history.db).",
                valueName: "PATH"
            )
        )
        var db: String?

        @Option(help: ArgumentHelp("Seconds between samples.", valueName: "SECONDS"))
        var interval: Double = 10

        @Option(help: "Largest size of the store on disk (database and log): 256M, 1G.")
        var maxSize: ByteCount = .mebibytes(256)

        @Option(help: ArgumentHelp("Keep every sample this long (48h, 2d).", valueName: "SPAN"))
        var keepFull = "48h"

        @Option(help: ArgumentHelp("Then one sample a minute until this age (30d).", valueName: "SPAN"))
        var keepMinutely = "30d"

        @Option(
            help: ArgumentHelp(
                "Then one sample an hour until this age (365d); older ones are removed.",
                valueName: "SPAN"
            )
        )
        var keepHourly = "365d"

        @Option(help: ArgumentHelp("Stop after N samples (0: until stopped).", valueName: "N"))
        var samples = 0

        @Option(
            help: ArgumentHelp("Record a captured tree (proc/, sys/) instead of the running system.", valueName: "DIR")
        )
        var root: String?

        func validate() throws {
            guard interval >= 0.001, interval <= 86_400 else {
                throw ValidationError("--interval must be 0.001 to 86400 seconds")
            }
            guard maxSize.bytes >= 1 << 20 else { throw ValidationError("--max-size must be at least 1M") }
            for (name, text) in [
                ("--keep-full", keepFull), ("--keep-minutely", keepMinutely), ("--keep-hourly", keepHourly),
            ]
            where TimeSpec.duration(text) == nil {
                throw ValidationError("\(name) \(text): not a span (use 48h, 30d, 1w, 90m)")
            }
            if samples < 0 { throw ValidationError("--samples must be 0 or more") }
        }

        var settings: HistorySettings {
            var settings = HistorySettings()
            settings.maxBytes = maxSize.bytes
            settings.fullSeconds = TimeSpec.duration(keepFull) ?? settings.fullSeconds
            settings.minuteSeconds = TimeSpec.duration(keepMinutely) ?? settings.minuteSeconds
            settings.hourSeconds = TimeSpec.duration(keepHourly) ?? settings.hourSeconds
            return settings
        }

        func run() throws {
            // The recorder's threads take turns: one malloc arena for them all (docs/linux.md §12.5).
            OwnPages.useOneMallocArena()
            let path = db ?? HistoryPlace.defaultPath
            let recorder: Recorder
            let lock: RecorderLock
            do {
                lock = try RecorderLock.acquire(for: path)
                let (store, notes) = try HistoryStore.openForWriting(
                    path,
                    settings: settings,
                    now: Timestamp(seconds: Int64(HistorySource.wallClock()))
                )
                for note in notes { Terminal.printError("wired: \(note)") }
                recorder = Recorder(store: store, interval: interval)
                let (summary, bytes) = try recorder.summary()
                Terminal.print(
                    "recording to \(path) every \(interval) s; the store holds \(ByteFormat.grouped(Int64(summary.samples))) samples in \(ByteFormat.human(bytes)) (cap \(maxSize))"
                )
            } catch let error as HistoryError {
                throw CLIError(error.message)
            }
            StopSignals.handle { signal in
                recorder.stop()
                Record.finish(recorder, path: path, signal: signal)
                withExtendedLifetime(lock) {}
                Glibc.exit(0)
            }
            let source = try HistorySource.machineReader(root: root)
            // Start-up's pages of the binary, then the first sample's, stop counting (docs/linux.md §12.5).
            OwnPages.releaseStartupPages()
            var first = true
            recorder.run(limit: samples == 0 ? nil : samples, source: source) { outcome in
                if first {
                    first = false
                    OwnPages.releaseStartupPages()
                }
                switch outcome {
                case .failure(let error): Terminal.printError("wired: a sample was not recorded: \(error)")
                case .success(let appended): for note in appended.damaged { Terminal.printError("wired: \(note)") }
                }
            }
            Record.finish(recorder, path: path, signal: nil)
            withExtendedLifetime(lock) {}
        }

        /// The last line: how many samples the store holds and how big it is.
        static func finish(_ recorder: Recorder, path: String, signal: Int32?) {
            let reason = signal.map { $0 == SIGINT ? "SIGINT" : "SIGTERM" }.map { "stopped by \($0); " } ?? ""
            do {
                let (summary, bytes) = try recorder.summary()
                Terminal.print(
                    "\(reason)\(path) holds \(ByteFormat.grouped(Int64(summary.samples))) samples in \(ByteFormat.human(bytes))"
                )
            } catch {
                Terminal.printError("wired: \(reason)could not read back \(path): \(error)")
            }
        }
    }
}
