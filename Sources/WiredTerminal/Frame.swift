internal import WiredCore

/// One screenful of cells in memory: what a view draws, and what ``Renderer`` compares with the frame before.
///
/// Every string put in a frame goes through `TerminalSafe.escape` first, so text chosen by other people (process
/// names, command lines) is shown with its control characters made visible and can never reach the terminal raw.
/// Widths are `TerminalSafe.width`'s: East Asian wide characters and emoji take two cells, a lone combining mark
/// is shown on a dotted circle (U+25CC) so that it takes one.
public struct Frame: Hashable, Sendable {
    /// The frame's size.
    public let size: Size
    /// The cells row by row (the renderer reads them directly).
    private(set) var cells: [Cell]

    /// A frame of spaces in the terminal's default style.
    public init(size: Size) {
        self.size = size
        cells = Array(repeating: .blank(), count: size.rows * size.columns)
    }

    /// The cell at `row`, `column`; a space outside the frame.
    public subscript(row: Int, column: Int) -> Cell {
        guard contains(row: row, column: column) else { return .blank() }
        return cells[row * size.columns + column]
    }

    private func contains(row: Int, column: Int) -> Bool {
        row >= 0 && row < size.rows && column >= 0 && column < size.columns
    }

    /// Writes `text`, made terminal-safe, at `row` from `column`, in `style`; returns the column after it.
    ///
    /// Text is cut hard at the frame's edge, or after `limit` columns: a character that does not fit whole (a
    /// wide one in the last column) is left out. For a cut with "…", pass `TerminalSafe.escape(_:fitting:)`'s
    /// result (escaping twice reads the same as once). A wide character half overwritten becomes a space.
    @discardableResult
    public mutating func put(
        _ text: String,
        row: Int,
        column: Int,
        style: CellStyle = .plain,
        limit: Int? = nil
    ) -> Int {
        guard contains(row: row, column: column) else { return column }
        let end = min(size.columns, column + max(0, limit ?? size.columns))
        let safe = TerminalSafe.escape(text)
        var next = column
        if safe.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) {
            for byte in safe.utf8 {
                guard next < end else { break }
                set(Cell(text: String(Unicode.Scalar(byte)), width: 1, style: style), row: row, column: next)
                next += 1
            }
            return next
        }
        for character in safe {
            var piece = String(character)
            var width = TerminalSafe.width(piece)
            if width == 0 {
                piece = "\u{25CC}" + piece
                width = 1
            }
            guard next + width <= end else { break }
            set(Cell(text: piece, width: width, style: style), row: row, column: next)
            next += width
        }
        return next
    }

    /// Paints `row` from `column` up to (not including) `end` with spaces in `style`: a bar, a selection line.
    public mutating func fill(row: Int, from column: Int = 0, to end: Int? = nil, style: CellStyle) {
        guard row >= 0, row < size.rows else { return }
        let last = min(size.columns, end ?? size.columns)
        var index = max(0, column)
        while index < last {
            set(.blank(style), row: row, column: index)
            index += 1
        }
    }

    /// Sets one cell (and, for a wide one, its continuation), turning any wide character it breaks into a space.
    private mutating func set(_ cell: Cell, row: Int, column: Int) {
        let index = row * size.columns + column
        if cells[index].isContinuation, column > 0 {
            cells[index - 1] = .blank(cells[index - 1].style)
        }
        if cells[index].width == 2, column + 1 < size.columns {
            cells[index + 1] = .blank(cells[index].style)
        }
        cells[index] = cell
        guard cell.width == 2 else { return }
        if cells[index + 1].width == 2, column + 2 < size.columns {
            cells[index + 2] = .blank(cells[index + 1].style)
        }
        cells[index + 1] = Cell(text: "", width: 0, style: cell.style)
    }

    /// The text of `row`: its characters left to right, trailing spaces kept.
    public func text(row: Int) -> String {
        guard row >= 0, row < size.rows else { return "" }
        var line = ""
        for column in 0..<size.columns { line += cells[row * size.columns + column].text }
        return line
    }

    /// The text of every row.
    public var lines: [String] { (0..<size.rows).map { text(row: $0) } }

    /// This frame cut or padded with spaces to `size`; a wide character cut in half by the new edge becomes a
    /// space.
    public func fitted(to size: Size) -> Frame {
        if size == self.size { return self }
        var frame = Frame(size: size)
        for row in 0..<min(size.rows, self.size.rows) {
            for column in 0..<min(size.columns, self.size.columns) {
                var cell = self[row, column]
                if cell.width == 2, column + 1 >= size.columns { cell = .blank(cell.style) }
                frame.cells[row * size.columns + column] = cell
            }
        }
        return frame
    }
}
