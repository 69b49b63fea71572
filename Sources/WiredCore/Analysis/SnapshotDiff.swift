/// One thing that changed between two snapshots.
public struct Change: Sendable, Codable, Equatable {
    /// Which part of the report it belongs to.
    public enum Section: String, Sendable, Codable, CaseIterable {
        case totals, ledger, owners, processes
    }

    /// Whether it was in both snapshots.
    public enum Status: String, Sendable, Codable {
        case changed, appeared, disappeared
    }

    /// Stable key that matched the two sides ("ledger/app", "slab/dentry", "process/nginx -g daemon off;").
    public var key: String
    /// Plain name.
    public var name: String
    /// Part of the report.
    public var section: Section
    /// Size in the first snapshot; `nil` when it appeared.
    public var before: ByteCount?
    /// Size in the second snapshot; `nil` when it disappeared.
    public var after: ByteCount?
    /// True for wired memory.
    public var wired: Bool
    /// Processes on each side, for process groups.
    public var countBefore: Int?
    public var countAfter: Int?
    /// How a process group was measured: "PSS", or "RSS" when PSS was not readable on one side.
    public var measure: String?

    /// After − before (a vanished thing counts as 0).
    public var delta: ByteCount { (after ?? .zero) - (before ?? .zero) }

    /// Appeared, disappeared or changed.
    public var status: Status { before == nil ? .appeared : after == nil ? .disappeared : .changed }

    /// The same change seen from the other side.
    public var reversed: Change {
        var change = self
        change.before = after
        change.after = before
        change.countBefore = countAfter
        change.countAfter = countBefore
        return change
    }
}

/// What changed between two snapshots, biggest first.
public struct SnapshotDiff: Sendable, Codable, Equatable {
    /// The first snapshot.
    public var before: SnapshotMeta
    /// The second snapshot.
    public var after: SnapshotMeta
    /// True when both were taken in the same boot (same `boot_id`); `nil` when one lacks it.
    public var sameBoot: Bool?
    /// True when both come from the same host name.
    public var sameHost: Bool
    /// Every change with a non-zero difference, biggest first.
    public var changes: [Change]
    /// Caveats that apply to the comparison.
    public var notes: [String]

    /// The changes of at least `minimum` in either direction.
    public func significant(minimum: ByteCount) -> [Change] {
        changes.filter { $0.delta.bytes.magnitude >= minimum.bytes.magnitude }
    }
}

