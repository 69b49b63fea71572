extension SnapshotComparison {
    static func ownerMeasures(
        _ owners: OwnerFacts,
        processes: ProcessScan?,
        named: Named,
        into out: inout [String: Measure]
    ) {
        let names = holderNames(owners, processes)
        for cache in owners.slabCaches ?? [] where cache.bytes > 0 {
            out["slab/\(cache.name)"] = Measure(
                name: "slab cache \(cache.name)",
                section: .owners,
                kind: .slab,
                source: .slab,
                bytes: ByteCount(bytes: cache.bytes),
                wired: !(cache.reclaimable ?? false)
            )
        }
        if let tree = owners.cgroups { serviceMeasures(tree, named: named, into: &out) }
        for mount in owners.mounts ?? [] {
            out["mount/\(mount.mountPoint)"] = Measure(
                name: "\(mount.type) \(mount.mountPoint)",
                section: .owners,
                kind: .mount,
                source: .mounts,
                bytes: ByteCount(bytes: mount.usedBytes),
                wired: mount.type == "ramfs" || mount.type == "hugetlbfs"
            )
        }
        for segment in owners.sysvSegments ?? [] {
            let key =
                segment.key != 0
                ? "0x" + String(UInt64(bitPattern: segment.key), radix: 16) : "private id \(segment.id)"
            var measure = Measure(
                name: "SysV segment \(key)",
                section: .owners,
                kind: .sysv,
                source: .sysv,
                bytes: ByteCount(bytes: segment.rss),
                wired: segment.locked
            )
            measure.detail = "created by " + holder(segment.creatorPID, names) + (segment.locked ? "; SHM_LOCK" : "")
            out["sysv/\(key)"] = measure
        }
        for file in owners.sharedFiles ?? [] { memfdMeasure(file, names: names, into: &out) }
        gpuMeasures(owners.gpus ?? [], into: &out)
        for caller in owners.vmallocCallers ?? [] where !OwnerTree.stackCallers.contains(caller.caller) {
            out["vmalloc/\(caller.caller)"] = Measure(
                name: "vmalloc \(caller.caller)",
                section: .owners,
                kind: .vmalloc,
                source: .vmalloc,
                bytes: ByteCount(bytes: caller.bytes),
                wired: true
            )
        }
    }

    /// The names of the processes that created a SysV segment or hold a memfd, by pid (the first of a pid).
    static func holderNames(_ owners: OwnerFacts, _ processes: ProcessScan?) -> [Int32: String] {
        let wanted = Set((owners.sysvSegments ?? []).map(\.creatorPID) + (owners.sharedFiles ?? []).map(\.pid))
        guard !wanted.isEmpty else { return [:] }
        var names: [Int32: String] = [:]
        for process in processes?.processes ?? [] where names[process.pid] == nil && wanted.contains(process.pid) {
            names[process.pid] = process.name
        }
        return names
    }

    /// "name (pid N)", or "pid N" when the process was not read.
    static func holder(_ pid: Int32, _ names: [Int32: String]) -> String {
        names[pid].map { "\($0) (pid \(pid))" } ?? "pid \(pid)"
    }

    /// A memfd or deleted shmem file, by device and inode, with the process that holds it.
    static func memfdMeasure(_ file: SharedFile, names: [Int32: String], into out: inout [String: Measure]) {
        var name = file.name
        if name.hasPrefix("/memfd:") { name = "memfd " + name.dropFirst("/memfd:".count) }
        if name.hasSuffix(" (deleted)") { name = String(name.dropLast(" (deleted)".count)) }
        var measure = Measure(
            name: name,
            section: .owners,
            kind: .memfd,
            source: .memfds,
            bytes: ByteCount(bytes: file.bytes),
            wired: false
        )
        let others = file.holders - 1
        measure.detail =
            "held by " + holder(file.pid, names)
            + (others > 0 ? " and \(others) other process\(others == 1 ? "" : "es")" : "")
        out["memfd/\(file.device):\(file.inode)"] = measure
    }

    /// Memory cgroups: the charge shown, and as own growth the charge without shared and kernel memory (named
    /// by the memfd, segment, mount, slab and vmalloc lines).
    static func serviceMeasures(_ tree: CgroupTree, named: Named, into out: inout [String: Measure]) {
        for group in tree.groups where group.path != "/" {
            let stat = group.stat
            let charged =
                group.current
                ?? Checked.saturatingAdd(
                    stat["anon"] ?? stat["total_rss"] ?? 0,
                    stat["file"] ?? stat["total_cache"] ?? 0
                )
            guard charged > 0 else { continue }
            let shmem = tree.version == 2 ? stat["shmem"] ?? 0 : stat["total_shmem"] ?? stat["shmem"] ?? 0
            let kernelParts = ["slab_reclaimable", "slab_unreclaimable", "kernel_stack", "pagetables", "percpu"]
            let kernel =
                tree.version == 2
                ? stat["kernel"] ?? Checked.saturatingSum(kernelParts.compactMap { stat[$0] }) : group.kmem ?? 0
            var measure = Measure(
                name: "service \(ServiceName.from(cgroupPath: group.path))",
                section: .owners,
                kind: .service,
                source: .services,
                bytes: ByteCount(bytes: charged),
                wired: false
            )
            measure.base =
                ByteCount(bytes: charged) - ByteCount(bytes: named.sharedMemory ? shmem : 0)
                - ByteCount(bytes: named.kernelMemory ? kernel : 0)
            measure.detail = group.path
            out["service/\(group.path)"] = measure
        }
    }

    static func gpuMeasures(_ gpus: [GPUDevice], into out: inout [String: Measure]) {
        for gpu in gpus {
            for (part, bytes, words, wired) in [
                ("gtt", gpu.gttUsed, "system memory", true), ("vram", gpu.vramUsed, "video memory (not RAM)", false),
            ] {
                guard let bytes else { continue }
                out["gpu/\(gpu.pdev)/\(part)"] = Measure(
                    name: "GPU \(gpu.driver) \(gpu.pdev) \(words)",
                    section: .owners,
                    kind: .gpu,
                    source: .gpus,
                    bytes: ByteCount(bytes: bytes),
                    wired: wired
                )
            }
        }
    }

    /// User processes: those in `matched` (the same pid and start time on both sides) one by one, the others
    /// grouped by command, so a restarted process matches its earlier run.
    ///
    /// Own growth leaves out shared memory (`Pss_Shmem`, `RssShmem`), which the memfd, segment and mount lines
    /// name; the wired memory a process causes (mlock, page tables, stacks) is a fact of its line.
    static func processMeasures(
        _ scan: ProcessScan,
        costs: ProcessCosts,
        matched: Set<String>?,
        named: Named,
        into out: inout [String: Measure]
    ) {
        var groups: [String: Measure] = [:]
        var cgroups: [String: Set<String>] = [:]
        for process in scan.processes where process.kind == .user {
            let row = ProcessTable.row(process, scan: scan, costs: costs)
            let id = "\(process.pid)@\(process.startTime)"
            let sizes = ProcessSizes(process, named: named)
            var measure = Measure(
                name: "\(process.name) (pid \(process.pid))",
                section: .owners,
                kind: .process,
                source: .processes,
                bytes: sizes.rss,
                wired: false
            )
            measure.base = sizes.base
            measure.pss = sizes.pss
            measure.pssBase = sizes.pssBase
            measure.wiredCost = row.wired
            measure.cgroup = process.cgroup
            measure.plainName = process.name
            let command = row.command == "[\(process.name)]" ? nil : row.command
            if matched?.contains(id) ?? true {
                measure.detail = command
                out["process/\(id)"] = measure
                continue
            }
            let key = "process/cmd:" + commandKey(process)
            cgroups[key, default: []].insert(process.cgroup ?? "")
            guard var group = groups[key] else {
                measure.detail = command
                groups[key] = measure
                continue
            }
            if group.count == 1 { group.name = row.command }
            group.bytes += measure.bytes
            group.base = (group.base ?? .zero) + (measure.base ?? .zero)
            group.pss = group.pss.flatMap { total in measure.pss.map { total + $0 } }
            group.pssBase = group.pssBase.flatMap { total in measure.pssBase.map { total + $0 } }
            group.wiredCost = (group.wiredCost ?? .zero) + (measure.wiredCost ?? .zero)
            group.count += 1
            groups[key] = group
        }
        for (key, var group) in groups {
            if group.count > 1 { group.name += " (×\(group.count))" }
            // A group belongs to a service only when all its members do.
            group.cgroup = cgroups[key]?.count == 1 ? cgroups[key]?.first : nil
            if group.count > 1 { group.detail = nil }
            out[key] = group
        }
    }

    /// A process's sizes as its measure holds them: RSS (``ProcessRow/rss``) and PSS from the rollup, each
    /// also without the shared memory other lines name (`RssShmem`, `Pss_Shmem`).
    struct ProcessSizes {
        var rss: ByteCount
        var base: ByteCount
        var pss: ByteCount?
        var pssBase: ByteCount?

        init(_ process: ProcessFacts, named: Named) {
            let smaps = process.smaps
            rss = ByteCount(bytes: process.rss ?? smaps?.rss ?? 0)
            base = rss - (named.sharedMemory ? ByteCount(bytes: process.rssShmem ?? 0) : .zero)
            pss = smaps.map { ByteCount(bytes: $0.pss) }
            pssBase = pss.map { $0 - ByteCount(bytes: named.sharedMemory ? smaps?.pssShmem ?? 0 : 0) }
        }

        /// What its own growth is computed from (``HistoryFigures/own(_:)``): PSS without shared memory where
        /// the rollup was read, else RSS without it.
        var own: ByteCount { pssBase ?? base }
    }

    /// zprint's wired sites and zones, kext images, and processes by footprint.
    ///
    /// Processes are matched by the first 16 characters of the name, all top prints. The zones' growth is inside
    /// the "zones" site.
    static func darwinMeasures(_ facts: DarwinFacts, into out: inout [String: Measure]) {
        if let zprint = facts.zprint { zprintMeasures(zprint, into: &out) }
        for kext in facts.kexts ?? [] where kext.wired > 0 {
            out["kext/\(kext.name)"] = Measure(
                name: "kext \(kext.name)",
                section: .owners,
                kind: .kext,
                source: .kexts,
                bytes: ByteCount(bytes: kext.wired),
                wired: true
            )
        }
        var groups: [String: Measure] = [:]
        for process in facts.processes ?? [] {
            guard let footprint = process.footprint else { continue }
            let key = "process/" + String(process.name.prefix(16))
            var group =
                groups[key]
                ?? Measure(
                    name: process.name,
                    section: .owners,
                    kind: .process,
                    source: .processes,
                    bytes: .zero,
                    wired: false,
                    count: 0,
                    label: "footprint"
                )
            group.bytes += ByteCount(bytes: footprint)
            group.count += 1
            groups[key] = group
        }
        for (key, var group) in groups {
            if group.count > 1 { group.name += " (×\(group.count))" }
            out[key] = group
        }
    }

    static func zprintMeasures(_ zprint: ZoneReport, into out: inout [String: Measure]) {
        func site(_ key: String, _ name: String, _ bytes: ByteCount) {
            out["site/\(key)"] = Measure(
                name: "wired: \(name)",
                section: .owners,
                kind: .site,
                source: .wiredSites,
                bytes: bytes,
                wired: true
            )
        }
        for entry in zprint.sites where entry.current > 0 {
            site(entry.name, DarwinOwners.meaning(ofSite: entry.name), ByteCount(bytes: entry.current))
        }
        if let zones = zprint.zonesWired { site("zones", "zones", ByteCount(bytes: zones)) }
        if let all = zprint.totalWired, let attributed = zprint.attributed {
            site(
                "(unattributed)",
                "not attributed to a site (zprint total − sites − zones)",
                ByteCount(bytes: all) - ByteCount(bytes: attributed) - ByteCount(bytes: zprint.zonesWired ?? 0)
            )
        }
        for zone in zprint.zones where zone.bytes > 0 {
            out["zone/\(zone.name)"] = Measure(
                name: "zone \(zone.name)",
                section: .owners,
                kind: .zone,
                source: .zones,
                bytes: ByteCount(bytes: zone.bytes),
                wired: true
            )
            out["site/zones"]?.contains.append("zone/\(zone.name)")
        }
    }

    /// Counters since boot on both sides of a comparison within one boot: swapping, paging, refaults, OOM kills
    /// (Linux `/proc/vmstat`), pageins, pageouts, swap-ins and swap-outs (macOS `vm_stat`).
    static func counterChanges(_ a: Snapshot, _ b: Snapshot) -> [CounterChange] {
        let seconds = b.meta.takenAt.seconds(since: a.meta.takenAt)
        var out: [CounterChange] = []
        func add(_ name: String, _ meaning: String, _ before: Int64?, _ after: Int64?, unit: String, scale: Int64?) {
            guard let before, let after, before >= 0, after >= before else { return }
            let bytes = scale.flatMap { Checked.multiply(after - before, $0) }
            out.append(
                CounterChange(
                    name: name,
                    meaning: meaning,
                    before: before,
                    after: after,
                    unit: unit,
                    deltaBytes: bytes,
                    seconds: seconds
                )
            )
        }
        if let x = a.linux?.vmstat, let y = b.linux?.vmstat {
            let page = a.meta.pageSize
            for (name, meaning, unit) in linuxCounters {
                add(
                    name,
                    meaning,
                    x[name],
                    y[name],
                    unit: unit,
                    scale: unit == "pages" ? page : unit == "KiB" ? 1024 : nil
                )
            }
            func stalls(_ vmstat: [String: Int64]) -> Int64? {
                let values = vmstat.filter { $0.key.hasPrefix("allocstall") }.map(\.value)
                return values.isEmpty ? nil : Checked.saturatingSum(values)
            }
            add("allocstall", "entries into direct reclaim", stalls(x), stalls(y), unit: "events", scale: nil)
        }
        if let x = a.darwin?.vm, let y = b.darwin?.vm, x.pageSize == y.pageSize {
            let counters: [(String, String, KeyPath<VMStatistics, Int64?>)] = [
                ("Pageins", "pages read from files and swap", \.pageins),
                ("Pageouts", "pages written out", \.pageouts),
                ("Swapins", "pages brought back from swap", \.swapins),
                ("Swapouts", "compressed pages written to swap", \.swapouts),
                ("Compressions", "pages compressed", \.compressions),
                ("Decompressions", "pages decompressed", \.decompressions),
            ]
            for (name, meaning, path) in counters {
                add(name, meaning, x[keyPath: path], y[keyPath: path], unit: "pages", scale: x.pageSize)
            }
        }
        return out
    }

    /// The `/proc/vmstat` counters a comparison shows, what they count, and their unit.
    static let linuxCounters: [(String, String, String)] = [
        ("pswpin", "pages read back from swap", "pages"),
        ("pswpout", "pages written to swap", "pages"),
        ("workingset_refault_anon", "evicted anonymous pages needed again", "pages"),
        ("workingset_refault_file", "evicted file pages needed again", "pages"),
        ("pgmajfault", "faults that had to read from disk", "events"),
        ("pgpgin", "read from block devices", "KiB"),
        ("pgpgout", "written to block devices", "KiB"),
        ("oom_kill", "processes killed for lack of memory", "events"),
    ]
}
