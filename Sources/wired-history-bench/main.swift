// wired-history-bench: the history store's benchmark (BENCHMARKS.md, "History store").
//
//   wired-history-bench generate PATH [--processes N] [--days D] [--change-permille P] [--max-samples M]
//       Reads this machine once (as `wired snapshot` does), widens it to N user processes (default 1,000) by
//       copying its processes under new pids, then writes D days (default 14) of samples into a new store at
//       PATH as the default tiers leave them: every 10 s for the last 48 h, one a minute before. Between
//       samples P‰ of the processes (default 50‰, 5%) change size by 4–64 KiB, one process in 500 is replaced by a new one,
//       one process leaks 1 MiB a minute, and the paging counters move. Prints bytes per sample and the
//       store's CPU cost per sample (encoding and writing, not reading the machine). --max-samples stops early
//       (the oldest samples first: a shorter store of the same shape).
//   wired-history-bench query PATH
//       Times replaying moments (nearest sample + its snapshot), diffs of two moments, and `wired grew`
//       over the last 24 h (series + ranking).
import WiredCore
import WiredHistory
import WiredLinux

#if canImport(Glibc)
import Glibc
#endif

func cpuSeconds() -> Double {
    var usage = rusage()
    getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
    return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
        + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
}

func wall() -> Double {
    var now = timespec()
    clock_gettime(CLOCK_MONOTONIC, &now)
    return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
}

func say(_ text: String) { print(text) }

/// This machine, read once, with `count` user processes.
func template(processes count: Int) -> Snapshot {
    let reader = LinuxReader(root: "/")
    var snapshot = reader.readSystem(vmallocinfoFromOwners: true)
    let scan = reader.readProcesses(
        ProcessReadOptions(commandLines: .eager, cgroups: true, openFiles: true),
        keepingHandles: false
    )
    snapshot.processes = scan.scan
    var owners = reader.readOwners(openFiles: scan.openFiles, pageSize: snapshot.meta.pageSize).0
    owners.problems = []
    snapshot.owners = owners
    let users = (snapshot.processes?.processes ?? []).filter { $0.kind == .user && $0.smaps != nil }
    guard !users.isEmpty else { fatalError("no readable user process: run as root") }
    var all = snapshot.processes?.processes ?? []
    var pid: Int32 = 100_000
    while all.filter({ $0.kind == .user }).count < count {
        var copy = users[all.count % users.count]
        copy.pid = pid
        copy.startTime = UInt64(pid)
        pid += 1
        all.append(copy)
    }
    snapshot.processes?.processes = all
    return snapshot
}

/// A deterministic generator (xorshift).
struct Noise {
    var state: UInt64 = 0x9E37_79B9_7F4A_7C15
    mutating func next(_ bound: Int) -> Int {
        state ^= state << 13
        state ^= state >> 7
        state ^= state << 17
        return Int(state % UInt64(bound))
    }
}

/// The next sample: some processes change, a few are replaced, one leaks, counters move.
func evolve(_ snapshot: inout Snapshot, changing permille: Int, noise: inout Noise, nextPID: inout Int32) {
    guard let count = snapshot.processes?.processes.count else { return }
    for _ in 0..<(count * permille / 1000) {
        let index = noise.next(count)
        guard var process = snapshot.processes?.processes[index], var smaps = process.smaps else { continue }
        let change = Int64(4096 * (1 + noise.next(16))) * (noise.next(2) == 0 ? 1 : -1)
        smaps.pss = max(4096, smaps.pss + change)
        smaps.rss = max(smaps.pss, smaps.rss + change)
        smaps.uss = max(0, min(smaps.pss, smaps.uss + change))
        process.smaps = smaps
        process.rss = smaps.rss
        snapshot.processes?.processes[index] = process
    }
    if noise.next(500 / max(1, count / 1000)) == 0 {
        let index = noise.next(count)
        snapshot.processes?.processes[index].pid = nextPID
        snapshot.processes?.processes[index].startTime = UInt64(nextPID)
        nextPID += 1
    }
    if var leaker = snapshot.processes?.processes.last, var smaps = leaker.smaps {
        smaps.pss += Int64(1 << 20) / 6
        smaps.rss += Int64(1 << 20) / 6
        leaker.smaps = smaps
        snapshot.processes?.processes[count - 1] = leaker
    }
    for key in ["pgfault", "pgalloc_normal", "pgfree", "nr_free_pages"] {
        snapshot.linux?.vmstat?[key, default: 0] += Int64(noise.next(4096))
    }
    snapshot.linux?.meminfo?["MemFree", default: 0] += Int64(noise.next(64) - 32) * 4096
}

