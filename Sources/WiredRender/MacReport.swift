public import WiredCore
public import WiredJSON

/// Activity Monitor's Memory tab, memory pressure and the free percentage, for macOS readings.
public enum MacReport {
    /// The text block shown under the ledger.
    public static func lines(_ figures: ActivityMonitorFigures, style: Style) -> [String] {
        var out: [String] = [
            "", style.bold(figures.era == "modern" ? "Activity Monitor" : "Activity Monitor (10.3–10.8)"),
        ]
        let width = style.exactBytes ? 16 : 10
        for figure in figures.figures {
            let value = figure.bytes.map { style.size($0) } ?? "unknown"
            let how = figure.bytes == nil ? (figure.unknownReason ?? "") : figure.formula
            out.append("  \(Layout.pad(figure.name, 20))\(Layout.padLeft(value, width))   \(style.dim(how))")
        }
        let pressure = figures.pressure
        let pressureText =
            pressure.level == nil
            ? "unknown (\(pressure.source))" : "\(pressure.name) (\(pressure.source) = \(pressure.level ?? 0))"
        out.append("  \(Layout.pad("Memory Pressure", 20))\(Layout.safe(pressureText))")
        var free = "  \(Layout.pad("Free percentage", 20))"
        if let printed = figures.freePercentage.printed {
            free += "\(printed)% (\(figures.freePercentage.printedSource ?? ""))"
            if let computed = figures.freePercentage.computed {
                free += "; \(ByteFormat.decimal(computed, places: 1))% computed"
            }
        } else if let computed = figures.freePercentage.computed {
            free += "\(ByteFormat.decimal(computed, places: 1))% computed"
        } else {
            free += "unknown"
        }
        out.append(Layout.safe(free))
        out.append("  \(Layout.pad("", 20))\(style.dim(figures.freePercentage.computedNote))")
        if let ratio = figures.compressionRatio {
            out.append(
                "  \(Layout.pad("Compression", 20))\(ByteFormat.decimal(ratio, places: 1))× (stored ÷ occupied compressor pages)"
            )
        }
        if let gap = figures.gap {
            out.append(
                "  \(Layout.pad("Not in the counters", 20))\(Layout.padLeft(style.size(gap), width))   \(style.dim("hw.memsize − Σ of the pages the VM counters list; Apple silicon keeps about 2% of RAM outside them, so the figures above never add up to Physical Memory"))"
            )
        }
        if !figures.paging.isEmpty {
            let parts = figures.paging.compactMap { figure in
                figure.bytes.map { "\(figure.name.lowercased()) \(style.size($0))" }
            }
            out.append(
                "  \(Layout.pad("Paging since boot", 20))\(parts.joined(separator: ", ")) \(style.dim("(vm_stat counters × page size; rates need two captures: `wired diff`)"))"
            )
        }
        for (index, figure) in figures.tagStorage.enumerated() {
            let name = index == 0 ? figure.name : "  " + figure.name
            let value = figure.bytes.map { style.size($0) } ?? "unknown"
            out.append("  \(Layout.pad(name, 20))\(Layout.padLeft(value, width))   \(style.dim(figure.formula))")
        }
        if !figures.top.isEmpty {
            let parts = figures.top.compactMap { figure in figure.bytes.map { "\(figure.name) \(style.size($0))" } }
            out.append(
                "  \(Layout.pad("top", 20))\(Layout.safe(parts.joined(separator: ", "))) \(style.dim("(PhysMem line, rounded by top)"))"
            )
        }
        return out
    }

    /// The `activityMonitor` object of the status JSON.
    public static func write(_ figures: ActivityMonitorFigures, to json: inout JSONWriter) {
        json.key("activityMonitor")
        json.beginObject()
        json.field("era", figures.era)
        json.key("figures")
        json.beginArray()
        for figure in figures.figures { writeFigure(figure, to: &json) }
        json.endArray()
        json.key("pressure")
        json.beginObject()
        json.field("level", int64(figures.pressure.level))
        json.field("name", figures.pressure.name)
        json.field("source", figures.pressure.source)
        json.endObject()
        json.key("freePercentage")
        json.beginObject()
        json.field("printed", int64(figures.freePercentage.printed))
        json.field("printedSource", figures.freePercentage.printedSource)
        json.field("computed", figures.freePercentage.computed)
        json.field("computedNote", figures.freePercentage.computedNote)
        json.endObject()
        json.field("gapBytes", figures.gap?.bytes)
        json.field("compressionRatio", figures.compressionRatio)
        for (key, list) in [("top", figures.top), ("paging", figures.paging), ("tagStorage", figures.tagStorage)] {
            json.key(key)
            json.beginArray()
            for figure in list { writeFigure(figure, to: &json) }
            json.endArray()
        }
        json.endObject()
    }

    static func int64(_ value: Int?) -> Int64? { value.map { Int64($0) } }

    static func writeFigure(_ figure: ActivityMonitorFigures.Figure, to json: inout JSONWriter) {
        json.beginObject()
        json.field("name", figure.name)
        json.field("bytes", figure.bytes?.bytes)
        json.field("formula", figure.formula)
        json.field("unknownReason", figure.unknownReason)
        json.endObject()
    }
}
