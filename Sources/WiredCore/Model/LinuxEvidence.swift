/// Facts read only to name who holds memory the kernel counts nowhere: loaded modules, the crash kernel
/// asked for on the command line, the ZFS ARC, GPU drivers, files of `/proc` another file system covers.
///
/// Each is cheap to read (a few small files); `nil` means the file was not there (an old capture, a
/// kernel without the driver), never "none".
public struct EvidenceFacts: Sendable, Codable, Equatable {
    /// `/proc/modules`, in file order.
    public var modules: [KernelModule]?
    /// The `crashkernel=` argument of `/proc/cmdline` as written ("256M", "1G-4G:192M,4G-:256M"); nothing
    /// else of the command line is kept.
    public var crashKernelArgument: String?
    /// `/proc/spl/kstat/zfs/arcstats`.
    public var zfsARC: ZFSARCStats?
    /// First line of `/proc/driver/nvidia/version`, when the NVIDIA driver is loaded.
    public var nvidiaVersion: String?
    /// GPUs under `/sys/class/drm/card*/device`, with amdgpu's `mem_info_gtt_used` where present.
    public var drmCards: [DRMCard]?
    /// Files and folders of `/proc` that another file system is mounted over (`/proc/mounts`), such as
    /// LXCFS's `/proc/meminfo` in a container.
    public var procOvermounts: [ProcOvermount]?

    /// Creates a record with nothing read.
    public init(
        modules: [KernelModule]? = nil,
        crashKernelArgument: String? = nil,
        zfsARC: ZFSARCStats? = nil,
        nvidiaVersion: String? = nil,
        drmCards: [DRMCard]? = nil,
        procOvermounts: [ProcOvermount]? = nil
    ) {
        self.modules = modules
        self.crashKernelArgument = crashKernelArgument
        self.zfsARC = zfsARC
        self.nvidiaVersion = nvidiaVersion
        self.drmCards = drmCards
        self.procOvermounts = procOvermounts
    }

    /// The module called `name`, if loaded.
    public func module(_ name: String) -> KernelModule? {
        modules?.first { $0.name == name }
    }
}

/// One line of `/proc/modules`.
public struct KernelModule: Sendable, Codable, Equatable {
    /// Module name ("hv_balloon").
    public var name: String
    /// Size of its code and data, bytes (the second field).
    public var sizeBytes: Int64
    /// Line number in `/proc/modules`, from 1.
    public var line: Int

    /// Creates a record.
    public init(name: String, sizeBytes: Int64, line: Int) {
        self.name = name
        self.sizeBytes = sizeBytes
        self.line = line
    }
}

/// The ZFS ARC's size and parts (`/proc/spl/kstat/zfs/arcstats`, `name type data` rows); bytes.
public struct ZFSARCStats: Sendable, Codable, Equatable {
    /// `size`: everything the ARC holds.
    public var size: Int64
    /// `c_min` and `c_max`: the sizes it shrinks to under pressure and grows to at most.
    public var minimum: Int64?
    public var maximum: Int64?
    /// `data_size` and `metadata_size`: cached blocks, in ABD pages taken one by one from the page allocator.
    public var data: Int64?
    public var metadata: Int64?
    /// `abd_chunk_waste_size` (OpenZFS 2.0+): the unused tail of those pages.
    public var chunkWaste: Int64?
    /// Line of `size` in the file, from 1.
    public var sizeLine: Int

    /// Creates a record.
    public init(
        size: Int64,
        minimum: Int64? = nil,
        maximum: Int64? = nil,
        data: Int64? = nil,
        metadata: Int64? = nil,
        chunkWaste: Int64? = nil,
        sizeLine: Int
    ) {
        self.size = size
        self.minimum = minimum
        self.maximum = maximum
        self.data = data
        self.metadata = metadata
        self.chunkWaste = chunkWaste
        self.sizeLine = sizeLine
    }

    /// The ARC's pages outside every meminfo counter: data + metadata + chunk waste, when both sizes are known.
    ///
    /// Its headers, dbufs, dnodes and bonus buffers are slab objects (SUnreclaim), so they are not part of it.
    public var pagesOutsideCounters: Int64? {
        guard let data, let metadata else { return nil }
        return Checked.saturatingSum([data, metadata, chunkWaste ?? 0])
    }
}

