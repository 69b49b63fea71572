/// A likely owner of memory the kernel reports in no counter, and what points to it.
public struct Suspect: Sendable, Codable, Equatable {
    /// Stable identifier ("zfs-arc", "hv_balloon", "gpu/card0", "nvidia", "container").
    public var id: String
    /// Who holds the memory, in words.
    public var owner: String
    /// What it does with it, one or two sentences.
    public var explanation: String
    /// Its size, when a file states it; part of the unexplained line (capped at what is left of it).
    public var bytes: ByteCount?
    /// Where the size comes from.
    public var sizeSource: String?
    /// The lines that point to it.
    public var evidence: [SuspectEvidence]
    /// A command that confirms it.
    public var confirm: String

    /// Creates a suspect.
    public init(
        id: String,
        owner: String,
        explanation: String,
        bytes: ByteCount? = nil,
        sizeSource: String? = nil,
        evidence: [SuspectEvidence],
        confirm: String
    ) {
        self.id = id
        self.owner = owner
        self.explanation = explanation
        self.bytes = bytes
        self.sizeSource = sizeSource
        self.evidence = evidence
        self.confirm = confirm
    }
}

/// One piece of evidence: a file, the line, what it says.
public struct SuspectEvidence: Sendable, Codable, Equatable, CustomStringConvertible {
    public var file: String
    /// Line number, from 1, where the file has lines that matter.
    public var line: Int?
    public var text: String

    /// Creates a piece of evidence.
    public init(file: String, line: Int? = nil, text: String) {
        self.file = file
        self.line = line
        self.text = text
    }

    public var description: String { line.map { "\(file) line \($0): \(text)" } ?? "\(file): \(text)" }
}

/// Names the likely owner of a large unexplained line.
///
/// From the evidence a person would look at: balloon drivers, GPU drivers, the ZFS ARC, a container's
/// synthesised meminfo. No I/O.
public enum UnexplainedSuspects {
    /// Suspects are sought when the unexplained line is at least this share of MemTotal.
    public static let threshold = 0.01

    /// The suspects of `ledger`'s unexplained line, sized ones first; none when the line is small.
    public static func evaluate(_ snapshot: Snapshot, ledger: Ledger) -> [Suspect] {
        guard let facts = snapshot.linux, let unexplained = ledger.bucket(.unexplained)?.bytes,
            Double(unexplained.bytes) >= threshold * Double(ledger.memTotal.bytes)
        else { return [] }
        let pageSize = snapshot.meta.pageSize
        var found = zfs(facts) + amdgpu(facts) + balloons(facts, ledger: ledger, pageSize: pageSize)
        found += container(facts, owners: snapshot.owners, pageSize: pageSize)
        found += unsizedGPUs(facts)
        return capped(found.sorted { ($0.bytes != nil) && ($1.bytes == nil) }, at: unexplained)
    }

    /// The unexplained line less its sized suspects.
    public static func rest(of ledger: Ledger) -> ByteCount {
        (ledger.bucket(.unexplained)?.bytes ?? .zero) - ledger.suspects.compactMap(\.bytes).sum()
    }

    /// Sized suspects take their size from the line in order, none more than is left of it.
    static func capped(_ suspects: [Suspect], at total: ByteCount) -> [Suspect] {
        var left = total.nonNegative
        return suspects.map { suspect in
            guard let bytes = suspect.bytes else { return suspect }
            var kept = suspect
            if bytes > left {
                kept.bytes = left
                kept.sizeSource = (suspect.sizeSource ?? "") + "; \(bytes) stated, capped at what the line holds"
            }
            left -= kept.bytes ?? .zero
            return kept
        }
    }

    static func moduleEvidence(_ facts: LinuxFacts, _ names: [String]) -> [SuspectEvidence] {
        names.compactMap { facts.evidence?.module($0) }.sorted { $0.line < $1.line }.map {
            SuspectEvidence(
                file: "/proc/modules",
                line: $0.line,
                text: "\($0.name) is loaded (\(ByteCount(bytes: $0.sizeBytes)))"
            )
        }
    }

