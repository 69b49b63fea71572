/// Turns frames into the bytes that draw them: only what changed, with absolute cursor moves.
///
/// Pure: it compares two frames and returns bytes, so it is tested without a terminal. The bytes assume what
/// ``TerminalSession`` sets up: the alternate screen, autowrap off, the cursor hidden, and the pen in the
/// default style at the start of every update (each update ends by resetting it). The sequences are in
/// docs/terminal.md.
///
/// - An update writes each run of changed cells after one cursor move (`ESC [ row ; column H`, 1-based; the
///   row alone for column 1, nothing at all for 1;1). A gap of unchanged cells between two changes is written
///   again when that takes fewer bytes than a move.
/// - A style is written only where it differs from the pen, as the shorter of a change from the pen or a reset
///   and the whole style (`ESC [ 0 ; 1 ; 31 m`).
/// - With ``colors`` off no colour code is written, and cells that differ only in colour are not redrawn; bold,
///   dim, underline and reverse are kept, since they are not colour (NO_COLOR's own rule) and a selection bar
///   needs reverse to be seen.
public struct Renderer: Sendable {
    /// Whether colour codes are written.
    public var colors: Bool

    /// A renderer; `colors` false for NO_COLOR, `--color never` and terminals without colour.
    public init(colors: Bool = true) {
        self.colors = colors
    }

    /// The bytes that turn a screen showing `previous` into one showing `next`: nothing when they are the same,
    /// a full repaint when `previous` is `nil` or of another size.
    public func update(from previous: Frame?, to next: Frame) -> [UInt8] {
        guard let previous, previous.size == next.size else { return repaint(next) }
        var output = Output(colors: colors)
        output.draw(next, over: previous)
        return output.finish()
    }

    /// The bytes that clear the screen and draw `frame` whole: for the first frame, a resize and Ctrl-L.
    public func repaint(_ frame: Frame) -> [UInt8] {
        var output = Output(colors: colors)
        output.bytes.append(contentsOf: ControlSequence.reset + ControlSequence.home + ControlSequence.clearScreen)
        output.cursor = (0, 0)
        output.draw(frame, over: Frame(size: frame.size))
        return output.finish()
    }
}

/// The escape sequences the module writes (ECMA-48 and DEC private modes; see docs/terminal.md).
enum ControlSequence {
    static let escape: UInt8 = 0x1B
    /// SGR 0: every attribute off, default colours.
    static let reset = Array("\u{1B}[0m".utf8)
    /// CUP with no parameters: row 1, column 1.
    static let home = Array("\u{1B}[H".utf8)
    /// ED 2: erase the whole screen (in the default background, after a reset).
    static let clearScreen = Array("\u{1B}[2J".utf8)
    /// DEC mode 2026 set and reset: the terminal shows what comes between at once (synchronized output).
    static let beginSynchronized = Array("\u{1B}[?2026h".utf8)
    static let endSynchronized = Array("\u{1B}[?2026l".utf8)
    /// Enter: alternate screen with the cursor saved (1049), cursor hidden (25), autowrap off (7).
    static let enter = Array("\u{1B}[?1049h\u{1B}[?25l\u{1B}[?7l".utf8)
    /// Restore: end any synchronized frame, reset the pen, autowrap on, cursor shown, main screen and cursor
    /// back (1049 last, so the main screen is what stays).
    static let restore = Array("\u{1B}[?2026l\u{1B}[0m\u{1B}[?7h\u{1B}[?25h\u{1B}[?1049l".utf8)
}

/// The bytes of one update as they are built, with where the terminal's cursor and pen are.
private struct Output {
    let colors: Bool
    var bytes: [UInt8] = []
    /// Where the cursor is, or `nil` when unknown (at the start, and after the last column was written).
    var cursor: (row: Int, column: Int)?
    var pen = CellStyle.plain

    init(colors: Bool) {
        self.colors = colors
        bytes.reserveCapacity(256)
    }

    func style(_ cell: Cell) -> CellStyle { colors ? cell.style : cell.style.withoutColors }

    func same(_ a: Cell, _ b: Cell) -> Bool {
        colors ? a == b : a.text == b.text && a.width == b.width && style(a) == style(b)
    }

    /// Writes every cell of `next` that differs from `previous` (same size).
    mutating func draw(_ next: Frame, over previous: Frame) {
        let columns = next.size.columns
        for (index, cell) in next.cells.enumerated() {
            // The right half of a wide character is drawn with its left half, which differs whenever it does.
            if cell.isContinuation || same(cell, previous.cells[index]) { continue }
            let row = index / columns
            let column = index % columns
            moveOrBridge(to: row, column, in: next)
            write(cell, at: row, column, columns: columns)
        }
    }

