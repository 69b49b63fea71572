/// What an owner node is.
public enum OwnerKind: String, Sendable, Codable {
    case bucket, service, process, cache, mount, segment, file, pool, vm, gpu, device, kernel, unexplained
    /// Processes of one command, grouped when a long list is folded for reading.
    case group
}

/// One node of the owners tree: its children add up exactly to its bytes.
public struct OwnerNode: Sendable, Codable, Equatable {
    /// Stable identifier within the tree ("app", "app/nginx.service", "app/nginx.service/1234").
    public var id: String
    /// Plain name.
    public var name: String
    /// What it is.
    public var kind: OwnerKind
    /// Size.
    public var bytes: ByteCount
    /// True for memory the kernel has pinned (kernel memory, locked and pinned pages, hugepage pools).
    public var wired: Bool
    /// True for app and shared memory that stays in RAM only because there is no free swap (not wired).
    public var unswappable: Bool
    /// Where the number comes from, or what the owner is, in words.
    public var detail: String?
    /// Owners within it, biggest first; the last may be the unexplained rest.
    public var children: [OwnerNode]
    /// What processes are grouped by when a long list of them is folded (their `comm`); `nil` for others.
    public var groupKey: String?
    /// Who the node is across readings (``OwnerID``): the same owner has the same id in another reading, and
    /// in every bucket it holds memory in.
    public var ownerID: OwnerID

    /// Creates a node.
    public init(
        id: String,
        name: String,
        kind: OwnerKind,
        bytes: ByteCount,
        wired: Bool,
        unswappable: Bool = false,
        detail: String? = nil,
        children: [OwnerNode] = [],
        groupKey: String? = nil,
        ownerID: OwnerID? = nil
    ) {
        self.id = id
        self.name = name
        self.kind = kind
        self.bytes = bytes
        self.wired = wired
        self.unswappable = unswappable
        self.detail = detail
        self.children = children
        self.groupKey = groupKey
        self.ownerID = ownerID ?? OwnerID(kind: kind, name: Self.ownerName(id: id, kind: kind))
    }

    /// An owner's name from its node id: a bucket by its id ("reserved/firmware" → "firmware"), the rest line
    /// of a bucket by its whole node id, anything else by what follows the bucket and,
    /// for most kinds, the kind's own word ("shmem/mount/dev/shm" → "/dev/shm", "slab-unreclaimable/dentry" →
    /// "dentry", "app/pid/1234" → "1234").
    static func ownerName(id: String, kind: OwnerKind) -> String {
        if kind == .bucket { return id.split(separator: "/").last.map(String.init) ?? id }
        guard kind != .unexplained, let slash = id.firstIndex(of: "/") else { return id }
        var rest = String(id[id.index(after: slash)...])
        for word in ["pid/", "cgroup/", "mount/", "sysv/", "file/", "memfd/", "tmpfsFile/", "gpu/"]
        where rest.hasPrefix(word) {
            rest.removeFirst(word == "cgroup/" || word == "mount/" ? word.count - 1 : word.count)
            break
        }
        return rest
    }

    /// The node and everything below it marked unswappable.
    func markedUnswappable() -> OwnerNode {
        var node = self
        node.unswappable = true
        node.children = children.map { $0.markedUnswappable() }
        return node
    }

    /// The node with `id`, searched depth first.
    public func find(_ id: String) -> OwnerNode? {
        if self.id == id { return self }
        for child in children {
            if let found = child.find(id) { return found }
        }
        return nil
    }

    /// True when every node's children add up to it exactly.
    public var isConsistent: Bool {
        children.isEmpty || (children.map(\.bytes).sum() == bytes && children.allSatisfy(\.isConsistent))
    }

    /// Owners that outweigh the node they are in, or hold less than nothing, as "parent > child" ids.
    ///
    /// Empty for a tree whose every owner fits in its parent. The rest lines that close a node are not owners
    /// (a negative rest says that owners overlap or were read a moment apart) and are left out, and so is the
    /// unexplained bucket, a remainder that may be negative.
    public var outweighed: [String] {
        var found: [String] = []
        for child in children where !child.id.hasSuffix("/rest") {
            // The unexplained bucket is a remainder too: it may be negative, never above its parent.
            let negative = child.bytes.bytes < 0 && child.kind != .unexplained
            if negative || (bytes.bytes >= 0 && child.bytes > bytes) {
                found.append("\(id) (\(bytes)) > \(child.id) (\(child.bytes))")
            }
            found += child.outweighed
        }
        return found
    }
}

/// Memory of one cgroup, for the services table.
public struct ServiceMemory: Sendable, Codable, Equatable {
    /// The unit, container or cgroup path.
    public var name: String
    /// The cgroup path.
    public var path: String
    /// `memory.current` (v2) or `memory.usage_in_bytes` (v1): everything charged.
    public var current: ByteCount?
    /// `anon` (v2) or `rss` (v1).
    public var anon: ByteCount
    /// `file` (v2) or `cache` (v1), shared memory included.
    public var file: ByteCount
    /// `shmem`.
    public var shmem: ByteCount
    /// `kernel` (v2, 5.18+; else Σ of its parts) or `memory.kmem.usage_in_bytes` (v1).
    public var kernel: ByteCount?
    /// `sock` (v2): socket buffers.
    public var sock: ByteCount?
    /// `unevictable`: locked pages charged here.
    public var unevictable: ByteCount
    /// Wired memory charged here: kernel + unevictable (pinned only).
    public var wired: ByteCount
    /// Anon and shmem charged here when there is no free swap: not wired, but it cannot be paged out either.
    public var unswappable: ByteCount
    /// Processes directly in the cgroup.
    public var processes: Int
}

/// The owners of a machine's memory.
public struct OwnersReport: Sendable, Codable, Equatable {
    /// Installed RAM (or MemTotal) → buckets → owners → processes.
    public var tree: OwnerNode
    /// Memory per cgroup (overlaps the tree: the same memory by another cut).
    public var services: [ServiceMemory]
    /// GPU device memory (VRAM), which is not RAM and never added to it.
    public var deviceMemory: [OwnerNode]
    /// Checks that could not be made.
    public var checks: [String]
    /// Further lists that cut the same memory another way (macOS: processes by footprint, kext images,
    /// the largest zones); not part of the tree's sums.
    public var sections: [OwnerSection] = []
}

