import WiredCore
public import WiredTerminal

/// The screen of `wired watch`: a pure function of the findings, the first reading (for growth), the state and
/// the terminal's size.
///
/// Lines: the title; the ledger bar by class over installed RAM and its legend; Wired split into its buckets;
/// available memory, swap and the pressure verdict with its first reason; the rates; the pane tabs; the table's
/// heading and rows; the bottom line (keys, the search or filter being typed, a message).
public struct WatchScreen {
    /// Lines above the table's heading.
    public static let headerLines = 7
    /// The findings shown.
    public var findings: WatchFindings
    /// What the Growth pane counts from: the view's first reading, or what ``startLabel`` says.
    public var start: WatchFindings?
    /// The words for ``start`` when it is a recorded sample ("the recorded sample nearest --since 2h").
    public var startLabel: String?
    /// What the user chose.
    public var state: WatchState
    /// Whether colours are drawn; without them the bar uses a letter per class.
    public var colors: Bool
    /// Whether readings follow (the running system), or this one is all there is (a tree, a file).
    public var live = true

    /// A screen.
    public init(findings: WatchFindings, start: WatchFindings?, state: WatchState, colors: Bool) {
        self.findings = findings
        self.start = start
        self.state = state
        self.colors = colors
    }

    /// Rows of the table that fit a terminal of `size`.
    public static func page(_ size: Size) -> Int { max(1, size.rows - headerLines - 2) }

    /// The current pane's table.
    public var table: PaneTable { WatchPanes.table(findings, start: start, startLabel: startLabel, state: state) }

    /// The frame for a terminal of `size`.
    public func frame(_ size: Size) -> Frame {
        var frame = Frame(size: size)
        let table = self.table
        let settled = state.settled(table.entries, page: Self.page(size))
        title(&frame)
        ledger(&frame, row: 1)
        frame.put(WatchHeader.available(findings), row: 4, column: 0)
        pressure(&frame, row: 4)
        frame.put(WatchHeader.rates(findings, live: live), row: 5, column: 0, style: CellStyle(dim: true))
        tabs(&frame, row: 6)
        if state.help {
            WatchHelp.draw(&frame, from: Self.headerLines, to: size.rows - 1)
        } else {
            WatchTableView(table: table, state: settled, colors: colors).draw(
                &frame,
                from: Self.headerLines,
                to: size.rows - 1
            )
        }
        bottom(&frame, row: size.rows - 1, table: table)
        return frame
    }

    /// Line 0, reversed: wired watch, host, kernel, time, source; PAUSED or the past's marker on the right.
    func title(_ frame: inout Frame) {
        let meta = findings.snapshot.meta
        let system = meta.os == .linux ? "Linux \(meta.kernel)" : "macOS \(meta.kernel)"
        let time = meta.takenAt.iso8601.replacing("T", with: " ").replacing("Z", with: " UTC")
        let bar = CellStyle(reverse: true)
        frame.fill(row: 0, style: bar)
        frame.put(
            " wired watch · \(meta.hostname) · \(system) · \(time) · \(meta.source)",
            row: 0,
            column: 0,
            style: bar
        )
        var marks: [String] = []
        if let past = state.past { marks.append("◀ PAST \(WatchPanes.date(past)) UTC · [ ] { } step · L live") }
        if state.paused { marks.append("PAUSED (p)") }
        guard !marks.isEmpty else { return }
        let text = " " + marks.joined(separator: " · ") + " "
        let width = TerminalSafe.width(text)
        let marker = CellStyle(bold: true, reverse: true, foreground: state.past != nil ? .yellow : nil)
        frame.put(text, row: 0, column: max(0, frame.size.columns - width), style: marker)
    }

    /// Lines `row` and `row + 1`: the bar of installed RAM by class and its legend; `row + 2`: Wired's parts.
    func ledger(_ frame: inout Frame, row: Int) {
        guard let total = findings.barTotal, total.bytes > 0 else {
            frame.put("no ledger: \(findings.ledgerProblem ?? "unknown")", row: row, column: 0)
            return
        }
        let width = max(10, frame.size.columns - 2)
        let parts = findings.byClass.map { ($0.0, $0.1.bytes) }
        frame.put("[", row: row, column: 0)
        var column = 1
        for (memoryClass, cells) in WatchHeader.cells(parts, width: width) where cells > 0 {
            let mark = colors ? "█" : WatchHeader.letter(memoryClass)
            column = frame.put(
                String(repeating: mark, count: cells),
                row: row,
                column: column,
                style: CellStyle(foreground: Color(memoryClass))
            )
        }
        frame.put("]", row: row, column: column)
        legend(&frame, row: row + 1, parts: parts, total: total)
        let wired = CellStyle(bold: true, foreground: .red)
        let after = frame.put("Wired ", row: row + 2, column: 0, style: wired)
        frame.put(WatchHeader.wiredParts(findings), row: row + 2, column: after)
    }

