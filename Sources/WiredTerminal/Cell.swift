public import WiredCore

/// The size of a terminal or a frame, in character cells.
public struct Size: Hashable, Sendable, CustomStringConvertible {
    /// Lines, top to bottom.
    public var rows: Int
    /// Columns, left to right.
    public var columns: Int

    /// A size; negative numbers count as zero.
    public init(rows: Int, columns: Int) {
        self.rows = max(0, rows)
        self.columns = max(0, columns)
    }

    /// "24x80": rows, then columns.
    public var description: String { "\(rows)x\(columns)" }
}

/// The colours a cell may have: the eight ANSI colours and grey, the palette the text views use
/// (`Style` in WiredRender).
public enum Color: Hashable, Sendable, CaseIterable {
    case black, red, green, yellow, blue, magenta, cyan, white, gray

    /// The colour the text views give a memory class (the same codes as `Style.code` in WiredRender): free
    /// green, reclaimable cyan, compressed magenta, unswappable blue, wired red, reserved grey, unexplained yellow.
    public init(_ memoryClass: MemoryClass) {
        switch memoryClass {
        case .free: self = .green
        case .reclaimable: self = .cyan
        case .compressed: self = .magenta
        case .unswappable: self = .blue
        case .wired: self = .red
        case .reserved: self = .gray
        case .unexplained: self = .yellow
        }
    }

    /// The SGR code of the colour as a foreground: 30–37, 90 for grey (bright black).
    var foregroundCode: Int {
        switch self {
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

    /// The SGR code of the colour as a background: 40–47, 100 for grey.
    var backgroundCode: Int { foregroundCode + 10 }
}

/// How a cell is drawn: attributes and colours; `nil` colours are the terminal's own.
public struct CellStyle: Hashable, Sendable {
    /// Bold (SGR 1).
    public var bold: Bool
    /// Dim, faint (SGR 2).
    public var dim: Bool
    /// Underlined (SGR 4).
    public var underline: Bool
    /// Reverse video (SGR 7): foreground and background swapped; what a selection bar uses.
    public var reverse: Bool
    /// Text colour, or the terminal's default.
    public var foreground: Color?
    /// Background colour, or the terminal's default.
    public var background: Color?

    /// A style; every attribute off and the terminal's colours unless given.
    public init(
        bold: Bool = false,
        dim: Bool = false,
        underline: Bool = false,
        reverse: Bool = false,
        foreground: Color? = nil,
        background: Color? = nil
    ) {
        self.bold = bold
        self.dim = dim
        self.underline = underline
        self.reverse = reverse
        self.foreground = foreground
        self.background = background
    }

    /// The terminal's default: no attribute, default colours.
    public static let plain = CellStyle()

    /// This style without its colours (what is drawn when colour is off).
    public var withoutColors: CellStyle {
        var style = self
        style.foreground = nil
        style.background = nil
        return style
    }
}

/// One character cell of a frame.
///
/// A wide character (two columns) is stored in the cell where it starts, with `width` 2; the cell to its right
/// is its continuation, with empty text, `width` 0 and the same style.
public struct Cell: Hashable, Sendable {
    /// One grapheme cluster, already terminal-safe (``Frame`` passes every string through `TerminalSafe`), or
    /// empty in a continuation cell.
    public internal(set) var text: String
    /// Columns the text takes: 1, 2 for a wide character, 0 for the right half of one.
    public internal(set) var width: Int
    /// How the cell is drawn.
    public internal(set) var style: CellStyle

    /// A space in `style`.
    public static func blank(_ style: CellStyle = .plain) -> Cell { Cell(text: " ", width: 1, style: style) }

    /// True for the right half of a wide character.
    public var isContinuation: Bool { width == 0 }
}
