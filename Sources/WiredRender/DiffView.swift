public import WiredCore
public import WiredJSON

/// The text and JSON views of `wired diff`.
public enum DiffView {
    /// Renders the changes of at least `minimum`, biggest first within each section.
    public static func render(
        _ diff: SnapshotDiff,
        labels: (String, String),
        minimum: ByteCount,
        style: Style,
        width: Int = 100
    ) -> String {
        var out: [String] = []
        let hours = diff.after.takenAt.seconds(since: diff.before.takenAt) / 3600
        let apart =
            abs(hours) >= 1
            ? "\(ByteFormat.decimal(hours, places: 1)) h apart" : "\(Int((hours * 60).rounded())) min apart"
        let boot = diff.sameBoot.map { $0 ? "same boot" : "rebooted in between" } ?? "boot unknown"
        out.append(style.bold("wired diff") + " · \(boot) · \(apart)")
        out.append("  A: \(describe(diff.before, labels.0))")
        out.append("  B: \(describe(diff.after, labels.1))")
        let shown = diff.significant(minimum: minimum)
        let folded = diff.changes.count - shown.count
        if shown.isEmpty {
            out.append("")
            out.append(
                diff.changes.isEmpty
                    ? "Nothing changed."
                    : "Nothing changed by \(minimum) or more (\(diff.changes.count) smaller changes; --min 0 shows them)."
            )
        }
        let nameWidth = min(60, max(30, width - 52))
        let mac = diff.before.os == .macOS || diff.after.os == .macOS
        let titles: [Change.Section: String] = [
            .totals: "Totals", .ledger: "Ledger buckets",
            .owners: mac ? "Owners (wired sites, zones, kexts)" : "Owners (slab caches, services, mounts, pools, GPU)",
            .processes: mac ? "Processes (matched by name, by footprint)" : "Processes (matched by command)",
        ]
        for section in Change.Section.allCases {
            let changes = shown.filter { $0.section == section }
            guard !changes.isEmpty else { continue }
            out.append("")
            out.append(style.bold(titles[section] ?? section.rawValue))
            for change in changes {
                let delta = change.delta
                let sign = change.status == .appeared ? "+" : change.status == .disappeared ? "−" : " "
                let deltaText = Layout.padLeft(style.signedSize(delta), style.exactBytes ? 16 : 10)
                let painted = delta.bytes > 0 ? style.colored(deltaText, .wired) : style.colored(deltaText, .free)
                let marker = change.wired ? style.colored("W", .wired) : " "
                let name = Layout.cut(change.name, nameWidth)
                let sides =
                    "\(change.before.map { style.size($0) } ?? "–") → \(change.after.map { style.size($0) } ?? "–")"
                var extra: [String] = []
                if let before = change.countBefore, let after = change.countAfter, before != after {
                    extra.append("\(before) → \(after) processes")
                }
                if change.measure == "RSS" { extra.append("RSS: PSS not readable on one side") }
                if change.status == .appeared { extra.append("appeared") }
                if change.status == .disappeared { extra.append("disappeared") }
                let tail = extra.isEmpty ? "" : style.dim("  (\(extra.joined(separator: "; ")))")
                out.append("\(painted) \(sign)\(marker) \(Layout.pad(name, nameWidth)) \(style.dim(sides))\(tail)")
            }
        }
        if folded > 0 && !shown.isEmpty {
            out.append("")
            out.append(
                style.dim("and \(folded) smaller change\(folded == 1 ? "" : "s") (under \(minimum); --min 0 shows all)")
            )
        }
        if !diff.notes.isEmpty {
            out.append("")
            for note in diff.notes { out.append("* \(Layout.safe(note))") }
        }
        return out.joined(separator: "\n")
    }

    static func describe(_ meta: SnapshotMeta, _ label: String) -> String {
        let time = meta.takenAt.iso8601.replacingFirst("T", with: " ").replacingFirst("Z", with: " UTC")
        return Layout.safe(
            "\(meta.hostname) · \(meta.os == .linux ? "Linux" : "macOS") \(meta.kernel) · \(time) · \(label)"
        )
    }

    /// Writes the diff as JSON; changes under `minimum` are counted in `folded`.
    public static func write(
        _ diff: SnapshotDiff,
        labels: (String, String),
        minimum: ByteCount,
        to json: inout JSONWriter
    ) {
        let shown = diff.significant(minimum: minimum)
        json.beginObject()
        json.field("schema", "wired.diff/1")
        for (key, meta, label) in [("before", diff.before, labels.0), ("after", diff.after, labels.1)] {
            json.key(key)
            json.beginObject()
            json.field("source", label)
            json.field("hostname", meta.hostname)
            json.field("kernel", meta.kernel)
            json.field("takenAt", meta.takenAt.iso8601)
            json.field("bootId", meta.bootID)
            json.endObject()
        }
        json.key("sameBoot")
        if let same = diff.sameBoot { json.value(same) } else { json.null() }
        json.field("sameHost", diff.sameHost)
        json.field("minBytes", minimum.bytes)
        json.key("changes")
        json.beginArray()
        for change in shown {
            json.beginObject()
            json.field("key", change.key)
            json.field("section", change.section.rawValue)
            json.field("name", change.name)
            json.field("status", change.status.rawValue)
            json.field("beforeBytes", change.before?.bytes)
            json.field("afterBytes", change.after?.bytes)
            json.field("deltaBytes", change.delta.bytes)
            json.field("wired", change.wired)
            if let count = change.countBefore { json.field("processesBefore", count) }
            if let count = change.countAfter { json.field("processesAfter", count) }
            if let measure = change.measure { json.field("measure", measure) }
            json.endObject()
        }
        json.endArray()
        json.field("folded", diff.changes.count - shown.count)
        json.field("notes", diff.notes)
        json.endObject()
    }
}
