/// Raw facts read from a Linux kernel's `/proc` and `/sys`.
///
/// Values keep the kernel's meaning; units are converted at the parser (see each field). A `nil` fact
/// was not available and the snapshot's problems say why.
public struct LinuxFacts: Sendable, Codable, Equatable {
    /// `/proc/meminfo`: bytes for fields printed in kB, plain numbers for the `HugePages_*` counts.
    public var meminfo: [String: Int64]?
    /// `/proc/vmstat` as printed: pages for `nr_*` gauges, KiB for `nr_kernel_stack`, `pgpgin` and
    /// `pgpgout`, events for counters.
    public var vmstat: [String: Int64]?
    /// `/proc/zoneinfo`, one entry per zone.
    public var zones: [ZoneFacts]?
    /// How much RAM is installed, from each source that could be read.
    public var installed: InstalledFacts
    /// Whether kernel stacks are allocated with vmalloc (`CONFIG_VMAP_STACK`), so `KernelStack` is
    /// inside `VmallocUsed`.
    public var vmapStack: KernelConfigFact?
    /// Size of the boot-time per-CPU first chunk, which `Percpu` counts but MemTotal does not hold:
    /// kernel log line `percpu: Embedded N pages/cpu` × possible CPUs × page size.
    public var percpuFirstChunkBytes: Int64?
    /// Number of possible CPUs (`/sys/devices/system/cpu/possible`).
    public var possibleCPUs: Int?
    /// Memory reserved for a crash kernel (`/sys/kernel/kexec_crash_size`), bytes.
    public var crashKernelBytes: Int64?
    /// HugeTLB pools per page size (`/sys/kernel/mm/hugepages/hugepages-*kB/`).
    public var hugepagePools: [HugepagePool]?
    /// zram devices (`/sys/block/zram*/mm_stat`).
    public var zram: [ZramDevice]?
    /// zswap settings (`/sys/module/zswap/parameters/`).
    public var zswap: ZswapSettings?
    /// Active swap areas (`/proc/swaps`).
    public var swaps: [SwapArea]?
    /// Memory pressure stall information (`/proc/pressure/memory`).
    public var pressure: PressureStall?
    /// `/proc/vmstat` and PSI read a moment before the rest, so counters can become rates.
    public var earlier: CounterSample?
    /// Who holds locked memory, read only when meminfo leaves open how much of it is shared memory.
    public var lockedMemory: LockedMemoryFacts?
    /// Σ `pages=` of `/proc/vmallocinfo` (root only), read when `VmallocUsed` cannot be used: before 4.4 it
    /// counts address space, from 4.4 to 5.2 it is printed as 0.
    public var vmallocinfo: VmallocSum?
    /// Why ``vmallocinfo`` is `nil` although the kernel needed it ("no permission to read …").
    public var vmallocinfoMissing: String?
    /// Tasks on the machine, kernel threads included, idle tasks not: the total of `/proc/loadavg`'s
    /// fourth field (`nr_threads`).
    public var tasks: Int?
    /// Loaded modules, crash kernel, ZFS ARC, GPUs, overmounted `/proc` files: evidence for the unexplained line.
    public var evidence: EvidenceFacts?
    /// The memory cgroups' OOM and limit counters (read when the kernel has OOM-killed since boot).
    public var memoryEvents: CgroupEvents?
    /// The OOM kills in the kernel log, where it is readable.
    public var oomLog: KernelOOMLog?
    /// Sources of these facts a live reader carried from an earlier reading instead of reading them again (the
    /// locked-memory facts), with their ages; `nil` when everything was read for this reading.
    public var carried: [CarriedSource]?

    /// Creates an empty set of facts.
    public init(
        meminfo: [String: Int64]? = nil,
        vmstat: [String: Int64]? = nil,
        zones: [ZoneFacts]? = nil,
        installed: InstalledFacts = InstalledFacts(),
        vmapStack: KernelConfigFact? = nil,
        percpuFirstChunkBytes: Int64? = nil,
        possibleCPUs: Int? = nil,
        crashKernelBytes: Int64? = nil,
        hugepagePools: [HugepagePool]? = nil,
        zram: [ZramDevice]? = nil,
        zswap: ZswapSettings? = nil,
        swaps: [SwapArea]? = nil,
        pressure: PressureStall? = nil
    ) {
        self.meminfo = meminfo
        self.vmstat = vmstat
        self.zones = zones
        self.installed = installed
        self.vmapStack = vmapStack
        self.percpuFirstChunkBytes = percpuFirstChunkBytes
        self.possibleCPUs = possibleCPUs
        self.crashKernelBytes = crashKernelBytes
        self.hugepagePools = hugepagePools
        self.zram = zram
        self.zswap = zswap
        self.swaps = swaps
        self.pressure = pressure
    }
}

