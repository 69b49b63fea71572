public import WiredCore
public import WiredJSON

/// The before/after of `wired purge`.
public enum PurgeView {
    /// Text: what was dropped, the buckets that changed, what was not dropped and why, the refill.
    public static func render(_ report: PurgeReport, what: String, style: Style) -> String {
        var out = [style.bold("wired purge") + " · \(Layout.safe(what))", ""]
        let falls = report.changes.filter { $0.memoryClass == .reclaimable && $0.delta.bytes < 0 }
            .sorted { $0.delta < $1.delta }
        let parts = falls.map { "\($0.name.lowercased()) −\(ByteCount(bytes: -$0.delta.bytes))" }
        out.append(
            "Freed \(style.bold(style.size(report.freed)))"
                + (parts.isEmpty ? "" : ": " + Layout.safe(parts.joined(separator: ", ")))
        )
        var totals =
            "Free memory \(style.size(report.freeBefore)) → \(style.size(report.freeAfter)); wired (pinned) \(style.size(report.wiredBefore)) → \(style.size(report.wiredAfter))"
        if report.unswappableBefore.bytes > 0 || report.unswappableAfter.bytes > 0 {
            totals +=
                "; unswappable \(style.size(report.unswappableBefore)) → \(style.size(report.unswappableAfter))"
        }
        out.append(totals)
        out.append("")
        let w = style.exactBytes ? 16 : 10
        out.append(
            style.dim(
                "  \(Layout.pad("Bucket", 46))\(Layout.padLeft("Before", w))\(Layout.padLeft("After", w))\(Layout.padLeft("Change", w + 1))"
            )
        )
        for change in report.changes where change.before.bytes != 0 || change.after.bytes != 0 {
            let delta = change.delta.bytes
            let sign = delta > 0 ? "+" : delta < 0 ? "−" : " "
            let deltaText = delta == 0 ? "" : sign + style.size(ByteCount(bytes: abs(delta)))
            out.append(
                "  \(Layout.pad(Layout.cut(change.name, 45), 46))\(Layout.padLeft(style.size(change.before), w))\(Layout.padLeft(style.size(change.after), w))\(Layout.padLeft(deltaText, w + 1))"
            )
        }
        if !report.notDropped.isEmpty {
            out.append("")
            out.append(style.bold("Not dropped"))
            for line in report.notDropped { out.append("  - \(Layout.safe(line))") }
        }
        if let back = report.cacheBack, let seconds = report.waitedSeconds {
            out.append("")
            let after = "After \(ByteFormat.decimal(seconds, places: 1)) s"
            out.append(
                back.bytes >= 0
                    ? "\(after), \(style.size(back)) of cache came back."
                    : "\(after) the caches were \(style.size(ByteCount(bytes: -back.bytes))) smaller still (the kernel finishes freeing in the background); none came back yet."
            )
        }
        out.append("")
        out.append(
            style.dim(
                "Why this usually makes things slower: the dropped files are read from disk again when next used, and the kernel would have freed this memory by itself the moment something needed it."
            )
        )
        return out.joined(separator: "\n")
    }

    /// JSON (`wired.purge/1`).
    public static func write(_ report: PurgeReport, what: String, to json: inout JSONWriter) {
        json.beginObject()
        json.field("schema", "wired.purge/1")
        json.field("action", what)
        json.field("freedBytes", report.freed.bytes)
        json.field("freeBeforeBytes", report.freeBefore.bytes)
        json.field("freeAfterBytes", report.freeAfter.bytes)
        json.field("wiredBeforeBytes", report.wiredBefore.bytes)
        json.field("wiredAfterBytes", report.wiredAfter.bytes)
        json.field("unswappableBeforeBytes", report.unswappableBefore.bytes)
        json.field("unswappableAfterBytes", report.unswappableAfter.bytes)
        json.key("changes")
        json.beginArray()
        for change in report.changes {
            json.beginObject()
            json.field("id", change.id.rawValue)
            json.field("name", change.name)
            json.field("class", change.memoryClass.rawValue)
            json.field("beforeBytes", change.before.bytes)
            json.field("afterBytes", change.after.bytes)
            json.field("deltaBytes", change.delta.bytes)
            json.endObject()
        }
        json.endArray()
        json.field("notDropped", report.notDropped)
        json.field("waitedSeconds", report.waitedSeconds)
        json.field("cacheBackBytes", report.cacheBack?.bytes)
        json.endObject()
    }
}