func generate(_ path: String, processes: Int, days: Int, permille: Int, limit: Int) throws {
    var snapshot = template(processes: processes)
    let end = Int64(wall().rounded()) - Int64(wall().rounded()) % 60 + 1_000_000_000
    let start = end - Int64(days) * 86_400
    let (store, _) = try HistoryStore.openForWriting(path, now: Timestamp(seconds: 0))
    var noise = Noise()
    var nextPID: Int32 = 500_000
    var time = start
    var samples = 0
    var bytes = 0
    var fullBytes = 0
    var fullSamples = 0
    let cpuStart = cpuSeconds()
    let wallStart = wall()
    while time <= end, samples < limit {
        snapshot.meta.takenAt = Timestamp(seconds: time)
        snapshot.meta.uptimeSeconds = Double(time - start)
        evolve(&snapshot, changing: permille, noise: &noise, nextPID: &nextPID)
        let appended = try store.append(snapshot)
        samples += 1
        bytes += appended.bytes
        let full = time >= end - 48 * 3600
        if full {
            fullBytes += appended.bytes
            fullSamples += 1
        }
        time += full ? 10 : 60
        if samples % 2000 == 0 { say("\(samples) samples, \(bytes / samples) B/sample so far") }
    }
    let cpu = cpuSeconds() - cpuStart
    say("processes: \(processes); samples: \(samples) over \(days) days (\(fullSamples) at 10 s, the rest at 60 s)")
    say(
        "bytes per sample (blobs, keyframes included): \(bytes / samples) B overall, \(fullBytes / max(1, fullSamples)) B at 10 s"
    )
    say("a day at 10 s: \(Double(fullBytes) / 2 / 1_048_576) MiB of blobs")
    say("store on disk: \(Double(try store.fileBytes) / 1_048_576) MiB")
    say("store CPU per sample (encode + write): \(cpu / Double(samples) * 1000) ms; wall \(wall() - wallStart) s")
}

func time<T>(_ runs: Int, _ body: (Int) throws -> T) rethrows -> (median: Double, max: Double) {
    var times: [Double] = []
    for run in 0..<runs {
        let begin = wall()
        _ = try body(run)
        times.append(wall() - begin)
    }
    times.sort()
    return (times[times.count / 2] * 1000, (times.last ?? 0) * 1000)
}

func query(_ path: String) throws {
    let store = try HistoryStore.openForReading(path)
    let summary = try store.summary()
    guard let first = summary.first?.time, let last = summary.last?.time else { fatalError("empty store") }
    say("store: \(summary.samples) samples, \(Double(try store.fileBytes) / 1_048_576) MiB")
    var noise = Noise()
    let replay = try time(20) { _ in
        let at = first + Double(noise.next(Int(last - first)))
        guard let moment = try store.nearest(to: at) else { fatalError("no moment") }
        return try store.snapshot(moment)
    }
    say("replay (nearest + snapshot), 20 random moments: median \(replay.median) ms, max \(replay.max) ms")
    let diff = try time(10) { _ in
        guard let earlier = try store.nearest(to: first + Double(noise.next(Int(last - first)))),
            let later = try store.nearest(to: last)
        else { fatalError("no moment") }
        return SnapshotComparison.diff(try store.snapshot(earlier), try store.snapshot(later))
    }
    say("diff of two moments (two replays + the comparison), 10 runs: median \(diff.median) ms, max \(diff.max) ms")
    var ranked = 0
    let grew = try time(5) { _ in
        let series = try store.series(from: last - 86_400, to: last) { kind, _, _ in kind != "bucket" && kind != "total"
        }
        let result = GrowthAnalysis.rank(series)
        ranked = result.count
        return result
    }
    say(
        "grew over the last 24 h (series + ranking), 5 runs: median \(grew.median) ms, max \(grew.max) ms; \(ranked) owners ranked"
    )
}

let arguments = CommandLine.arguments
guard arguments.count >= 3 else {
    say("usage: wired-history-bench generate PATH [--processes N] [--days D] | query PATH")
    exit(2)
}
func option(_ name: String, _ fallback: Int) -> Int {
    guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count, let value = Int(arguments[index + 1])
    else { return fallback }
    return value
}
do {
    switch arguments[1] {
    case "generate":
        try generate(
            arguments[2],
            processes: option("--processes", 1000),
            days: option("--days", 14),
            permille: option("--change-permille", 50),
            limit: option("--max-samples", .max)
        )
    case "query": try query(arguments[2])
    default:
        say("unknown mode \(arguments[1])")
        exit(2)
    }
} catch {
    say("wired-history-bench: \(error)")
    exit(1)
}