/// One memory zone from `/proc/zoneinfo`; page counts are in pages.
public struct ZoneFacts: Sendable, Codable, Equatable {
    /// NUMA node number (`Node N, zone NAME`).
    public var node: Int
    /// Zone name: DMA, DMA32, Normal, Movable, Device.
    public var name: String
    /// `pages free`.
    public var free: Int64
    /// `min` watermark.
    public var min: Int64
    /// `low` watermark (used by MemAvailable).
    public var low: Int64
    /// `high` watermark.
    public var high: Int64
    /// `present`: physical pages in the zone, holes excluded.
    public var present: Int64
    /// `managed`: pages handed to the page allocator; `nil` before 3.8, which printed no such line (its
    /// `present` already left out the struct page array).
    public var managed: Int64?
    /// Largest value on the `protection: (…)` line (lowmem_reserve).
    public var maxProtection: Int64
    /// Σ `count:` over the per-CPU pagesets: free pages sitting on per-CPU lists, not in MemFree.
    public var perCPUFree: Int64

    /// Creates a zone record.
    public init(
        node: Int,
        name: String,
        free: Int64,
        min: Int64,
        low: Int64,
        high: Int64,
        present: Int64,
        managed: Int64?,
        maxProtection: Int64,
        perCPUFree: Int64
    ) {
        self.node = node
        self.name = name
        self.free = free
        self.min = min
        self.low = low
        self.high = high
        self.present = present
        self.managed = managed
        self.maxProtection = maxProtection
        self.perCPUFree = perCPUFree
    }
}

/// Installed RAM as each source reports it; all bytes.
public struct InstalledFacts: Sendable, Codable, Equatable {
    /// Σ sizes of SMBIOS type 17 memory devices (`/sys/firmware/dmi/tables/DMI`, root only).
    public var dmiBytes: Int64?
    /// Number of populated memory devices in the DMI table.
    public var dmiDevices: Int?
    /// Size of one memory block (`/sys/devices/system/memory/block_size_bytes`).
    public var memoryBlockBytes: Int64?
    /// Memory blocks whose state is online.
    public var memoryBlocksOnline: Int?
    /// Memory blocks whose state is offline (their RAM is outside MemTotal).
    public var memoryBlocksOffline: Int?
    /// Σ "System RAM" ranges in `/sys/firmware/memmap`.
    public var firmwareRAMBytes: Int64?

    /// Creates a record; every source starts unknown.
    public init(
        dmiBytes: Int64? = nil,
        dmiDevices: Int? = nil,
        memoryBlockBytes: Int64? = nil,
        memoryBlocksOnline: Int? = nil,
        memoryBlocksOffline: Int? = nil,
        firmwareRAMBytes: Int64? = nil
    ) {
        self.dmiBytes = dmiBytes
        self.dmiDevices = dmiDevices
        self.memoryBlockBytes = memoryBlockBytes
        self.memoryBlocksOnline = memoryBlocksOnline
        self.memoryBlocksOffline = memoryBlocksOffline
        self.firmwareRAMBytes = firmwareRAMBytes
    }
}

/// A yes/no kernel build option and where the answer came from.
public struct KernelConfigFact: Sendable, Codable, Equatable {
    /// Whether the option is on.
    public var enabled: Bool
    /// "/proc/config.gz", "/boot/config-RELEASE", or "default for ARCH" when no config was readable.
    public var source: String

    /// Creates a fact.
    public init(enabled: Bool, source: String) {
        self.enabled = enabled
        self.source = source
    }
}

/// One HugeTLB pool (`/sys/kernel/mm/hugepages/hugepages-<size>kB/`); counts are in huge pages.
public struct HugepagePool: Sendable, Codable, Equatable {
    /// Size of one huge page in bytes.
    public var pageBytes: Int64
    /// `nr_hugepages`: pages in the pool, surplus included.
    public var total: Int64
    /// `free_hugepages`: pages not mapped by anyone (reserved ones included).
    public var free: Int64
    /// `resv_hugepages`: free pages promised to mappings that have not touched them yet.
    public var reserved: Int64
    /// `surplus_hugepages`: pages above the persistent pool size (overcommit).
    public var surplus: Int64

    /// Creates a pool record.
    public init(pageBytes: Int64, total: Int64, free: Int64, reserved: Int64, surplus: Int64) {
        self.pageBytes = pageBytes
        self.total = total
        self.free = free
        self.reserved = reserved
        self.surplus = surplus
    }
}

