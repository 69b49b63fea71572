/// Raw facts that name who holds memory beyond processes: slab caches, cgroups, mounts, SysV segments,
/// memfds, GPUs.
///
/// A `nil` fact was not read; ``checks`` says which checks could not be made and why.
public struct OwnerFacts: Sendable, Codable, Equatable {
    /// Slab caches (`/proc/slabinfo`, root only).
    public var slabCaches: [SlabCache]?
    /// Memory cgroups (v2 `memory.stat`, or v1 `memory.stat` and `memory.kmem.usage_in_bytes`).
    public var cgroups: CgroupTree?
    /// tmpfs, ramfs and hugetlbfs mounts with their use (`/proc/mounts`, `statfs`).
    public var mounts: [MountUsage]?
    /// SysV shared memory segments (`/proc/sysvipc/shm`).
    public var sysvSegments: [SysVSegment]?
    /// memfd and deleted shmem files held open by processes (`/proc/PID/fd`), one per file.
    public var sharedFiles: [SharedFile]?
    /// DRM clients (`/proc/PID/fdinfo` of DRM file descriptors), one per (device, client id).
    public var drmClients: [DRMClient]?
    /// GPUs (`/sys/class/drm/card*/device`).
    public var gpus: [GPUDevice]?
    /// Per-process GPU memory from `nvidia-smi --query-compute-apps` (VRAM).
    public var nvidiaApps: [NvidiaApp]?
    /// vmalloc use by caller (`/proc/vmallocinfo`, root only), largest first.
    public var vmallocCallers: [VmallocCaller]?
    /// Checks that could not be made, each with its reason ("no permission to read /proc/slabinfo").
    public var checks: [String]
    /// Files that were read but were malformed, or unreadable for reasons other than the checks above.
    public var problems: [SourceProblem] = []
    /// The sources of these owners a live reader carried from an earlier reading instead of reading them again,
    /// with their ages; `nil` when they were read for this reading.
    public var carried: [CarriedSource]?

    /// Creates a record with nothing read yet.
    public init(
        slabCaches: [SlabCache]? = nil,
        cgroups: CgroupTree? = nil,
        mounts: [MountUsage]? = nil,
        sysvSegments: [SysVSegment]? = nil,
        sharedFiles: [SharedFile]? = nil,
        drmClients: [DRMClient]? = nil,
        gpus: [GPUDevice]? = nil,
        nvidiaApps: [NvidiaApp]? = nil,
        vmallocCallers: [VmallocCaller]? = nil,
        checks: [String] = []
    ) {
        self.slabCaches = slabCaches
        self.cgroups = cgroups
        self.mounts = mounts
        self.sysvSegments = sysvSegments
        self.sharedFiles = sharedFiles
        self.drmClients = drmClients
        self.gpus = gpus
        self.nvidiaApps = nvidiaApps
        self.vmallocCallers = vmallocCallers
        self.checks = checks
    }
}

/// One slab cache (a line of `/proc/slabinfo`).
public struct SlabCache: Sendable, Codable, Equatable {
    /// Cache name; merged caches show one name.
    public var name: String
    /// `<active_objs>`.
    public var activeObjects: Int64
    /// `<num_objs>`.
    public var objects: Int64
    /// `<objsize>` in bytes.
    public var objectSize: Int64
    /// Memory held: `<num_slabs> × <pagesperslab> × page size`.
    public var bytes: Int64
    /// `reclaim_account` in `/sys/kernel/slab/NAME/` (1 = counted in SReclaimable); `nil` when unreadable.
    public var reclaimable: Bool?

    /// Creates a cache record.
    public init(name: String, activeObjects: Int64, objects: Int64, objectSize: Int64, bytes: Int64, reclaimable: Bool?)
    {
        self.name = name
        self.activeObjects = activeObjects
        self.objects = objects
        self.objectSize = objectSize
        self.bytes = bytes
        self.reclaimable = reclaimable
    }
}

/// The memory cgroups of the machine.
public struct CgroupTree: Sendable, Codable, Equatable {
    /// 2 for the unified hierarchy, 1 for the v1 memory controller.
    public var version: Int
    /// Every cgroup, parents before children; paths start at "/".
    public var groups: [CgroupMemory]

