import ArgumentParser
import WiredCore
import WiredHistory
import WiredReading

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where recorded moments come from, and how the recorder reads the machine.
enum HistorySource {
    /// The seam between the recorder and the machine: one reading of everything the views need.
    ///
    /// One reader held for the whole recording: live, it keeps boot-long facts, the previous counters (rates
    /// with no sleep) and each process's PSS, reading `smaps_rollup` only for new, changed or stale processes.
    static func machineReader(root: String? = nil) throws -> () throws -> Snapshot {
        let held = HeldReader(try SnapshotSource.reading { try ReaderFactory.reader(root: root, from: nil) })
        return { try SnapshotSource.reading { try held.read(.full(interval: 0)).snapshot } }
    }

    /// The store at `db` (or the default place), opened to read.
    static func store(_ db: String?) throws -> HistoryStore {
        do {
            return try HistoryStore.openForReading(db ?? HistoryPlace.defaultPath)
        } catch let error as HistoryError {
            throw CLIError(error.message)
        }
    }

    /// The recorded snapshot nearest `at`, with a line on standard error saying which sample it is.
    static func snapshot(at text: String, db: String?) throws -> Snapshot {
        let store = try store(db)
        let now = wallClock()
        let spec = try parse(text, now: now)
        do {
            guard let moment = try store.moment(spec) else {
                throw CLIError("\(store.path) holds no samples yet (is `wired record` running?)")
            }
            var note =
                "wired: showing the sample of \(moment.timestamp.iso8601) (boot \(moment.bootNumber) of the store)"
            if case .time(let asked) = spec {
                let gap = moment.time - asked
                note += ", \(GrowthWords.duration(abs(gap))) \(gap >= 0 ? "after" : "before") \(text)"
            }
            Terminal.printError(note)
            return try store.snapshot(moment)
        } catch let error as HistoryError {
            throw CLIError(error.message)
        }
    }

    /// A TIME argument, or a usage error naming what is accepted.
    static func parse(_ text: String, now: Double) throws -> TimeSpec {
        switch TimeSpec.parse(text, now: now) {
        case .success(let spec): return spec
        case .failure(let error): throw ValidationError(error.message)
        }
    }

    /// `--since`: "24h" or "2d" (that long before now), "boot", or any TIME; seconds since the epoch.
    static func since(_ text: String, in store: HistoryStore) throws -> Double {
        let now = wallClock()
        // A TIME that does not parse is a usage error; the store reads the rest (HistoryStore+Views).
        if TimeSpec.duration(text) == nil { _ = try parse(text, now: now) }
        do {
            return try store.start(since: text, now: now)
        } catch let error as HistoryError {
            throw CLIError(error.message)
        }
    }

    /// Seconds since the epoch now.
    static func wallClock() -> Double {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
    }
}

/// A recorded moment of the history store (`--at TIME`), read the first time it is asked for.
final class RecordedReader: MemoryReader {
    let at: String
    let db: String?
    private var cached: Snapshot?

    init(at: String, db: String?) {
        self.at = at
        self.db = db
    }

    var source: ReadSource { .saved((db ?? HistoryPlace.defaultPath) + " --at " + at) }

    func read(_ request: ReadRequest) throws -> Reading {
        var snapshot = try cached ?? HistorySource.snapshot(at: at, db: db)
        cached = snapshot
        // A recorded snapshot holds every process's cgroup; a view that would not have read them live shows the
        // same without them.
        if let processes = request.processes, !processes.cgroups { snapshot.strippingCgroups() }
        return Reading(snapshot: snapshot)
    }
}
