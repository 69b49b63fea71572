import HummingbirdCore
import Logging
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How many connections the server accepts at once, so that running out of file descriptors never stops
/// sampling or the connections already open.
///
/// The budget is the descriptor limit (the soft limit, raised to the hard one at start) less those already open
/// once the server listens (event loops, the listening socket, the history store, standard streams) less a
/// reserve for sampling (its /proc and /sys reads, the store's journal): a quarter of the limit, 32 to 256.
/// When that leaves fewer than 4, half of what is free. Above the cap, accepting pauses: new connections wait in
/// the kernel's backlog until one closes, and accept never fails with EMFILE (which NIO would answer by pausing
/// a second, not by spinning).
public enum DescriptorLimit {
    /// Raises the soft limit to the hard one; returns the limit in force.
    @discardableResult
    public static func raise() -> Int {
        var limit = rlimit()
        guard getrlimit(noFile, &limit) == 0 else { return 1024 }
        if limit.rlim_cur < limit.rlim_max {
            var raised = limit
            raised.rlim_cur = limit.rlim_max
            if setrlimit(noFile, &raised) == 0 { limit = raised }
        }
        return Int(clamping: limit.rlim_cur)
    }

    /// The cap for `limit` descriptors of which `open` are in use (above).
    public static func connections(limit: Int, open: Int) -> Int {
        let reserve = min(256, max(32, limit / 4))
        let free = max(0, limit - open)
        let usable = free - reserve
        if usable >= 4 { return min(usable, 4096) }
        return max(1, free / 2)
    }

    /// Descriptors this process has open (entries of /proc/self/fd, less the one reading it); `nil` where
    /// that cannot be read.
    public static func openDescriptors() -> Int? {
        #if os(Linux)
        guard let directory = opendir("/proc/self/fd") else { return nil }
        defer { closedir(directory) }
        var count = 0
        while let entry = readdir(directory) {
            let first = entry.pointee.d_name.0
            if first != UInt8(ascii: ".") { count += 1 }
        }
        return max(0, count - 1)
        #else
        return nil
        #endif
    }

    #if os(Linux)
    static let noFile = __rlimit_resource_t(RLIMIT_NOFILE.rawValue)
    #else
    static let noFile = RLIMIT_NOFILE
    #endif
}

/// Counts open connections and pauses accepting at the cap, computed (``DescriptorLimit``) the first time the
/// server asks, when it listens; logs when the cap is reached (at most once every 10 s, with how many times it
/// was reached since) and when accepting resumes after a logged pause.
struct ConnectionBudget: AvailableConnectionsDelegate {
    /// The cap, shared by copies of the delegate; `nil` until first asked.
    final class Cap: Sendable {
        let fixed: Int?
        let computed = Mutex<Int?>(nil)
        init(fixed: Int?) { self.fixed = fixed }

        var value: Int {
            if let fixed { return fixed }
            return computed.withLock { cap in
                if let cap { return cap }
                let limit = DescriptorLimit.raise()
                let value = DescriptorLimit.connections(limit: limit, open: DescriptorLimit.openDescriptors() ?? 64)
                cap = value
                return value
            }
        }
    }

    let cap: Cap
    let logger: Logger
    var open = 0
    var refusing = false
    /// When the last warning was logged, and the pauses since that were not.
    var warned: ContinuousClock.Instant?
    var unlogged = 0

    /// A budget of `fixed` connections, or computed when the server listens (`nil`).
    init(fixed: Int?, logger: Logger) {
        cap = Cap(fixed: fixed)
        self.logger = logger
    }

    mutating func connectionOpened() {
        open += 1
        guard open >= cap.value, !refusing else { return }
        refusing = true
        let now = ContinuousClock.now
        if let warned, now - warned < .seconds(10) {
            unlogged += 1
            return
        }
        let again = unlogged > 0 ? " (reached \(unlogged) more times in the last 10 s)" : ""
        logger.warning(
            "\(open) connections open, the most this descriptor limit allows (RLIMIT_NOFILE, less a reserve for sampling): new connections wait until one closes\(again)"
        )
        warned = now
        unlogged = 0
    }

    mutating func connectionClosed() {
        open -= 1
        guard refusing, open < cap.value else { return }
        refusing = false
        if unlogged == 0 { logger.notice("accepting connections again (\(open) open)") }
    }

    func isAcceptingNewConnections() -> Bool { open < cap.value }
}