    /// Creates a tree.
    public init(version: Int, groups: [CgroupMemory]) {
        self.version = version
        self.groups = groups
    }
}

/// One memory cgroup.
public struct CgroupMemory: Sendable, Codable, Equatable {
    /// Path below the hierarchy's root, such as "/system.slice/nginx.service".
    public var path: String
    /// `memory.stat`, in bytes.
    ///
    /// v2 values include descendants; v1 plain keys are this cgroup's own and `total_*` keys include them.
    public var stat: [String: Int64]
    /// `memory.current` (v2) or `memory.usage_in_bytes` (v1).
    public var current: Int64?
    /// `memory.kmem.usage_in_bytes` (v1): kernel memory charged.
    public var kmem: Int64?
    /// Processes directly in this cgroup (`cgroup.procs`).
    public var processes: Int

    /// Creates a record.
    public init(path: String, stat: [String: Int64], current: Int64? = nil, kmem: Int64? = nil, processes: Int = 0) {
        self.path = path
        self.stat = stat
        self.current = current
        self.kmem = kmem
        self.processes = processes
    }
}

/// A tmpfs, ramfs or hugetlbfs mount.
public struct MountUsage: Sendable, Codable, Equatable {
    /// Where it is mounted.
    public var mountPoint: String
    /// "tmpfs", "ramfs" or "hugetlbfs".
    public var type: String
    /// Blocks in use × block size (`statfs`); for tmpfs this includes pages that were swapped out.
    public var usedBytes: Int64
    /// Size limit (`statfs` blocks × block size).
    public var sizeBytes: Int64

    /// Creates a record.
    public init(mountPoint: String, type: String, usedBytes: Int64, sizeBytes: Int64) {
        self.mountPoint = mountPoint
        self.type = type
        self.usedBytes = usedBytes
        self.sizeBytes = sizeBytes
    }
}

/// A SysV shared memory segment (a line of `/proc/sysvipc/shm`).
public struct SysVSegment: Sendable, Codable, Equatable {
    /// `key`.
    public var key: Int64
    /// `shmid`.
    public var id: Int64
    /// `size` in bytes (virtual).
    public var size: Int64
    /// `rss` in bytes: resident.
    public var rss: Int64
    /// `swap` in bytes.
    public var swap: Int64
    /// `nattch`: processes attached.
    public var attached: Int64
    /// `cpid`: the creator.
    public var creatorPID: Int32
    /// `uid` of the owner.
    public var uid: UInt32
    /// `SHM_LOCKED` (02000) in `perms`: locked into RAM with shmctl(SHM_LOCK).
    public var locked: Bool

    /// Creates a record.
    public init(
        key: Int64,
        id: Int64,
        size: Int64,
        rss: Int64,
        swap: Int64,
        attached: Int64,
        creatorPID: Int32,
        uid: UInt32,
        locked: Bool
    ) {
        self.key = key
        self.id = id
        self.size = size
        self.rss = rss
        self.swap = swap
        self.attached = attached
        self.creatorPID = creatorPID
        self.uid = uid
        self.locked = locked
    }
}

/// A memfd or deleted shmem file held open by processes.
public struct SharedFile: Sendable, Codable, Equatable {
    /// The link text of the descriptor, such as "/memfd:wayland-shm (deleted)".
    public var name: String
    /// Device and inode, which identify the file across processes.
    public var device: UInt64
    public var inode: UInt64
    /// Allocated bytes (`st_blocks` × 512), which for shmem includes swapped-out pages.
    public var bytes: Int64
    /// The lowest pid holding it, and how many processes hold it (descriptors of one process count once).
    public var pid: Int32
    public var holders: Int

    /// Creates a record.
    public init(name: String, device: UInt64, inode: UInt64, bytes: Int64, pid: Int32, holders: Int) {
        self.name = name
        self.device = device
        self.inode = inode
        self.bytes = bytes
        self.pid = pid
        self.holders = holders
    }
}

