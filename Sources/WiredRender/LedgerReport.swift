public import WiredCore

/// The text report of `wired` / `wired status`.
public enum LedgerReport {
    /// Renders the ledger for a terminal of `width` columns.
    public static func render(
        _ snapshot: Snapshot,
        _ ledger: Ledger,
        pressure: PressureReport? = nil,
        style: Style,
        width: Int = 100
    ) -> String {
        var out: [String] = []
        out.append(header(snapshot.meta, style: style))
        out.append("")

        // Installed RAM, what firmware and boot took, and MemTotal.
        let sizeWidth = style.exactBytes ? 16 : 10
        if let installed = ledger.installed {
            out.append(
                "\(style.bold(Layout.pad("Installed RAM", 16)))\(Layout.padLeft(style.size(installed.bytes), sizeWidth))   \(style.dim(installed.source))"
            )
            let reserved = ledger.reserved.map(\.bytes).sum()
            out.append(
                "\(Layout.pad(snapshot.meta.os == .macOS ? "  outside pool" : "  reserved at boot", 16))\(Layout.padLeft(style.size(reserved), sizeWidth))   \(style.dim("installed − \(ledger.memTotalName) (\(ByteFormat.percent(ledger.share(reserved))))"))"
            )
            for bucket in ledger.reserved where bucket.bytes.bytes != 0 {
                out.append(
                    "  \(bucket.isUntrusted ? "?" : " ") \(Layout.pad(bucket.name, 42))\(Layout.padLeft(style.size(bucket.bytes), sizeWidth))   \(style.dim(bucket.source))"
                )
            }
        } else {
            out.append(
                "\(style.bold(Layout.pad("Installed RAM", 16)))\(Layout.padLeft("unknown", sizeWidth))   \(Layout.safe(ledger.installedMissing ?? "no source could be read"))"
            )
        }
        out.append(
            "\(style.bold(Layout.pad(ledger.memTotalName, 16)))\(Layout.padLeft(style.size(ledger.memTotal), sizeWidth))   \(style.dim(ledger.memTotalSource))"
        )
        out.append("")
        out.append(bar(ledger, style: style, width: min(max(20, width - 2), 100), legendWidth: max(20, width)))
        out.append("")

        // The partition of MemTotal.
        out += table(ledger, style: style, width: width)
        out.append("")

        // Wired summary, what cannot be paged out for want of swap, and the translation to other tools' "used".
        out += wiredLines(snapshot, ledger, style: style)
        let t = ledger.translation
        var used = "\(style.size(t.usedAsFree)) \(t.usedLabel) (\(t.usedFormula))"
        if let htop = t.usedAsHtop {
            used += "; \(style.size(htop)) \(t.otherUsedLabel) (\(t.otherUsedFormula))"
        }
        out.append("\(style.bold(Layout.pad("Used", 10)))\(Layout.safe(used))")
        out.append(
            "\(style.bold(Layout.pad("Available", 10)))\(style.size(t.available)) \(style.dim("(\(t.availableSource))"))"
        )

        if let darwin = snapshot.darwin, let figures = ActivityMonitorFigures.of(darwin) {
            out += MacReport.lines(figures, style: style)
        }
        if let pressure { out += PressureView.lines(pressure, style: style) }

        let untrusted = (ledger.reserved + ledger.buckets).compactMap { bucket in
            bucket.untrusted.map { "? \(bucket.name): untrusted: \($0)" }
        }
        let notes =
            untrusted + ledger.buckets.compactMap { bucket in bucket.note.map { "\(bucket.name): \($0)" } }
            + ledger.notes
        if !notes.isEmpty {
            out.append("")
            out.append(style.bold("Notes"))
            for note in notes { out.append("  * \(Layout.safe(note))") }
        }
        if !snapshot.problems.isEmpty {
            out.append("")
            out.append(style.bold("Sources not available or not trusted"))
            for problem in snapshot.problems { out.append("  - \(Layout.safe(problem.description))") }
        }
        out.append("")
        out.append(style.dim("`wired explain TERM` explains any bucket or class; `--json` for scripts."))
        return out.flatMap { $0.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) }
            .flatMap { Layout.wrap($0, width: width, indent: Layout.hangingIndent($0)) }.joined(separator: "\n")
    }

    /// The bucket table.
    ///
    /// Each row ends with the bucket's source when every row fits in `width`; on a narrower terminal the name
    /// column shrinks and each source goes on indented lines of its own below its row.
    static func table(_ ledger: Ledger, style: Style, width: Int) -> [String] {
        let sizeWidth = style.exactBytes ? 16 : 10
        let shown = ledger.buckets.filter { $0.bytes.bytes != 0 || $0.memoryClass == .unexplained }
        let wideName = 46
        let wideRow = 2 + wideName + sizeWidth + 2 + 6 + 2 + 14
        let wide = shown.allSatisfy { wideRow + Layout.width(Layout.safe($0.source)) <= width }
        let nameWidth = wide ? wideName : 36
        var out: [String] = []
        out.append(
            style.dim(
                "  \(Layout.pad("Bucket", nameWidth))\(Layout.padLeft("Size", sizeWidth))  \(Layout.padLeft("Share", 6))  \(wide ? Layout.pad("Class", 14) + "Source" : "Class, then source")"
            )
        )
        for bucket in shown {
            let classLabel =
                bucket.memoryClass == .wired && bucket.wiredKind != nil
                ? "wired·\(bucket.wiredKind?.rawValue ?? "")" : bucket.memoryClass.rawValue
            let marker = bucket.isUntrusted ? "?" : bucket.note == nil ? " " : "*"
            let row =
                "\(marker) \(Layout.pad(Layout.cut(bucket.name, nameWidth - 1), nameWidth))\(Layout.padLeft(style.size(bucket.bytes), sizeWidth))  \(Layout.padLeft(ByteFormat.percent(ledger.share(bucket.bytes)), 6))  \(style.colored(wide ? Layout.pad(classLabel, 14) : classLabel, bucket.memoryClass))"
            if wide {
                out.append(row + style.dim(bucket.source))
            } else {
                out.append(row)
                out += Layout.wrap("    " + Layout.safe(bucket.source), width: width, indent: 4).map(style.dim)
            }
            if bucket.id == .unexplained { out += SuspectView.lines(ledger, style: style) }
        }
        let empty = ledger.buckets.filter { $0.bytes.bytes == 0 && $0.memoryClass != .unexplained }.map(\.name)
        if !empty.isEmpty {
            out.append(style.dim("  Zero: " + empty.joined(separator: ", ")))
        }
        for unknown in ledger.unknown {
            out.append(
                "  \(Layout.pad(unknown.name, nameWidth))\(Layout.padLeft("unknown", sizeWidth))  \(style.dim(unknown.reason))"
            )
        }
        return out
    }

    /// The Wired line (pinned memory only), the memory that stays in RAM for want of swap, and the
    /// unexplained rest.
    static func wiredLines(_ snapshot: Snapshot, _ ledger: Ledger, style: Style) -> [String] {
        var out: [String] = []
        let wired = ledger.wired
        var wiredParts = ["kernel \(style.size(wired.kernel))", "user \(style.size(wired.user))"]
        if snapshot.meta.os == .macOS {
            wiredParts = ["kernel, drivers, GPU and locked memory (`wired owners` names them from zprint)"]
        }
        out.append(
            "\(style.bold(Layout.pad("Wired", 10), .wired))\(style.bold(style.size(wired.total)))\(ledger.buckets.contains { $0.memoryClass == .wired && $0.isUntrusted } ? " ?" : "") (\(ByteFormat.percent(ledger.share(wired.total)))) = \(wiredParts.joined(separator: " + "))"
        )
        let unswappable = ledger.totals.unswappable
        if unswappable.bytes > 0 {
            let reason = ledger.unswappableReason.map { ": \($0)" } ?? ""
            out.append(
                "\(Layout.pad("", 10))\(style.colored("App and shared memory, \(style.size(unswappable)), cannot be paged out either\(reason)", .unswappable))"
            )
        }
        if ledger.totals.unexplained.bytes > 0 {
            out.append(
                "\(Layout.pad("", 10))\(style.dim("plus \(style.size(ledger.totals.unexplained)) unexplained, most likely kernel or driver memory that is wired too"))"
            )
        }
        return out
    }

    /// The first line: host, kernel, time, source.
    public static func header(_ meta: SnapshotMeta, style: Style) -> String {
        let system = meta.os == .linux ? "Linux \(meta.kernel)" : "macOS \(meta.kernel)"
        return style.bold("wired")
            + Layout.safe(
                " · \(meta.hostname) · \(system) \(meta.arch) · \(meta.takenAt.iso8601.replacingFirst("T", with: " ").replacingFirst("Z", with: " UTC")) · \(meta.source)"
            )
    }

    /// A one-line bar of installed RAM by class, with a legend.
    ///
    /// The legend breaks into lines of at most `legendWidth` columns (default: the bar's width).
    public static func bar(_ ledger: Ledger, style: Style, width: Int, legendWidth: Int? = nil) -> String {
        var byClass: [(MemoryClass, Int64)] = MemoryClass.allCases.map { memoryClass in
            (memoryClass, ledger.buckets.filter { $0.memoryClass == memoryClass }.map(\.bytes).sum().bytes)
        }
        byClass = byClass.map { ($0.0, $0.0 == .reserved ? ledger.reserved.map(\.bytes).sum().bytes : $0.1) }
        let barWidth = max(10, width - 2)
        var line = "["
        for (memoryClass, count) in Layout.cells(byClass, width: barWidth) where count > 0 {
            let cells = String(repeating: style.color ? "█" : String(Style.letter(memoryClass)), count: count)
            line += style.colored(cells, memoryClass)
        }
        line += "]"
        let legend = byClass.filter { $0.1 > 0 }.map { memoryClass, bytes in
            let mark = style.color ? style.colored("█", memoryClass) : String(Style.letter(memoryClass))
            return "\(mark) \(memoryClass.rawValue) \(ByteFormat.percent(ledger.share(ByteCount(bytes: bytes))))"
        }
        // The legend, on as many lines as the bar's width needs.
        var lines = [line]
        var current = ""
        for entry in legend {
            if !current.isEmpty,
                1 + Layout.visibleWidth(current) + 2 + Layout.visibleWidth(entry) > (legendWidth ?? width)
            {
                lines.append(" " + current)
                current = ""
            }
            current += (current.isEmpty ? "" : "  ") + entry
        }
        if !current.isEmpty { lines.append(" " + current) }
        return lines.joined(separator: "\n")
    }
}

extension String {
    /// The string with its first occurrence of `target` replaced.
    func replacingFirst(_ target: Character, with replacement: String) -> String {
        guard let index = firstIndex(of: target) else { return self }
        return String(self[..<index]) + replacement + String(self[self.index(after: index)...])
    }
}