    /// The ZFS ARC: its data and metadata pages are in no meminfo line (not page cache, not slab).
    static func zfs(_ facts: LinuxFacts) -> [Suspect] {
        guard let arc = facts.evidence?.zfsARC, arc.size > 0 else { return [] }
        let outside = arc.pagesOutsideCounters
        let floor = arc.minimum.map { " down to c_min (\(ByteCount(bytes: $0)))" } ?? ""
        return [
            Suspect(
                id: "zfs-arc",
                owner: "ZFS ARC (the ZFS file cache)",
                explanation:
                    "ZFS caches file data in its ARC, outside the page cache: its data and metadata buffers are pages no /proc/meminfo line counts (its headers, dbufs and dnodes are slab, inside SUnreclaim). The ARC gives memory back under pressure\(floor), so most of it is reclaimable in practice.",
                bytes: ByteCount(bytes: outside ?? arc.size),
                sizeSource: outside == nil
                    ? "size in /proc/spl/kstat/zfs/arcstats (its slab part may be counted twice)"
                    : "data_size + metadata_size + abd_chunk_waste_size in /proc/spl/kstat/zfs/arcstats",
                evidence: [
                    SuspectEvidence(
                        file: "/proc/spl/kstat/zfs/arcstats",
                        line: arc.sizeLine,
                        text: "size \(arc.size) (\(ByteCount(bytes: arc.size)))"
                    )
                ] + moduleEvidence(facts, ["zfs", "spl"]),
                confirm:
                    "arc_summary, or: grep -E '^(size|c_min|c_max|data_size|metadata_size) ' /proc/spl/kstat/zfs/arcstats"
            )
        ]
    }

    /// amdgpu's GTT buffers: TTM pages from the page allocator, sized by `mem_info_gtt_used`.
    static func amdgpu(_ facts: LinuxFacts) -> [Suspect] {
        (facts.evidence?.drmCards ?? []).filter { $0.driver == "amdgpu" }.compactMap { card in
            guard let gtt = card.gttUsedBytes, gtt > 0 else { return nil }
            let device = "/sys/class/drm/\(card.card)/device"
            return Suspect(
                id: "gpu/\(card.card)",
                owner: "amdgpu (\(card.card)): GPU buffers in system RAM",
                explanation:
                    "amdgpu keeps GTT buffers (textures, command buffers of the desktop and its apps) in pages from the page allocator that no /proc/meminfo line counts before GPUActive.",
                bytes: ByteCount(bytes: gtt),
                sizeSource: "mem_info_gtt_used in \(device)",
                evidence: [
                    SuspectEvidence(file: device + "/uevent", text: "DRIVER=amdgpu"),
                    SuspectEvidence(file: device + "/mem_info_gtt_used", text: "\(gtt) (\(ByteCount(bytes: gtt)))"),
                ] + moduleEvidence(facts, ["amdgpu", "ttm"]),
                confirm: "cat \(device)/mem_info_gtt_used, and per process: grep drm-memory-gtt /proc/*/fdinfo/*"
            )
        }
    }

    /// Balloon drivers: hv_balloon (no counter before 6.15), and balloon-core drivers whose pages stayed in
    /// MemTotal (the reserved split takes those that left it).
    static func balloons(_ facts: LinuxFacts, ledger: Ledger, pageSize: Int64) -> [Suspect] {
        guard ledger.bucket(.balloon) == nil else { return [] }
        var found: [Suspect] = []
        if ledger.bucket(.balloonReturned) == nil, let held = BalloonCounters.held(facts, pageSize: pageSize),
            held.bytes.bytes > 0
        {
            let counters =
                "balloon_inflate \(facts.vmstat?["balloon_inflate"] ?? 0), balloon_deflate \(facts.vmstat?["balloon_deflate"] ?? 0)"
            found.append(
                Suspect(
                    id: held.driver,
                    owner: "\(held.driver): memory lent back to the hypervisor",
                    explanation:
                        "The balloon driver took these pages for the host and left them inside MemTotal (deflate-on-OOM), where no /proc/meminfo line counts them.",
                    bytes: held.bytes,
                    sizeSource: "(balloon_inflate − balloon_deflate) in /proc/vmstat × page size",
                    evidence: moduleEvidence(facts, [held.driver]) + [
                        SuspectEvidence(file: "/proc/vmstat", text: counters)
                    ],
                    confirm: "grep -E '^balloon_(inflate|deflate) ' /proc/vmstat; on the host: virsh dommemstat GUEST"
                )
            )
        }
        if let module = facts.evidence?.module("hv_balloon") {
            found.append(
                Suspect(
                    id: "hv_balloon",
                    owner: "hv_balloon: Hyper-V Dynamic Memory",
                    explanation:
                        "Hyper-V takes memory back from the VM through hv_balloon, which allocates the pages and leaves them inside MemTotal; before 6.15 no counter shows how many.",
                    evidence: moduleEvidence(facts, [module.name, "hv_vmbus"]),
                    confirm:
                        "dmesg | grep -i hv_balloon; the VM's Assigned Memory in Hyper-V Manager; on 6.x kernels: cat /sys/kernel/debug/hv-balloon"
                )
            )
        }
        return found
    }