    /// The bar's legend: each class's mark and share; short names when the full ones do not fit.
    func legend(_ frame: inout Frame, row: Int, parts: [(MemoryClass, Int64)], total: ByteCount) {
        let shown = parts.filter { $0.1 > 0 }
        func entry(_ memoryClass: MemoryClass, _ bytes: Int64, short: Bool) -> String {
            let name = short ? WatchHeader.shortName(memoryClass) : memoryClass.rawValue
            return " \(name) \(ByteFormat.percent(Double(bytes) / Double(total.bytes)))  "
        }
        let full = shown.map { 1 + TerminalSafe.width(entry($0.0, $0.1, short: false)) }.reduce(0, +)
        let short = full > frame.size.columns
        var next = 0
        for (memoryClass, bytes) in shown {
            let mark = colors ? "█" : WatchHeader.letter(memoryClass)
            next = frame.put(mark, row: row, column: next, style: CellStyle(foreground: Color(memoryClass)))
            next = frame.put(entry(memoryClass, bytes, short: short), row: row, column: next)
        }
        frame.put("of \(ByteFormat.human(total.bytes))", row: row, column: next, style: CellStyle(dim: true))
    }

    /// The pressure verdict and its first reason, after available memory and swap on line `row`.
    func pressure(_ frame: inout Frame, row: Int) {
        let start = TerminalSafe.width(WatchHeader.available(findings)) + 2
        let report = findings.pressure
        let color: Color =
            switch report.verdict {
            case .ok: Color(MemoryClass.free)
            case .warning: Color(MemoryClass.compressed)
            case .critical: Color(MemoryClass.unexplained)
            case .unknown: Color(MemoryClass.reserved)
            }
        var column = frame.put("Pressure ", row: row, column: start, style: CellStyle(bold: true))
        column = frame.put(
            report.verdict.rawValue,
            row: row,
            column: column,
            style: CellStyle(bold: true, foreground: color)
        )
        let reason = WatchHeader.firstReason(report)
        frame.put(
            TerminalSafe.escape(": " + reason, fitting: max(0, frame.size.columns - column)),
            row: row,
            column: column
        )
    }

    /// The pane tabs: "1 Processes  2 Services …", the shown one reversed.
    func tabs(_ frame: inout Frame, row: Int) {
        var column = 0
        for pane in WatchPane.allCases {
            let style = pane == state.pane ? CellStyle(bold: true, reverse: true) : CellStyle(dim: false)
            column = frame.put(" \(pane.rawValue + 1) \(pane.title) ", row: row, column: column, style: style)
            column += 1
        }
        var flags: [String] = []
        if state.tree, state.pane == .processes { flags.append("tree") }
        if state.followed != nil { flags.append("following") }
        if !state.filter.isEmpty { flags.append("filter: \(state.filter)") }
        if !flags.isEmpty {
            frame.put(" " + flags.joined(separator: " · "), row: row, column: column, style: CellStyle(dim: true))
        }
    }

    /// The bottom line: what is being typed, a message, or the keys.
    func bottom(_ frame: inout Frame, row: Int, table: PaneTable) {
        let keys = CellStyle(reverse: true)
        switch state.input {
        case .search:
            frame.put("Search: " + state.search + "▏", row: row, column: 0, style: CellStyle(bold: true))
            frame.put(
                "  Enter done  Esc cancel  F3 next",
                row: row,
                column: 10 + TerminalSafe.width(state.search),
                style: CellStyle(dim: true)
            )
        case .filter:
            frame.put("Filter: " + state.filter + "▏", row: row, column: 0, style: CellStyle(bold: true))
            frame.put(
                "  Enter done  Esc clear",
                row: row,
                column: 10 + TerminalSafe.width(state.filter),
                style: CellStyle(dim: true)
            )
        case nil:
            if let message = state.message {
                frame.put(message, row: row, column: 0, style: CellStyle(bold: true))
                return
            }
            frame.fill(row: row, style: keys)
            let hint = " ?help /search \\filter Ffollow </>sort Mmem ttree ppause Tab pane qquit"
            let count = "\(table.rows.count) rows "
            let end = frame.put(hint, row: row, column: 0, style: keys)
            guard end + count.count < frame.size.columns else { return }
            frame.put(count, row: row, column: frame.size.columns - count.count, style: keys)
        }
    }
}
