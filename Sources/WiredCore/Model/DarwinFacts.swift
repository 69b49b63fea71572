/// Raw facts from macOS: `vm_statistics64` (live, or decoded from `vm_stat` / `memory_pressure` text), sysctl
/// values, `top`, `zprint`, `footprint` and `kextstat` outputs.
///
/// Counts are kept as the source gave them (pages with their page size, bytes where the source printed bytes); the
/// analysis converts.
public struct DarwinFacts: Sendable, Codable, Equatable {
    /// The VM page counters (`vm_statistics64`).
    public var vm: VMStatistics?
    /// `hw.memsize`: installed RAM in bytes, and which file or call said so.
    public var memsize: Int64?
    public var memsizeSource: String?
    /// `hw.memsize_usable`: RAM the kernel manages (`max_mem`), bytes.
    public var memsizeUsable: Int64?
    /// `vm.swapusage`.
    public var swap: SwapUsage?
    /// `kern.memorystatus_vm_pressure_level`: 1 normal, 2 warning, 4 critical.
    public var pressureLevel: Int?
    /// `kern.memorystatus_level`: the kernel's free percentage (0–100).
    public var memorystatusLevel: Int?
    /// `memory_pressure`'s "System-wide memory free percentage" (the same quantity, printed).
    public var freePercentage: Int?
    /// Every `name: value` sysctl line read (the last value when a name appears more than once).
    public var sysctl: [String: String] = [:]
    /// The header of the last `top` sample.
    public var top: TopSample?
    /// `zprint`: zones and wired memory by site.
    public var zprint: ZoneReport?
    /// `kextstat` / `kmutil showloaded` rows.
    public var kexts: [KextRecord]?
    /// `footprint`'s "Summary Footprint" of several processes (shared objects counted once), bytes.
    public var footprintSummary: Int64?
    /// Processes, from the live reader, `top` rows or `footprint` reports (merged by pid).
    public var processes: [DarwinProcess]?
    /// What each file of a capture was recognised as, in the order read.
    public var files: [CaptureFile] = []
    /// Paging and compressor activity over a known or unknown interval (two live samples, vm_stat's
    /// interval mode, top's `(N)` deltas).
    public var activity: VMActivity?

    /// Creates an empty record.
    public init() {}
}

/// The counters of `vm_statistics64`, in pages of ``pageSize`` bytes.
///
/// `free` is free pages without speculative ones, as `vm_stat` and `memory_pressure` print it from
/// 10.6 on (the kernel's `free_count` includes speculative pages; the live reader subtracts them).
/// Fields an era or a source does not have are `nil`.
public struct VMStatistics: Sendable, Codable, Equatable {
    /// Which generation of the counters: it decides which categories can be computed.
    public enum Era: String, Sendable, Codable {
        /// Before 10.6: no speculative pages; `free` is the raw free count.
        case beforeSnowLeopard = "before-10.6"
        /// 10.6–10.8: speculative pages, no compressor, no anonymous/file-backed split.
        case lion = "10.6-10.8"
        /// 10.9 and later: compressor, purgeable, anonymous and file-backed pages.
        case compressor = "10.9+"
    }

    /// Bytes per page, from the output's own header (or `vm_kernel_page_size` live).
    public var pageSize: Int64
    /// The generation of the counters.
    public var era: Era
    /// Where the counters come from: "vm_stat", "memory_pressure", "host_statistics64".
    public var source: String
    public var free: Int64?
    public var active: Int64?
    public var inactive: Int64?
    public var speculative: Int64?
    public var throttled: Int64?
    public var wired: Int64?
    public var purgeable: Int64?
    /// External (file-backed) and internal (anonymous) pageable pages.
    public var fileBacked: Int64?
    public var anonymous: Int64?
    /// Pages the compressor holds, uncompressed ("stored"; not RAM) and the RAM it occupies.
    public var storedInCompressor: Int64?
    public var compressorPages: Int64?
    /// Event counters since boot.
    public var faults: Int64?
    public var copyOnWrite: Int64?
    public var zeroFilled: Int64?
    public var reactivated: Int64?
    public var purged: Int64?
    public var decompressions: Int64?
    public var compressions: Int64?
    public var pageins: Int64?
    public var pageouts: Int64?
    public var swapins: Int64?
    public var swapouts: Int64?
    /// The memory-tagging rows of vm_stat on Macs with MTE (`Pages tagged:` … `Tagged decompressions:`),
    /// when printed.
    public var tagging: MemoryTagging?

    /// Creates counters with only the page size, era and source set.
    public init(pageSize: Int64, era: Era, source: String) {
        self.pageSize = pageSize
        self.era = era
        self.source = source
    }
}

