import WiredCore

extension MetricsView {
    /// MemTotal, installed RAM, the ledger's buckets, the reserved lines and the wired parts.
    static func ledgerFamilies(_ sample: Sample) -> [MetricFamily] {
        guard let ledger = sample.ledger else { return [] }
        let buckets = ledger.buckets.map {
            MetricPoint([("bucket", $0.id.rawValue), ("class", $0.memoryClass.rawValue)], $0.bytes)
        }
        let reserved = ledger.reserved.map { MetricPoint([("bucket", $0.id.rawValue)], $0.bytes) }
        return [
            MetricFamily(
                "wired_memtotal_bytes",
                "RAM the kernel manages (MemTotal in /proc/meminfo).",
                value: Double(ledger.memTotal.bytes)
            ),
            MetricFamily(
                "wired_installed_bytes",
                "Installed RAM (\(ledger.installed?.source ?? "unknown: no source could be read")).",
                value: ledger.installed.map { Double($0.bytes.bytes) }
            ),
            MetricFamily(
                "wired_ledger_bytes",
                "MemTotal split into the ledger's buckets (wired status); the buckets, unexplained included, sum to wired_memtotal_bytes.",
                buckets
            ),
            MetricFamily(
                "wired_reserved_bytes",
                "RAM outside MemTotal: kept by firmware or taken by the kernel at boot (wired status, reserved lines).",
                reserved
            ),
            MetricFamily(
                "wired_wired_bytes",
                "Wired memory (pinned, never paged out) by part: kernel structures, or user memory that cannot move.",
                [
                    MetricPoint([("part", "kernel")], ledger.wired.kernel),
                    MetricPoint([("part", "user")], ledger.wired.user),
                ]
            ),
        ]
    }

    /// The owners of each ledger bucket (the owners tree's second level): the biggest `perBucket`, then the rest.
    static func ownerFamily(_ sample: Sample, perBucket: Int) -> MetricFamily {
        var points: [MetricPoint] = []
        // The tree's "reserved" node holds the reserved lines (wired_reserved_bytes), not owners of MemTotal.
        let ledgerIDs = Set((sample.ledger?.buckets ?? []).map(\.id.rawValue))
        for bucket in sample.owners?.tree.children ?? [] where !bucket.children.isEmpty && ledgerIDs.contains(bucket.id)
        {
            points += Self.top(
                bucket.children.map { (name: $0.name, kind: $0.kind.rawValue, bytes: $0.bytes.bytes) },
                limit: perBucket
            ).map { MetricPoint([("bucket", bucket.id), ("kind", $0.kind), ("owner", $0.name)], Double($0.bytes)) }
        }
        return MetricFamily(
            "wired_owner_bytes",
            "Who holds each ledger bucket (wired owners): the biggest \(ownersPerBucket) owners per bucket, then owner=\"other\"; each bucket's owners sum to it.",
            points
        )
    }

    /// Services by charged memory, and commands by PSS (from the process table, grouped by `comm`).
    static func processFamilies(_ sample: Sample) -> [MetricFamily] {
        var families: [MetricFamily] = []
        if let services = sample.owners?.services, !services.isEmpty {
            let entries = services.map { service in
                (
                    name: service.name, kind: "",
                    bytes: (service.current ?? service.anon + service.file + service.shmem).bytes
                )
            }
            families.append(
                MetricFamily(
                    "wired_service_bytes",
                    "Memory charged to each service or container (cgroup memory.current, else anon+file+shmem of memory.stat): the biggest \(services.count > Self.services ? Self.services : services.count), then service=\"other\".",
                    top(entries, limit: Self.services).map { MetricPoint([("service", $0.name)], Double($0.bytes)) }
                )
            )
        }
        if let scan = sample.snapshot.processes {
            let groups = ProcessTable.groups(scan, by: .command, costs: ProcessCosts(sample.snapshot))
            let entries = groups.compactMap { row in row.pss.map { (name: row.name, kind: "", bytes: $0.bytes) } }
            families.append(
                MetricFamily(
                    "wired_command_pss_bytes",
                    "PSS of the processes of each command (comm; smaps_rollup): the biggest \(Self.commands), then command=\"other\"; processes that could not be inspected are left out.",
                    top(entries, limit: Self.commands).map { MetricPoint([("command", $0.name)], Double($0.bytes)) }
                )
            )
        }
        return families
    }

    /// The biggest `limit` entries (names summed when they repeat), then the rest as `other` when there is one.
    static func top(
        _ entries: [(name: String, kind: String, bytes: Int64)],
        limit: Int
    ) -> [(name: String, kind: String, bytes: Int64)] {
        var merged: [String: (name: String, kind: String, bytes: Int64)] = [:]
        var order: [String] = []
        for entry in entries {
            let key = entry.kind + "\u{0}" + entry.name
            if let existing = merged[key] {
                merged[key] = (entry.name, entry.kind, existing.bytes &+ entry.bytes)
            } else {
                merged[key] = entry
                order.append(key)
            }
        }
        let sorted = order.compactMap { merged[$0] }.sorted {
            $0.bytes != $1.bytes ? $0.bytes > $1.bytes : $0.name < $1.name
        }
        var named: [(name: String, kind: String, bytes: Int64)] = []
        var rest: Int64 = 0
        var restCount = 0
        for entry in sorted {
            if named.count < limit, entry.name != "other" {
                named.append(entry)
            } else {
                rest = rest &+ entry.bytes
                restCount += 1
            }
        }
        return restCount == 0 ? named : named + [(name: "other", kind: "other", bytes: rest)]
    }
}