/// A titled list of owners shown below the tree.
public struct OwnerSection: Sendable, Codable, Equatable {
    /// Heading, and how the list relates to the tree.
    public var title: String
    public var note: String
    /// The owners, biggest first.
    public var nodes: [OwnerNode]

    /// Creates a section.
    public init(title: String, note: String, nodes: [OwnerNode]) {
        self.title = title
        self.note = note
        self.nodes = nodes
    }
}

/// Builds the owners tree from a snapshot and its ledger.
///
/// No I/O.
public enum OwnerTree {
    /// The report; works with whatever facts the snapshot holds and says what is missing.
    public static func build(_ snapshot: Snapshot, ledger: Ledger) -> OwnersReport {
        if let darwin = snapshot.darwin { return DarwinOwners.build(darwin, ledger: ledger) }
        var builder = Builder(snapshot: snapshot, ledger: ledger)
        return builder.report()
    }

    /// What a common slab cache holds, in plain words (`docs/linux.md` §9.1).
    public static func meaning(ofCache name: String) -> String {
        switch name {
        case "dentry": return "directory entries: the cache of file names and paths"
        case "radix_tree_node", "xarray_node": return "page-cache indexes and shadow entries"
        case "buffer_head": return "block-mapping records of cached file pages"
        case "inode_cache": return "in-memory inodes"
        case "task_struct": return "one per thread: the kernel's task records"
        case "vm_area_struct": return "one per memory mapping of every process"
        case "anon_vma", "anon_vma_chain": return "reverse maps of anonymous memory"
        case "mm_struct": return "one per process address space"
        case "signal_cache", "sighand_cache", "files_cache", "fs_cache", "pid", "cred_jar":
            return "per-process kernel records"
        case "filp": return "open files"
        case "skbuff_head_cache", "skbuff_fclone_cache", "skbuff_small_head": return "network packet buffers"
        case "TCP", "TCPv6", "UDP", "UDPv6", "RAW", "RAWv6", "UNIX", "request_sock_TCP": return "sockets"
        case "kernfs_node_cache", "kernfs_iattrs_cache":
            return "sysfs and cgroupfs nodes (grows with devices and cgroups)"
        case "kvm_mmu_page_header", "pte_list_desc": return "KVM shadow page bookkeeping"
        case "sock_inode_cache": return "socket inodes"
        case "shmem_inode_cache": return "inodes of tmpfs and shared memory files"
        case "proc_inode_cache": return "inodes of /proc files"
        case "vmap_area": return "vmalloc area records"
        case "extent_status": return "ext4 extent status cache"
        case "lsm_inode_cache", "lsm_file_cache": return "security-module data per inode or file"
        case "zs_handle", "zspage": return "zsmalloc (zram, zswap) bookkeeping"
        default:
            if name.hasPrefix("kmalloc-rcl-") { return "general kernel allocations marked reclaimable" }
            if name.hasPrefix("kmalloc-cg-") { return "general kernel allocations charged to cgroups" }
            if name.hasPrefix("dma-kmalloc") { return "general kernel allocations for DMA" }
            if name.hasPrefix("kmalloc-") {
                return "general kernel allocations (drivers, networking…): leaks show here"
            }
            if name.hasSuffix("_inode_cache") || name.hasSuffix("_inode") {
                return "in-memory inodes of \(name.split(separator: "_").first ?? "a file system") files"
            }
            if name.hasPrefix("ext4") || name.hasPrefix("xfs") || name.hasPrefix("btrfs") {
                return "file system metadata"
            }
            if name.hasPrefix("zs_handle") { return "zsmalloc (zram, zswap) bookkeeping" }
            return ""
        }
    }

    /// What a vmalloc caller is, in plain words.
    static func meaning(ofVmallocCaller caller: String) -> String {
        switch caller {
        case "load_module", "module_alloc", "execmem_alloc", "move_module", "alloc_mod_mem", "execmem_vmalloc":
            return "kernel module code and data"
        case "bpf_prog_alloc", "bpf_prog_alloc_no_stats", "bpf_jit_binary_alloc", "bpf_map_area_alloc",
            "bpf_prog_pack_alloc":
            return "BPF programs and maps"
        case "zram_meta_alloc", "zram_table_alloc": return "zram tables"
        case "alloc_large_system_hash": return "boot-time hash tables (dentries, inodes, TCP)"
        case "pcpu_create_chunk", "pcpu_get_vm_areas", "pcpu_mem_zalloc": return "per-CPU chunks"
        case "alloc_thread_stack_node", "dup_task_struct", "copy_process", "kernel_clone": return "kernel stacks"
        case "kvm_arch_alloc_vm", "kvm_create_vm": return "KVM virtual machines"
        default:
            return caller.hasPrefix("drm") || caller.contains("gpu") || caller.contains("ttm") ? "graphics driver" : ""
        }
    }

    /// Callers of vmalloc that allocate kernel stacks, which the ledger counts in its own bucket: the area's
    /// caller is the function that called alloc_thread_stack_node, or the one it was inlined into (`_do_fork`
    /// before 5.10, `fork_idle` for the idle tasks).
    static let stackCallers: Set<String> = [
        "alloc_thread_stack_node", "dup_task_struct", "alloc_vmap_stack", "copy_process", "kernel_clone", "_do_fork",
        "do_fork", "fork_idle",
    ]
}

extension OwnerTree {
    /// Builds one report; carries the snapshot, ledger and derived per-process numbers.
    struct Builder {
        let snapshot: Snapshot
        let ledger: Ledger
        let owners: OwnerFacts
        let processes: [ProcessFacts]
        let stack: ByteCount
        let pageSize: Int64
        /// Locked shared memory and who holds it, when the snapshot says.
        let locked: LockedShared?
        var checks: [String]

        init(snapshot: Snapshot, ledger: Ledger) {
            self.snapshot = snapshot
            self.ledger = ledger
            owners = snapshot.owners ?? OwnerFacts()
            processes = snapshot.processes?.processes ?? []
            stack = KernelStackSize.of(snapshot).bytes
            pageSize = snapshot.meta.pageSize
            locked = LockedShared.of(snapshot)
            checks = snapshot.owners?.checks ?? []
            if snapshot.processes == nil { checks.append("processes were not read") }
            if let scan = snapshot.processes, !scan.asRoot {
                let hidden = scan.processes.filter { $0.kind == .user && $0.smaps == nil }.count
                if hidden > 0 {
                    checks.append(
                        "\(hidden) processes could not be inspected (run as root): their anonymous memory is their RSS, not PSS"
                    )
                }
            }
        }