/// One zram device (`/sys/block/zramN/mm_stat`, `disksize`); bytes.
public struct ZramDevice: Sendable, Codable, Equatable {
    /// Device name, such as "zram0".
    public var name: String
    /// `disksize`: the virtual size (not RAM).
    public var diskSize: Int64
    /// `orig_data_size`: uncompressed bytes stored.
    public var originalBytes: Int64
    /// `compr_data_size`: compressed bytes stored.
    public var compressedBytes: Int64
    /// `mem_used_total`: RAM the device really uses, allocator overhead included.
    public var memUsedBytes: Int64

    /// Creates a device record.
    public init(name: String, diskSize: Int64, originalBytes: Int64, compressedBytes: Int64, memUsedBytes: Int64) {
        self.name = name
        self.diskSize = diskSize
        self.originalBytes = originalBytes
        self.compressedBytes = compressedBytes
        self.memUsedBytes = memUsedBytes
    }
}

/// zswap module parameters.
public struct ZswapSettings: Sendable, Codable, Equatable {
    /// `enabled` (Y/N).
    public var enabled: Bool
    /// `compressor`, such as "lzo" or "zstd".
    public var compressor: String?
    /// `zpool` on kernels that still have it ("zsmalloc", "zbud", "z3fold"); `nil` means zsmalloc.
    public var zpool: String?
    /// `max_pool_percent`: cap on the pool as a share of RAM.
    public var maxPoolPercent: Int?

    /// Creates a settings record.
    public init(enabled: Bool, compressor: String? = nil, zpool: String? = nil, maxPoolPercent: Int? = nil) {
        self.enabled = enabled
        self.compressor = compressor
        self.zpool = zpool
        self.maxPoolPercent = maxPoolPercent
    }
}

/// One line of `/proc/swaps`; sizes in bytes.
public struct SwapArea: Sendable, Codable, Equatable {
    /// File or device name.
    public var name: String
    /// "file" or "partition".
    public var type: String
    /// Size.
    public var sizeBytes: Int64
    /// Used.
    public var usedBytes: Int64
    /// Priority.
    public var priority: Int

    /// Creates a swap area record.
    public init(name: String, type: String, sizeBytes: Int64, usedBytes: Int64, priority: Int) {
        self.name = name
        self.type = type
        self.sizeBytes = sizeBytes
        self.usedBytes = usedBytes
        self.priority = priority
    }
}

/// Pressure stall information for memory (`/proc/pressure/memory`).
public struct PressureStall: Sendable, Codable, Equatable {
    /// Share of time at least one task waited for memory, in percent over 10, 60 and 300 s; and total µs.
    public var some: PressureLine
    /// Share of time all non-idle tasks waited for memory; `nil` on kernels that print only `some`.
    public var full: PressureLine?

    /// Creates a record.
    public init(some: PressureLine, full: PressureLine?) {
        self.some = some
        self.full = full
    }
}

/// Counters read a moment before the main reading: the analysis turns the differences into rates.
public struct CounterSample: Sendable, Codable, Equatable {
    /// Seconds from this sample to the main reading (monotonic clock; from the capture record for trees).
    public var secondsBefore: Double
    /// `/proc/vmstat`, in the same units as ``LinuxFacts/vmstat``.
    public var vmstat: [String: Int64]
    /// `/proc/pressure/memory`, for its `total` stall times.
    public var pressure: PressureStall?
    /// The memory cgroups' OOM and limit counters, to tell a cgroup's OOM kills in the interval from the machine's.
    public var memoryEvents: CgroupEvents?

    /// Creates a sample.
    public init(
        secondsBefore: Double,
        vmstat: [String: Int64],
        pressure: PressureStall?,
        memoryEvents: CgroupEvents? = nil
    ) {
        self.secondsBefore = secondsBefore
        self.vmstat = vmstat
        self.pressure = pressure
        self.memoryEvents = memoryEvents
    }
}

/// One line of a PSI file.
public struct PressureLine: Sendable, Codable, Equatable {
    /// `avg10`, percent.
    public var avg10: Double
    /// `avg60`, percent.
    public var avg60: Double
    /// `avg300`, percent.
    public var avg300: Double
    /// `total`, microseconds of stall since boot.
    public var totalMicroseconds: Int64

    /// Creates a line.
    public init(avg10: Double, avg60: Double, avg300: Double, totalMicroseconds: Int64) {
        self.avg10 = avg10
        self.avg60 = avg60
        self.avg300 = avg300
        self.totalMicroseconds = totalMicroseconds
    }
}
