#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Prints how long each phase of a reading took to standard error when `WIRED_TIMING` is set (for
/// benchmarks and bug reports; silent otherwise).
struct PhaseTimer {
    private let enabled = getenv("WIRED_TIMING") != nil
    private var last = PhaseTimer.now()

    static func now() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return Double(time.tv_sec) * 1000 + Double(time.tv_nsec) / 1e6
    }

    /// Reports the time since the previous mark under `phase`.
    mutating func mark(_ phase: String) {
        guard enabled else { return }
        let now = PhaseTimer.now()
        let elapsed = Int((now - last) * 10)
        Terminal.printError("wired: \(phase) \(elapsed / 10).\(elapsed % 10) ms")
        last = now
    }
}

/// Sleeps for `seconds` (whole nanosleep, resumed after signals).
func pause(seconds: Double) {
    var request = timespec(tv_sec: Int(seconds), tv_nsec: Int((seconds - Double(Int(seconds))) * 1e9))
    var remaining = timespec()
    while nanosleep(&request, &remaining) != 0, errno == EINTR { request = remaining }
}