    /// GPU drivers that take system RAM with no counter and no size: NVIDIA, nouveau, radeon, xe, vmwgfx.
    static func unsizedGPUs(_ facts: LinuxFacts) -> [Suspect] {
        var found: [Suspect] = []
        let nvidiaModules = ["nvidia", "nvidia_uvm", "nvidia_modeset", "nvidia_drm"]
        if facts.evidence?.nvidiaVersion != nil || facts.evidence?.module("nvidia") != nil {
            var evidence = moduleEvidence(facts, nvidiaModules)
            if let version = facts.evidence?.nvidiaVersion {
                evidence.append(SuspectEvidence(file: "/proc/driver/nvidia/version", line: 1, text: version))
            }
            found.append(
                Suspect(
                    id: "nvidia",
                    owner: "NVIDIA driver (nvidia.ko): system memory taken for the GPU",
                    explanation:
                        "The NVIDIA driver allocates system RAM for DMA buffers, GPU page tables and pinned staging memory page by page; no /proc/meminfo line counts it and the driver reports no total.",
                    evidence: evidence,
                    confirm: "nvidia-smi (which processes use the GPU); stop the GPU job and watch used memory fall"
                )
            )
        }
        for driver in ["nouveau", "radeon", "xe", "vmwgfx"] {
            guard let module = facts.evidence?.module(driver) else { continue }
            found.append(
                Suspect(
                    id: driver,
                    owner: "\(driver): GPU buffers in system RAM (TTM)",
                    explanation:
                        "\(driver) keeps GPU buffers in TTM pages from the page allocator, which no /proc/meminfo line counts before GPUActive.",
                    evidence: moduleEvidence(facts, [module.name, "ttm"]),
                    confirm: "grep -H drm-total /proc/*/fdinfo/* 2>/dev/null; close the graphical session and compare"
                )
            )
        }
        return found
    }

    /// A container whose meminfo LXCFS writes: its kernel memory and socket buffers are in no line of it.
    static func container(_ facts: LinuxFacts, owners: OwnerFacts?, pageSize: Int64) -> [Suspect] {
        guard let mount = LinuxConsistency.meminfoOvermount(facts) else { return [] }
        let root = owners?.cgroups?.groups.first { $0.path == "/" }
        let kernel = root.flatMap { group -> Int64? in
            let s = group.stat
            if let kernel = s["kernel"] { return Checked.saturatingAdd(kernel, s["sock"] ?? 0) }
            let parts = ["kernel_stack", "pagetables", "percpu", "vmalloc", "slab_reclaimable", "slab_unreclaimable"]
            guard s["slab_unreclaimable"] != nil else { return group.kmem }
            return Checked.saturatingSum(parts.compactMap { s[$0] } + [s["sock"] ?? 0])
        }
        return [
            Suspect(
                id: "container",
                owner: "this container's kernel memory (slab, stacks, page tables, socket buffers)",
                explanation:
                    "LXCFS writes this /proc/meminfo from the container's memory cgroup: MemTotal − MemFree is the cgroup's charge, which includes kernel memory and socket buffers, but no line LXCFS writes shows them.",
                bytes: kernel.map { ByteCount(bytes: $0) },
                sizeSource: kernel == nil ? nil : "kernel memory + sock in the container's root memory.stat",
                evidence: [
                    SuspectEvidence(
                        file: "/proc/mounts",
                        line: mount.line,
                        text: "\(mount.source) \(mount.mountPoint) \(mount.type)"
                    )
                ],
                confirm:
                    "grep -E '^(kernel|kernel_stack|pagetables|percpu|vmalloc|slab|sock) ' /sys/fs/cgroup/memory.stat"
            )
        ]
    }
}