        mutating func report() -> OwnersReport {
            var top: [OwnerNode] = []
            if !ledger.reserved.isEmpty {
                let reserved = ledger.reserved.map {
                    OwnerNode(
                        id: "reserved/\($0.id)",
                        name: $0.name,
                        kind: .bucket,
                        bytes: $0.bytes,
                        wired: true,
                        detail: $0.source
                    )
                }
                top.append(
                    OwnerNode(
                        id: "reserved",
                        name: "Reserved at boot (outside MemTotal)",
                        kind: .bucket,
                        bytes: reserved.map(\.bytes).sum(),
                        wired: true,
                        detail: "installed − MemTotal",
                        children: reserved
                    )
                )
            }
            for bucket in ledger.buckets {
                let wired = bucket.memoryClass == .wired || bucket.memoryClass == .unexplained
                let unswappable = bucket.memoryClass == .unswappable
                var children = owners(of: bucket, wired: bucket.memoryClass == .wired)
                // A source that could not be read still shows, where it would have named owners.
                if children.isEmpty, bucket.bytes.bytes > 0, let reason = unavailable(bucket.id) {
                    children = [
                        OwnerNode(
                            id: "\(bucket.id)/rest",
                            name: reason,
                            kind: .unexplained,
                            bytes: bucket.bytes,
                            wired: wired
                        )
                    ]
                }
                let node = OwnerNode(
                    id: bucket.id.rawValue,
                    name: bucket.name,
                    kind: bucket.id == .unexplained ? .unexplained : .bucket,
                    bytes: bucket.bytes,
                    wired: wired,
                    detail: bucket.source,
                    children: children.isEmpty
                        ? []
                        : Self.closed(
                            bucket.bytes,
                            children,
                            rest: restName(bucket.id),
                            id: bucket.id.rawValue,
                            wired: wired
                        )
                )
                top.append(unswappable ? node.markedUnswappable() : node)
            }
            let total = ledger.installed?.bytes ?? ledger.memTotal
            let root = OwnerNode(
                id: "ram",
                name: ledger.installed == nil ? "MemTotal" : "Installed RAM",
                kind: .bucket,
                bytes: total,
                wired: false,
                detail: ledger.installed?.source ?? "MemTotal in /proc/meminfo",
                children: Self.closed(
                    total,
                    top,
                    rest: "installed RAM not accounted for",
                    id: "ram",
                    wired: false,
                    keepOrder: true
                )
            )
            return OwnersReport(tree: root, services: services(), deviceMemory: deviceMemory(), checks: checks)
        }

        /// Closes a list of children with the rest of `total`, named `rest`, so they add up to `total` exactly.
        ///
        /// Children are sorted biggest first unless `keepOrder` (the ledger's buckets keep its order).
        static func closed(
            _ total: ByteCount,
            _ children: [OwnerNode],
            rest: String,
            id: String,
            wired: Bool,
            keepOrder: Bool = false
        ) -> [OwnerNode] {
            var sorted = keepOrder ? children : children.filter { $0.bytes.bytes != 0 }
            if !keepOrder { sorted.sort { $0.bytes != $1.bytes ? $0.bytes > $1.bytes : $0.id < $1.id } }
            // An owner measured bigger than the bucket it is in (a tmpfs mount whose use counts swapped-out pages,
            // a figure read a moment later) holds at most the bucket here.
            for index in sorted.indices where !keepOrder && total.bytes >= 0 && sorted[index].bytes > total {
                sorted[index] = capped(sorted[index], at: total)
            }
            let remainder = total - sorted.map(\.bytes).sum()
            if remainder.bytes != 0 {
                sorted.append(
                    OwnerNode(
                        id: id + "/rest",
                        name: rest,
                        kind: .unexplained,
                        bytes: remainder,
                        wired: wired,
                        detail: remainder.bytes < 0
                            ? "negative: the owners above overlap or were read a moment apart" : nil
                    )
                )
            }
            return sorted
        }

        /// `node` held to `total`, with what it was measured at said in its detail; an owner with owners of its
        /// own keeps them, closed by a negative rest that says they were measured above it.
        static func capped(_ node: OwnerNode, at total: ByteCount) -> OwnerNode {
            var out = node
            let measured = node.bytes
            out.bytes = total
            out.detail =
                (node.detail.map { $0 + "; " } ?? "")
                + "\(measured) measured, of which at most \(total) can be in this bucket"
            guard !node.children.isEmpty else { return out }
            var children = node.children.filter { !$0.id.hasSuffix("/rest") }.map {
                $0.bytes > total ? capped($0, at: total) : $0
            }
            let remainder = total - children.map(\.bytes).sum()
            if remainder.bytes != 0 {
                children.append(
                    OwnerNode(
                        id: node.id + "/rest",
                        name: "measured above the bucket",
                        kind: .unexplained,
                        bytes: remainder,
                        wired: node.wired,
                        unswappable: node.unswappable,
                        detail: "negative: the owners above were read a moment apart from the bucket's counters"
                    )
                )
            }
            out.children = children
            return out
        }

        /// Why a bucket's owners cannot be named, when the source that names them was not read.
        func unavailable(_ bucket: BucketID) -> String? {
            switch bucket {
            case .slabReclaimable, .slabUnreclaimable:
                return owners.slabCaches == nil ? "not named (no permission to read /proc/slabinfo)" : nil
            case .vmalloc:
                return owners.vmallocCallers == nil ? "not named (no permission to read /proc/vmallocinfo)" : nil
            case .fileClean, .fileDirty:
                return owners.cgroups == nil ? "not attributed (no memory cgroups could be read)" : nil
            case .app, .mlocked, .pageTables, .kernelStacks, .hugepagesUsed:
                return snapshot.processes == nil ? "not attributed (processes were not read)" : nil
            default:
                return nil
            }
        }

        func restName(_ bucket: BucketID) -> String {
            switch bucket {
            case .slabUnreclaimable, .slabReclaimable:
                return owners.slabCaches == nil ? "not named (no permission to read /proc/slabinfo)" : slabRest(bucket)
            case .fileClean, .fileDirty: return "not charged to any cgroup"
            case .shmem: return "other shared memory (shared anonymous mappings, GPU buffers)"
            case .unevictable: return "pinned by drivers, secretmem"
            case .kernelStacks: return "tasks not listed (exited, or in other PID namespaces)"
            case .unexplained: return "nothing more can be said"
            case .vmalloc:
                return owners.vmallocCallers == nil
                    ? "not named (no permission to read /proc/vmallocinfo)" : "other callers"
            default: return "not attributed to a process that could be read"
            }
        }