/// Memory tagging (MTE) counters of `vm_statistics64` rev3, which vm_stat prints only where
/// `hw.optional.arm.FEAT_MTE2` is set (system_cmds vm_stat.c); pages unless named otherwise.
///
/// Where tag-storage pages are counted (xnu osfmk/kern/host.c `vm_stats`): those holding tags are wired and
/// stay in `wire_count` (tag-storage pages holding no tags are taken out of it); those lent to ordinary use
/// are in the page queues (`non-tag pageable`) or in `wire_count` (`non-tag wired`); free ones are on the free
/// queues. So the region is inside the other counters, not beside them.
public struct MemoryTagging: Sendable, Codable, Equatable {
    /// `Pages tagged`, `Pages tagged resident`, `Pages tagged compressed`: pages whose memory carries tags.
    public var tagged: Int64?
    public var taggedResident: Int64?
    public var taggedCompressed: Int64?
    /// `Pages tag-storage`: the RAM set aside to hold tags, and how its pages are used now.
    public var tagStorage: Int64?
    public var holdingTags: Int64?
    public var free: Int64?
    public var nonTagPageable: Int64?
    public var nonTagWired: Int64?
    /// `Bytes of compressed tags`, bytes.
    public var compressedTagBytes: Int64?
    /// `Tagged compressions`, `Tagged decompressions`: events since boot.
    public var taggedCompressions: Int64?
    public var taggedDecompressions: Int64?

    /// Creates an empty record.
    public init() {}
}

/// Page events over an interval: swap and file paging, compressor traffic.
public struct VMActivity: Sendable, Codable, Equatable {
    /// The interval in seconds, or `nil` when the output does not say (vm_stat's interval mode).
    public var seconds: Double?
    /// Where the counts come from.
    public var source: String
    /// Page counts in the interval (pages of ``pageSize``).
    public var pageSize: Int64
    public var pageins: Int64?
    public var pageouts: Int64?
    public var swapins: Int64?
    public var swapouts: Int64?
    public var compressions: Int64?
    public var decompressions: Int64?

    /// Creates a record.
    public init(seconds: Double?, source: String, pageSize: Int64) {
        self.seconds = seconds
        self.source = source
        self.pageSize = pageSize
    }
}

/// `vm.swapusage`, bytes.
public struct SwapUsage: Sendable, Codable, Equatable {
    public var total: Int64
    public var used: Int64
    public var free: Int64
    /// "(encrypted)" was printed.
    public var encrypted: Bool

    /// Creates a record.
    public init(total: Int64, used: Int64, free: Int64, encrypted: Bool) {
        self.total = total
        self.used = used
        self.free = free
        self.encrypted = encrypted
    }
}

/// The header lines of one `top -l` sample; sizes in bytes as top printed them (rounded to its 3–4
/// significant digits).
public struct TopSample: Sendable, Codable, Equatable {
    /// `Processes: N total, R running, S stuck, L sleeping, T threads`.
    public var processes: Int?
    public var running: Int?
    public var stuck: Int?
    public var sleeping: Int?
    public var threads: Int?
    /// The timestamp line of logging mode, as printed ("2026/05/26 11:02:52").
    public var time: String?
    /// The `PhysMem:` sizes.
    ///
    /// By era: 13+ `U used (W wired, C compressor), F unused.`; 10.9–12 `U used (W wired), F unused.`;
    /// ≤10.8 `W wired, A active, I inactive, U used, F free.`
    public var used: Int64?
    public var wired: Int64?
    public var compressor: Int64?
    public var unused: Int64?
    public var active: Int64?
    public var inactive: Int64?
    /// `VM: … swapins, … swapouts.` totals since boot.
    public var swapins: Int64?
    public var swapouts: Int64?
    /// The same since the previous sample, from the `(N)` after each total.
    public var swapinsDelta: Int64?
    public var swapoutsDelta: Int64?

    /// Creates an empty sample.
    public init() {}
}

/// `zprint`: the zone table and the wired-memory section.
public struct ZoneReport: Sendable, Codable, Equatable {
    /// Zones, as listed.
    public var zones: [Zone] = []
    /// Wired memory by site (kext bundle id, `VM_KERN_MEMORY_*` tag, "(unloaded kmod)"), when printed.
    public var sites: [WiredSite] = []
    /// The "zones" row of the wired section: wired memory held by all zones, bytes.
    public var zonesWired: Int64?
    /// The `total A of B` line: A = Σ listed sites, B = all wired memory (`VM_KERN_COUNT_WIRED`), bytes.
    public var attributed: Int64?
    public var totalWired: Int64?
    /// `VM_KERN_COUNT_*` counters of the maps section, bytes.
    public var counters: [String: Int64] = [:]

    /// Creates an empty report.
    public init() {}
}

