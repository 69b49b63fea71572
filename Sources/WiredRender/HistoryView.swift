public import WiredCore
public import WiredJSON

/// `wired history`: figures over time, as a compact chart with the numbers, CSV, or JSON.
public enum HistoryView {
    static let blocks: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]

    /// A chart line per column (the last value of each time slot, scaled from the column's least to its most),
    /// then the numbers at up to `rows` moments evenly spread, first and last included.
    public static func render(_ table: HistoryTable, rows: Int = 12, style: Style, width: Int) -> String {
        guard let first = table.rows.first, let last = table.rows.last else {
            return "No samples in this span."
        }
        var out = [
            style.bold("History")
                + style.dim(
                    " · \(Timestamp(seconds: Int64(first.time)).iso8601) to \(Timestamp(seconds: Int64(last.time)).iso8601) · \(ByteFormat.grouped(Int64(table.rows.count))) samples"
                )
        ]
        let boots = Set(table.rows.map(\.boot))
        if boots.count > 1 { out.append(style.dim("spans \(boots.count) boots: │ in the chart marks a reboot")) }
        let chartWidth = max(10, width - 34)
        for (index, column) in table.columns.enumerated() {
            let values = table.rows.map { $0.values[index] }
            let present = values.compactMap { $0 }
            guard let low = present.min(), let high = present.max() else { continue }
            out.append("")
            out.append(style.bold(Layout.safe(column.name)))
            out.append("  " + chart(table, column: index, width: chartWidth, low: low, high: high))
            out.append(
                style.dim(
                    "  least \(style.size(ByteCount(bytes: low))) · most \(style.size(ByteCount(bytes: high))) · "
                        + "first \(present.first.map { style.size(ByteCount(bytes: $0)) } ?? "-") · last "
                        + "\(present.last.map { style.size(ByteCount(bytes: $0)) } ?? "-")"
                )
            )
        }
        out.append("")
        out.append(numbers(table, rows: rows, style: style))
        return out.joined(separator: "\n")
    }

    /// One line of blocks; a slot with no value is a space, a boot boundary a │.
    static func chart(_ table: HistoryTable, column: Int, width: Int, low: Int64, high: Int64) -> String {
        guard let first = table.rows.first?.time, let last = table.rows.last?.time else { return "" }
        let slots = min(width, table.rows.count)
        var cells = [Character](repeating: " ", count: slots)
        var slotBoot = [Int?](repeating: nil, count: slots)
        for row in table.rows {
            let slot =
                last > first
                ? min(slots - 1, Int(((row.time - first) / (last - first) * Double(slots - 1)).rounded())) : 0
            if let previous = slotBoot[slot], previous != row.boot { cells[slot] = "│" }
            slotBoot[slot] = row.boot
            guard cells[slot] != "│", let value = row.values[column] else { continue }
            let level = high > low ? Int(Double(value - low) / Double(high - low) * Double(blocks.count - 1)) : 0
            cells[slot] = blocks[max(0, min(blocks.count - 1, level))]
        }
        return String(cells)
    }

    /// The table of numbers: time, then one column per figure.
    static func numbers(_ table: HistoryTable, rows: Int, style: Style) -> String {
        let count = table.rows.count
        let picked = count <= rows ? Array(0..<count) : (0..<rows).map { $0 * (count - 1) / max(1, rows - 1) }
        var lines = [
            style.bold(
                Layout.pad("time (UTC)", 22)
                    + table.columns.map { Layout.padLeft(Layout.safe(String($0.name.prefix(14))), 15) }.joined()
            )
        ]
        for index in picked {
            let row = table.rows[index]
            let time = Timestamp(seconds: Int64(row.time)).iso8601
            lines.append(
                Layout.pad(time, 22)
                    + row.values.map { Layout.padLeft($0.map { style.size(ByteCount(bytes: $0)) } ?? "-", 15) }.joined()
            )
        }
        return lines.joined(separator: "\n")
    }

    /// CSV: a header `time,boot,<column keys>`, then one line per sample, bytes exact, empty where unseen.
    public static func csv(_ table: HistoryTable) -> String {
        func quoted(_ text: String) -> String {
            text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" })
                ? "\"" + text.split(separator: "\"", omittingEmptySubsequences: false).joined(separator: "\"\"") + "\""
                : text
        }
        var lines = [
            (["time", "boot"] + table.columns.map { quoted(TerminalSafe.escape($0.key)) }).joined(separator: ",")
        ]
        for row in table.rows {
            let time = Timestamp(seconds: Int64(row.time)).iso8601
            lines.append(([time, "\(row.boot)"] + row.values.map { $0.map(String.init) ?? "" }).joined(separator: ","))
        }
        return lines.joined(separator: "\n")
    }

    /// JSON: `{"columns": [{key, name}], "samples": [{"time", "unixTime", "boot", "<key>": bytes, …}]}`, with
    /// `"source"` first when given (`wired serve`'s `/api/history`).
    public static func write(_ table: HistoryTable, source: String? = nil, to json: inout JSONWriter) {
        json.beginObject()
        if let source { json.field("source", source) }
        json.key("columns")
        json.beginArray()
        for column in table.columns {
            json.beginObject()
            json.field("key", column.key)
            json.field("name", column.name)
            json.endObject()
        }
        json.endArray()
        json.key("samples")
        json.beginArray()
        for row in table.rows {
            json.beginObject()
            json.field("time", Timestamp(seconds: Int64(row.time)).iso8601)
            json.field("unixTime", row.time)
            json.field("boot", row.boot)
            for (column, value) in zip(table.columns, row.values) { json.field(column.key, value) }
            json.endObject()
        }
        json.endArray()
        json.endObject()
    }
}