    /// Brings the cursor to `row`, `column`: by rewriting the unchanged cells between when that is shorter than
    /// a move and they are in the pen's style, else by a move.
    mutating func moveOrBridge(to row: Int, _ column: Int, in frame: Frame) {
        if let cursor, cursor.row == row, cursor.column == column { return }
        let move = Self.move(to: row, column)
        if let cursor, cursor.row == row, cursor.column < column,
            let gap = bridge(row: row, from: cursor.column, to: column, in: frame, limit: move.count)
        {
            bytes.append(contentsOf: gap)
        } else {
            bytes.append(contentsOf: move)
        }
        self.cursor = (row, column)
    }

    /// The text of cells `start..<end` of `row` when all are in the pen's style and it is shorter than `limit`.
    func bridge(row: Int, from start: Int, to end: Int, in frame: Frame, limit: Int) -> [UInt8]? {
        var gap: [UInt8] = []
        for column in start..<end {
            let cell = frame[row, column]
            guard style(cell) == pen else { return nil }
            gap.append(contentsOf: cell.text.utf8)
            if gap.count >= limit { return nil }
        }
        return gap
    }

    /// Writes `cell` at the cursor, changing the pen first if needed.
    mutating func write(_ cell: Cell, at row: Int, _ column: Int, columns: Int) {
        let wanted = style(cell)
        if wanted != pen {
            bytes.append(contentsOf: Self.change(from: pen, to: wanted))
            pen = wanted
        }
        bytes.append(contentsOf: cell.text.utf8)
        let after = column + max(1, cell.width)
        // After the last column the cursor stays on it (autowrap off) or waits to wrap: either way, move next time.
        cursor = after < columns ? (row, after) : nil
    }

    /// Ends the update with the pen back in the default style.
    mutating func finish() -> [UInt8] {
        if pen != .plain, !bytes.isEmpty { bytes.append(contentsOf: ControlSequence.reset) }
        return bytes
    }

    /// CUP to a 0-based `row`, `column`, in its shortest form.
    static func move(to row: Int, _ column: Int) -> [UInt8] {
        var move: [UInt8] = [ControlSequence.escape, UInt8(ascii: "[")]
        if row > 0 || column > 0 { appendNumber(row + 1, to: &move) }
        if column > 0 {
            move.append(UInt8(ascii: ";"))
            appendNumber(column + 1, to: &move)
        }
        move.append(UInt8(ascii: "H"))
        return move
    }

    /// SGR from `pen` to `style`: the shorter of the change and a reset followed by the whole style.
    static func change(from pen: CellStyle, to style: CellStyle) -> [UInt8] {
        let whole = [0] + codes(of: style)
        var delta: [Int] = []
        if (pen.bold && !style.bold) || (pen.dim && !style.dim) {
            delta.append(22)  // normal intensity: bold and dim off together
            if style.bold { delta.append(1) }
            if style.dim { delta.append(2) }
        } else {
            if style.bold && !pen.bold { delta.append(1) }
            if style.dim && !pen.dim { delta.append(2) }
        }
        if style.underline != pen.underline { delta.append(style.underline ? 4 : 24) }
        if style.reverse != pen.reverse { delta.append(style.reverse ? 7 : 27) }
        if style.foreground != pen.foreground { delta.append(style.foreground?.foregroundCode ?? 39) }
        if style.background != pen.background { delta.append(style.background?.backgroundCode ?? 49) }
        let deltaBytes = sgr(delta)
        let wholeBytes = sgr(whole)
        return deltaBytes.count <= wholeBytes.count ? deltaBytes : wholeBytes
    }

    /// The SGR codes that set `style` from the default.
    static func codes(of style: CellStyle) -> [Int] {
        var codes: [Int] = []
        if style.bold { codes.append(1) }
        if style.dim { codes.append(2) }
        if style.underline { codes.append(4) }
        if style.reverse { codes.append(7) }
        if let foreground = style.foreground { codes.append(foreground.foregroundCode) }
        if let background = style.background { codes.append(background.backgroundCode) }
        return codes
    }

    static func sgr(_ codes: [Int]) -> [UInt8] {
        var bytes: [UInt8] = [ControlSequence.escape, UInt8(ascii: "[")]
        for (index, code) in codes.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ";")) }
            appendNumber(code, to: &bytes)
        }
        bytes.append(UInt8(ascii: "m"))
        return bytes
    }

    /// Appends `number` (not negative) in decimal.
    static func appendNumber(_ number: Int, to bytes: inout [UInt8]) {
        if number >= 10 { appendNumber(number / 10, to: &bytes) }
        bytes.append(UInt8(ascii: "0") + UInt8(number % 10))
    }
}
