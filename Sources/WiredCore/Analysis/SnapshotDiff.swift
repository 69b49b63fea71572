/// One thing that changed between two snapshots.
public struct Change: Sendable, Codable, Equatable {
    /// Which part of the report it belongs to, in the order the report shows them.
    public enum Section: String, Sendable, Codable, CaseIterable {
        /// Who holds the memory: processes, services, mounts, segments, memfds, slab caches, vmalloc callers,
        /// pools (macOS: wired sites, zones, kexts, processes).
        case owners
        /// The ledger's buckets.
        case ledger
        /// Totals: each memory class, used, available, MemTotal, installed RAM.
        case totals
    }

    /// Whether it was in both snapshots.
    public enum Status: String, Sendable, Codable {
        case changed, appeared, disappeared
    }

    /// Stable key that matched the two sides ("ledger/app", "slab/dentry", "process/812@4410", "memfd/0:1234").
    public var key: String
    /// Plain name.
    public var name: String
    /// Part of the report.
    public var section: Section
    /// What it is: "process", "service", "mount", "sysv", "memfd", "slab", "vmalloc", "hugepages", "zram",
    /// "gpu", "site", "zone", "kext"; "bucket" and "total" in the ledger and totals.
    public var kind: DiffKind
    /// The class of a ledger bucket or total.
    public var memoryClass: MemoryClass?
    /// Size in the first snapshot; `nil` when it appeared.
    public var before: ByteCount?
    /// Size in the second snapshot; `nil` when it disappeared.
    public var after: ByteCount?
    /// The growth that is this owner's own, or `nil` when it is the whole delta.
    ///
    /// It is the delta less what other lines of the report already name: a service's child services and
    /// processes; a process's shared memory, named by its memfds, segments and mounts.
    public var own: ByteCount?
    /// True for wired memory.
    public var wired: Bool
    /// For processes: the wired memory they cause on each side.
    ///
    /// Locked and pinned pages, page tables, kernel stacks, hugetlb: an mlock culprit is one line with both facts.
    public var wiredBefore: ByteCount?
    public var wiredAfter: ByteCount?
    /// Processes on each side, for process groups.
    public var countBefore: Int?
    public var countAfter: Int?
    /// How a process was measured: "PSS", "RSS" when PSS was not readable on one side, "footprint" (macOS).
    public var measure: String?
    /// A fact that places it: a process's command, a memfd's holder, "restarted".
    public var detail: String?

    /// Creates a change.
    public init(
        key: String,
        name: String,
        section: Section,
        kind: DiffKind,
        before: ByteCount?,
        after: ByteCount?,
        wired: Bool
    ) {
        self.key = key
        self.name = name
        self.section = section
        self.kind = kind
        self.before = before
        self.after = after
        self.wired = wired
    }

    /// After − before (a vanished thing counts as 0).
    public var delta: ByteCount { (after ?? .zero) - (before ?? .zero) }

    /// The growth ranked and shown: ``own`` when set, else ``delta``.
    public var ownDelta: ByteCount { own ?? delta }

    /// Change of the wired memory a process causes.
    public var wiredDelta: ByteCount? {
        wiredBefore == nil && wiredAfter == nil ? nil : (wiredAfter ?? .zero) - (wiredBefore ?? .zero)
    }

    /// Appeared, disappeared or changed.
    public var status: Status { before == nil ? .appeared : after == nil ? .disappeared : .changed }

    /// The same change seen from the other side.
    public var reversed: Change {
        var change = self
        change.before = after
        change.after = before
        change.own = own.map { .zero - $0 }
        change.wiredBefore = wiredAfter
        change.wiredAfter = wiredBefore
        change.countBefore = countAfter
        change.countAfter = countBefore
        return change
    }
}

/// A counter since boot (paging, swapping, OOM kills) on both sides, and its rate over the time between them.
public struct CounterChange: Sendable, Codable, Equatable {
    /// The counter's name as the kernel or the tool prints it ("pswpout", "Swapouts").
    public var name: String
    /// What it counts.
    public var meaning: String
    /// Its value in each snapshot.
    public var before: Int64
    public var after: Int64
    /// The unit: "pages", "KiB" or "events".
    public var unit: String
    /// Bytes the difference stands for (pages × page size, KiB × 1024); `nil` for events.
    public var deltaBytes: Int64?
    /// Seconds between the two snapshots.
    public var seconds: Double

    /// After − before.
    public var delta: Int64 { after &- before }
    /// The difference per second.
    public var perSecond: Double { seconds > 0 ? Double(delta) / seconds : 0 }
    /// Bytes per second, for counters of pages or KiB.
    public var bytesPerSecond: Double? { deltaBytes.map { seconds > 0 ? Double($0) / seconds : 0 } }
}

