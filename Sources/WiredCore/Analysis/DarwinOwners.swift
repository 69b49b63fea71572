/// The owners of a macOS reading: the ledger's buckets, the wired bucket split by zprint's sites (kexts
/// and kernel tags) with what no site claims, and lists that cut memory another way (processes by
/// footprint, kext images, the largest zones).
///
/// No I/O.
public enum DarwinOwners {
    /// The report.
    public static func build(_ facts: DarwinFacts, ledger: Ledger) -> OwnersReport {
        var checks: [String] = []
        let root = tree(facts, ledger: ledger, checks: &checks)
        let processes = processSection(facts)
        if processes == nil {
            checks.append("processes are not listed: the reading has no top or footprint output")
        }
        let sections = [processes, kextSection(facts), zoneSection(facts)].compactMap { $0 }
        return OwnersReport(tree: root, services: [], deviceMemory: [], checks: checks, sections: sections)
    }

    /// Installed RAM, its reserved lines and buckets, and the wired bucket split by zprint's sites.
    static func tree(_ facts: DarwinFacts, ledger: Ledger, checks: inout [String]) -> OwnerNode {
        var children: [OwnerNode] = ledger.reserved.map {
            OwnerNode(id: $0.id.rawValue, name: $0.name, kind: .kernel, bytes: $0.bytes, wired: true, detail: $0.source)
        }
        for bucket in ledger.buckets {
            var node = OwnerNode(
                id: bucket.id.rawValue,
                name: bucket.name,
                kind: bucket.memoryClass == .unexplained ? .unexplained : .bucket,
                bytes: bucket.bytes,
                wired: bucket.memoryClass == .wired,
                detail: bucket.source
            )
            if bucket.id == .wired {
                if let zprint = facts.zprint, !zprint.sites.isEmpty {
                    node.children = wiredChildren(zprint, wired: bucket.bytes)
                } else {
                    checks.append(
                        "wired memory is not named by kext and kernel tag: the reading has no zprint output with its wired-memory section (`sudo zprint` prints it)"
                    )
                }
            }
            children.append(node)
        }
        let total = ledger.installed?.bytes ?? ledger.memTotal
        return OwnerNode(
            id: "installed",
            name: ledger.installed == nil ? ledger.memTotalName : "Installed RAM",
            kind: .bucket,
            bytes: total,
            wired: false,
            detail: ledger.installed?.source ?? ledger.memTotalSource,
            children: children
        )
    }

    /// Processes by footprint (phys_footprint), beside the tree; `nil` when the reading lists none.
    static func processSection(_ facts: DarwinFacts) -> OwnerSection? {
        guard let processes = facts.processes, !processes.isEmpty else { return nil }
        let nodes = processes.filter { $0.footprint != nil }
            .sorted { ($0.footprint ?? 0, $1.pid) > ($1.footprint ?? 0, $0.pid) }
            .map { process in
                OwnerNode(
                    id: "process/\(process.pid)",
                    name: "\(process.name) (pid \(process.pid))",
                    kind: .process,
                    bytes: ByteCount(bytes: process.footprint ?? 0),
                    wired: false,
                    detail: processDetail(process),
                    ownerID: .process(process.pid, startTime: nil)
                )
            }
        var note =
            "phys_footprint, Activity Monitor's Memory column: it includes compressed and IOKit memory, so it is not a part of the tree"
        if let summary = facts.footprintSummary {
            note += "; footprint's summary of these with shared memory counted once: \(ByteCount(bytes: summary))"
        }
        return OwnerSection(title: "Processes by footprint", note: note, nodes: nodes)
    }

