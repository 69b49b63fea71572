public import WiredCore

extension WatchPanes {
    /// Why a pane that needs the owners' facts has none yet.
    static func ownersMissing(_ findings: WatchFindings) -> String {
        if findings.snapshot.owners == nil {
            return "owners not read yet (cgroups, slab caches, vmalloc): live, they are read while this pane is shown"
        }
        return "no owners: \(findings.ledgerProblem ?? "the ledger could not be built")"
    }

    /// Memory cgroups, biggest first: `memory.current` (v2) or `memory.usage_in_bytes` (v1), `anon`, `file`,
    /// `shmem`, `kernel`, wired = kernel + unevictable, processes directly in the cgroup (`OwnerTree`'s
    /// `ServiceMemory`).
    static func services(_ findings: WatchFindings) -> PaneTable {
        let columns = [
            PaneColumn("CURRENT", 8), PaneColumn("ANON", 7), PaneColumn("FILE", 7), PaneColumn("SHMEM", 7),
            PaneColumn("KERNEL", 7), PaneColumn("WIRED", 7), PaneColumn("PROCS", 6),
            PaneColumn(" SERVICE", 0, right: false),
        ]
        guard let owners = findings.owners else {
            return PaneTable(columns: columns, rows: [.note("none", ownersMissing(findings), columns: columns.count)])
        }
        guard !owners.services.isEmpty else {
            let reason = owners.checks.first { $0.contains("cgroup") } ?? "no memory cgroups were found"
            return PaneTable(columns: columns, rows: [.note("none", reason, columns: columns.count)])
        }
        let services = owners.services.sorted {
            let a = $0.current ?? $0.anon + $0.file, b = $1.current ?? $1.anon + $1.file
            return a != b ? a > b : $0.path < $1.path
        }
        let rows = services.map { service in
            PaneRow(
                ListEntry(id: "s" + service.path, text: service.name + " " + service.path),
                [
                    size(service.current), size(service.anon), size(service.file), size(service.shmem),
                    size(service.kernel), size(service.wired), String(service.processes), " " + service.name,
                ],
                service.unevictable.bytes > 0 ? .wired : .plain
            )
        }
        return PaneTable(columns: columns, rows: rows)
    }

    /// The tree of `wired owners`: each node's size, its share of installed RAM, W for wired; the top level
    /// shown, a node's children when it is expanded.
    static func owners(_ findings: WatchFindings, expanded: Set<String>) -> PaneTable {
        let columns = [
            PaneColumn("SIZE", 8), PaneColumn("SHARE", 7), PaneColumn("", 2), PaneColumn(" OWNER", 0, right: false),
        ]
        guard let owners = findings.owners else {
            return PaneTable(columns: columns, rows: [.note("none", ownersMissing(findings), columns: columns.count)])
        }
        let total = findings.barTotal ?? owners.tree.bytes
        var rows: [PaneRow] = []
        func add(_ node: OwnerNode, depth: Int, parent: String?) {
            let open = expanded.contains(node.id)
            let mark = node.children.isEmpty ? "  " : open ? "▾ " : "▸ "
            let share = total.bytes > 0 ? ByteFormat.percent(Double(node.bytes.bytes) / Double(total.bytes)) : ""
            let detail = node.detail.map { "  " + $0 } ?? ""
            rows.append(
                PaneRow(
                    ListEntry(
                        id: node.id,
                        text: node.name,
                        expandable: !node.children.isEmpty,
                        expanded: open,
                        parent: parent
                    ),
                    [
                        size(node.bytes), share, node.wired ? "W" : "",
                        " " + String(repeating: "  ", count: depth) + mark + node.name + detail,
                    ],
                    node.wired ? .wired : .plain
                )
            )
            if open { for child in node.children { add(child, depth: depth + 1, parent: node.id) } }
        }
        for node in owners.tree.children { add(node, depth: 0, parent: nil) }
        // Owners are slow sources: a live view shows them as of their last reading, and says how old it is.
        if let note = carriedNote(findings.snapshot.owners?.carried ?? []) {
            rows.append(.note("carried", note, columns: columns.count))
        }
        return PaneTable(columns: columns, rows: rows)
    }

    /// How old the carried owners are: those read every 10 s, and the memfds, GPU clients and vmalloc callers
    /// read every 60 s; `nil` when nothing was carried.
    public static func carriedNote(_ carried: [CarriedSource]) -> String? {
        let slower = carried.filter { CarriedSource.everySixthInterval.contains($0.source) }.map(\.ageMs).max()
        let rest = carried.filter { !CarriedSource.everySixthInterval.contains($0.source) }.map(\.ageMs).max()
        var parts: [String] = []
        if let rest { parts.append("Owners as of \(rest / 1000) s ago (read every 10 s)") }
        if let slower {
            let what = "memfds, GPU clients and vmalloc callers as of \(slower / 1000) s ago (read every 60 s)"
            parts.append(parts.isEmpty ? "Owners: " + what : what)
        }
        return parts.isEmpty ? nil : parts.joined(separator: "; ")
    }
}
