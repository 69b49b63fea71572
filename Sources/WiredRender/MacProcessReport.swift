public import WiredCore
public import WiredJSON

/// `wired top` for macOS readings: processes by `phys_footprint`, Activity Monitor's Memory column.
public enum MacProcessReport {
    /// Sort keys (the Linux names map to the closest macOS figure).
    public enum Key: String, Sendable {
        case footprint, resident, compressed, wired, threads
    }

    /// `processes` sorted by `key`, biggest first (ties by pid).
    public static func sorted(_ processes: [DarwinProcess], by key: Key) -> [DarwinProcess] {
        func value(_ process: DarwinProcess) -> Int64 {
            switch key {
            case .footprint: process.footprint ?? -1
            case .resident: process.resident ?? -1
            case .compressed: process.compressed ?? -1
            case .wired: process.wired ?? -1
            case .threads: Int64(process.threads ?? -1)
            }
        }
        return processes.sorted { (value($0), $1.pid) > (value($1), $0.pid) }
    }

    /// Processes with one name (or user) summed: footprint, compressed, threads.
    public static func grouped(_ processes: [DarwinProcess], byUser: Bool) -> [DarwinProcess] {
        var groups: [String: DarwinProcess] = [:]
        var counts: [String: Int] = [:]
        for process in processes {
            let key = byUser ? (process.user ?? process.uid.map { "uid \($0)" } ?? "unknown") : process.name
            var group = groups[key] ?? DarwinProcess(pid: 0, name: key, source: process.source)
            group.footprint = add(group.footprint, process.footprint)
            group.compressed = add(group.compressed, process.compressed)
            group.wired = add(group.wired, process.wired)
            group.resident = add(group.resident, process.resident)
            group.threads = (group.threads ?? 0) + (process.threads ?? 0)
            group.ports = (group.ports ?? 0) + (process.ports ?? 0)
            counts[key, default: 0] += 1
            groups[key] = group
        }
        return groups.map { key, group in
            var group = group
            group.pid = Int32(counts[key] ?? 0)
            return group
        }
    }

    static func add(_ a: Int64?, _ b: Int64?) -> Int64? {
        guard a != nil || b != nil else { return nil }
        return Checked.saturatingAdd(a ?? 0, b ?? 0)
    }

    /// Rough wired kernel memory the processes' objects cost, from Apple's table ("About the Virtual Memory
    /// System", Table 2): 16 KB per process, 21 KB per thread, 116 B per Mach port, 160 B per region.
    ///
    /// An order of magnitude only; `nil` without thread counts.
    public static func wiredHint(_ processes: [DarwinProcess]) -> ByteCount? {
        guard processes.contains(where: { $0.threads != nil }) else { return nil }
        var bytes: Int64 = 0
        for process in processes {
            let parts = [
                (1, 16 << 10), (process.threads ?? 0, 21 << 10), (process.ports ?? 0, 116), (process.regions ?? 0, 160),
            ]
            for (count, size) in parts {
                bytes = Checked.saturatingAdd(bytes, Checked.saturatingMultiply(Int64(count), Int64(size)))
            }
        }
        return ByteCount(bytes: bytes)
    }