/// A GPU as `/sys/class/drm/cardN/device` describes it.
public struct DRMCard: Sendable, Codable, Equatable {
    /// "card0".
    public var card: String
    /// `DRIVER=` in `uevent` ("amdgpu", "i915", "nouveau", "nvidia"); "unknown" without it.
    public var driver: String
    /// amdgpu `mem_info_gtt_used`: system RAM its buffers use through the GPU's page tables, bytes.
    public var gttUsedBytes: Int64?

    /// Creates a record.
    public init(card: String, driver: String, gttUsedBytes: Int64? = nil) {
        self.card = card
        self.driver = driver
        self.gttUsedBytes = gttUsedBytes
    }
}

/// A file system mounted over a path of `/proc` (a line of `/proc/mounts`).
public struct ProcOvermount: Sendable, Codable, Equatable {
    /// The path covered, such as "/proc/meminfo".
    public var mountPoint: String
    /// File system type, such as "fuse.lxcfs".
    public var type: String
    /// Mount source, such as "lxcfs".
    public var source: String
    /// Line number in `/proc/mounts`, from 1.
    public var line: Int

    /// Creates a record.
    public init(mountPoint: String, type: String, source: String, line: Int) {
        self.mountPoint = mountPoint
        self.type = type
        self.source = source
        self.line = line
    }

    /// True for LXCFS, which writes a container's `/proc/meminfo` from its memory cgroup.
    public var isLXCFS: Bool { type.contains("lxcfs") || source == "lxcfs" }
}

/// `/proc/vmallocinfo` summed: the RAM behind vmalloc areas.
public struct VmallocSum: Sendable, Codable, Equatable {
    /// Σ `pages=` × page size over every area (ioremaps have no pages).
    public var bytes: Int64
    /// Areas with pages.
    public var areas: Int

    /// Creates a sum.
    public init(bytes: Int64, areas: Int) {
        self.bytes = bytes
        self.areas = areas
    }
}

extension VmallocSum {
    /// The sum over vmalloc callers (each caller's bytes are Σ `pages=` × page size of its areas).
    public init(callers: [VmallocCaller]) {
        self.init(
            bytes: Checked.saturatingSum(callers.map(\.bytes)),
            areas: Int(clamping: Checked.saturatingSum(callers.map { Int64($0.areas) }))
        )
    }
}

extension LinuxFacts {
    /// Takes the owners reading's `/proc/vmallocinfo` for the ledger, on a kernel that needs it and when the
    /// system reading left it to the owners (`vmallocinfoFromOwners`): the file is read once.
    ///
    /// Without callers, the reason is the owners' check on vmallocinfo ("vmalloc callers are not named: …").
    public mutating func adoptVmallocinfo(callers: [VmallocCaller]?, checks: [String], release: String) {
        guard vmallocinfo == nil, KernelDefaults.needsVmallocinfo(meminfo, release: release) else { return }
        if let callers {
            vmallocinfo = VmallocSum(callers: callers)
            vmallocinfoMissing = nil
        } else {
            let prefix = "vmalloc callers are not named: "
            vmallocinfoMissing =
                checks.first { $0.hasPrefix(prefix) }.map { String($0.dropFirst(prefix.count)) }
                ?? "/proc/vmallocinfo was not read"
        }
    }
}

/// A kernel release's major and minor version ("4.18.0-193.el8" is 4.18).
public struct KernelVersion: Sendable, Comparable, Hashable, CustomStringConvertible {
    public var major: Int
    public var minor: Int

    /// Creates a version.
    public init(_ major: Int, _ minor: Int) {
        self.major = major
        self.minor = minor
    }

    /// The version at the start of `release`, or `nil` when it does not start with `N.N`.
    public init?(release: String) {
        let parts = release.split(whereSeparator: { !$0.isNumber }).prefix(2)
        guard release.first?.isNumber == true, parts.count == 2, let major = Int(parts[0]),
            let minor = Int(parts[1]), major < 100, minor < 1000
        else { return nil }
        self.init(major, minor)
    }

    public static func < (lhs: KernelVersion, rhs: KernelVersion) -> Bool {
        (lhs.major, lhs.minor) < (rhs.major, rhs.minor)
    }

    public var description: String { "\(major).\(minor)" }
}
