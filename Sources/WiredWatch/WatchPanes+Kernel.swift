import WiredCore

extension WatchPanes {
    static let kernelColumns = [
        PaneColumn("SIZE", 8), PaneColumn("COUNT", 9), PaneColumn("EACH", 7), PaneColumn(" KIND", 8, right: false),
        PaneColumn(" NAME", 0, right: false),
    ]

    /// The kernel's memory: the ledger's kernel buckets (page tables, kernel stacks, slab, vmalloc… with their
    /// sources), then slab caches (`/proc/slabinfo`: objects, object size, reclaimable from
    /// `/sys/kernel/slab/NAME/reclaim_account`) and vmalloc callers (`/proc/vmallocinfo`: areas), biggest first.
    static func kernel(_ findings: WatchFindings) -> PaneTable {
        let count = kernelColumns.count
        var rows = [heading("kernel", "Kernel memory in the ledger", count)]
        let buckets = (findings.ledger?.buckets ?? []).filter { bucket in
            bucket.wiredKind == .kernel || bucket.id.rawValue.hasPrefix("slab") || bucket.id == .vmalloc
        }
        for bucket in buckets.sorted(by: { $0.bytes > $1.bytes }) {
            rows.append(
                PaneRow(
                    ListEntry(id: "b" + bucket.id.rawValue, text: bucket.name + " " + bucket.source),
                    [
                        size(bucket.bytes), "", "",
                        bucket.memoryClass == .reclaimable ? " reclaim" : " " + bucket.memoryClass.rawValue,
                        " \(bucket.name)  \(bucket.source)",
                    ],
                    bucket.memoryClass == .wired ? .wired : .plain
                )
            )
        }
        for unknown in findings.ledger?.unknown ?? [] {
            rows.append(.note("u" + unknown.id.rawValue, "\(unknown.name): unknown, \(unknown.reason)", columns: count))
        }
        rows += slabRows(findings, count: count)
        rows += vmallocRows(findings, count: count)
        return PaneTable(columns: kernelColumns, rows: rows)
    }

    static func heading(_ id: String, _ title: String, _ count: Int) -> PaneRow {
        PaneRow(ListEntry(id: "h" + id, text: title), Array(repeating: "", count: count - 1) + [title], .heading)
    }

    /// ", read N s ago" when the live reader carried `source` into this reading from an earlier one (the slow
    /// sources, `docs/linux.md` §12.1a); empty when it was read for this one.
    static func age(_ findings: WatchFindings, _ source: String) -> String {
        guard let carried = findings.snapshot.owners?.carried?.first(where: { $0.source == source }) else { return "" }
        return ", read \(carried.ageMs / 1000) s ago"
    }

    /// Why an owners fact is missing: the check that failed, or that owners were not read yet.
    static func missing(_ findings: WatchFindings, _ file: String) -> String {
        guard let owners = findings.snapshot.owners else { return ownersMissing(findings) }
        return owners.checks.first { $0.contains(file) } ?? "\(file) was not read"
    }

    static func slabRows(_ findings: WatchFindings, count: Int) -> [PaneRow] {
        var rows = [heading("slab", "Slab caches (/proc/slabinfo\(age(findings, "/proc/slabinfo")))", count)]
        guard let caches = findings.snapshot.owners?.slabCaches else {
            return rows + [.note("noslab", missing(findings, "/proc/slabinfo"), columns: count)]
        }
        for cache in caches.sorted(by: { $0.bytes != $1.bytes ? $0.bytes > $1.bytes : $0.name < $1.name }) {
            let kind = cache.reclaimable.map { $0 ? "reclaim" : "unrecl" } ?? "?"
            rows.append(
                PaneRow(
                    ListEntry(id: "c" + cache.name, text: cache.name),
                    [
                        size(ByteCount(bytes: cache.bytes)), String(cache.activeObjects),
                        ByteFormat.compact(cache.objectSize), " " + kind, " " + cache.name,
                    ],
                    cache.reclaimable == false ? .wired : .plain
                )
            )
        }
        return rows
    }

    static func vmallocRows(_ findings: WatchFindings, count: Int) -> [PaneRow] {
        let age = age(findings, "/proc/vmallocinfo")
        var rows = [heading("vmalloc", "vmalloc callers (/proc/vmallocinfo\(age))", count)]
        guard let callers = findings.snapshot.owners?.vmallocCallers else {
            return rows + [.note("novmalloc", missing(findings, "/proc/vmallocinfo"), columns: count)]
        }
        for caller in callers.sorted(by: { $0.bytes != $1.bytes ? $0.bytes > $1.bytes : $0.caller < $1.caller }) {
            rows.append(
                PaneRow(
                    ListEntry(id: "v" + caller.caller, text: caller.caller),
                    [size(ByteCount(bytes: caller.bytes)), String(caller.areas), "", " wired", " " + caller.caller],
                    .wired
                )
            )
        }
        return rows
    }
}
