#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Prints how long each phase of a reading took to standard error when `WIRED_TIMING` is set (for
/// benchmarks and bug reports; silent otherwise).
public struct PhaseTimer {
    private let enabled = getenv("WIRED_TIMING") != nil
    private var last = PhaseTimer.now()

    /// A timer starting now.
    public init() {}

    /// Milliseconds on the monotonic clock.
    public static func now() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return Double(time.tv_sec) * 1000 + Double(time.tv_nsec) / 1e6
    }

    /// Seconds on a clock that counts while the machine is suspended (Linux `CLOCK_BOOTTIME`; Darwin's
    /// `CLOCK_MONOTONIC` does), for the ages of carried facts.
    public static func bootSeconds() -> Double {
        var time = timespec()
        #if os(Linux)
        clock_gettime(CLOCK_BOOTTIME, &time)
        #else
        clock_gettime(CLOCK_MONOTONIC, &time)
        #endif
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }

    /// Reports the time since the previous mark under `phase` (a fixed name, written as it is).
    public mutating func mark(_ phase: String) {
        guard enabled else { return }
        let now = PhaseTimer.now()
        let elapsed = Int((now - last) * 10)
        let line = Array("wired: \(phase) \(elapsed / 10).\(elapsed % 10) ms\n".utf8)
        line.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let written = write(2, raw.baseAddress.map { $0 + offset }, raw.count - offset)
                if written < 0, errno == EINTR { continue }
                if written <= 0 { return }
                offset += written
            }
        }
        last = now
    }
}

/// Sleeps for `seconds` (whole nanosleep, resumed after signals).
public func pause(seconds: Double) {
    var request = timespec(tv_sec: Int(seconds), tv_nsec: Int((seconds - Double(Int(seconds))) * 1e9))
    var remaining = timespec()
    while nanosleep(&request, &remaining) != 0, errno == EINTR { request = remaining }
}