/// Compares two snapshots.
///
/// No I/O: the snapshots are read by the caller.
public enum SnapshotComparison {
    /// What changed from `a` to `b`.
    ///
    /// Symmetric: `diff(b, a)` holds each change of `diff(a, b)` reversed.
    /// Owners that could not be read in one snapshot (slab caches without root, an old capture without
    /// owners) are left out of the comparison and named in a note, never reported as appeared.
    public static func diff(_ a: Snapshot, _ b: Snapshot) -> SnapshotDiff {
        let (inA, inB) = (sources(a), sources(b))
        let compared = inA.intersection(inB)
        let left = measures(a).filter { compared.contains($0.value.source) }
        let right = measures(b).filter { compared.contains($0.value.source) }
        var changes: [Change] = []
        for key in Set(left.keys).union(right.keys) {
            let l = left[key]
            let r = right[key]
            guard let any = r ?? l else { continue }
            var before = l?.bytes
            var after = r?.bytes
            var measure: String?
            // Processes: compare PSS only when both sides could read it, else RSS on both sides.
            if let label = any.label {
                measure = label
            } else if any.section == .processes {
                let bothPSS = (l == nil || l?.pss != nil) && (r == nil || r?.pss != nil)
                measure = bothPSS ? "PSS" : "RSS"
                before = l.map { bothPSS ? $0.pss ?? $0.bytes : $0.bytes }
                after = r.map { bothPSS ? $0.pss ?? $0.bytes : $0.bytes }
            }
            let change = Change(
                key: key,
                name: any.name,
                section: any.section,
                before: before,
                after: after,
                wired: any.wired,
                countBefore: any.section == .processes ? l?.count : nil,
                countAfter: any.section == .processes ? r?.count : nil,
                measure: key.hasPrefix("process-wired/") ? nil : measure
            )
            if change.delta.bytes != 0 || change.status != .changed { changes.append(change) }
        }
        changes.sort { x, y in
            let (dx, dy) = (x.delta.bytes.magnitude, y.delta.bytes.magnitude)
            return dx != dy ? dx > dy : x.key < y.key
        }
        var notes: [String] = []
        let sameBoot = a.meta.bootID.flatMap { id in b.meta.bootID.map { $0 == id } }
        if sameBoot == false {
            notes.append(
                "The machine rebooted between the two snapshots: processes are matched by command, not by pid."
            )
        }
        if a.meta.os != b.meta.os {
            notes.append("The snapshots come from different operating systems: only what both report is compared.")
        }
        if a.meta.hostname != b.meta.hostname {
            notes.append("The snapshots come from different machines (\(a.meta.hostname), \(b.meta.hostname)).")
        }
        if (a.processes?.asRoot ?? true) != (b.processes?.asRoot ?? true) {
            notes.append(
                "One snapshot was taken without root: processes PSS could not be compared everywhere (RSS is used there)."
            )
        }
        for source in Source.allCases where inA.contains(source) != inB.contains(source) {
            let side = inA.contains(source) ? "first" : "second"
            notes.append(
                "\(source.rawValue) are only in the \(side) snapshot (not readable or not captured in the other): not compared."
            )
        }
        return SnapshotDiff(
            before: a.meta,
            after: b.meta,
            sameBoot: sameBoot,
            sameHost: a.meta.hostname == b.meta.hostname,
            changes: changes,
            notes: notes
        )
    }

    /// Where a measure comes from; a source missing from one snapshot is not compared.
    enum Source: String, CaseIterable {
        case ledger = "The ledger's buckets"
        case slab = "Slab caches"
        case services = "Services (memory cgroups)"
        case mounts = "tmpfs and hugetlbfs mounts"
        case sysv = "SysV segments"
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
        var source: Source
        var bytes: ByteCount
        var wired: Bool
        var pss: ByteCount? = nil
        var count: Int = 1
        /// How it was measured, when not PSS or RSS ("footprint").
        var label: String? = nil
    }

    /// Everything comparable in a snapshot, by stable key.
    static func measures(_ snapshot: Snapshot) -> [String: Measure] {
        var out: [String: Measure] = [:]
        if let ledger = try? Ledger.of(snapshot) {
            out["total/wired"] = Measure(
                name: "Wired (total)",
                section: .totals,
                source: .ledger,
                bytes: ledger.wired.total,
                wired: true
            )
            out["total/used"] = Measure(
                name: "Used (\(ledger.translation.usedFormula))",
                section: .totals,
                source: .ledger,
                bytes: ledger.translation.usedAsFree,
                wired: false
            )
            out["total/available"] = Measure(
                name: "Available",
                section: .totals,
                source: .ledger,
                bytes: ledger.translation.available,
                wired: false
            )
            out["total/memtotal"] = Measure(
                name: "MemTotal",
                section: .totals,
                source: .ledger,
                bytes: ledger.memTotal,
                wired: false
            )
            if let installed = ledger.installed {
                out["total/installed"] = Measure(
                    name: "Installed RAM",
                    section: .totals,
                    source: .ledger,
                    bytes: installed.bytes,
                    wired: false
                )
            }
            for bucket in ledger.buckets {
                out["ledger/\(bucket.id)"] = Measure(
                    name: bucket.name,
                    section: .ledger,
                    source: .ledger,
                    bytes: bucket.bytes,
                    wired: bucket.memoryClass == .wired
                )
            }
            for bucket in ledger.reserved {
                out["reserved/\(bucket.id)"] = Measure(
                    name: bucket.name,
                    section: .ledger,
                    source: .ledger,
                    bytes: bucket.bytes,
                    wired: true
                )
            }
        }
        deviceMeasures(snapshot, into: &out)
        if let owners = snapshot.owners { ownerMeasures(owners, into: &out) }
        if let scan = snapshot.processes { processMeasures(scan, costs: ProcessCosts(snapshot), into: &out) }
        if let darwin = snapshot.darwin { darwinMeasures(darwin, into: &out) }
        return out
    }