/// A DRM client's memory, from the fdinfo of a DRM file descriptor (Documentation/gpu/drm-usage-stats.rst).
public struct DRMClient: Sendable, Codable, Equatable {
    /// The process holding it.
    public var pid: Int32
    /// `drm-driver`.
    public var driver: String
    /// `drm-pdev`: the PCI slot.
    public var pdev: String
    /// `drm-client-id`.
    public var clientID: Int64
    /// Memory by region (`drm-total-REGION`, `drm-resident-REGION`, or legacy `drm-memory-REGION`).
    public var regions: [DRMRegion]

    /// Creates a record.
    public init(pid: Int32, driver: String, pdev: String, clientID: Int64, regions: [DRMRegion]) {
        self.pid = pid
        self.driver = driver
        self.pdev = pdev
        self.clientID = clientID
        self.regions = regions
    }
}

/// One memory region of a DRM client.
public struct DRMRegion: Sendable, Codable, Equatable {
    /// Region name: "vram", "gtt", "cpu" (amdgpu), "system0", "local0", "stolen-system0" (i915), "memory".
    public var name: String
    /// `drm-total-REGION`: all buffers created, resident or not.
    public var total: Int64?
    /// `drm-resident-REGION` (or legacy `drm-memory-REGION`): backed by memory now.
    public var resident: Int64?

    /// Creates a region.
    public init(name: String, total: Int64?, resident: Int64?) {
        self.name = name
        self.total = total
        self.resident = resident
    }

    /// True for regions that live in video memory rather than system RAM.
    public var isDeviceMemory: Bool {
        name.hasPrefix("vram") || name.hasPrefix("local") || name.hasPrefix("stolen-local")
    }

    /// True for regions in system RAM that TTM drivers take from the page allocator: amdgpu `gtt` and `cpu`,
    /// xe `system` and `gtt`. (`stolen` regions are firmware carve-outs outside MemTotal; i915 `system0` is shmem.)
    public var isSystemMemory: Bool {
        name == "gtt" || name == "cpu" || (name.hasPrefix("system") && !name.hasPrefix("stolen"))
    }
}

/// A GPU as sysfs describes it.
public struct GPUDevice: Sendable, Codable, Equatable {
    /// "card0".
    public var card: String
    /// Kernel driver ("amdgpu", "i915", "xe", "nouveau", "nvidia").
    public var driver: String
    /// PCI slot.
    public var pdev: String
    /// amdgpu `mem_info_vram_total` / `_used` (device memory, not RAM).
    public var vramTotal: Int64?
    public var vramUsed: Int64?
    /// amdgpu `mem_info_gtt_total` / `_used`: system RAM the GPU uses through its page tables.
    public var gttTotal: Int64?
    public var gttUsed: Int64?

    /// Creates a record.
    public init(
        card: String,
        driver: String,
        pdev: String,
        vramTotal: Int64? = nil,
        vramUsed: Int64? = nil,
        gttTotal: Int64? = nil,
        gttUsed: Int64? = nil
    ) {
        self.card = card
        self.driver = driver
        self.pdev = pdev
        self.vramTotal = vramTotal
        self.vramUsed = vramUsed
        self.gttTotal = gttTotal
        self.gttUsed = gttUsed
    }
}

/// A process using an NVIDIA GPU, from `nvidia-smi --query-compute-apps=pid,used_memory`.
public struct NvidiaApp: Sendable, Codable, Equatable {
    /// Process id (a host pid: wrong inside containers).
    public var pid: Int32
    /// Device memory used, bytes.
    public var usedBytes: Int64

    /// Creates a record.
    public init(pid: Int32, usedBytes: Int64) {
        self.pid = pid
        self.usedBytes = usedBytes
    }
}

/// vmalloc memory of one caller in `/proc/vmallocinfo`.
public struct VmallocCaller: Sendable, Codable, Equatable {
    /// Caller function, such as "load_module" or "zram_meta_alloc".
    public var caller: String
    /// Pages × page size.
    public var bytes: Int64
    /// Areas.
    public var areas: Int

    /// Creates a record.
    public init(caller: String, bytes: Int64, areas: Int) {
        self.caller = caller
        self.bytes = bytes
        self.areas = areas
    }
}