    /// Kext images by their wired code and static data (kextstat).
    static func kextSection(_ facts: DarwinFacts) -> OwnerSection? {
        guard let kexts = facts.kexts else { return nil }
        let nodes = kexts.filter { $0.wired > 0 }.sorted { ($0.wired, $1.index) > ($1.wired, $0.index) }.map {
            OwnerNode(
                id: "kext/\($0.name)",
                name: $0.name + ($0.version.map { " (\($0))" } ?? ""),
                kind: .kernel,
                bytes: ByteCount(bytes: $0.wired),
                wired: true,
                detail: "kextstat Wired: the kext's code and static data"
            )
        }
        return OwnerSection(
            title: "Kext images",
            note:
                "kextstat's Wired column; what a kext allocates at run time shows under its bundle id in the wired tree",
            nodes: nodes
        )
    }

    /// The zones, largest first (zprint).
    static func zoneSection(_ facts: DarwinFacts) -> OwnerSection? {
        guard let zones = facts.zprint?.zones, !zones.isEmpty else { return nil }
        let nodes = zones.sorted { ($0.bytes, $1.name) > ($1.bytes, $0.name) }.map { zone in
            OwnerNode(
                id: "zone/\(zone.name)",
                name: zone.name,
                kind: .cache,
                bytes: ByteCount(bytes: zone.bytes),
                wired: true,
                detail: "\(zone.inUse) of \(zone.currentElements) elements of \(zone.elementSize) bytes in use"
            )
        }
        return OwnerSection(
            title: "Largest zones",
            note: "zprint; a zone whose elements grow steadily with uptime is the classic kernel leak",
            nodes: nodes
        )
    }

    /// Sites, the zones row, and the rest of `wired` that no site claims (which also holds what changed
    /// between the zprint and VM-counter readings).
    static func wiredChildren(_ zprint: ZoneReport, wired: ByteCount) -> [OwnerNode] {
        var nodes = zprint.sites.filter { $0.current > 0 }.sorted { ($0.current, $1.name) > ($1.current, $0.name) }.map
        { site in
            OwnerNode(
                id: "wired/\(site.name)",
                name: meaning(ofSite: site.name),
                kind: site.name.hasPrefix("VM_KERN_MEMORY_") ? .kernel : .device,
                bytes: ByteCount(bytes: site.current),
                wired: true,
                detail: "zprint wired memory: \(site.name)" + (site.peak.map { ", peak \(ByteCount(bytes: $0))" } ?? "")
            )
        }
        if let zones = zprint.zonesWired, zones > 0 {
            nodes.append(
                OwnerNode(
                    id: "wired/zones",
                    name: "Zones (the kernel's small-object allocator)",
                    kind: .kernel,
                    bytes: ByteCount(bytes: zones),
                    wired: true,
                    detail: "zprint wired memory: zones"
                )
            )
        }
        nodes.sort { ($0.bytes, $1.id) > ($1.bytes, $0.id) }
        let rest = wired - nodes.map(\.bytes).sum()
        var detail = "Pages wired down − Σ of zprint's sites and zones"
        if let all = zprint.totalWired, let attributed = zprint.attributed {
            detail +=
                "; zprint itself left \(ByteCount(bytes: all) - ByteCount(bytes: attributed) - ByteCount(bytes: zprint.zonesWired ?? 0)) without a site (total \(ByteCount(bytes: all)) − listed \(ByteCount(bytes: attributed)) − zones)"
        }
        if rest.bytes < 0 { detail += "; negative: zprint ran when more was wired than the VM counters saw" }
        nodes.append(
            OwnerNode(
                id: "wired/rest",
                name: "Not attributed to a site",
                kind: .unexplained,
                bytes: rest,
                wired: true,
                detail: detail
            )
        )
        return nodes
    }