/// What changed between two snapshots: owners first, ranked by their own growth, then the ledger's buckets
/// by class, then the totals.
public struct SnapshotDiff: Sendable, Codable, Equatable {
    /// How the two readings relate.
    public enum Relation: String, Sendable, Codable {
        /// The same machine, the same boot (`boot_id`, or macOS's `kern.boottime`).
        case sameBoot = "same-boot"
        /// The same machine, rebooted in between.
        case rebooted
        /// The same host name, but one reading says nothing of its boot.
        case bootUnknown = "boot-unknown"
        /// Two host names: two machines (or a renamed one).
        case differentMachines = "different-machines"
        /// Linux on one side and macOS on the other.
        case differentSystems = "different-systems"
    }

    /// The first snapshot.
    public var before: SnapshotMeta
    /// The second snapshot.
    public var after: SnapshotMeta
    /// How the two readings relate.
    public var relation: Relation
    /// True when both were taken in the same boot; `nil` when that cannot be told or means nothing (one lacks a
    /// boot id; different machines or systems).
    public var sameBoot: Bool?
    /// True when both come from the same host name.
    public var sameHost: Bool
    /// Every change with a non-zero difference: owners by own growth (largest first), then the ledger by class,
    /// then the totals.
    public var changes: [Change]
    /// Counters since boot and their rates, when both readings are of the same boot.
    public var counters: [CounterChange]
    /// Caveats that apply to the comparison.
    public var notes: [String]

    /// The changes of at least `minimum` in either direction (owners by their own growth).
    public func significant(minimum: ByteCount) -> [Change] {
        changes.filter {
            ($0.section == .owners ? $0.ownDelta : $0.delta).bytes.magnitude >= minimum.bytes.magnitude
        }
    }
}

/// Compares two snapshots.
///
/// No I/O: the snapshots are read by the caller.
public enum SnapshotComparison {
    /// What changed from `a` to `b`.
    ///
    /// Symmetric: `diff(b, a)` holds each change of `diff(a, b)` reversed. Owners that could not be read in one
    /// snapshot (slab caches without root, an old capture without owners) are left out of the comparison and
    /// named in a note, never reported as appeared. Each byte of owner growth is named once: a service's line
    /// counts only what its child services and processes do not; processes and services leave shared memory
    /// to the memfds, segments and mounts that hold it, and kernel memory to the slab caches and vmalloc
    /// callers; a process's wired cost (mlock) is a fact of its line, not a line of its own.
    public static func diff(_ a: Snapshot, _ b: Snapshot) -> SnapshotDiff {
        let relation = relation(a.meta, b.meta)
        let (inA, inB) = (sources(a), sources(b))
        let compared = inA.intersection(inB)
        let matched = relation == .sameBoot ? matchedProcesses(a, b) : []
        let named = Named(compared)
        let left = measures(a, matched: matched, named: named).filter { compared.contains($0.value.source) }
        let right = measures(b, matched: matched, named: named).filter { compared.contains($0.value.source) }
        var changes: [Change] = []
        var baseDeltas: [String: ByteCount] = [:]
        for key in Set(left.keys).union(right.keys) {
            guard let (change, baseDelta) = pair(key, left[key], right[key]) else { continue }
            baseDeltas[key] = baseDelta
            if change.delta.bytes != 0 || change.status != .changed || baseDelta.bytes != 0 { changes.append(change) }
        }
        assignOwnGrowth(&changes, left: left, right: right, baseDeltas: baseDeltas)
        changes.removeAll { $0.delta.bytes == 0 && $0.ownDelta.bytes == 0 && $0.status == .changed }
        changes.sort(by: reportOrder)
        return SnapshotDiff(
            before: a.meta,
            after: b.meta,
            relation: relation,
            sameBoot: relation == .sameBoot ? true : relation == .rebooted ? false : nil,
            sameHost: a.meta.hostname == b.meta.hostname,
            changes: changes,
            counters: relation == .sameBoot ? counterChanges(a, b) : [],
            notes: notes(a, b, relation: relation, inA: inA, inB: inB)
        )
    }

    /// How two readings relate: different systems, different machines, then their boots.
    static func relation(_ a: SnapshotMeta, _ b: SnapshotMeta) -> SnapshotDiff.Relation {
        if a.os != b.os { return .differentSystems }
        if a.hostname != b.hostname { return .differentMachines }
        guard let first = a.bootID, let second = b.bootID else { return .bootUnknown }
        return first == second ? .sameBoot : .rebooted
    }