        /// What the slab bucket holds beyond its caches in /proc/slabinfo: large kmalloc allocations in
        /// SUnreclaim from 5.5 on, otherwise only what moved between the two reads; a difference larger than that
        /// is said to be one, not given a name.
        func slabRest(_ bucket: BucketID) -> String {
            guard let total = ledger.bucket(bucket)?.bytes, let caches = owners.slabCaches else { return "" }
            let wantReclaimable = bucket == .slabReclaimable
            let listed = caches.filter { $0.bytes > 0 && ($0.reclaimable ?? false) == wantReclaimable }.map {
                ByteCount(bytes: $0.bytes)
            }.sum()
            let rest = total - listed
            let slab =
                (ledger.bucket(.slabReclaimable)?.bytes ?? .zero)
                + (ledger.bucket(.slabUnreclaimable)?.bytes ?? .zero)
            // Counters and slabinfo read a moment apart differ by a few slabs: 1% of Slab, at least 1 MiB.
            let moment = max(slab.bytes / 100, 1 << 20)
            let field = wantReclaimable ? "SReclaimable" : "SUnreclaim"
            let large = wantReclaimable ? false : SlabFlags.largeKmallocInSlab(release: snapshot.meta.kernel)
            if large != false, rest.bytes > 0 {
                return large == true
                    ? "large kmalloc allocations (in no cache)"
                    : "large kmalloc allocations (in no cache; counted in Slab from 5.5), or read a moment apart"
            }
            if (-moment...moment).contains(rest.bytes) { return "not in /proc/slabinfo (read a moment apart)" }
            return
                "\(field) and the caches in /proc/slabinfo do not agree (\(rest)): this kernel counts no large kmalloc in Slab, so the reclaim flags of some caches differ from the table (merged caches), or the files were read far apart"
        }

        /// vmalloc callers, stacks left out (the ledger counts them apart); with CONFIG_VMAP_STACK the stack
        /// areas beyond KernelStack are freed stacks the kernel keeps for reuse (up to two per CPU).
        func vmallocOwners(_ callers: [VmallocCaller], bucket: LedgerBucket) -> [OwnerNode] {
            var nodes = callers.filter { !OwnerTree.stackCallers.contains($0.caller) }.prefix(40).map { caller in
                let meaning = OwnerTree.meaning(ofVmallocCaller: caller.caller)
                return OwnerNode(
                    id: "\(bucket.id)/\(caller.caller)",
                    name: caller.caller,
                    kind: .kernel,
                    bytes: ByteCount(bytes: caller.bytes),
                    wired: true,
                    detail: (meaning.isEmpty ? "" : meaning + "; ") + "\(caller.areas) areas in /proc/vmallocinfo"
                )
            }
            let stackAreas = callers.filter { OwnerTree.stackCallers.contains($0.caller) }
            let live = ledger.bucket(.kernelStacks)?.bytes ?? .zero
            let cached = stackAreas.map { ByteCount(bytes: $0.bytes) }.sum() - live
            if bucket.fields.contains("KernelStack"), cached.bytes > 0 {
                nodes.append(
                    OwnerNode(
                        id: "\(bucket.id)/cached-stacks",
                        name: "freed kernel stacks kept for reuse",
                        kind: .kernel,
                        bytes: cached,
                        wired: true,
                        detail:
                            "stack areas in /proc/vmallocinfo (\(Checked.saturatingSum(stackAreas.map { Int64($0.areas) }))) − KernelStack"
                    )
                )
            }
            return nodes
        }

        // MARK: Owners of each bucket

        mutating func owners(of bucket: LedgerBucket, wired: Bool) -> [OwnerNode] {
            let id = bucket.id
            switch id {
            case .app, .anonBeyondSwap:
                guard id == .app else { return [] }
                return byService(id, wired: wired, detail: "Pss_Anon less its locked part (smaps_rollup)") { process in
                    appPart(process)
                }
            case .mlocked:
                return lockedOwners(id)
            case .pageTables:
                return byService(id, wired: true, detail: "VmPTE in /proc/PID/status") { process in
                    process.kind == .user ? process.pageTables ?? 0 : 0
                }
            case .kernelStacks:
                return kernelStackOwners(id)
            case .hugepagesUsed:
                return byService(id, wired: true, detail: "HugetlbPages in /proc/PID/status") { process in
                    process.kind == .user ? process.hugetlb ?? 0 : 0
                }
            case .hugepagesFree:
                return freeHugepagePools(id)
            case .slabReclaimable, .slabUnreclaimable:
                return slabCacheOwners(id)
            case .fileClean, .fileDirty:
                return fileCacheByCgroup(id)
            case .shmem:
                return sharedMemoryOwners(wired: wired)
            case .unevictable:
                return unevictableOwners(id)
            case .secPageTables:
                return secondaryPageTables(bucket)
            case .vmalloc:
                guard let callers = owners.vmallocCallers else { return [] }
                return vmallocOwners(callers, bucket: bucket)
            case .zram:
                return zramDevices(id)
            case .unexplained, .gpuActive:
                return gpuSystemMemory(bucket: id)
            default:
                return []
            }
        }

        /// The locked bucket: each process's own locked memory, and the locked shared objects (memfds, segments,
        /// tmpfs files) named once, apart from the processes that map them.
        mutating func lockedOwners(_ id: BucketID) -> [OwnerNode] {
            // Locked shared objects (memfds, segments, tmpfs files) are named once, apart from the processes
            // that map them; each process keeps the rest of its locked memory.
            var nodes = byService(
                id,
                wired: true,
                detail: "Locked in smaps_rollup (resident locked pages), less locked shared memory named apart"
            ) { process in
                process.kind == .user ? lockedOwn(process) : 0
            }
            nodes += lockedObjects(in: id)
            return nodes
        }