    /// A zprint site in plain words: kernel tags by what they hold, GPU kexts as GPU.
    public static func meaning(ofSite name: String) -> String {
        let tags: [String: String] = [
            "VM_KERN_MEMORY_OSFMK": "kernel core (osfmk)",
            "VM_KERN_MEMORY_BSD": "BSD layer",
            "VM_KERN_MEMORY_IOKIT": "IOKit drivers",
            "VM_KERN_MEMORY_LIBKERN": "libkern",
            "VM_KERN_MEMORY_OSKEXT": "kext loading",
            "VM_KERN_MEMORY_KEXT": "kext images",
            "VM_KERN_MEMORY_IPC": "Mach IPC (ports and messages)",
            "VM_KERN_MEMORY_STACK": "kernel thread stacks",
            "VM_KERN_MEMORY_CPU": "per-CPU data",
            "VM_KERN_MEMORY_PMAP": "physical map",
            "VM_KERN_MEMORY_PTE": "page tables",
            "VM_KERN_MEMORY_ZONE": "zone allocator",
            "VM_KERN_MEMORY_KALLOC": "kernel allocations (kalloc)",
            "VM_KERN_MEMORY_KALLOC_DATA": "kernel data allocations (kalloc)",
            "VM_KERN_MEMORY_KALLOC_TYPE": "typed kernel allocations (kalloc_type)",
            "VM_KERN_MEMORY_COMPRESSOR": "compressor bookkeeping",
            "VM_KERN_MEMORY_COMPRESSED_DATA": "compressed data in flight",
            "VM_KERN_MEMORY_PHANTOM_CACHE": "phantom cache (recently evicted file pages)",
            "VM_KERN_MEMORY_WAITQ": "wait queues",
            "VM_KERN_MEMORY_DIAG": "diagnostics",
            "VM_KERN_MEMORY_LOG": "kernel logging",
            "VM_KERN_MEMORY_FILE": "file systems",
            "VM_KERN_MEMORY_MBUF": "network buffers (mbufs)",
            "VM_KERN_MEMORY_UBC": "unified buffer cache control",
            "VM_KERN_MEMORY_SECURITY": "security (sandbox, AMFI)",
            "VM_KERN_MEMORY_MLOCK": "memory locked by processes (mlock)",
            "VM_KERN_MEMORY_REASON": "exit reasons",
            "VM_KERN_MEMORY_SKYWALK": "networking (Skywalk)",
            "VM_KERN_MEMORY_LTABLE": "lock tables",
            "VM_KERN_MEMORY_HV": "virtual machines (Hypervisor framework)",
            "VM_KERN_MEMORY_RETIRED": "retired pages",
            "VM_KERN_MEMORY_TRIAGE": "triage",
            "VM_KERN_MEMORY_RECOUNT": "CPU accounting",
            "VM_KERN_MEMORY_EXCLAVES": "exclaves",
            "VM_KERN_MEMORY_EXCLAVES_SHARED": "exclaves (shared)",
        ]
        if let meaning = tags[name] { return "\(meaning) (\(name))" }
        let gpu = ["IOGPUFamily", "AGX", "AMDRadeon", "IntelAccelerator", "GeForce", "IOAccelerator", "AMDSupport"]
        if gpu.contains(where: { name.contains($0) }) { return "GPU driver (\(name))" }
        if name.hasPrefix("com.vmware.") || name.hasPrefix("com.parallels.") {
            return "virtual machine driver (\(name))"
        }
        return name
    }

    static func processDetail(_ process: DarwinProcess) -> String {
        var parts = ["phys_footprint (\(process.source))"]
        if let compressed = process.compressed, compressed > 0 {
            parts.append("compressed \(ByteCount(bytes: compressed))")
        }
        if let wired = process.wired, wired > 0 { parts.append("wired \(ByteCount(bytes: wired))") }
        if let threads = process.threads { parts.append("\(threads) threads") }
        if let categories = process.categories {
            let gpu = Checked.saturatingSum(
                categories.filter { $0.name.hasPrefix("IOAccelerator") || $0.name == "IOSurface" }.map(\.dirty)
            )
            if gpu > 0 { parts.append("GPU (IOAccelerator, IOSurface) \(ByteCount(bytes: gpu))") }
        }
        return parts.joined(separator: ", ")
    }
}
