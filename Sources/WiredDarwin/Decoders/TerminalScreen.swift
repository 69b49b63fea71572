/// What a terminal showed at the end of a recorded session: the text of an interactive `top` captured with
/// `script` (or `top | tee`), with its escape sequences played on a screen instead of read as text.
///
/// Interactive top draws with curses: it clears the screen, moves the cursor (`ESC [ row ; col H`), erases
/// lines (`ESC [ K`) and, after the first frame, rewrites only what changed. Reading such a stream as lines
/// would mix frames and escape codes, so it is played on a grid of characters; the screens shown just before
/// each full clear, before leaving the alternate screen, and at the end are kept. The sequences handled are
/// those of VT100/xterm that curses emits for top (cursor motion, erase, insert and delete of characters and
/// lines, scroll regions, save and restore); colours and modes are skipped.
struct TerminalScreen {
    /// Text a screen must show to be kept (top's "PhysMem:").
    let marker: String
    /// The last screen kept, as lines with trailing spaces removed, and how many screens were kept.
    private(set) var last: [String]?
    private(set) var kept = 0
    private var rows: [[Character]] = []
    private var row = 0
    private var column = 0
    private var saved = (0, 0)
    private var scrollTop = 0
    private var scrollBottom: Int?
    private var lastPrinted: Character = " "
    /// The main screen, while the alternate one is shown.
    private var mainScreen: [[Character]]?

    /// Most rows and columns kept: a damaged stream cannot make the grid grow without end.
    static let rowLimit = 1000
    static let columnLimit = 1000

    init(marker: String) {
        self.marker = marker
    }

    /// The last screen of `text` that shows `marker`, and how many screens did; `nil` when `text` holds no
    /// escape sequence (plain text needs no playing) or no screen showed it.
    static func lastScreen(of text: String, showing marker: String) -> (text: String, screens: Int)? {
        guard text.utf8.contains(0x1B) else { return nil }
        var screen = TerminalScreen(marker: marker)
        screen.play(Array(text.unicodeScalars))
        screen.keep()
        guard let last = screen.last else { return nil }
        return (last.joined(separator: "\n") + "\n", screen.kept)
    }