    /// Hugepage pools and zram devices, which the ledger's reading holds.
    static func deviceMeasures(_ snapshot: Snapshot, into out: inout [String: Measure]) {
        for pool in snapshot.linux?.hugepagePools ?? [] where pool.total > 0 {
            let size = ByteCount(bytes: pool.pageBytes)
            out["hugepages/\(pool.pageBytes)/used"] = Measure(
                name: "\(size) hugepages in use",
                section: .owners,
                source: .devices,
                bytes: size * pool.total - size * pool.free,
                wired: true
            )
            out["hugepages/\(pool.pageBytes)/free"] = Measure(
                name: "\(size) hugepages free",
                section: .owners,
                source: .devices,
                bytes: size * pool.free,
                wired: true
            )
        }
        for device in snapshot.linux?.zram ?? [] {
            out["zram/\(device.name)"] = Measure(
                name: device.name,
                section: .owners,
                source: .devices,
                bytes: ByteCount(bytes: device.memUsedBytes),
                wired: false
            )
        }
    }

    static func ownerMeasures(_ owners: OwnerFacts, into out: inout [String: Measure]) {
        for cache in owners.slabCaches ?? [] where cache.bytes > 0 {
            out["slab/\(cache.name)"] = Measure(
                name: "slab cache \(cache.name)",
                section: .owners,
                source: .slab,
                bytes: ByteCount(bytes: cache.bytes),
                wired: !(cache.reclaimable ?? false)
            )
        }
        if let tree = owners.cgroups {
            for group in tree.groups where group.path != "/" {
                let charged =
                    group.current
                    ?? ((group.stat["anon"] ?? group.stat["total_rss"] ?? 0)
                        + (group.stat["file"] ?? group.stat["total_cache"] ?? 0))
                guard charged > 0 else { continue }
                out["service/\(group.path)"] = Measure(
                    name: "service \(ServiceName.from(cgroupPath: group.path))",
                    section: .owners,
                    source: .services,
                    bytes: ByteCount(bytes: charged),
                    wired: false
                )
            }
        }
        for mount in owners.mounts ?? [] {
            out["mount/\(mount.mountPoint)"] = Measure(
                name: "\(mount.type) \(mount.mountPoint)",
                section: .owners,
                source: .mounts,
                bytes: ByteCount(bytes: mount.usedBytes),
                wired: mount.type == "ramfs" || mount.type == "hugetlbfs"
            )
        }
        for segment in owners.sysvSegments ?? [] {
            let key =
                segment.key != 0
                ? "0x" + String(UInt64(bitPattern: segment.key), radix: 16) : "private id \(segment.id)"
            out["sysv/\(key)"] = Measure(
                name: "SysV segment \(key)",
                section: .owners,
                source: .sysv,
                bytes: ByteCount(bytes: segment.rss),
                wired: segment.locked
            )
        }
        for gpu in owners.gpus ?? [] {
            if let gtt = gpu.gttUsed {
                out["gpu/\(gpu.pdev)/gtt"] = Measure(
                    name: "GPU \(gpu.driver) \(gpu.pdev) system memory",
                    section: .owners,
                    source: .gpus,
                    bytes: ByteCount(bytes: gtt),
                    wired: true
                )
            }
            if let vram = gpu.vramUsed {
                out["gpu/\(gpu.pdev)/vram"] = Measure(
                    name: "GPU \(gpu.driver) \(gpu.pdev) video memory (not RAM)",
                    section: .owners,
                    source: .gpus,
                    bytes: ByteCount(bytes: vram),
                    wired: false
                )
            }
        }
        for caller in owners.vmallocCallers ?? [] where !OwnerTree.stackCallers.contains(caller.caller) {
            out["vmalloc/\(caller.caller)"] = Measure(
                name: "vmalloc \(caller.caller)",
                section: .owners,
                source: .vmalloc,
                bytes: ByteCount(bytes: caller.bytes),
                wired: true
            )
        }
    }