    /// The text table.
    public static func render(
        _ snapshot: Snapshot,
        rows: [DarwinProcess],
        total: Int,
        all: [DarwinProcess],
        grouping: String?,
        key: Key,
        style: Style,
        width: Int
    ) -> String {
        var out = [
            LedgerReport.header(snapshot.meta, style: style) + " · \(all.count) processes, sorted by \(key.rawValue)",
            "",
        ]
        let w = style.exactBytes ? 14 : 9
        let first = grouping == nil ? Layout.padLeft("PID", 7) : Layout.padLeft("PROCS", 7)
        out.append(
            style.dim(
                "\(first) \(Layout.pad("USER", 10))\(Layout.padLeft("FOOTPRINT", w))\(Layout.padLeft("CMPRS", w))\(Layout.padLeft("WIRED", w))\(Layout.padLeft("THR", 6))\(Layout.padLeft("PORTS", 7))  NAME"
            )
        )
        func cell(_ value: Int64?) -> String {
            Layout.padLeft(value.map { style.exactBytes ? ByteFormat.exact($0) : ByteFormat.compact($0) } ?? "-", w)
        }
        for row in rows {
            let user = grouping == "user" ? "" : row.user ?? row.uid.map { "\($0)" } ?? "-"
            out.append(
                "\(Layout.padLeft(String(row.pid), 7)) \(Layout.pad(Layout.cut(user, 9), 10))\(cell(row.footprint))\(cell(row.compressed))\(cell(row.wired))\(Layout.padLeft(row.threads.map(String.init) ?? "-", 6))\(Layout.padLeft(row.ports.map(String.init) ?? "-", 7))  \(Layout.cut(row.name, max(16, width - 60)))"
            )
        }
        if rows.count < total { out.append(style.dim("… \(total - rows.count) more (--limit 0 shows all)")) }
        out.append("")
        let footprints = Checked.saturatingSum(all.compactMap(\.footprint))
        out.append(
            "Σ footprint \(style.size(ByteCount(bytes: footprints))) over \(all.count) processes \(style.dim("(phys_footprint counts compressed and IOKit memory; shared memory counts in each process)"))"
        )
        if let summary = snapshot.darwin?.footprintSummary {
            out.append("footprint's summary with shared memory counted once: \(style.size(ByteCount(bytes: summary)))")
        }
        if let hint = wiredHint(all) {
            out.append(
                "Wired kernel memory their threads, ports and regions cost: about \(style.size(hint)) \(style.dim("(Apple's rough table: 16 KB per process, 21 KB per thread, 116 B per port, 160 B per region)"))"
            )
        }
        let sources = Set(all.map(\.source)).sorted().joined(separator: ", ")
        out.append(style.dim("Source: \(sources). WIRED is proc_pid_rusage's ri_wired_size, known only live."))
        return out.joined(separator: "\n")
    }

    /// The JSON form (`wired.top/1` with `"os": "macos"` rows).
    public static func write(
        _ snapshot: Snapshot,
        rows: [DarwinProcess],
        all: [DarwinProcess],
        grouping: String?,
        key: Key,
        to json: inout JSONWriter
    ) {
        json.beginObject()
        json.field("schema", "wired.top/1")
        LedgerJSON.writeMeta(snapshot.meta, to: &json)
        json.field("sort", key.rawValue)
        json.field("by", grouping)
        json.key(grouping == nil ? "processes" : "groups")
        json.beginArray()
        for row in rows {
            json.beginObject()
            if grouping == nil {
                json.field("pid", Int64(row.pid))
                json.field("name", row.name)
                json.field("user", row.user)
                json.field("uid", row.uid.map { Int64($0) })
            } else {
                json.field("key", row.name)
                json.field("processes", Int64(row.pid))
            }
            json.field("footprintBytes", row.footprint)
            json.field("footprintPeakBytes", row.footprintPeak)
            json.field("compressedBytes", row.compressed)
            json.field("purgeableBytes", row.purgeable)
            json.field("wiredBytes", row.wired)
            json.field("residentBytes", row.resident)
            json.field("threads", row.threads.map { Int64($0) })
            json.field("ports", row.ports.map { Int64($0) })
            json.field("regions", row.regions.map { Int64($0) })
            json.field("source", row.source)
            json.endObject()
        }
        json.endArray()
        json.key("summary")
        json.beginObject()
        json.field("processes", Int64(all.count))
        json.field("footprintTotalBytes", Checked.saturatingSum(all.compactMap(\.footprint)))
        json.field("footprintSummaryBytes", snapshot.darwin?.footprintSummary)
        json.field("wiredHintBytes", wiredHint(all)?.bytes)
        json.endObject()
        LedgerJSON.writeProblems(snapshot.problems, to: &json)
        json.endObject()
    }
}
