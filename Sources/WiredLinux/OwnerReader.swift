public import WiredCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

extension LinuxReader {
    /// Reads who holds memory beyond processes: slab caches, memory cgroups, tmpfs mounts, SysV segments,
    /// GPUs, NVIDIA apps, vmalloc callers; memfds and DRM clients come from `openFiles`, found by the
    /// process scan (``ProcessReadOptions/openFiles``), now or later through ``OwnerFacts/add(_:)``.
    ///
    /// Needs nothing from the process scan, so it can run beside it. Never throws; a check that could not
    /// be made is named in ``OwnerFacts/checks`` with its reason.
    ///
    /// Without `vmallocinfo` the vmalloc callers are left out (a live reader reads them on a cadence of their
    /// own: ``readVmallocCallers(pageSize:)``).
    public func readOwners(
        openFiles: OpenFiles?,
        pageSize: Int64,
        vmallocinfo: Bool = true
    ) -> (OwnerFacts, [SourceProblem]) {
        var session = ReadSession(reader: self)
        var owners = OwnerFacts()

        // Slab caches: root only.
        let slabPath = path("/proc/slabinfo")
        do {
            var caches = try session.files.withContents(of: slabPath, displayPath: slabPath) { buffer in
                let parsed = OwnerParsers.slabinfo(buffer.uint8, pageSize: pageSize, path: slabPath)
                session.problems += parsed.problems
                return parsed.value
            }
            // The kernel's own flag where sysfs has it; the table of SLAB_RECLAIM_ACCOUNT caches otherwise.
            let release = session.text("/proc/sys/kernel/osrelease", quietIfMissing: true) ?? ""
            var fromTable = 0
            for index in caches.indices where caches[index].bytes > 0 {
                let name = caches[index].name
                let flag = session.text("/sys/kernel/slab/\(name)/reclaim_account", quietIfMissing: true)
                if flag == nil { fromTable += 1 }
                caches[index].reclaimable = flag.map { $0 == "1" } ?? SlabFlags.isReclaimable(name, release: release)
            }
            owners.slabCaches = caches
            if fromTable > 0 {
                owners.checks.append(
                    "reclaimability of \(fromTable) slab caches is taken from the kernel's SLAB_RECLAIM_ACCOUNT flags as its source sets them: /sys/kernel/slab/NAME/reclaim_account was not readable"
                )
            }
        } catch let error as ProcError {
            owners.checks.append(
                error.isPermission
                    ? "slab caches are not named: no permission to read /proc/slabinfo (root only)"
                    : error.isMissing
                        ? "slab caches are not named: /proc/slabinfo is not present"
                        : "slab caches are not named: \(error)"
            )
        } catch {}

        owners.cgroups = readCgroups(&session, checks: &owners.checks)
        owners.mounts = readMounts(&session, checks: &owners.checks)
        owners.sysvSegments = session.parse(
            "/proc/sysvipc/shm",
            OwnerParsers.sysvShm,
            missing: "no SysV IPC in this kernel"
        )
        if let openFiles { owners.add(openFiles) }
        owners.gpus = readGPUs(&session)
        readNvidia(into: &owners)

        if vmallocinfo {
            let vmalloc = readVmallocCallers(pageSize: pageSize)
            owners.vmallocCallers = vmalloc.callers
            owners.checks += vmalloc.checks
            session.problems += vmalloc.problems
        }
        return (owners, session.problems)
    }

    /// The vmalloc callers grouped from `/proc/vmallocinfo` (root only; tens of ms of kernel time with thousands
    /// of areas), or the check that says why they could not be.
    public func readVmallocCallers(pageSize: Int64) -> VmallocReading {
        var reading = VmallocReading()
        let vmallocPath = path("/proc/vmallocinfo")
        // A session for its buffer and its rules (a captured tree's FIFO is refused, not waited on).
        var session = ReadSession(reader: self)
        do {
            let parsed = try session.files.withContents(of: vmallocPath, displayPath: vmallocPath) {
                OwnerParsers.vmallocCallers($0.uint8, pageSize: pageSize, path: vmallocPath)
            }
            reading.callers = parsed.value
            reading.problems = parsed.problems
        } catch let error as ProcError {
            reading.checks.append(
                error.isPermission
                    ? "vmalloc callers are not named: no permission to read /proc/vmallocinfo (root only)"
                    : error.isMissing
                        ? "vmalloc callers are not named: /proc/vmallocinfo is not present"
                        : "vmalloc callers are not named: \(error)"
            )
        } catch {}
        return reading
    }