/// One zone row of `zprint`.
public struct Zone: Sendable, Codable, Equatable {
    /// Name as printed (spaces became `.`, `$` marks a truncated name).
    public var name: String
    /// Element size, bytes.
    public var elementSize: Int64
    /// "cur size" (K = 1024), bytes; recent kernels print 0 for some zones.
    public var currentSize: Int64
    /// "max size", bytes; `nil` when printed as dashes.
    public var maxSize: Int64?
    /// Elements the current size holds, and live elements ("cur inuse").
    public var currentElements: Int64
    public var inUse: Int64
    /// Flags printed after the row: `X` exhaustible, `C` collectable.
    public var flags: String

    /// Creates a record.
    public init(
        name: String,
        elementSize: Int64,
        currentSize: Int64,
        maxSize: Int64?,
        currentElements: Int64,
        inUse: Int64,
        flags: String
    ) {
        self.name = name
        self.elementSize = elementSize
        self.currentSize = currentSize
        self.maxSize = maxSize
        self.currentElements = currentElements
        self.inUse = inUse
        self.flags = flags
    }

    /// Bytes the zone holds: "cur size", or live elements × element size when cur size is printed as 0.
    public var bytes: Int64 { currentSize > 0 ? currentSize : Checked.saturatingMultiply(inUse, elementSize) }
}

/// One row of `zprint`'s wired-memory section.
public struct WiredSite: Sendable, Codable, Equatable {
    /// Kext bundle id, `VM_KERN_MEMORY_*` tag name, or another site name as printed.
    public var name: String
    /// Kext id and VM tag, when printed.
    public var kmodID: Int?
    public var tag: Int?
    /// Peak and current size, bytes.
    public var peak: Int64?
    public var current: Int64

    /// Creates a record.
    public init(name: String, kmodID: Int?, tag: Int?, peak: Int64?, current: Int64) {
        self.name = name
        self.kmodID = kmodID
        self.tag = tag
        self.peak = peak
        self.current = current
    }
}

/// One loaded kext (`kextstat`, `kmutil showloaded`).
public struct KextRecord: Sendable, Codable, Equatable {
    public var index: Int
    public var refs: Int
    /// Bytes of kernel memory the kext's image occupies and the wired part (0 for built-in pseudo-kexts).
    public var size: Int64
    public var wired: Int64
    /// Bundle id and version.
    public var name: String
    public var version: String?

    /// Creates a record.
    public init(index: Int, refs: Int, size: Int64, wired: Int64, name: String, version: String?) {
        self.index = index
        self.refs = refs
        self.size = size
        self.wired = wired
        self.name = name
        self.version = version
    }
}

/// One macOS process.
///
/// `footprint` is `phys_footprint`, what Activity Monitor's Memory column shows.
public struct DarwinProcess: Sendable, Codable, Equatable {
    public var pid: Int32
    /// Name (top truncates it to 16 characters).
    public var name: String
    /// `phys_footprint` and its peak, bytes.
    public var footprint: Int64?
    public var footprintPeak: Int64?
    /// top's CMPRS (compressed) and PURG (purgeable), bytes.
    public var compressed: Int64?
    public var purgeable: Int64?
    /// `ri_wired_size` of `proc_pid_rusage` (live only), bytes.
    public var wired: Int64?
    /// Resident size, bytes.
    public var resident: Int64?
    /// Threads, Mach ports and VM regions (top's #TH, #PORTS, #MREGS).
    public var threads: Int?
    public var ports: Int?
    public var regions: Int?
    /// Owner.
    public var uid: UInt32?
    public var user: String?
    /// `footprint`'s rows by VM category (dirty, clean, reclaimable bytes; regions).
    public var categories: [FootprintCategory]?
    /// Where the numbers come from: "top", "footprint", "proc_pid_rusage", or several joined by "+".
    public var source: String

    /// Creates a record.
    public init(pid: Int32, name: String, source: String) {
        self.pid = pid
        self.name = name
        self.source = source
    }
}

/// One category row of a `footprint` report.
public struct FootprintCategory: Sendable, Codable, Equatable {
    public var name: String
    public var dirty: Int64
    public var clean: Int64
    public var reclaimable: Int64
    public var regions: Int

    /// Creates a record.
    public init(name: String, dirty: Int64, clean: Int64, reclaimable: Int64, regions: Int) {
        self.name = name
        self.dirty = dirty
        self.clean = clean
        self.reclaimable = reclaimable
        self.regions = regions
    }
}

/// A file of a capture and what it was recognised as.
public struct CaptureFile: Sendable, Codable, Equatable {
    /// The path inside the capture.
    public var path: String
    /// "vm_stat", "memory_pressure", "top", "sysctl", "zprint", "footprint", "kextstat", or "ignored".
    public var kind: String
    /// Why it was ignored or only partly used, when it was.
    public var note: String?

    /// Creates a record.
    public init(path: String, kind: String, note: String? = nil) {
        self.path = path
        self.kind = kind
        self.note = note
    }
}
