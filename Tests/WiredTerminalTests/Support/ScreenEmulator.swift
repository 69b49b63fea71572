import WiredCore
import WiredTerminal

/// A cell of the emulated screen.
struct ScreenCell: Equatable {
    var text = " "
    var width = 1
    var style = CellStyle.plain
}

/// A small terminal, for tests: it interprets the bytes WiredTerminal writes the way xterm does, so a test can
/// check what a user would see, and records every sequence it does not know.
///
/// Known: printable UTF-8 (wide characters take two cells, and a character written over half of one turns its
/// other half into a space, as in xterm), CR, LF, CUP (`ESC [ r ; c H`), ED 2 (`ESC [ 2 J`), SGR 0, 1, 2, 4, 7,
/// 22, 24, 27, 30–37, 39, 40–47, 49, 90, 100, and the DEC private modes 7 (autowrap), 25 (cursor), 1049
/// (alternate screen, cursor saved) and 2026 (synchronized output).
struct ScreenEmulator: CustomStringConvertible {
    let size: Size
    private(set) var cells: [[ScreenCell]]
    private(set) var cursor = (row: 0, column: 0)
    private(set) var pen = CellStyle.plain
    private(set) var alternateScreen = false
    private(set) var cursorVisible = true
    private(set) var autowrap = true
    private(set) var synchronized = false
    /// Sequences and control bytes it did not know, in order.
    private(set) var unknown: [String] = []
    private var savedMain: (cells: [[ScreenCell]], cursor: (row: Int, column: Int))?
    /// After a character in the last column with autowrap on: the next character goes to the next line.
    private var pendingWrap = false

    init(size: Size) {
        self.size = size
        cells = Self.blankScreen(size)
    }

    /// The screen holding `frame` already, as if it had been drawn.
    init(showing frame: Frame) {
        self.init(size: frame.size)
        for row in 0..<size.rows {
            for column in 0..<size.columns {
                let cell = frame[row, column]
                cells[row][column] = ScreenCell(text: cell.text, width: cell.width, style: cell.style)
            }
        }
    }

    private static func blankScreen(_ size: Size) -> [[ScreenCell]] {
        Array(repeating: Array(repeating: ScreenCell(), count: size.columns), count: size.rows)
    }

    /// The characters of `row`.
    func line(_ row: Int) -> String { cells[row].map(\.text).joined() }

    /// Every line.
    var lines: [String] { (0..<size.rows).map(line) }

    /// The lines and the modes, for a failed expectation.
    var description: String {
        "screen \(size), cursor \(cursor), alternate \(alternateScreen), cursor shown \(cursorVisible), "
            + "autowrap \(autowrap), synchronized \(synchronized):\n" + lines.joined(separator: "\n")
    }