        /// Kernel stacks: processes' threads, kernel threads, and the idle tasks of all CPUs but the first.
        mutating func kernelStackOwners(_ id: BucketID) -> [OwnerNode] {
            var nodes = byService(id, wired: true, detail: "threads × \(stack)") { process in
                process.kind == .user ? Checked.saturatingMultiply(Int64(process.threads), stack.bytes) : 0
            }
            let kthreads = processes.filter { $0.kind == .kernelThread }
            if !kthreads.isEmpty {
                nodes.append(
                    OwnerNode(
                        id: "\(id)/kernel-threads",
                        name: "kernel threads (\(kthreads.count))",
                        kind: .kernel,
                        bytes: stack * Int64(kthreads.count),
                        wired: true,
                        detail: "one stack each"
                    )
                )
                // The idle task of every CPU but the first has a stack too (CPU 0's is static).
                let idle = KernelStackSize.idleTasks(snapshot.linux)
                if idle > 0 {
                    nodes.append(
                        OwnerNode(
                            id: "\(id)/idle",
                            name: idle == 1 ? "idle task of CPU 1" : "idle tasks of CPUs 1–\(idle)",
                            kind: .kernel,
                            bytes: stack * Int64(idle),
                            wired: true,
                            detail: "one stack each; CPU 0's idle task has a static one"
                        )
                    )
                }
            }
            return nodes
        }

        /// The free pages of each hugepage pool.
        mutating func freeHugepagePools(_ id: BucketID) -> [OwnerNode] {
            return (snapshot.linux?.hugepagePools ?? []).filter { $0.free > 0 }.map { pool in
                OwnerNode(
                    id: "\(id)/\(pool.pageBytes)",
                    name: "\(ByteCount(bytes: pool.pageBytes)) pool: \(pool.free) free pages",
                    kind: .pool,
                    bytes: ByteCount(bytes: pool.pageBytes) * pool.free,
                    wired: true,
                    detail: "\(pool.reserved) of them promised to mappings not yet touched (resv_hugepages)"
                )
            }
        }

        /// The slab caches of `/proc/slabinfo` in the bucket, reclaimable or not.
        mutating func slabCacheOwners(_ id: BucketID) -> [OwnerNode] {
            guard let caches = owners.slabCaches else { return [] }
            let wantReclaimable = id == .slabReclaimable
            return caches.filter { $0.bytes > 0 && ($0.reclaimable ?? false) == wantReclaimable }.map { cache in
                let meaning = OwnerTree.meaning(ofCache: cache.name)
                let usage = "\(cache.activeObjects) of \(cache.objects) objects of \(cache.objectSize) B in use"
                return OwnerNode(
                    id: "\(id)/\(cache.name)",
                    name: cache.name,
                    kind: .cache,
                    bytes: ByteCount(bytes: cache.bytes),
                    wired: !wantReclaimable,
                    detail: meaning.isEmpty ? usage : "\(meaning); \(usage)"
                )
            }
        }

        /// What sits on the unevictable list besides mlock: SHM_LOCK segments and locked objects, and ramfs.
        mutating func unevictableOwners(_ id: BucketID) -> [OwnerNode] {
            var nodes: [OwnerNode] =
                snapshot.linux?.lockedMemory == nil
                ? (owners.sysvSegments ?? []).filter { $0.locked && $0.rss > 0 }.map {
                    segment($0, bucket: id, wired: true)
                } : lockedObjects(in: id)
            nodes += (owners.mounts ?? []).filter { $0.type == "ramfs" && $0.usedBytes > 0 }.map {
                mount($0, bucket: id, wired: true)
            }
            return nodes
        }

        /// The zram devices and the RAM each takes (mm_stat).
        mutating func zramDevices(_ id: BucketID) -> [OwnerNode] {
            return (snapshot.linux?.zram ?? []).map { device in
                OwnerNode(
                    id: "\(id)/\(device.name)",
                    name: device.name,
                    kind: .device,
                    bytes: ByteCount(bytes: device.memUsedBytes),
                    wired: false,
                    detail:
                        "holds \(ByteCount(bytes: device.originalBytes)) compressed to \(ByteCount(bytes: device.compressedBytes)) (mm_stat)"
                )
            }
        }

        /// The anonymous memory of a process outside its locked pages (which the locked bucket holds).
        ///
        /// Its locked memory less its locked shared memory (named apart) is split between anonymous and file
        /// pages in proportion to its PSS of each.
        func appPart(_ process: ProcessFacts) -> Int64 {
            guard process.kind == .user else { return 0 }
            let anon = process.smaps?.pssAnon ?? process.rssAnon ?? 0
            let shared = locked?.processShare[process.pid] == nil ? 0 : process.smaps?.pssShmem ?? 0
            let total = Checked.saturatingSubtract(process.smaps?.pss ?? process.rss ?? 0, shared)
            let own = lockedOwn(process)
            guard own > 0, total > 0 else { return anon }
            let lockedAnon = Checked.saturatingInteger((Double(own) * Double(anon) / Double(total)).rounded())
            return max(0, Checked.saturatingSubtract(anon, min(anon, lockedAnon)))
        }

        /// A process's locked memory less its locked shared mappings, which are named as objects of their own.
        func lockedOwn(_ process: ProcessFacts) -> Int64 {
            max(
                0,
                Checked.saturatingSubtract(ProcessTable.residentLocked(process), locked?.processShare[process.pid] ?? 0)
            )
        }

        /// The locked shared objects whose pages are in `bucket` ("mlocked" or "unevictable").
        func lockedObjects(in bucket: BucketID) -> [OwnerNode] {
            (locked?.objects ?? []).filter { $0.bucket == bucket && $0.bytes.bytes > 0 }.map { object in
                let holders = object.holders.map { processName($0) }
                return OwnerNode(
                    id: "\(bucket)/\(object.kind.rawValue)/\(object.device):\(object.inode)",
                    name: object.name + (holders.isEmpty ? "" : " (locked by \(holders.joined(separator: ", ")))"),
                    kind: object.kind == .sysv ? .segment : .file,
                    bytes: object.bytes,
                    wired: true,
                    detail: object.source
                )
            }
        }