    /// zprint's wired sites and zones, kext images, and processes by footprint (matched by the first 16
    /// characters of the name, all top prints).
    static func darwinMeasures(_ facts: DarwinFacts, into out: inout [String: Measure]) {
        if let zprint = facts.zprint {
            for site in zprint.sites where site.current > 0 {
                out["site/\(site.name)"] = Measure(
                    name: "wired: \(DarwinOwners.meaning(ofSite: site.name))",
                    section: .owners,
                    source: .wiredSites,
                    bytes: ByteCount(bytes: site.current),
                    wired: true
                )
            }
            if let zones = zprint.zonesWired {
                out["site/zones"] = Measure(
                    name: "wired: zones",
                    section: .owners,
                    source: .wiredSites,
                    bytes: ByteCount(bytes: zones),
                    wired: true
                )
            }
            if let all = zprint.totalWired, let attributed = zprint.attributed {
                out["site/(unattributed)"] = Measure(
                    name: "wired: not attributed to a site (zprint total − sites − zones)",
                    section: .owners,
                    source: .wiredSites,
                    bytes: ByteCount(bytes: all) - ByteCount(bytes: attributed)
                        - ByteCount(bytes: zprint.zonesWired ?? 0),
                    wired: true
                )
            }
            for zone in zprint.zones where zone.bytes > 0 {
                out["zone/\(zone.name)"] = Measure(
                    name: "zone \(zone.name)",
                    section: .owners,
                    source: .zones,
                    bytes: ByteCount(bytes: zone.bytes),
                    wired: true
                )
            }
        }
        for kext in facts.kexts ?? [] where kext.wired > 0 {
            out["kext/\(kext.name)"] = Measure(
                name: "kext \(kext.name)",
                section: .owners,
                source: .kexts,
                bytes: ByteCount(bytes: kext.wired),
                wired: true
            )
        }
        var groups: [String: (name: String, bytes: ByteCount, count: Int)] = [:]
        for process in facts.processes ?? [] {
            guard let footprint = process.footprint else { continue }
            let key = String(process.name.prefix(16))
            var group = groups[key] ?? (name: process.name, bytes: .zero, count: 0)
            group.bytes += ByteCount(bytes: footprint)
            group.count += 1
            groups[key] = group
        }
        for (key, group) in groups {
            out["process/\(key)"] = Measure(
                name: group.count > 1 ? "\(group.name) (×\(group.count))" : group.name,
                section: .processes,
                source: .processes,
                bytes: group.bytes,
                wired: false,
                count: group.count,
                label: "footprint"
            )
        }
    }

    static func processMeasures(_ scan: ProcessScan, costs: ProcessCosts, into out: inout [String: Measure]) {
        var groups: [String: (name: String, rss: ByteCount, pss: ByteCount?, wired: ByteCount, count: Int)] = [:]
        for process in scan.processes where process.kind == .user {
            let key = commandKey(process)
            let row = ProcessTable.row(process, scan: scan, costs: costs)
            var group = groups[key] ?? (name: row.command, rss: .zero, pss: .zero, wired: .zero, count: 0)
            group.rss += row.rss
            group.pss = group.pss.flatMap { total in row.pss.map { total + $0 } }
            group.wired += row.wired
            group.count += 1
            groups[key] = group
        }
        for (key, group) in groups {
            let label = group.count > 1 ? "\(group.name) (×\(group.count))" : group.name
            out["process/\(key)"] = Measure(
                name: label,
                section: .processes,
                source: .processes,
                bytes: group.rss,
                wired: false,
                pss: group.pss,
                count: group.count
            )
            if group.wired.bytes > 0 {
                out["process-wired/\(key)"] = Measure(
                    name: "wired memory caused by \(label)",
                    section: .processes,
                    source: .processes,
                    bytes: group.wired,
                    wired: true,
                    pss: group.wired,
                    count: group.count
                )
            }
        }
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