    /// One change from the measures of `key` on each side, and the delta of the value its own growth is
    /// computed from.
    static func pair(_ key: String, _ l: Measure?, _ r: Measure?) -> (Change, ByteCount)? {
        guard let any = r ?? l else { return nil }
        var before = l?.bytes
        var after = r?.bytes
        var baseBefore = l.map { $0.base ?? $0.bytes }
        var baseAfter = r.map { $0.base ?? $0.bytes }
        var measure = any.label
        // Processes: PSS where both sides could read it, else RSS on both.
        if any.kind == .process, any.label == nil {
            let bothPSS = (l == nil || l?.pss != nil) && (r == nil || r?.pss != nil)
            measure = bothPSS ? "PSS" : "RSS"
            if bothPSS {
                before = l?.pss
                after = r?.pss
                baseBefore = l.map { $0.pssBase ?? $0.pss ?? $0.bytes }
                baseAfter = r.map { $0.pssBase ?? $0.pss ?? $0.bytes }
            }
        }
        var change = Change(
            key: key,
            name: any.name,
            section: any.section,
            kind: any.kind,
            before: before,
            after: after,
            wired: any.wired
        )
        change.memoryClass = any.memoryClass
        change.measure = measure
        change.detail = r?.detail ?? l?.detail
        if key.hasPrefix("process/cmd:"), let l, let r {
            // Not the same processes on both sides (a restart, or a reboot in between): named by what matched
            // them, the same seen from either side.
            change.name = r.plainName ?? l.plainName ?? change.name
            change.detail = "matched by command: " + key.dropFirst("process/cmd:".count)
        }
        change.wiredBefore = l?.wiredCost
        change.wiredAfter = r?.wiredCost
        if any.kind == .process {
            change.countBefore = l?.count
            change.countAfter = r?.count
        }
        return (change, (baseAfter ?? .zero) - (baseBefore ?? .zero))
    }

    /// Sets each owner's own growth: its base delta less the base deltas of the lines it contains.
    static func assignOwnGrowth(
        _ changes: inout [Change],
        left: [String: Measure],
        right: [String: Measure],
        baseDeltas: [String: ByteCount]
    ) {
        for index in changes.indices where changes[index].section == .owners {
            let key = changes[index].key
            let contained = Set((left[key]?.contains ?? []) + (right[key]?.contains ?? []))
            let base = baseDeltas[key] ?? changes[index].delta
            let inner = contained.compactMap { baseDeltas[$0] }.sum()
            let own = base - inner
            changes[index].own = own == changes[index].delta ? nil : own
        }
    }

    /// Owners by own growth (largest first, largest fall last), then buckets by class, then totals.
    static func reportOrder(_ x: Change, _ y: Change) -> Bool {
        let sections = Change.Section.allCases
        let (sx, sy) = (sections.firstIndex(of: x.section) ?? 0, sections.firstIndex(of: y.section) ?? 0)
        if sx != sy { return sx < sy }
        if x.section == .owners {
            return x.ownDelta.bytes != y.ownDelta.bytes ? x.ownDelta.bytes > y.ownDelta.bytes : x.key < y.key
        }
        let classes = MemoryClass.allCases
        let (cx, cy) = (
            x.memoryClass.flatMap { classes.firstIndex(of: $0) } ?? classes.count,
            y.memoryClass.flatMap { classes.firstIndex(of: $0) } ?? classes.count
        )
        if cx != cy { return cx < cy }
        let (dx, dy) = (x.delta.bytes.magnitude, y.delta.bytes.magnitude)
        return dx != dy ? dx > dy : x.key < y.key
    }

    /// The caveats of a comparison.
    static func notes(
        _ a: Snapshot,
        _ b: Snapshot,
        relation: SnapshotDiff.Relation,
        inA: Set<Source>,
        inB: Set<Source>
    ) -> [String] {
        var notes: [String] = []
        switch relation {
        case .differentSystems:
            notes.append(
                "The snapshots come from different systems (\(a.meta.os == .linux ? "Linux" : "macOS") and \(b.meta.os == .linux ? "Linux" : "macOS")): only what both report is compared, and processes are matched by name."
            )
        case .differentMachines:
            notes.append(
                "The snapshots come from different machines (\(a.meta.hostname), \(b.meta.hostname)): processes are matched by command, and counters since boot are not compared."
            )
        case .rebooted:
            notes.append(
                "The machine rebooted between the two snapshots: processes are matched by command, not by pid, and counters since boot are not compared."
            )
        case .bootUnknown:
            notes.append(
                "One snapshot does not say which boot it was taken in: processes are matched by command, and counters since boot are not compared."
            )
        case .sameBoot: break
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
        return notes
    }
}