    /// Interprets `bytes` (whole sequences; an unfinished one at the end is left out).
    mutating func apply(_ bytes: [UInt8]) {
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 0x1B {
                guard let end = sequenceEnd(bytes, from: index) else { return }
                handleSequence(Array(bytes[index..<end]))
                index = end
            } else if byte < 0x20 || byte == 0x7F {
                handleControl(byte)
                index += 1
            } else {
                var end = index
                while end < bytes.count, bytes[end] >= 0x20, bytes[end] != 0x7F { end += 1 }
                for character in String(decoding: bytes[index..<end], as: UTF8.self) { put(character) }
                index = end
            }
        }
    }

    /// Where the escape sequence at `start` ends, or `nil` when the bytes end first.
    private func sequenceEnd(_ bytes: [UInt8], from start: Int) -> Int? {
        var index = start + 1
        guard index < bytes.count else { return nil }
        guard bytes[index] == UInt8(ascii: "[") else { return index + 1 }
        index += 1
        while index < bytes.count, (0x20...0x3F).contains(bytes[index]) { index += 1 }
        return index < bytes.count ? index + 1 : nil
    }

    private mutating func handleControl(_ byte: UInt8) {
        switch byte {
        case 0x0D:
            cursor.column = 0
            pendingWrap = false
        case 0x0A:
            lineFeed()
        default:
            unknown.append("control \(byte)")
        }
    }

    private mutating func lineFeed() {
        pendingWrap = false
        if cursor.row + 1 < size.rows {
            cursor.row += 1
        } else {
            cells.removeFirst()
            cells.append(Array(repeating: ScreenCell(), count: size.columns))
        }
    }

    private mutating func handleSequence(_ sequence: [UInt8]) {
        let text = String(decoding: sequence, as: UTF8.self)
        guard sequence.count >= 3, sequence[1] == UInt8(ascii: "[") else { return unknown.append(text) }
        let final = sequence[sequence.count - 1]
        let body = String(decoding: sequence[2..<(sequence.count - 1)], as: UTF8.self)
        if body.hasPrefix("?") {
            return setMode(Int(body.dropFirst()) ?? -1, on: final == UInt8(ascii: "h"), text: text)
        }
        let numbers = body.split(separator: ";", omittingEmptySubsequences: false).map { Int($0) ?? 0 }
        switch final {
        case UInt8(ascii: "H"):
            let row = max(1, numbers.first ?? 1)
            let column = max(1, numbers.count > 1 ? numbers[1] : 1)
            cursor = (min(row, size.rows) - 1, min(column, size.columns) - 1)
            pendingWrap = false
        case UInt8(ascii: "J") where numbers == [2]:
            cells = Array(
                repeating: Array(
                    repeating: ScreenCell(style: CellStyle(background: pen.background)),
                    count: size.columns
                ),
                count: size.rows
            )
        case UInt8(ascii: "m"):
            for code in numbers.isEmpty ? [0] : numbers { applySGR(code, text: text) }
        default:
            unknown.append(text)
        }
    }

    private mutating func setMode(_ mode: Int, on: Bool, text: String) {
        switch mode {
        case 7: autowrap = on
        case 25: cursorVisible = on
        case 2026: synchronized = on
        case 1049 where on && !alternateScreen:
            savedMain = (cells, cursor)
            cells = Self.blankScreen(size)
            alternateScreen = true
        case 1049 where !on && alternateScreen:
            if let savedMain {
                cells = savedMain.cells
                cursor = savedMain.cursor
            }
            alternateScreen = false
        case 1049: break
        default: unknown.append(text)
        }
    }

    private mutating func applySGR(_ code: Int, text: String) {
        let colors: [Int: Color] = Dictionary(uniqueKeysWithValues: Color.allCases.map { (Self.sgrCode(of: $0), $0) })
        switch code {
        case 0: pen = .plain
        case 1: pen.bold = true
        case 2: pen.dim = true
        case 4: pen.underline = true
        case 7: pen.reverse = true
        case 22:
            pen.bold = false
            pen.dim = false
        case 24: pen.underline = false
        case 27: pen.reverse = false
        case 39: pen.foreground = nil
        case 49: pen.background = nil
        case _ where colors[code] != nil: pen.foreground = colors[code]
        case _ where colors[code - 10] != nil: pen.background = colors[code - 10]
        default: unknown.append("SGR \(code) in \(text)")
        }
    }

    /// The foreground SGR code of `color` (the table of docs/terminal.md).
    private static func sgrCode(of color: Color) -> Int {
        switch color {
        case .black: 30
        case .red: 31
        case .green: 32
        case .yellow: 33
        case .blue: 34
        case .magenta: 35
        case .cyan: 36
        case .white: 37
        case .gray: 90
        }
    }

    /// Writes one character at the cursor, as xterm does.
    private mutating func put(_ character: Character) {
        let text = String(character)
        let width = TerminalSafe.width(text)
        guard width > 0 else {
            unknown.append("zero-width \(text.unicodeScalars.map { String($0.value, radix: 16) })")
            return
        }
        if pendingWrap {
            cursor.column = 0
            lineFeed()
        }
        if cursor.column + width > size.columns { cursor.column = max(0, size.columns - width) }
        let row = cursor.row
        let column = cursor.column
        if cells[row][column].width == 0, column > 0 { cells[row][column - 1] = blank(cells[row][column - 1]) }
        if cells[row][column].width == 2, column + 1 < size.columns {
            cells[row][column + 1] = blank(cells[row][column + 1])
        }
        cells[row][column] = ScreenCell(text: text, width: width, style: pen)
        if width == 2 {
            if cells[row][column + 1].width == 2, column + 2 < size.columns {
                cells[row][column + 2] = blank(cells[row][column + 2])
            }
            cells[row][column + 1] = ScreenCell(text: "", width: 0, style: pen)
        }
        if column + width < size.columns {
            cursor.column = column + width
        } else if autowrap {
            cursor.column = size.columns - 1
            pendingWrap = true
        } else {
            cursor.column = size.columns - 1
        }
    }

    private func blank(_ cell: ScreenCell) -> ScreenCell { ScreenCell(style: cell.style) }

    /// The first cell where the screen does not show `frame` (colours left out when `colors` is false), or `nil`.
    func difference(from frame: Frame, colors: Bool = true) -> String? {
        for row in 0..<size.rows {
            for column in 0..<size.columns {
                let cell = frame[row, column]
                let style = colors ? cell.style : cell.style.withoutColors
                let shown = cells[row][column]
                if shown.text != cell.text || shown.width != cell.width || shown.style != style {
                    return "row \(row) column \(column): screen \(shown), frame \(cell.text) \(cell.width) \(style)"
                }
            }
        }
        return nil
    }
}