        /// Processes grouped by service, each with `value` bytes; virtual machines named as such.
        func byService(_ bucket: BucketID, wired: Bool, detail: String, _ value: (ProcessFacts) -> Int64) -> [OwnerNode]
        {
            var services: [String: [OwnerNode]] = [:]
            var order: [String] = []
            for process in processes {
                let bytes = value(process)
                guard bytes > 0 else { continue }
                let vm = VirtualMachine.name(of: process)
                let inspected = process.smaps != nil
                let node = OwnerNode(
                    id: "\(bucket)/pid/\(process.pid)",
                    name: vm.map { "virtual machine \($0) (pid \(process.pid))" }
                        ?? "\(process.name) (pid \(process.pid))",
                    kind: vm == nil ? .process : .vm,
                    bytes: ByteCount(bytes: bytes),
                    wired: wired,
                    detail: inspected || bucket != .app
                        ? detail : "RssAnon: PSS not readable (\(process.denial ?? "permission"))",
                    groupKey: vm == nil ? process.name : nil,
                    ownerID: vm == nil ? .process(process.pid, startTime: process.startTime) : nil
                )
                let service = process.service ?? ""
                if services[service] == nil { order.append(service) }
                services[service, default: []].append(node)
            }
            // Without cgroups, processes hang from the bucket directly.
            if order == [""] { return services[""] ?? [] }
            return order.map { service in
                let children = (services[service] ?? []).sorted { $0.bytes > $1.bytes }
                return OwnerNode(
                    id: "\(bucket)/\(service)",
                    name: service.isEmpty ? "(cgroup not read)" : service == "/" ? "the root cgroup" : service,
                    kind: .service,
                    bytes: children.map(\.bytes).sum(),
                    wired: wired,
                    detail: "\(children.count) process\(children.count == 1 ? "" : "es")",
                    children: children
                )
            }
        }

        /// File cache by the cgroup it is charged to (each cgroup's own pages, not its descendants').
        func fileCacheByCgroup(_ bucket: BucketID) -> [OwnerNode] {
            guard let tree = owners.cgroups else { return [] }
            let local = LocalCgroupStats(tree)
            return tree.groups.compactMap { group in
                let s = local.stats(of: group.path)
                func value(_ key: String) -> ByteCount { ByteCount(bytes: s[key] ?? 0) }
                let bytes: ByteCount
                if tree.version == 2 {
                    let dirty = value("file_dirty") + value("file_writeback")
                    bytes = bucket == .fileDirty ? dirty : value("file") - value("shmem") - dirty
                } else {
                    let dirty = value("dirty") + value("writeback")
                    bytes = bucket == .fileDirty ? dirty : value("cache") - value("shmem") - dirty
                }
                guard bytes.bytes > 0 else { return nil }
                return OwnerNode(
                    id: "\(bucket)/cgroup\(group.path)",
                    name: group.path == "/" ? "the root cgroup" : ServiceName.from(cgroupPath: group.path),
                    kind: .service,
                    bytes: bytes,
                    wired: false,
                    detail:
                        "\(bucket == .fileDirty ? (tree.version == 2 ? "file_dirty + file_writeback" : "dirty + writeback") : (tree.version == 2 ? "file − shmem − dirty" : "cache − shmem − dirty")) in \(group.path == "/" ? "the root cgroup's" : group.path + "/")memory.stat (its own pages)"
                )
            }
        }

        /// tmpfs mounts, SysV segments, memfds and GPU buffers in shmem.
        func sharedMemoryOwners(wired: Bool) -> [OwnerNode] {
            var nodes: [OwnerNode] = []
            let objects = locked?.objects ?? []
            let lockedSegments = Set(objects.filter { $0.kind == .sysv }.map(\.inode))
            let lockedIDs = Set(objects.filter { $0.kind != .sysv }.map { "\($0.device):\($0.inode)" })
            nodes += (owners.mounts ?? []).filter { ["tmpfs", "devtmpfs"].contains($0.type) && $0.usedBytes > 0 }.map {
                var node = mount($0, bucket: .shmem, wired: wired)
                let inside = lockedFiles(under: $0.mountPoint)
                if inside.bytes > 0 {
                    node.bytes = (node.bytes - inside).nonNegative
                    node.detail = (node.detail ?? "") + "; less \(inside) of locked files, under the locked buckets"
                }
                return node
            }
            nodes += (owners.sysvSegments ?? []).filter {
                $0.rss > 0 && !lockedSegments.contains(UInt64(bitPattern: $0.id))
                    && (snapshot.linux?.lockedMemory != nil || !$0.locked)
            }.map {
                segment($0, bucket: .shmem, wired: wired)
            }
            nodes += (owners.sharedFiles ?? []).filter {
                $0.bytes > 0 && !lockedIDs.contains("\($0.device):\($0.inode)")
            }.map { file in
                OwnerNode(
                    id: "shmem/file/\(file.device):\(file.inode)",
                    name:
                        "\(file.name.replacingOccurrences(of: " (deleted)", with: "")) (pid \(file.pid)\(file.holders > 1 ? " and \(file.holders - 1) more" : ""))",
                    kind: .file,
                    bytes: ByteCount(bytes: file.bytes),
                    wired: wired,
                    detail: "memfd held open: st_blocks × 512 of /proc/\(file.pid)/fd"
                )
            }
            // i915 and other GEM-shmem drivers keep GPU buffers in shmem.
            for client in owners.drmClients ?? [] where client.driver == "i915" {
                let bytes = client.regions.filter { $0.name.hasPrefix("system") }.compactMap(\.resident).reduce(
                    0,
                    Checked.saturatingAdd
                )
                if bytes > 0 {
                    nodes.append(
                        OwnerNode(
                            id: "shmem/gpu/\(client.pdev)/\(client.clientID)",
                            name: "GPU buffers of \(processName(client.pid)) (i915)",
                            kind: .gpu,
                            bytes: ByteCount(bytes: bytes),
                            wired: wired,
                            detail: "drm-resident-system0 in /proc/\(client.pid)/fdinfo"
                        )
                    )
                }
            }
            return nodes
        }

        /// Σ the locked tmpfs files under `mountPoint` (their pages are in the locked buckets).
        func lockedFiles(under mountPoint: String) -> ByteCount {
            let prefix = mountPoint.hasSuffix("/") ? mountPoint : mountPoint + "/"
            return (locked?.objects ?? []).filter { $0.kind == .tmpfsFile && $0.name.hasPrefix(prefix) }.map(\.bytes)
                .sum()
        }

        func mount(_ mount: MountUsage, bucket: BucketID, wired: Bool) -> OwnerNode {
            OwnerNode(
                id: "\(bucket)/mount\(mount.mountPoint)",
                name: "\(mount.type) \(mount.mountPoint)",
                kind: .mount,
                bytes: ByteCount(bytes: mount.usedBytes),
                wired: wired,
                detail: "used blocks (statfs) of a \(ByteCount(bytes: mount.sizeBytes)) mount; files stay until deleted"
            )
        }

