import WiredCore
import WiredReading

#if canImport(Glibc)
import Glibc
#endif

/// `wired-reader-bench [READINGS [SECONDS [PSS_BOUND]]]`: the cost of the live reader that long-running views hold
/// (BENCHMARKS.md, "The live reader").
///
/// Four readers, each reading `READINGS` times, `SECONDS` apart, taking turns within each round: the system part
/// alone; the system and the owners; the system and every process (no command lines); and the whole reading the
/// recorder, `wired watch` and `wired serve` make (``ReadRequest/full(interval:)``: processes with command lines
/// and cgroups, and owners). Prints the first reading and the median of the repeats, wall and CPU time (user +
/// system of every thread, from `getrusage`: less disturbed by a loaded machine), and the owner and process
/// parts as differences. `PSS_BOUND` is the readers' bound on a carried process's age (30 s by default).
func runReaderBench(_ arguments: [String]) -> Never {
    let readings = arguments.first.flatMap { Int($0) } ?? 30
    let seconds = arguments.count > 1 ? Double(arguments[1]) ?? 1 : 1
    let bound = arguments.count > 2 ? Double(arguments[2]) ?? 30 : 30
    guard readings >= 2, seconds >= 0, bound >= 0 else {
        fail("usage: wired-reader-bench [READINGS ≥ 2 [SECONDS ≥ 0 [PSS_BOUND ≥ 0]]]")
    }
    var benches = [
        ReaderBench(ReadRequest(), bound: bound),
        ReaderBench(ReadRequest(owners: true), bound: bound),
        ReaderBench(ReadRequest(processes: ProcessRequest(commandLines: .none)), bound: bound),
        ReaderBench(.full(interval: 0), bound: bound),
    ]
    for index in 0..<readings {
        if index > 0 { pause(seconds: seconds) }
        for bench in benches.indices { benches[bench].read(first: index == 0) }
    }
    let costs = benches.map(\.costs)
    let whole = benches[3]
    print(
        "live reader, \(readings) readings \(seconds) s apart, carried processes at most \(bound) s old, \(whole.processes) processes listed"
    )
    print("                              first wall   first CPU   repeat wall  repeat CPU   (ms, repeat = median)")
    func row(_ name: String, _ values: [Double]) {
        let cells = values.map { formatMilliseconds($0).leftPadded(to: 12) }.joined()
        print(name.padded(to: 30) + cells)
    }
    row("system part", costs[0])
    row("system + owners", costs[1])
    row("owners part", zip(costs[1], costs[0]).map { $0 - $1 })
    row("system + processes", costs[2])
    row("process part", zip(costs[2], costs[0]).map { $0 - $1 })
    row("whole (.full: all of them)", costs[3])
    print("read again per repeat of the whole: median \(whole.median(whole.fresh)) of \(whole.users) user processes")
    exit(0)
}

/// One live reader read again and again with one request: its wall and CPU times, and how many user processes
/// each repeat read afresh (no carried age).
private struct ReaderBench {
    let request: ReadRequest
    let reader: LiveLinuxReader
    var walls: [Double] = []
    var cpus: [Double] = []
    var fresh: [Double] = []
    var processes = 0
    var users = 0

    init(_ request: ReadRequest, bound: Double) {
        self.request = request
        reader = LiveLinuxReader(pssBound: bound)
    }

    mutating func read(first: Bool) {
        let (wallStart, cpuStart) = (PhaseTimer.now(), cpuMilliseconds())
        let reading: Reading
        do {
            reading = try reader.read(request)
        } catch {
            fail("the live reading failed: \(error)")
        }
        walls.append(PhaseTimer.now() - wallStart)
        cpus.append(cpuMilliseconds() - cpuStart)
        let listed = reading.snapshot.processes?.processes ?? []
        processes = listed.count
        let user = listed.filter { $0.kind == .user && $0.smaps != nil }
        users = user.count
        if !first { fresh.append(Double(user.filter { $0.pssAge == nil }.count)) }
    }

    func median(_ values: [Double]) -> Int { values.isEmpty ? 0 : Int(values.sorted()[values.count / 2]) }

    /// First wall, first CPU, median repeat wall, median repeat CPU.
    var costs: [Double] {
        func middle(_ values: ArraySlice<Double>) -> Double { values.sorted()[values.count / 2] }
        return [walls[0], cpus[0], middle(walls.dropFirst()), middle(cpus.dropFirst())]
    }
}

/// User and system CPU time of this process so far, in milliseconds.
private func cpuMilliseconds() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    func ms(_ time: timeval) -> Double { Double(time.tv_sec) * 1000 + Double(time.tv_usec) / 1000 }
    return ms(usage.ru_utime) + ms(usage.ru_stime)
}

private func formatMilliseconds(_ value: Double) -> String {
    let tenths = Int((value * 100).rounded())
    return "\(tenths / 100).\(String(abs(tenths % 100)).leftPadded(to: 2, with: "0"))"
}

extension String {
    fileprivate func leftPadded(to width: Int, with pad: Character = " ") -> String {
        String(repeating: pad, count: max(0, width - count)) + self
    }

    fileprivate func padded(to width: Int) -> String {
        self + String(repeating: " ", count: max(0, width - count))
    }
}

/// Prints `message` to standard error and exits with status 1.
func fail(_ message: String) -> Never {
    let line = Array("wired-reader-bench: \(message)\n".utf8)
    _ = line.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
    exit(1)
}

runReaderBench(Array(CommandLine.arguments.dropFirst()))
