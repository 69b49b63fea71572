public import WiredCore

/// A column of a pane's table.
public struct PaneColumn: Hashable, Sendable {
    /// Heading.
    public var title: String
    /// Columns it takes (the last column of a pane takes what is left).
    public var width: Int
    /// Numbers are right-aligned.
    public var right: Bool

    init(_ title: String, _ width: Int, right: Bool = true) {
        self.title = title
        self.width = width
        self.right = right
    }
}

/// How a row is drawn.
public enum RowKind: Hashable, Sendable {
    /// An ordinary row.
    case plain
    /// A row of wired memory (locked, pinned, kernel): its figures in wired red.
    case wired
    /// A section's heading (the Kernel pane).
    case heading
    /// A note in place of rows: why there are none.
    case note
    /// Growth: more than at the start.
    case grew
    /// Growth: less than at the start.
    case shrank
}

/// One row of a pane: its cells, and what the keys need to know of it.
public struct PaneRow: Hashable, Sendable {
    /// The key handling's view of the row.
    public var entry: ListEntry
    /// One text per column.
    public var cells: [String]
    /// How it is drawn.
    public var kind: RowKind

    init(_ entry: ListEntry, _ cells: [String], _ kind: RowKind = .plain) {
        self.entry = entry
        self.cells = cells
        self.kind = kind
    }

    /// A note row, not selectable in any useful way.
    static func note(_ id: String, _ text: String, columns: Int) -> PaneRow {
        PaneRow(ListEntry(id: id, text: text), Array(repeating: "", count: columns - 1) + [text], .note)
    }
}

/// A pane's table: columns and rows, filtered and sorted.
public struct PaneTable: Hashable, Sendable {
    /// The columns; the last takes the rest of the line.
    public var columns: [PaneColumn]
    /// The rows, in order.
    public var rows: [PaneRow]
    /// A line above the table (the Growth pane's start), or `nil`.
    public var caption: String?

    /// The rows as the key handling sees them.
    public var entries: [ListEntry] { rows.map(\.entry) }
}

/// The panes' tables: pure functions of the findings and the state.
public enum WatchPanes {
    /// The table of the pane `state` shows; `start` is what the Growth pane counts from: the first reading, or
    /// what `startLabel` says it is (a recorded sample).
    public static func table(
        _ findings: WatchFindings,
        start: WatchFindings?,
        startLabel: String? = nil,
        state: WatchState
    ) -> PaneTable {
        var table: PaneTable
        switch state.pane {
        case .processes: table = processes(findings, state: state)
        case .services: table = services(findings)
        case .owners: table = owners(findings, expanded: state.expanded)
        case .kernel: table = kernel(findings)
        case .growth: table = growth(findings, start: start ?? findings, label: startLabel)
        }
        if !state.filter.isEmpty {
            table.rows = table.rows.filter { $0.kind == .heading || $0.entry.text.containsIgnoringCase(state.filter) }
        }
        return table
    }

    /// A compact size for a column ("12M", "1.5G"), "-" when it could not be read.
    static func size(_ bytes: ByteCount?) -> String {
        guard let bytes else { return "-" }
        return ByteFormat.compact(bytes.bytes)
    }

    /// A compact signed size ("+12M", "-3K").
    static func signed(_ bytes: Int64) -> String {
        bytes > 0 ? "+" + ByteFormat.compact(bytes) : ByteFormat.compact(bytes)
    }
}
