/// The kernel objects every thread and every process holds in slab caches (`docs/linux.md` §8.4), and what
/// each takes.
///
/// A thread has a `task_struct` and a `pid`; a process (its threads share them) has a `signal_struct`
/// (`signal_cache`), a `sighand_struct` (`sighand_cache`), an `mm_struct`, a `files_struct` (`files_cache`),
/// an `fs_struct` (`fs_cache`) and its credentials (`cred_jar`, named `cred` on recent kernels). Each object takes its slab's memory per object:
/// pages per slab × page size ÷ objects per slab, which is `objsize` plus the slab's packing waste (on 6.18
/// x86_64 a 5,888-byte task_struct takes 6,554 bytes: five to a 32 KiB slab).
///
/// Kernel stacks are counted apart (``ProcessTable/stackSize(arch:)``); VMAs, open files and sockets are not
/// counted here (their numbers per process are not read).
public struct TaskObjectSizes: Sendable, Equatable {
    /// One cache: its name and the bytes one object takes.
    public struct Object: Sendable, Equatable {
        /// The slab cache.
        public var cache: String
        /// Bytes one object takes in it.
        public var bytes: Int64
        /// True when the size was read from `/proc/slabinfo`, false for the architecture's default.
        public var measured: Bool
    }

    /// Objects each thread holds.
    public var perThread: [Object]
    /// Objects each process holds once, whatever its threads.
    public var perProcess: [Object]
    /// Why `/proc/slabinfo` was not read, when it was not.
    public var unread: String?

    /// Caches held once per thread.
    public static let threadCaches = ["task_struct", "pid"]
    /// Caches held once per process.
    public static let processCaches = [
        "signal_cache", "sighand_cache", "mm_struct", "files_cache", "fs_cache", "cred_jar",
    ]
    /// Other names a cache has had.
    static let formerNames = ["cred_jar": "cred"]

    /// Sizes from `caches` (`/proc/slabinfo`, when it was read) and, for caches it lacks (merged into others,
    /// or not read), the default for `arch`; `unread` says why slabinfo was not read.
    public init(caches: [SlabCache]?, arch: String, unread: String? = nil) {
        self.unread = caches == nil ? unread ?? "was not read" : nil
        let defaults = Self.defaults(arch: arch)
        var measured: [String: Int64] = [:]
        for cache in caches ?? [] {
            if let bytes = Self.bytesPerObject(cache) { measured[cache.name] = bytes }
        }
        func object(_ name: String) -> Object {
            if let bytes = measured[name] ?? Self.formerNames[name].flatMap({ measured[$0] }) {
                return Object(cache: name, bytes: bytes, measured: true)
            }
            return Object(cache: name, bytes: defaults[name] ?? 0, measured: false)
        }
        perThread = Self.threadCaches.map(object)
        perProcess = Self.processCaches.map(object)
    }

    /// Bytes per thread.
    public var threadBytes: Int64 { Checked.saturatingSum(perThread.map(\.bytes)) }
    /// Bytes per process, on top of its threads'.
    public var processBytes: Int64 { Checked.saturatingSum(perProcess.map(\.bytes)) }

    /// The kernel objects of a process with `threads` threads.
    public func bytes(threads: Int32) -> ByteCount {
        ByteCount(
            bytes: Checked.saturatingAdd(Checked.saturatingMultiply(Int64(max(threads, 1)), threadBytes), processBytes)
        )
    }

    /// Where the sizes come from, in words.
    public var source: String {
        let all = perThread + perProcess
        let read = all.filter(\.measured).count
        if read == all.count { return "object sizes from /proc/slabinfo" }
        if read == 0 {
            return
                "default object sizes for the architecture (/proc/slabinfo \(unread ?? "lists none of these caches"))"
        }
        let missing = all.filter { !$0.measured }.map(\.cache).joined(separator: ", ")
        return "object sizes from /proc/slabinfo; defaults for \(missing) (merged into other caches)"
    }

    /// Memory one object takes in `cache`: the slab's bytes over its objects, or `objsize` for an empty cache.
    static func bytesPerObject(_ cache: SlabCache) -> Int64? {
        if cache.objects > 0, cache.bytes > 0 { return cache.bytes / cache.objects }
        return cache.objectSize > 0 ? cache.objectSize : nil
    }

    /// Bytes per object when slabinfo was not read (or merged the cache into another), per slab cache.
    ///
    /// 64-bit: read on this project's x86_64 6.18 machine (`/proc/slabinfo` and `/sys/kernel/slab/*`):
    /// task_struct 5,888-byte objects five to a 32 KiB slab (6,553 bytes each), pid 192 (21 per 4 KiB: 195),
    /// signal_cache 1,152 (14 per 16 KiB: 1,170), sighand_cache 2,112 (15 per 32 KiB: 2,184), mm_struct 1,600
    /// (20 per 32 KiB: 1,638), files_cache 704 (23 per 16 KiB: 712), fs_cache 64, cred 192 (21 per 4 KiB: 195).
    /// Other kernels and configurations differ (task_struct is 3.5–10 KiB), which is why slabinfo is used when
    /// it was read. 32-bit kernels: half of these, an estimate (their pointers and longs are half as wide).
    static func defaults(arch: String) -> [String: Int64] {
        let sizes: [String: Int64] = [
            "task_struct": 6_553, "pid": 195, "signal_cache": 1_170, "sighand_cache": 2_184, "mm_struct": 1_638,
            "files_cache": 712, "fs_cache": 64, "cred_jar": 195,
        ]
        switch arch {
        case "i386", "i486", "i586", "i686", "x86", "arm", "armv7l", "armv6l", "mips", "ppc":
            return sizes.mapValues { $0 / 2 }
        default:
            return sizes
        }
    }
}
