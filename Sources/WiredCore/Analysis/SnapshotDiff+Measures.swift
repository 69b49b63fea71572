extension SnapshotComparison {
    /// Where a measure comes from; a source missing from one snapshot is not compared.
    enum Source: String, CaseIterable {
        case ledger = "The ledger's buckets"
        case slab = "Slab caches"
        case services = "Services (memory cgroups)"
        case mounts = "tmpfs and hugetlbfs mounts"
        case sysv = "SysV segments"
        case memfds = "memfds and deleted shared files"
        case vmalloc = "vmalloc callers"
        case gpus = "GPUs"
        case devices = "Hugepage pools and zram devices"
        case processes = "Processes"
        case wiredSites = "Wired memory by site (zprint)"
        case zones = "Zones (zprint)"
        case kexts = "Kext images (kextstat)"
    }

    /// The sources a snapshot holds.
    ///
    /// Hugepage pools and zram devices are read with the ledger (absent means none), so they are always
    /// compared; the others need permission or were not captured.
    static func sources(_ snapshot: Snapshot) -> Set<Source> {
        var sources: Set<Source> = [.devices]
        if (try? Ledger.of(snapshot)) != nil { sources.insert(.ledger) }
        if snapshot.owners?.slabCaches != nil { sources.insert(.slab) }
        if snapshot.owners?.cgroups != nil { sources.insert(.services) }
        if snapshot.owners?.mounts != nil { sources.insert(.mounts) }
        if snapshot.owners?.sysvSegments != nil { sources.insert(.sysv) }
        if snapshot.owners?.sharedFiles != nil { sources.insert(.memfds) }
        if snapshot.owners?.vmallocCallers != nil { sources.insert(.vmalloc) }
        if snapshot.owners != nil { sources.insert(.gpus) }
        // A tree captured without process directories reads as zero processes: nothing to compare.
        if snapshot.processes?.processes.isEmpty == false { sources.insert(.processes) }
        if let darwin = snapshot.darwin {
            if darwin.processes?.isEmpty == false { sources.insert(.processes) }
            if darwin.zprint?.sites.isEmpty == false { sources.insert(.wiredSites) }
            if darwin.zprint?.zones.isEmpty == false { sources.insert(.zones) }
            if darwin.kexts != nil { sources.insert(.kexts) }
        }
        return sources
    }

    /// One measured thing of a snapshot.
    struct Measure {
        var name: String
        var section: Change.Section
        var kind: DiffKind
        var source: Source
        /// The size shown.
        var bytes: ByteCount
        /// The size its own growth is computed from, when not ``bytes`` (a service without its shared and kernel
        /// memory; a process without its shared memory).
        var base: ByteCount? = nil
        var wired: Bool
        var memoryClass: MemoryClass? = nil
        /// Processes: PSS (and PSS without shared memory) when readable, the wired memory they cause, how many.
        var pss: ByteCount? = nil
        var pssBase: ByteCount? = nil
        var wiredCost: ByteCount? = nil
        var count: Int = 1
        /// How it was measured, when not PSS or RSS ("footprint").
        var label: String? = nil
        var detail: String? = nil
        /// Keys of the lines whose growth is inside this one's (child services, member processes, zones).
        var contains: [String] = []
        /// Processes: the memory cgroup they are charged to, and their name without pid or count.
        var cgroup: String? = nil
        var plainName: String? = nil
    }

    /// Which kinds of memory other lines of the comparison name, so processes and services leave them out.
    ///
    /// Shared memory is named by memfds, SysV segments and tmpfs mounts, kernel memory by slab caches and vmalloc
    /// callers. Unless all of those sources are compared, it stays in the processes' and services' own growth.
    struct Named {
        var sharedMemory: Bool
        var kernelMemory: Bool

        init(_ compared: Set<Source>) {
            sharedMemory = compared.isSuperset(of: [.memfds, .sysv, .mounts])
            kernelMemory = compared.isSuperset(of: [.slab, .vmalloc])
        }
    }

    /// Pids and start times ("812@4410") of the user processes in both snapshots: the same processes.
    static func matchedProcesses(_ a: Snapshot, _ b: Snapshot) -> Set<String> {
        func ids(_ snapshot: Snapshot) -> Set<String> {
            Set((snapshot.processes?.processes ?? []).filter { $0.kind == .user }.map { "\($0.pid)@\($0.startTime)" })
        }
        return ids(a).intersection(ids(b))
    }

    /// Everything comparable in a snapshot, by stable key.
    ///
    /// `matched` names the processes found on both sides (`nil`: every process, each by itself). Without
    /// `processes`, the processes are left out (and so are the services' links to them): ``HistoryFigures``
    /// works out their own bytes itself.
    static func measures(
        _ snapshot: Snapshot,
        matched: Set<String>?,
        named: Named,
        processes: Bool = true
    ) -> [String: Measure] {
        var out: [String: Measure] = [:]
        if let ledger = try? Ledger.of(snapshot) { ledgerMeasures(ledger, into: &out) }
        deviceMeasures(snapshot, into: &out)
        if let owners = snapshot.owners {
            ownerMeasures(owners, processes: snapshot.processes, named: named, into: &out)
        }
        if processes, let scan = snapshot.processes {
            processMeasures(scan, costs: ProcessCosts(snapshot), matched: matched, named: named, into: &out)
        }
        linkServices(&out)
        if let darwin = snapshot.darwin { darwinMeasures(darwin, into: &out) }
        return out
    }

    /// The buckets, and the totals: each class (Σ of its buckets), used, available, MemTotal, installed RAM.
    static func ledgerMeasures(_ ledger: Ledger, into out: inout [String: Measure]) {
        func total(_ key: String, _ name: String, _ bytes: ByteCount, _ memoryClass: MemoryClass? = nil) {
            out["total/\(key)"] = Measure(
                name: name,
                section: .totals,
                kind: .total,
                source: .ledger,
                bytes: bytes,
                wired: memoryClass == .wired,
                memoryClass: memoryClass
            )
        }
        let all = ledger.buckets + ledger.reserved
        for memoryClass in MemoryClass.allCases {
            let members = all.filter { $0.memoryClass == memoryClass }
            guard !members.isEmpty else { continue }
            total(
                memoryClass.rawValue,
                "\(memoryClass.rawValue) (Σ of its buckets)",
                members.map(\.bytes).sum(),
                memoryClass
            )
        }
        total("used", "Used (\(ledger.translation.usedFormula))", ledger.translation.usedAsFree)
        total("available", "Available", ledger.translation.available)
        total("memtotal", ledger.memTotalName, ledger.memTotal)
        if let installed = ledger.installed { total("installed", "Installed RAM", installed.bytes) }
        for (prefix, buckets) in [("ledger", ledger.buckets), ("reserved", ledger.reserved)] {
            for bucket in buckets {
                out["\(prefix)/\(bucket.id)"] = Measure(
                    name: bucket.name,
                    section: .ledger,
                    kind: .bucket,
                    source: .ledger,
                    bytes: bucket.bytes,
                    wired: bucket.memoryClass == .wired,
                    memoryClass: bucket.memoryClass
                )
            }
        }
    }

    /// Hugepage pools and zram devices, which the ledger's reading holds.
    static func deviceMeasures(_ snapshot: Snapshot, into out: inout [String: Measure]) {
        for pool in snapshot.linux?.hugepagePools ?? [] where pool.total > 0 {
            let size = ByteCount(bytes: pool.pageBytes)
            for (part, bytes) in [("used", size * pool.total - size * pool.free), ("free", size * pool.free)] {
                out["hugepages/\(pool.pageBytes)/\(part)"] = Measure(
                    name: "\(size) hugepages \(part == "used" ? "in use" : "free")",
                    section: .owners,
                    kind: .hugepages,
                    source: .devices,
                    bytes: bytes,
                    wired: true
                )
            }
        }
        for device in snapshot.linux?.zram ?? [] {
            out["zram/\(device.name)"] = Measure(
                name: device.name,
                section: .owners,
                kind: .zram,
                source: .devices,
                bytes: ByteCount(bytes: device.memUsedBytes),
                wired: false
            )
        }
    }

    /// A child service's and member process's growth is inside their service's: each service contains them.
    static func linkServices(_ out: inout [String: Measure]) {
        let services = out.keys.filter { $0.hasPrefix("service/") }
        for key in services {
            let path = String(key.dropFirst("service/".count))
            guard let slash = path.lastIndex(of: "/"), slash != path.startIndex else { continue }
            let parent = "service/" + path[..<slash]
            if out[parent] != nil { out[parent]?.contains.append(key) }
        }
        // Read in place (a loop over the pairs copies every measure), then linked.
        var members: [(service: String, process: String)] = []
        for index in out.indices where out.values[index].kind == .process {
            guard let cgroup = out.values[index].cgroup else { continue }
            let service = "service/" + cgroup
            if out.index(forKey: service) != nil { members.append((service, out.keys[index])) }
        }
        for (service, process) in members { out[service]?.contains.append(process) }
    }

    /// A process's name and arguments with what changes between runs normalised: numbers become `#`, long
    /// hexadecimal ids `#`, so the same program matches across reboots (where pids, ports of ephemeral
    /// workers and temporary names differ).
    public static func commandKey(_ process: ProcessFacts) -> String {
        let words = process.command.split(separator: " ").prefix(24).map { word -> String in
            var out = ""
            var lastWasDigit = false
            let isHexID = word.count >= 8 && word.allSatisfy(\.isHexDigit) && word.contains { $0.isNumber }
            if isHexID { return "#" }
            for character in word {
                if character.isNumber {
                    if !lastWasDigit { out.append("#") }
                    lastWasDigit = true
                } else {
                    out.append(character)
                    lastWasDigit = false
                }
            }
            return out
        }
        return process.name + " " + (words.isEmpty ? "[\(process.name)]" : words.joined(separator: " "))
    }
}