        func segment(_ segment: SysVSegment, bucket: BucketID, wired: Bool) -> OwnerNode {
            let hex = String(UInt64(bitPattern: segment.key), radix: 16)
            return OwnerNode(
                id: "\(bucket)/sysv/\(segment.id)",
                name:
                    "SysV segment 0x\(hex) (id \(segment.id), created by pid \(segment.creatorPID), \(segment.attached) attached)",
                kind: .segment,
                bytes: ByteCount(bytes: segment.rss),
                wired: wired,
                detail: "rss in /proc/sysvipc/shm\(segment.locked ? "; locked with SHM_LOCK" : "")"
            )
        }

        func processName(_ pid: Int32) -> String {
            processes.first { $0.pid == pid }.map { "\($0.name) (pid \(pid))" } ?? "pid \(pid)"
        }

        /// KVM page tables (virtual machines) and IOMMU page tables.
        func secondaryPageTables(_ bucket: LedgerBucket) -> [OwnerNode] {
            var nodes: [OwnerNode] = []
            let iommu = ByteCount.pages(snapshot.linux?.vmstat?["nr_iommu_pages"] ?? 0, pageSize: pageSize)
            if iommu.bytes > 0 {
                nodes.append(
                    OwnerNode(
                        id: "sec-page-tables/iommu",
                        name: "IOMMU page tables",
                        kind: .device,
                        bytes: iommu,
                        wired: true,
                        detail: "nr_iommu_pages in /proc/vmstat"
                    )
                )
            }
            let vms = processes.compactMap { process in VirtualMachine.name(of: process).map { ($0, process.pid) } }
            let rest = bucket.bytes - iommu
            if !vms.isEmpty, rest.bytes > 0 {
                nodes.append(
                    OwnerNode(
                        id: "sec-page-tables/vms",
                        name: vms.count == 1
                            ? "virtual machine \(vms[0].0) (pid \(vms[0].1))" : "\(vms.count) virtual machines",
                        kind: .vm,
                        bytes: rest,
                        wired: true,
                        detail: "KVM stage-2 page tables; the kernel does not report them per VM: "
                            + vms.map { "\($0.0) (pid \($0.1))" }.joined(separator: ", ")
                    )
                )
            }
            return nodes
        }

        /// System RAM used by GPU drivers through their page tables (TTM: amdgpu, xe), per device and client.
        func gpuSystemMemory(bucket: BucketID) -> [OwnerNode] {
            // On kernels with GPUActive, GPU memory has its own bucket and is not in the remainder.
            let hasOwnBucket = ledger.bucket(.gpuActive) != nil
            guard (bucket == .gpuActive) == hasOwnBucket else { return [] }
            var nodes: [OwnerNode] = []
            let clients = owners.drmClients ?? []
            for gpu in owners.gpus ?? [] {
                let systemRegions = clients.filter { $0.pdev == gpu.pdev && $0.driver != "i915" }.map {
                    client -> OwnerNode in
                    let bytes = client.regions.filter(\.isSystemMemory).compactMap { $0.resident ?? $0.total }.reduce(
                        0,
                        Checked.saturatingAdd
                    )
                    return OwnerNode(
                        id: "\(bucket)/gpu/\(gpu.card)/\(client.clientID)",
                        name: processName(client.pid),
                        kind: .process,
                        bytes: ByteCount(bytes: bytes),
                        wired: true,
                        detail: "GTT/system regions in /proc/\(client.pid)/fdinfo"
                    )
                }
                if let gtt = gpu.gttUsed, gtt > 0 {
                    nodes.append(
                        OwnerNode(
                            id: "\(bucket)/gpu/\(gpu.card)",
                            name: "likely GPU/driver: \(gpu.driver) \(gpu.card) (\(gpu.pdev)) system memory",
                            kind: .gpu,
                            bytes: ByteCount(bytes: gtt),
                            wired: true,
                            detail: "mem_info_gtt_used in /sys/class/drm/\(gpu.card)/device",
                            children: Self.closed(
                                ByteCount(bytes: gtt),
                                systemRegions,
                                rest: "not attributed to a client",
                                id: "\(bucket)/gpu/\(gpu.card)",
                                wired: true
                            )
                        )
                    )
                } else if systemRegions.contains(where: { $0.bytes.bytes > 0 }) {
                    let total = systemRegions.map(\.bytes).sum()
                    nodes.append(
                        OwnerNode(
                            id: "\(bucket)/gpu/\(gpu.card)",
                            name: "likely GPU/driver: \(gpu.driver) \(gpu.card) (\(gpu.pdev)) buffers in system RAM",
                            kind: .gpu,
                            bytes: total,
                            wired: true,
                            detail: "Σ GTT/system regions of its clients (drm fdinfo)",
                            children: systemRegions.filter { $0.bytes.bytes > 0 }
                        )
                    )
                }
            }
            return nodes
        }

        // MARK: Other views

        /// Memory per cgroup, biggest first (cgroups with processes, or at least 1 MiB charged).
        func services() -> [ServiceMemory] {
            guard let tree = owners.cgroups else { return [] }
            let noSwap = ledger.bucket(.app)?.memoryClass == .unswappable
            // A parent whose only child holds all its charge adds a line and no information (user.slice chains).
            var childCount: [String: Int] = [:]
            var childCharge: [String: Int64?] = [:]
            for group in tree.groups where group.path != "/" {
                let parent = "/" + group.path.split(separator: "/").dropLast().joined(separator: "/")
                childCount[parent, default: 0] += 1
                childCharge[parent] = group.current
            }
            return tree.groups.compactMap { group -> ServiceMemory? in
                guard group.path != "/" else { return nil }
                if childCount[group.path] == 1, group.processes == 0, let only = childCharge[group.path] ?? nil,
                    only == group.current
                {
                    return nil
                }
                let s = group.stat
                // v1: the total_* keys include descendants, like memory.usage_in_bytes; v2 keys always do.
                let v1 = tree.version == 1
                let anon = ByteCount(bytes: s[v1 ? "total_rss" : "anon"] ?? s["rss"] ?? 0)
                let file = ByteCount(bytes: s[v1 ? "total_cache" : "file"] ?? s["cache"] ?? 0)
                let shmem = ByteCount(bytes: s[v1 ? "total_shmem" : "shmem"] ?? s["shmem"] ?? 0)
                let unevictable = ByteCount(bytes: s[v1 ? "total_unevictable" : "unevictable"] ?? s["unevictable"] ?? 0)
                var kernel: ByteCount?
                if tree.version == 2 {
                    kernel =
                        s["kernel"].map { ByteCount(bytes: $0) }
                        ?? ByteCount(
                            bytes: [
                                "kernel_stack", "pagetables", "percpu", "sock", "vmalloc", "slab_reclaimable",
                                "slab_unreclaimable",
                            ].compactMap { s[$0] }.reduce(0, Checked.saturatingAdd)
                        )
                } else {
                    kernel = group.kmem.map { ByteCount(bytes: $0) }
                }
                let current = group.current.map { ByteCount(bytes: $0) }
                guard group.processes > 0 || (current?.bytes ?? (anon + file).bytes) >= 1 << 20 else { return nil }
                let wired = (kernel ?? .zero) + unevictable
                return ServiceMemory(
                    name: ServiceName.from(cgroupPath: group.path),
                    path: group.path,
                    current: current,
                    anon: anon,
                    file: file,
                    shmem: shmem,
                    kernel: kernel,
                    sock: s["sock"].map { ByteCount(bytes: $0) },
                    unevictable: unevictable,
                    wired: wired,
                    unswappable: noSwap ? anon + shmem : .zero,
                    processes: group.processes
                )
            }.sorted { ($0.current ?? $0.anon + $0.file) > ($1.current ?? $1.anon + $1.file) }
        }

