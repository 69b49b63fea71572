#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How many connections the server accepts at once.
public enum DescriptorLimit {
    /// Connections accepted at once: the descriptor limit (raised to its hard maximum) less what sampling
    /// needs, so that running out of descriptors cannot stop sampling or the connections already open.
    public static func connectionLimit() -> Int {
        var limit = rlimit()
        guard getrlimit(Self.noFile, &limit) == 0 else { return 256 }
        if limit.rlim_cur < limit.rlim_max {
            var raised = limit
            raised.rlim_cur = limit.rlim_max
            if setrlimit(Self.noFile, &raised) == 0 { limit = raised }
        }
        let usable = Int(clamping: limit.rlim_cur) - 256
        return max(16, min(usable, 4096))
    }

    #if os(Linux)
    static let noFile = __rlimit_resource_t(RLIMIT_NOFILE.rawValue)
    #else
    static let noFile = RLIMIT_NOFILE
    #endif

}
