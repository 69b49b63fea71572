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
        out.append(bar(ledger, style: style, width: min(max(20, width - 2), 100)))
        out.append("")

        // The partition of MemTotal.
        let nameWidth = 46
        out.append(
            style.dim(
                "  \(Layout.pad("Bucket", nameWidth))\(Layout.padLeft("Size", sizeWidth))  \(Layout.padLeft("Share", 6))  \(Layout.pad("Class", 14))Source"
            )
        )
        var empty: [String] = []
        for bucket in ledger.buckets {
            if bucket.bytes.bytes == 0 && bucket.memoryClass != .unexplained {
                empty.append(bucket.name)
                continue
            }
            let classLabel =
                bucket.memoryClass == .wired && bucket.wiredKind != nil
                ? "wired·\(bucket.wiredKind == .noSwap ? "noswap" : bucket.wiredKind?.rawValue ?? "")"
                : bucket.memoryClass.rawValue
            let marker = bucket.isUntrusted ? "?" : bucket.note == nil ? " " : "*"
            out.append(
                "\(marker) \(Layout.pad(Layout.cut(bucket.name, nameWidth - 1), nameWidth))\(Layout.padLeft(style.size(bucket.bytes), sizeWidth))  \(Layout.padLeft(ByteFormat.percent(ledger.share(bucket.bytes)), 6))  \(style.colored(Layout.pad(classLabel, 14), bucket.memoryClass))\(style.dim(bucket.source))"
            )
            if bucket.id == "unexplained" { out += SuspectView.lines(ledger, style: style) }
        }
        if !empty.isEmpty {
            out.append(style.dim("  Zero: " + empty.joined(separator: ", ")))
        }
        for unknown in ledger.unknown {
            out.append(
                "  \(Layout.pad(unknown.name, nameWidth))\(Layout.padLeft("unknown", sizeWidth))  \(style.dim(unknown.reason))"
            )
        }
        out.append("")

        // Wired summary and the translation to other tools' "used".
        let wired = ledger.wired
        var wiredParts = ["kernel \(style.size(wired.kernel))", "user \(style.size(wired.user))"]
        if snapshot.meta.os == .macOS {
            wiredParts = ["kernel, drivers, GPU and locked memory (`wired owners` names them from zprint)"]
        }
        if wired.noSwap.bytes > 0 {
            wiredParts.append("app and shared memory with no swap to go to \(style.size(wired.noSwap))")
        }
        out.append(
            "\(style.bold(Layout.pad("Wired", 10), .wired))\(style.bold(style.size(wired.total)))\(ledger.buckets.contains { $0.memoryClass == .wired && $0.isUntrusted } ? " ?" : "") (\(ByteFormat.percent(ledger.share(wired.total)))) = \(wiredParts.joined(separator: " + "))"
        )
        if ledger.totals.unexplained.bytes > 0 {
            out.append(
                "\(Layout.pad("", 10))\(style.dim("plus \(style.size(ledger.totals.unexplained)) unexplained, most likely kernel or driver memory that is wired too"))"
            )
        }
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
        return out.joined(separator: "\n")
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
    public static func bar(_ ledger: Ledger, style: Style, width: Int) -> String {
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
        return line + "\n " + legend.joined(separator: "  ")
    }
}

extension String {
    /// The string with its first occurrence of `target` replaced.
    func replacingFirst(_ target: Character, with replacement: String) -> String {
        guard let index = firstIndex(of: target) else { return self }
        return String(self[..<index]) + replacement + String(self[self.index(after: index)...])
    }
}