    /// The memory cgroups: v2 if the unified root has the memory controller, else the v1 memory hierarchy.
    func readCgroups(_ session: inout ReadSession, checks: inout [String]) -> CgroupTree? {
        let unified = "/sys/fs/cgroup"
        if let controllers = session.text(unified + "/cgroup.controllers", quietIfMissing: true),
            controllers.split(separator: " ").contains("memory")
        {
            return CgroupTree(version: 2, groups: walkCgroups(base: unified, version: 2, &session, checks: &checks))
        }
        if FileSystem.exists(path(unified + "/memory/memory.stat")) {
            return CgroupTree(
                version: 1,
                groups: walkCgroups(base: unified + "/memory", version: 1, &session, checks: &checks)
            )
        }
        checks.append("services are not sized: no memory cgroup controller is mounted at /sys/fs/cgroup")
        return nil
    }

    /// Keys of `memory.stat` that the owners and services views use.
    static let cgroupKeys: Set<String> = [
        // v2
        "anon", "file", "kernel", "kernel_stack", "pagetables", "sec_pagetables", "percpu", "sock", "vmalloc", "shmem",
        "file_mapped", "file_dirty", "file_writeback", "swapcached", "slab_reclaimable", "slab_unreclaimable",
        "unevictable", "zswap", "hugetlb",
        // v1 (plain keys: this cgroup only)
        "cache", "rss", "rss_huge", "mapped_file", "dirty", "writeback", "swap",
        // v1 hierarchical totals (this cgroup and its descendants)
        "total_cache", "total_rss", "total_shmem", "total_unevictable", "total_swap",
    ]

    func walkCgroups(base: String, version: Int, _ session: inout ReadSession, checks: inout [String]) -> [CgroupMemory]
    {
        var groups: [CgroupMemory] = []
        var pending = ["/"]
        let limit = 4000
        while let relative = pending.popLast() {
            if groups.count >= limit {
                checks.append("more than \(limit) memory cgroups: the rest are not listed")
                break
            }
            let directory = relative == "/" ? base : base + relative
            guard
                let stat = session.parse(
                    directory + "/memory.stat",
                    { KeyValueParser.parse($0, path: $1, bound: .bytes, keys: Self.cgroupKeys) },
                    quietIfMissing: true
                )
            else { continue }
            let current = session.number(
                directory + (version == 2 ? "/memory.current" : "/memory.usage_in_bytes"),
                bound: .bytes,
                quietIfMissing: true
            )
            let kmem =
                version == 1
                ? session.number(directory + "/memory.kmem.usage_in_bytes", bound: .bytes, quietIfMissing: true) : nil
            let procs =
                session.parse(
                    directory + "/cgroup.procs",
                    { buffer, _ in
                        Parsed(value: LineSplitter(buffer).lines.filter { !$0.isEmpty }.count, problems: [])
                    },
                    quietIfMissing: true
                ) ?? 0
            groups.append(CgroupMemory(path: relative, stat: stat, current: current, kmem: kmem, processes: procs))
            let children = (try? FileSystem.directories(in: path(directory))) ?? []
            for child in children.sorted(by: >) {
                pending.append(relative == "/" ? "/" + child : relative + "/" + child)
            }
        }
        return groups
    }

