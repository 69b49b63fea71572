#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// How much of each kind of file is read, and how many descriptors the process may hold: the one place
/// that names every cap.
///
/// A file larger than its cap is an error naming the file (``ProcError``, then a `SourceProblem`), never a
/// truncated reading presented as whole. ``FileReader`` looks the cap up by the file's name, so every
/// reader of a kind of file gets the same cap. Each cap is far above what a real kernel writes (the sizes in
/// the comments are from this project's machines and the kernel's formats), so only a damaged or hostile
/// file, such as one in a captured tree given with `--root`, reaches one.
public enum FileLimits {
    /// Any file not named below (meminfo, vmstat, sysfs attributes, cgroup files, mountinfo, passwd).
    public static let standard = 16 << 20
    /// `/proc/PID/smaps_rollup`: about 1 KiB (20 lines).
    public static let smapsRollup = 64 << 10
    /// `/proc/PID/status`: about 1.5 KiB; CPU masks grow it by 1 KiB per 4,096 CPUs.
    public static let status = 256 << 10
    /// `stat`: `/proc/PID/stat` is one line of about 300 bytes, but `/proc/stat` has a line per CPU and an
    /// `intr` line with a count per interrupt (about 1 MiB on a 4,096-CPU machine).
    public static let stat = 4 << 20
    /// `/proc/PID/cmdline`: the argument area, at most a quarter of the stack limit (2 MiB by default).
    public static let cmdline = 4 << 20
    /// `/proc/PID/cgroup`: one line per hierarchy.
    public static let cgroup = 1 << 20
    /// `/proc/vmallocinfo`: one line of about 100 bytes per vmalloc area, and every thread's kernel stack is
    /// one (5 MiB for 50,000 threads).
    public static let vmallocinfo = 64 << 20
    /// `/proc/slabinfo`: a line per cache, 60 KiB for 300 caches.
    public static let slabinfo = 16 << 20
    /// A captured `dev/kmsg` (the kernel log buffer is at most 32 MiB, `log_buf_len`).
    public static let kernelLog = 32 << 20
    /// `/proc/config.gz` as stored: about 60 KiB for a distribution kernel's 270 KiB config.
    public static let configCompressed = 4 << 20
    /// `/proc/config.gz` inflated: the option sought is usually in the first third of about 270 KiB.
    public static let configInflated = 16 << 20

    /// The cap for the file named `path` (its last component decides).
    public static func cap(for path: String) -> Int {
        let utf8 = path.utf8
        let name = utf8.lastIndex(of: UInt8(ascii: "/")).map { utf8[utf8.index(after: $0)...] } ?? utf8[...]
        switch name.count {
        case 4 where name.elementsEqual("stat".utf8): return stat
        case 4 where name.elementsEqual("kmsg".utf8): return kernelLog
        case 6 where name.elementsEqual("status".utf8): return status
        case 6 where name.elementsEqual("cgroup".utf8): return cgroup
        case 7 where name.elementsEqual("cmdline".utf8): return cmdline
        case 8 where name.elementsEqual("slabinfo".utf8): return slabinfo
        case 9 where name.elementsEqual("config.gz".utf8): return configCompressed
        case 11 where name.elementsEqual("vmallocinfo".utf8): return vmallocinfo
        case 12 where name.elementsEqual("smaps_rollup".utf8): return smapsRollup
        default: return standard
        }
    }

    /// A cap in words, for messages ("64 KiB", "16 MiB").
    public static func describe(_ bytes: Int) -> String {
        if bytes >= 1 << 20, bytes % (1 << 20) == 0 { return "\(bytes >> 20) MiB" }
        if bytes >= 1 << 10, bytes % (1 << 10) == 0 { return "\(bytes >> 10) KiB" }
        return "\(bytes) bytes"
    }

    /// Raises the soft `RLIMIT_NOFILE` toward the hard limit to keep `count` descriptors open, leaving room for
    /// ordinary work; returns how many descriptors may be kept.
    static func raiseForHandles(_ count: Int) -> Int {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return 0 }
        let reserve: rlim_t = 64
        let wanted = rlim_t(count) + reserve
        if limit.rlim_cur < wanted {
            var raised = limit
            raised.rlim_cur = min(limit.rlim_max, wanted)
            if setrlimit(Int32(RLIMIT_NOFILE.rawValue), &raised) == 0 { limit = raised }
        }
        // Descriptors already open (stdio, /proc) come out of the reserve.
        return limit.rlim_cur > reserve ? Int(limit.rlim_cur - reserve) : 0
    }
}
