import WiredCore
import WiredReading

#if canImport(Glibc)
import Glibc
#endif

/// `wired-reader-bench [READINGS [SECONDS]]`: the cost of the live reader that long-running views hold
/// (BENCHMARKS.md, "The live reader").
///
/// One reader reads the system part `READINGS` times, `SECONDS` apart; another reads the system and every process
/// (no command lines) as often. Prints the first reading and the median of the repeats, wall and CPU time (user +
/// system, from `getrusage`: less disturbed by a loaded machine), and the process part as the difference.
func runReaderBench(_ arguments: [String]) -> Never {
    let readings = arguments.first.flatMap { Int($0) } ?? 30
    let seconds = arguments.count > 1 ? Double(arguments[1]) ?? 1 : 1
    guard readings >= 2, seconds >= 0 else { fail("usage: wired-reader-bench [READINGS ≥ 2 [SECONDS ≥ 0]]") }
    let system = benchReadings(ReadRequest(), readings, seconds)
    let request = ReadRequest(processes: ProcessRequest(commandLines: .none))
    let whole = benchReadings(request, readings, seconds)
    print("live reader, \(readings) readings \(seconds) s apart, \(whole.processes) processes listed")
    print("                         first wall   first CPU   repeat wall  repeat CPU   (ms, repeat = median)")
    func row(_ name: String, _ values: [Double]) {
        let cells = values.map { formatMilliseconds($0).leftPadded(to: 12) }.joined()
        print(name.padded(to: 25) + cells)
    }
    row("system part", system.costs)
    row("system + processes", whole.costs)
    row("process part", zip(whole.costs, system.costs).map { $0 - $1 })
    print("PSS read again per repeat: median \(whole.fresh) of \(whole.userProcesses) user processes")
    exit(0)
}

/// First and median repeat costs (wall, CPU) of `readings` readings of `request` by one live reader.
private func benchReadings(
    _ request: ReadRequest,
    _ readings: Int,
    _ seconds: Double
) -> (costs: [Double], processes: Int, fresh: Int, userProcesses: Int) {
    let reader = LiveLinuxReader()
    var walls: [Double] = []
    var cpus: [Double] = []
    var fresh: [Int] = []
    var processes = 0
    var users = 0
    for index in 0..<readings {
        if index > 0 { pause(seconds: seconds) }
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
        if index > 0 { fresh.append(user.filter { $0.pssAge == nil }.count) }
    }
    func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }
    let repeats = (walls.dropFirst(), cpus.dropFirst())
    return (
        [walls[0], cpus[0], median(Array(repeats.0)), median(Array(repeats.1))],
        processes,
        fresh.sorted()[fresh.count / 2],
        users
    )
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
