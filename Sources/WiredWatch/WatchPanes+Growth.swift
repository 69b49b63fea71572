import WiredCore

extension WatchPanes {
    /// What grew since the view's first reading (or since the recorded sample `label` names), biggest growth
    /// first.
    ///
    /// Ledger buckets by id; processes by pid and start time (PSS, or RSS where smaps was unreadable in either
    /// reading; a new one counts whole, one that exited as minus its last size); services by cgroup path
    /// (`memory.current`). What did not change is left out.
    static func growth(_ findings: WatchFindings, start: WatchFindings, label: String? = nil) -> PaneTable {
        let columns = [
            PaneColumn("GROWTH", 8), PaneColumn("NOW", 8), PaneColumn(" KIND", 9, right: false),
            PaneColumn(" NAME", 0, right: false),
        ]
        var changes = bucketChanges(findings, start) + processChanges(findings, start)
        changes += serviceChanges(findings, start)
        changes.sort { $0.delta != $1.delta ? $0.delta > $1.delta : $0.id < $1.id }
        let caption =
            label.map { "since \(date(start.takenAt)) UTC, \($0)" }
            ?? "since \(clock(start.takenAt)) UTC, the view's first reading"
        guard !changes.isEmpty else {
            let text =
                findings.takenAt == start.takenAt ? "one reading so far: growth shows from the next" : "nothing changed"
            return PaneTable(columns: columns, rows: [.note("none", text, columns: columns.count)], caption: caption)
        }
        let rows = changes.map { change in
            PaneRow(
                ListEntry(id: change.id, text: change.name),
                [signed(change.delta), size(change.now), " " + change.kind, " " + change.name],
                change.delta > 0 ? .grew : .shrank
            )
        }
        return PaneTable(columns: columns, rows: rows, caption: caption)
    }

    struct Change {
        var id: String
        var kind: String
        var name: String
        var delta: Int64
        var now: ByteCount?
    }

    static func bucketChanges(_ findings: WatchFindings, _ start: WatchFindings) -> [Change] {
        let before = Dictionary(
            (start.ledger?.buckets ?? []).map { ($0.id, $0.bytes) },
            uniquingKeysWith: { a, _ in a }
        )
        return (findings.ledger?.buckets ?? []).compactMap { bucket in
            guard let old = before[bucket.id], old != bucket.bytes else { return nil }
            return Change(
                id: "b" + bucket.id.rawValue,
                kind: "bucket",
                name: bucket.name,
                delta: Checked.saturatingSubtract(bucket.bytes.bytes, old.bytes),
                now: bucket.bytes
            )
        }
    }

    static func processChanges(_ findings: WatchFindings, _ start: WatchFindings) -> [Change] {
        // A start time counts from boot, so the boot is part of a process's identity: a `--since` sample from an
        // earlier boot has the same pids and start ticks for early daemons, and they are other processes.
        let nowBoot = findings.snapshot.meta.bootID ?? ""
        let startBoot = start.snapshot.meta.bootID ?? ""
        func key(_ row: ProcessRow, boot: String) -> String { "p\(boot):\(row.pid ?? 0):\(row.startTime ?? 0)" }
        let before = Dictionary(
            start.processes.map { (key($0, boot: startBoot), $0) },
            uniquingKeysWith: { a, _ in a }
        )
        var seen = Set<String>()
        var changes: [Change] = []
        for row in findings.processes {
            let id = key(row, boot: nowBoot)
            seen.insert(id)
            let old = before[id]
            let bothPSS = row.pss != nil && (old == nil || old?.pss != nil)
            let now = bothPSS ? (row.pss ?? row.rss) : row.rss
            let then = old.map { bothPSS ? ($0.pss ?? $0.rss) : $0.rss } ?? .zero
            guard now != then else { continue }
            let kind = old == nil ? "new" : bothPSS ? "pss" : "rss"
            changes.append(
                Change(
                    id: id,
                    kind: kind,
                    name: processText(row),
                    delta: Checked.saturatingSubtract(now.bytes, then.bytes),
                    now: now
                )
            )
        }
        for row in start.processes where !seen.contains(key(row, boot: startBoot)) {
            let then = row.pss ?? row.rss
            guard then.bytes != 0 else { continue }
            changes.append(
                Change(
                    id: key(row, boot: startBoot),
                    kind: "exited",
                    name: processText(row),
                    delta: Checked.saturatingSubtract(0, then.bytes),
                    now: nil
                )
            )
        }
        return changes
    }

    static func serviceChanges(_ findings: WatchFindings, _ start: WatchFindings) -> [Change] {
        let before = Dictionary(
            (start.owners?.services ?? []).compactMap { service in service.current.map { (service.path, $0) } },
            uniquingKeysWith: { a, _ in a }
        )
        return (findings.owners?.services ?? []).compactMap { service in
            guard let now = service.current, let old = before[service.path], old != now else { return nil }
            return Change(
                id: "s" + service.path,
                kind: "service",
                name: service.name,
                delta: Checked.saturatingSubtract(now.bytes, old.bytes),
                now: now
            )
        }
    }

    /// "YYYY-MM-DD HH:MM:SS" of a timestamp (UTC).
    static func date(_ time: Timestamp) -> String {
        time.iso8601.replacing("T", with: " ").replacing("Z", with: "")
    }

    /// "HH:MM:SS" of a timestamp (UTC).
    static func clock(_ time: Timestamp) -> String {
        let day = ((time.seconds % 86400) + 86400) % 86400
        let (h, m, s) = (day / 3600, day % 3600 / 60, day % 60)
        func two(_ n: Int64) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(two(h)):\(two(m)):\(two(s))"
    }
}