    mutating func play(_ scalars: [Unicode.Scalar]) {
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            index += 1
            switch scalar.value {
            case 0x1B: index = escape(scalars, from: index)
            case 0x0D: column = 0
            case 0x0A, 0x0B, 0x0C: lineFeed()
            case 0x08: column = max(0, column - 1)
            case 0x09: column = min(Self.columnLimit - 1, (column / 8 + 1) * 8)
            case 0x00..<0x20, 0x7F: break
            case 0x9B: index = controlSequence(scalars, from: index)
            default: put(Character(scalar))
            }
        }
    }

    /// An escape sequence after ESC; returns the index after it.
    mutating func escape(_ scalars: [Unicode.Scalar], from start: Int) -> Int {
        guard start < scalars.count else { return start }
        switch scalars[start] {
        case "[": return controlSequence(scalars, from: start + 1)
        case "]", "P", "X", "^", "_":
            // OSC, DCS and the like: up to BEL or ESC \.
            var index = start + 1
            while index < scalars.count {
                if scalars[index].value == 0x07 { return index + 1 }
                if scalars[index].value == 0x1B, index + 1 < scalars.count, scalars[index + 1] == "\\" {
                    return index + 2
                }
                index += 1
            }
            return index
        case "7": saved = (row, column)
        case "8": (row, column) = saved
        case "D": lineFeed()
        case "E":
            column = 0
            lineFeed()
        case "M": reverseIndex()
        case "c":
            keep()
            rows = []
            (row, column) = (0, 0)
        case "(", ")", "*", "+", "#", "%": return start + 2  // charset designations: one more character
        default: break
        }
        return start + 1
    }

    /// `ESC [ parameters final`; returns the index after the final byte.
    mutating func controlSequence(_ scalars: [Unicode.Scalar], from start: Int) -> Int {
        var index = start
        var text = ""
        while index < scalars.count, (0x20...0x3F).contains(scalars[index].value) {
            text.unicodeScalars.append(scalars[index])
            index += 1
        }
        guard index < scalars.count else { return index }
        let final = scalars[index]
        let isPrivate = text.hasPrefix("?")
        let numbers = text.drop(while: { !$0.isNumber && $0 != ";" }).split(
            separator: ";",
            omittingEmptySubsequences: false
        ).map { Int($0.prefix(6)) }
        func number(_ position: Int, _ fallback: Int = 1) -> Int {
            let value = position < numbers.count ? numbers[position] ?? fallback : fallback
            return value == 0 ? fallback : value
        }
        if isPrivate {
            if final == "h" || final == "l", numbers.contains(where: { [1049, 1047, 47].contains($0) }) {
                alternateScreen(on: final == "h")
            }
            return index + 1
        }
        perform(final, number, first: numbers.first ?? nil)
        return index + 1
    }

    /// One control function; `number(i, default)` reads its parameters.
    mutating func perform(_ final: Unicode.Scalar, _ number: (Int, Int) -> Int, first: Int?) {
        switch final {
        case "H", "f": move(to: number(0, 1) - 1, number(1, 1) - 1)
        case "A": row = max(0, row - number(0, 1))
        case "B", "e": move(to: row + number(0, 1), column)
        case "C", "a": column = min(Self.columnLimit - 1, column + number(0, 1))
        case "D": column = max(0, column - number(0, 1))
        case "E": move(to: row + number(0, 1), 0)
        case "F": move(to: max(0, row - number(0, 1)), 0)
        case "G", "`": column = min(Self.columnLimit - 1, number(0, 1) - 1)
        case "d": move(to: number(0, 1) - 1, column)
        case "J": erase(display: first ?? 0)
        case "K": erase(line: first ?? 0)
        case "X": blank(row, from: column, count: number(0, 1))
        case "P": deleteCharacters(number(0, 1))
        case "@": insertCharacters(number(0, 1))
        case "L": insertLines(number(0, 1), at: row)
        case "M": deleteLines(number(0, 1), at: row)
        case "S": deleteLines(number(0, 1), at: scrollTop)
        case "T": insertLines(number(0, 1), at: scrollTop)
        case "b": for _ in 0..<min(number(0, 1), Self.columnLimit) { put(lastPrinted) }
        case "r":
            scrollTop = max(0, number(0, 1) - 1)
            scrollBottom = first == nil ? nil : number(1, Self.rowLimit) - 1
            move(to: 0, 0)
        case "s": saved = (row, column)
        case "u": (row, column) = saved
        default: break  // colours (m), modes (h, l), reports (n, c): nothing to draw
        }
    }

    mutating func move(to newRow: Int, _ newColumn: Int) {
        row = min(max(0, newRow), Self.rowLimit - 1)
        column = min(max(0, newColumn), Self.columnLimit - 1)
    }

    mutating func put(_ character: Character) {
        grow(to: row)
        if rows[row].count <= column {
            rows[row] += Array(repeating: " ", count: column - rows[row].count + 1)
        }
        rows[row][column] = character
        lastPrinted = character
        column = min(Self.columnLimit - 1, column + 1)
    }

    mutating func grow(to index: Int) {
        while rows.count <= index { rows.append([]) }
    }

    mutating func lineFeed() {
        if let bottom = scrollBottom, row == bottom {
            deleteLines(1, at: scrollTop)
        } else {
            move(to: row + 1, column)
        }
    }

    mutating func reverseIndex() {
        if row == scrollTop { insertLines(1, at: scrollTop) } else { row = max(0, row - 1) }
    }

    /// ED: 0 below the cursor, 1 above, 2 and 3 everything (a new frame: the one shown is kept).
    mutating func erase(display mode: Int) {
        switch mode {
        case 0:
            if row == 0 && column == 0 { keep() }
            erase(line: 0)
            if rows.count > row + 1 { rows.removeSubrange((row + 1)...) }
        case 1:
            for index in 0..<min(row, rows.count) { rows[index] = [] }
            erase(line: 1)
        default:
            keep()
            rows = []
        }
    }

    /// EL: 0 from the cursor to the end of the line, 1 from its start to the cursor, 2 all of it.
    mutating func erase(line mode: Int) {
        guard row < rows.count else { return }
        switch mode {
        case 0: if rows[row].count > column { rows[row].removeSubrange(column...) }
        case 1: blank(row, from: 0, count: column + 1)
        default: rows[row] = []
        }
    }

    mutating func blank(_ line: Int, from start: Int, count: Int) {
        guard line < rows.count else { return }
        for index in start..<min(rows[line].count, start + count) { rows[line][index] = " " }
    }

    mutating func deleteCharacters(_ count: Int) {
        guard row < rows.count, column < rows[row].count else { return }
        rows[row].removeSubrange(column..<min(rows[row].count, column + count))
    }

    mutating func insertCharacters(_ count: Int) {
        guard row < rows.count, column < rows[row].count else { return }
        rows[row].insert(contentsOf: Array(repeating: " ", count: min(count, Self.columnLimit)), at: column)
        if rows[row].count > Self.columnLimit { rows[row].removeLast(rows[row].count - Self.columnLimit) }
    }

    /// IL within the scroll region: lines below move down, the region's last lines fall off.
    mutating func insertLines(_ count: Int, at line: Int) {
        let bottom = min(scrollBottom ?? (Self.rowLimit - 1), Self.rowLimit - 1)
        guard line <= bottom else { return }
        grow(to: bottom)
        for _ in 0..<min(count, bottom - line + 1) {
            rows.remove(at: bottom)
            rows.insert([], at: line)
        }
    }

    /// DL within the scroll region: lines below move up, blank lines come in at its bottom.
    mutating func deleteLines(_ count: Int, at line: Int) {
        let bottom = min(scrollBottom ?? max(rows.count - 1, line), Self.rowLimit - 1)
        guard line <= bottom else { return }
        grow(to: bottom)
        for _ in 0..<min(count, bottom - line + 1) {
            rows.remove(at: line)
            rows.insert([], at: bottom)
        }
    }

    mutating func alternateScreen(on: Bool) {
        if on {
            mainScreen = rows
            rows = []
        } else {
            keep()
            rows = mainScreen ?? []
            mainScreen = nil
        }
        (row, column) = (0, 0)
    }

    /// Keeps the screen as it is now, when it shows the marker.
    mutating func keep() {
        guard rows.contains(where: { String($0).contains(marker) }) else { return }
        var lines = rows.map { line in String(line[..<(line.lastIndex { $0 != " " }.map { $0 + 1 } ?? 0)]) }
        while lines.last?.isEmpty == true { lines.removeLast() }
        last = lines
        kept += 1
    }
}
