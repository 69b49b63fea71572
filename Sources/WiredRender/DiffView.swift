public import WiredCore
public import WiredJSON

/// The text and JSON views of `wired diff`: owners first, ranked by their own growth, then the ledger's buckets
/// by class, the totals, and the counters since boot with their rates.
public enum DiffView {
    /// Renders the changes of at least `minimum`.
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
        out.append(style.bold("wired diff") + " · \(relationText(diff.relation)) · \(apart)")
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
        let owners = shown.filter { $0.section == .owners }
        if !owners.isEmpty {
            out.append("")
            out.append(
                style.bold(
                    mac
                        ? "Owners, by growth (wired sites, zones, kexts, processes by footprint)"
                        : "Owners, by growth (processes, services, mounts, segments, memfds, slab caches, vmalloc, pools)"
                )
            )
            for change in owners { out.append(line(change, nameWidth: nameWidth, style: style)) }
        }
        out += ledgerLines(shown.filter { $0.section == .ledger }, nameWidth: nameWidth, style: style)
        let totals = shown.filter { $0.section == .totals }
        if !totals.isEmpty {
            out.append("")
            out.append(style.bold("Totals"))
            for change in totals { out.append(line(change, nameWidth: nameWidth, style: style)) }
        }
        out += counterLines(diff.counters, style: style)
        if folded > 0 && !shown.isEmpty {
            out.append("")
            out.append(
                style.dim(
                    "and \(folded) smaller change\(folded == 1 ? "" : "s") (under \(minimum), or named by a line above; --min 0 shows all)"
                )
            )
        }
        if !diff.notes.isEmpty {
            out.append("")
            for note in diff.notes { out.append("* \(Layout.safe(note))") }
        }
        return out.joined(separator: "\n")
    }

    /// "same boot", "rebooted in between", "different machines", "different systems".
    static func relationText(_ relation: SnapshotDiff.Relation) -> String {
        switch relation {
        case .sameBoot: "same boot"
        case .rebooted: "rebooted in between"
        case .bootUnknown: "boot unknown"
        case .differentMachines: "different machines"
        case .differentSystems: "different systems"
        }
    }

    /// The ledger's buckets under a heading per class, in the order of the classes.
    static func ledgerLines(_ changes: [Change], nameWidth: Int, style: Style) -> [String] {
        guard !changes.isEmpty else { return [] }
        var out = ["", style.bold("Ledger buckets, by class")]
        for memoryClass in MemoryClass.allCases {
            let members = changes.filter { $0.memoryClass == memoryClass }
            guard !members.isEmpty else { continue }
            let sum = members.map(\.delta).sum()
            out.append(style.dim("  \(memoryClass.rawValue) (\(style.signedSize(sum)))"))
            for change in members { out.append(line(change, nameWidth: nameWidth, style: style)) }
        }
        return out
    }

    /// One change: its own growth, the wired mark, its name, before → after, and the facts that place it.
    static func line(_ change: Change, nameWidth: Int, style: Style) -> String {
        let delta = change.section == .owners ? change.ownDelta : change.delta
        let sign = change.status == .appeared ? "+" : change.status == .disappeared ? "−" : " "
        let deltaText = Layout.padLeft(style.signedSize(delta), style.exactBytes ? 16 : 10)
        let painted = delta.bytes > 0 ? style.colored(deltaText, .wired) : style.colored(deltaText, .free)
        let marker = change.wired || mostlyWired(change) ? style.colored("W", .wired) : " "
        let name = Layout.cut(change.name, nameWidth)
        let sides = "\(change.before.map { style.size($0) } ?? "–") → \(change.after.map { style.size($0) } ?? "–")"
        let extra = facts(change, style: style)
        let tail = extra.isEmpty ? "" : style.dim("  (\(Layout.safe(extra.joined(separator: "; "))))")
        return "\(painted) \(sign)\(marker) \(Layout.pad(name, nameWidth)) \(style.dim(sides))\(tail)"
    }

    /// True for a process whose change is mostly of wired memory it causes (an mlock, a hugetlb mapping).
    static func mostlyWired(_ change: Change) -> Bool {
        guard let wired = change.wiredDelta?.bytes.magnitude, wired > 0 else { return false }
        return wired * 2 >= change.ownDelta.bytes.magnitude
    }

    /// What the part of a growth that other lines name is, by kind.
    static func namedElsewhere(_ kind: DiffKind) -> String {
        switch kind {
        case .process: "shared memory, named by its memfd, segment or mount lines"
        case .service: "in its processes and child services, or shared or kernel memory, named by other lines"
        case .site: "in the zones listed"
        default: "named by other lines"
        }
    }

    /// What places a change: the rest of its growth named elsewhere, wired cost, measure, counts, detail.
    static func facts(_ change: Change, style: Style) -> [String] {
        var extra: [String] = []
        if change.section == .owners, change.own != nil {
            let named = change.delta - change.ownDelta
            extra.append(
                "grew \(style.signedSize(change.delta)); \(style.signedSize(named)) of it is \(namedElsewhere(change.kind))"
            )
        }
        // The wired cost when it matters: at least 1 MiB, or a tenth of the line.
        if let wired = change.wiredDelta, wired.bytes != 0,
            wired.bytes.magnitude >= 1 << 20 || wired.bytes.magnitude * 10 >= change.ownDelta.bytes.magnitude
        {
            extra.append("wired \(style.signedSize(wired)): locked, pinned, page tables, stacks")
        }
        if change.measure == "RSS" { extra.append("RSS: PSS not readable on one side") }
        if let before = change.countBefore, let after = change.countAfter, before != after {
            extra.append("\(before) → \(after) processes")
        }
        if change.status == .appeared { extra.append("appeared") }
        if change.status == .disappeared { extra.append("disappeared") }
        if let detail = change.detail, change.kind != .service { extra.append(Layout.cut(detail, 60)) }
        return extra
    }

    /// Counters since boot, with what they mean and their rate between the two readings.
    static func counterLines(_ counters: [CounterChange], style: Style) -> [String] {
        let moved = counters.filter { $0.delta != 0 }
        guard let seconds = counters.first?.seconds else { return [] }
        let span = seconds > 0 ? "over \(ByteFormat.decimal(seconds, places: 1)) s" : "the time between them unknown"
        var out = ["", style.bold("Counters since boot, \(span)")]
        if moved.isEmpty { out.append(style.dim("  none moved: no swapping, paging, refaults or OOM kills")) }
        for counter in moved {
            var amount = "+\(ByteFormat.grouped(counter.delta)) \(counter.unit)"
            if let bytes = counter.deltaBytes {
                amount += " (\(ByteFormat.human(bytes))"
                if let rate = counter.bytesPerSecond, seconds > 0 {
                    amount += ", \(ByteFormat.human(Checked.saturatingInteger(rate.rounded())))/s"
                }
                amount += ")"
            } else if seconds > 0 {
                amount += " (\(ByteFormat.decimal(counter.perSecond, places: 1))/s)"
            }
            out.append("  \(Layout.pad(counter.name, 24)) \(Layout.pad(amount, 36)) \(style.dim(counter.meaning))")
        }
        return out
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
        json.field("schema", "wired.diff/2")
        for (key, meta, label) in [("before", diff.before, labels.0), ("after", diff.after, labels.1)] {
            json.key(key)
            json.beginObject()
            json.field("source", label)
            json.field("hostname", meta.hostname)
            json.field("os", meta.os.rawValue)
            json.field("kernel", meta.kernel)
            json.field("takenAt", meta.takenAt.iso8601)
            json.field("bootId", meta.bootID)
            json.endObject()
        }
        json.field("relation", diff.relation.rawValue)
        json.key("sameBoot")
        if let same = diff.sameBoot { json.value(same) } else { json.null() }
        json.field("sameHost", diff.sameHost)
        json.field("minBytes", minimum.bytes)
        json.key("changes")
        json.beginArray()
        for change in shown { write(change, to: &json) }
        json.endArray()
        json.key("counters")
        json.beginArray()
        for counter in diff.counters { write(counter, to: &json) }
        json.endArray()
        json.field("folded", diff.changes.count - shown.count)
        json.field("notes", diff.notes)
        json.endObject()
    }

    static func write(_ change: Change, to json: inout JSONWriter) {
        json.beginObject()
        json.field("key", change.key)
        json.field("section", change.section.rawValue)
        json.field("kind", change.kind.rawValue)
        json.field("name", change.name)
        json.field("status", change.status.rawValue)
        if let memoryClass = change.memoryClass { json.field("class", memoryClass.rawValue) }
        json.field("beforeBytes", change.before?.bytes)
        json.field("afterBytes", change.after?.bytes)
        json.field("deltaBytes", change.delta.bytes)
        if change.section == .owners { json.field("ownDeltaBytes", change.ownDelta.bytes) }
        json.field("wired", change.wired)
        if let wired = change.wiredDelta {
            json.field("wiredBeforeBytes", change.wiredBefore?.bytes)
            json.field("wiredAfterBytes", change.wiredAfter?.bytes)
            json.field("wiredDeltaBytes", wired.bytes)
        }
        if let count = change.countBefore { json.field("processesBefore", count) }
        if let count = change.countAfter { json.field("processesAfter", count) }
        if let measure = change.measure { json.field("measure", measure) }
        if let detail = change.detail { json.field("detail", detail) }
        json.endObject()
    }

    static func write(_ counter: CounterChange, to json: inout JSONWriter) {
        json.beginObject()
        json.field("name", counter.name)
        json.field("meaning", counter.meaning)
        json.field("unit", counter.unit)
        json.field("before", counter.before)
        json.field("after", counter.after)
        json.field("delta", counter.delta)
        json.field("deltaBytes", counter.deltaBytes)
        json.field("seconds", counter.seconds)
        json.field("perSecond", counter.perSecond)
        json.field("bytesPerSecond", counter.bytesPerSecond)
        json.endObject()
    }
}
