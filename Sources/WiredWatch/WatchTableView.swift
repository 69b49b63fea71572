import WiredCore
import WiredTerminal

/// Draws a pane's table: the caption, the heading (reversed, the sort column bold), the rows on the page, the
/// selected one reversed.
struct WatchTableView {
    var table: PaneTable
    /// The state, settled on the table's rows.
    var state: WatchState
    var colors: Bool

    /// Draws lines `from` up to (not including) `end`.
    func draw(_ frame: inout Frame, from first: Int, to end: Int) {
        var line = first
        if let caption = table.caption {
            frame.put(caption, row: line, column: 0, style: CellStyle(dim: true))
            line += 1
        }
        heading(&frame, row: line)
        line += 1
        var index = state.top
        while line < end, index < table.rows.count {
            draw(table.rows[index], selected: index == state.selected, into: &frame, row: line)
            index += 1
            line += 1
        }
    }

    func heading(_ frame: inout Frame, row: Int) {
        let style = CellStyle(reverse: true)
        frame.fill(row: row, style: style)
        var column = 0
        for (index, spec) in table.columns.enumerated() {
            let sorted = state.pane == .processes && index == state.sort.rawValue
            let title = sorted ? spec.title + (state.inverted ? "▲" : "▼") : spec.title
            let width = index == table.columns.count - 1 ? frame.size.columns - column : spec.width
            let text = spec.right ? pad(title, width) : title
            frame.put(text, row: row, column: column, style: CellStyle(bold: sorted, reverse: true), limit: width)
            column += width
        }
    }

    func draw(_ row: PaneRow, selected: Bool, into frame: inout Frame, row line: Int) {
        var base = CellStyle()
        switch row.kind {
        case .heading: base.bold = true
        case .note: base.dim = true
        default: break
        }
        if selected {
            base.reverse = true
            frame.fill(row: line, style: base)
        }
        if row.kind == .heading || row.kind == .note {
            frame.put(
                TerminalSafe.escape(row.cells.last ?? "", fitting: frame.size.columns - 1),
                row: line,
                column: 1,
                style: base
            )
            return
        }
        var column = 0
        for (index, spec) in table.columns.enumerated() where index < row.cells.count {
            let last = index == table.columns.count - 1
            let width = last ? frame.size.columns - column : spec.width
            var style = base
            if index == wiredColumn { style.foreground = color(row.kind) }
            let text = row.cells[index]
            let shown = spec.right ? pad(text, width) : TerminalSafe.escape(text, fitting: max(0, width))
            frame.put(shown, row: line, column: column, style: style, limit: width)
            column += width
        }
    }

    /// The column coloured wired red on rows of wired memory: the Processes pane's WIRED, else the first.
    var wiredColumn: Int { state.pane == .processes ? ProcessColumn.wired.rawValue : 0 }

    func color(_ kind: RowKind) -> Color? {
        switch kind {
        case .wired: Color(MemoryClass.wired)
        case .grew: .red
        case .shrank: .green
        default: nil
        }
    }

    /// `text` right-aligned in `width` columns, with one space before it to part it from the column before.
    func pad(_ text: String, _ width: Int) -> String {
        let used = TerminalSafe.width(text)
        guard used < width else { return " " + text }
        return String(repeating: " ", count: width - used) + text
    }
}