        /// GPU device memory (VRAM): per device, and per process where drivers tell.
        func deviceMemory() -> [OwnerNode] {
            var nodes: [OwnerNode] = []
            let clients = owners.drmClients ?? []
            for gpu in owners.gpus ?? [] {
                let perClient = clients.filter { $0.pdev == gpu.pdev }.compactMap { client -> OwnerNode? in
                    let bytes = client.regions.filter(\.isDeviceMemory).compactMap { $0.resident ?? $0.total }.reduce(
                        0,
                        Checked.saturatingAdd
                    )
                    guard bytes > 0 else { return nil }
                    return OwnerNode(
                        id: "vram/\(gpu.card)/\(client.clientID)",
                        name: processName(client.pid),
                        kind: .process,
                        bytes: ByteCount(bytes: bytes),
                        wired: false,
                        detail: "VRAM regions in /proc/\(client.pid)/fdinfo"
                    )
                }
                guard
                    let used = gpu.vramUsed
                        ?? (perClient.isEmpty ? nil : perClient.map(\.bytes.bytes).reduce(0, Checked.saturatingAdd))
                else { continue }
                nodes.append(
                    OwnerNode(
                        id: "vram/\(gpu.card)",
                        name: "\(gpu.driver) \(gpu.card) (\(gpu.pdev)) video memory",
                        kind: .gpu,
                        bytes: ByteCount(bytes: used),
                        wired: false,
                        detail: gpu.vramTotal.map {
                            "of \(ByteCount(bytes: $0)) (mem_info_vram_used, mem_info_vram_total); not RAM"
                        }
                            ?? "Σ VRAM regions of its clients; not RAM",
                        children: gpu.vramUsed == nil
                            ? perClient
                            : Self.closed(
                                ByteCount(bytes: used),
                                perClient,
                                rest: "not attributed to a client",
                                id: "vram/\(gpu.card)",
                                wired: false
                            )
                    )
                )
            }
            if let apps = owners.nvidiaApps, !apps.isEmpty {
                let children = apps.map { app in
                    OwnerNode(
                        id: "vram/nvidia/\(app.pid)",
                        name: processName(app.pid),
                        kind: .process,
                        bytes: ByteCount(bytes: app.usedBytes),
                        wired: false,
                        detail: "used_memory (nvidia-smi)"
                    )
                }
                nodes.append(
                    OwnerNode(
                        id: "vram/nvidia",
                        name: "NVIDIA video memory used by processes",
                        kind: .gpu,
                        bytes: children.map(\.bytes).sum(),
                        wired: false,
                        detail: "nvidia-smi --query-compute-apps; not RAM",
                        children: children
                    )
                )
            }
            return nodes
        }
    }
}

/// Per-cgroup values of memory.stat that belong to the cgroup itself: v2 values include descendants, so
/// each child's are subtracted; v1 plain keys are already the cgroup's own.
struct LocalCgroupStats {
    let tree: CgroupTree
    private var children: [String: [String]] = [:]
    private var byPath: [String: CgroupMemory] = [:]

    init(_ tree: CgroupTree) {
        self.tree = tree
        for group in tree.groups {
            byPath[group.path] = group
            guard group.path != "/" else { continue }
            let parent = group.path.split(separator: "/").dropLast().joined(separator: "/")
            children["/" + parent, default: []].append(group.path)
        }
    }

    func stats(of path: String) -> [String: Int64] {
        guard let group = byPath[path] else { return [:] }
        guard tree.version == 2 else { return group.stat }
        var own = group.stat
        for child in children[path] ?? [] {
            for (key, value) in byPath[child]?.stat ?? [:] {
                own[key] = Checked.saturatingSubtract(own[key] ?? 0, value)
            }
        }
        return own
    }
}

/// Recognises virtual machine monitors among processes.
public enum VirtualMachine {
    /// The guest's name for a VMM process (QEMU `-name`, Firecracker `--id`), or its program name; `nil` when the
    /// process is not a virtual machine monitor.
    public static func name(of process: ProcessFacts) -> String? {
        let name = process.name
        let monitors = [
            "qemu-system", "qemu-kvm", "firecracker", "crosvm", "cloud-hyperviso", "VBoxHeadless", "vmware-vmx",
            "kvmtool", "lkvm",
        ]
        guard monitors.contains(where: { name.hasPrefix($0) }) || process.command.hasPrefix("/usr/bin/qemu-system")
        else { return nil }
        let arguments = process.command.split(separator: " ").map(String.init)
        for (index, argument) in arguments.enumerated() where index + 1 < arguments.count {
            if argument == "-name" || argument == "--name" || argument == "--id" {
                let value = arguments[index + 1]
                // QEMU: "-name guest=web1,debug-threads=on" or "-name web1".
                for part in value.split(separator: ",") {
                    if part.hasPrefix("guest=") { return String(part.dropFirst("guest=".count)) }
                }
                return String(value.split(separator: ",").first ?? Substring(value))
            }
        }
        return name
    }
}

extension String {
    /// The string with every `target` replaced.
    func replacingOccurrences(of target: String, with replacement: String) -> String {
        guard !target.isEmpty, contains(target) else { return self }
        var out = ""
        var rest = self[...]
        while let range = rest.firstRange(of: target) {
            out += rest[..<range.lowerBound] + replacement
            rest = rest[range.upperBound...]
        }
        return out + rest
    }
}