    /// tmpfs, ramfs and hugetlbfs mounts with their use; one per file system.
    func readMounts(_ session: inout ReadSession, checks: inout [String]) -> [MountUsage]? {
        guard
            let mounts = session.parse(
                "/proc/mounts",
                { buffer, _ in Parsed(value: OwnerParsers.mounts(buffer), problems: []) }
            )
        else { return nil }
        let wanted = mounts.filter { ["tmpfs", "ramfs", "hugetlbfs", "devtmpfs"].contains($0.type) }
        if !isLive {
            // A captured tree cannot be statfs'd: capture-fixture.sh records the numbers.
            let recorded: [String: (Int64, Int64)] =
                session.parse(
                    "/wired-statfs.txt",
                    { buffer, path in
                        var usage: [String: (Int64, Int64)] = [:]
                        var problems: [SourceProblem] = []
                        for line in LineSplitter(buffer).lines {
                            let fields = line.split(separator: UInt8(ascii: "\t"), omittingEmptySubsequences: false)
                            guard fields.count == 3, let used = fields[1].decimal.value,
                                let size = fields[2].decimal.value
                            else { continue }
                            guard Bound.bytes.contains(used), Bound.bytes.contains(size) else {
                                problems.append(
                                    SourceProblem.outOfRange(
                                        source: path,
                                        field: fields[0].string,
                                        value: "\(used) used of \(size)",
                                        bound: .bytes,
                                        consequence: "this mount's use is left out"
                                    )
                                )
                                continue
                            }
                            usage[fields[0].string] = (used, size)
                        }
                        return Parsed(value: usage, problems: problems)
                    },
                    quietIfMissing: true
                ) ?? [:]
            if recorded.isEmpty, !wanted.isEmpty {
                checks.append("mount use is unknown: the captured tree has no wired-statfs.txt")
                return nil
            }
            return wanted.compactMap { mount in
                recorded[mount.mountPoint].map {
                    MountUsage(mountPoint: mount.mountPoint, type: mount.type, usedBytes: $0.0, sizeBytes: $0.1)
                }
            }
        }
        var seen: Set<UInt64> = []
        var usages: [MountUsage] = []
        for mount in wanted {
            var info = stat()
            var fs = statvfs()
            guard stat(mount.mountPoint, &info) == 0, statvfs(mount.mountPoint, &fs) == 0 else { continue }
            // The same file system mounted twice (bind mounts) is counted once.
            guard seen.insert(UInt64(info.st_dev)).inserted else { continue }
            // statvfs counts are unsigned: a free count above the total (or a size past 64 bits) is refused.
            guard fs.f_bfree <= fs.f_blocks, let blockSize = Int64(exactly: fs.f_frsize),
                let blocks = Int64(exactly: fs.f_blocks), let free = Int64(exactly: fs.f_bfree),
                let size = Checked.multiply(blocks, blockSize), let used = Checked.multiply(blocks - free, blockSize),
                Bound.bytes.contains(size)
            else {
                session.problems.append(
                    SourceProblem.outOfRange(
                        source: "statvfs(\(mount.mountPoint))",
                        field: "f_blocks",
                        value: "\(fs.f_blocks) blocks, \(fs.f_bfree) free, of \(fs.f_frsize) bytes",
                        bound: .bytes,
                        consequence: "this mount's use is left out"
                    )
                )
                continue
            }
            usages.append(MountUsage(mountPoint: mount.mountPoint, type: mount.type, usedBytes: used, sizeBytes: size))
        }
        return usages
    }

    /// GPUs under `/sys/class/drm`, with amdgpu's memory counters where present.
    func readGPUs(_ session: inout ReadSession) -> [GPUDevice]? {
        guard let names = try? FileSystem.list(path("/sys/class/drm")) else { return nil }
        var gpus: [GPUDevice] = []
        for card in names.sorted() where card.hasPrefix("card") && card.dropFirst(4).allSatisfy(\.isNumber) {
            let device = "/sys/class/drm/\(card)/device"
            var driver = "unknown"
            var pdev = ""
            if let uevent = session.parse(device + "/uevent", CaptureRecord.parse, quietIfMissing: true) {
                driver = uevent["DRIVER"] ?? driver
                pdev = uevent["PCI_SLOT_NAME"] ?? ""
            }
            gpus.append(
                GPUDevice(
                    card: card,
                    driver: driver,
                    pdev: pdev,
                    vramTotal: session.number(device + "/mem_info_vram_total", bound: .bytes, quietIfMissing: true),
                    vramUsed: session.number(device + "/mem_info_vram_used", bound: .bytes, quietIfMissing: true),
                    gttTotal: session.number(device + "/mem_info_gtt_total", bound: .bytes, quietIfMissing: true),
                    gttUsed: session.number(device + "/mem_info_gtt_used", bound: .bytes, quietIfMissing: true)
                )
            )
        }
        return gpus
    }

    /// Per-process NVIDIA memory from nvidia-smi, when the machine has it.
    func readNvidia(into owners: inout OwnerFacts) {
        let hasNvidia =
            FileSystem.exists(path("/proc/driver/nvidia")) || owners.gpus?.contains { $0.driver == "nvidia" } == true
        guard hasNvidia else { return }
        guard isLive else {
            owners.checks.append("NVIDIA memory per process is not known for a captured tree")
            return
        }
        let candidates = ["/usr/bin/nvidia-smi", "/usr/local/bin/nvidia-smi", "/bin/nvidia-smi"]
        guard let smi = candidates.first(where: { FileSystem.exists($0) }) else {
            owners.checks.append("NVIDIA GPU without nvidia-smi: its memory per process is unknown")
            return
        }
        switch Subprocess.run(
            [smi, "--query-compute-apps=pid,used_memory", "--format=csv,noheader,nounits"],
            timeout: 3
        ) {
        case .success(let output): owners.nvidiaApps = OwnerParsers.nvidiaApps(output)
        case .failure(let reason): owners.checks.append("nvidia-smi failed: \(reason)")
        }
    }
}

/// What `/proc/vmallocinfo` gave: the callers, or the check saying why not, and the numbers it refused.
public struct VmallocReading: Sendable {
    /// The callers; `nil` when the file could not be read.
    public var callers: [VmallocCaller]?
    /// Why the callers are not named, when they are not.
    public var checks: [String] = []
    /// Numbers in the file that were out of range or impossible.
    public var problems: [SourceProblem] = []

    /// An empty reading.
    public init() {}
}
