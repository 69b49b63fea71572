public import WiredCore

/// Terminal styling: ANSI colours on a terminal, nothing when output is piped.
public struct Style: Sendable {
    /// Whether escape codes are written.
    public var color: Bool
    /// Whether sizes are printed as exact bytes (`--bytes`).
    public var exactBytes: Bool

    /// Creates a style.
    public init(color: Bool, exactBytes: Bool = false) {
        self.color = color
        self.exactBytes = exactBytes
    }

    /// Plain text, human sizes.
    public static let plain = Style(color: false)

    /// `text`, made terminal-safe, between the escape codes `codes` and a reset.
    ///
    /// This is the only place views write escape sequences. Because `text` is escaped here, painted text
    /// cannot be painted again: paint a part once, with every code it needs (``bold(_:_:)``).
    func paint(_ text: String, _ codes: String...) -> String {
        let safe = TerminalSafe.escape(text)
        guard color else { return safe }
        return codes.map { "\u{1B}[\($0)m" }.joined() + safe + "\u{1B}[0m"
    }

    /// Bold text.
    public func bold(_ text: String) -> String { paint(text, "1") }
    /// Dim text.
    public func dim(_ text: String) -> String { paint(text, "2") }

    /// Text in the colour of a memory class.
    public func colored(_ text: String, _ memoryClass: MemoryClass) -> String {
        paint(text, Self.code(memoryClass))
    }

    /// Bold text in the colour of a memory class.
    public func bold(_ text: String, _ memoryClass: MemoryClass) -> String {
        paint(text, "1", Self.code(memoryClass))
    }

    static func code(_ memoryClass: MemoryClass) -> String {
        switch memoryClass {
        case .free: "32"
        case .reclaimable: "36"
        case .compressed: "35"
        case .wired: "31"
        case .reserved: "90"
        case .unexplained: "33"
        }
    }

    /// The letter a class uses in a plain-text bar.
    static func letter(_ memoryClass: MemoryClass) -> Character {
        switch memoryClass {
        case .free: "."
        case .reclaimable: "r"
        case .compressed: "c"
        case .wired: "W"
        case .reserved: "#"
        case .unexplained: "?"
        }
    }

    /// A size: exact bytes with `--bytes`, else "1.50 GiB".
    public func size(_ bytes: ByteCount) -> String {
        exactBytes ? ByteFormat.exact(bytes.bytes) : ByteFormat.human(bytes.bytes)
    }

    /// A signed size for differences.
    public func signedSize(_ bytes: ByteCount) -> String {
        exactBytes
            ? (bytes.bytes > 0 ? "+" : "") + ByteFormat.exact(bytes.bytes) : ByteFormat.signed(bytes.bytes)
    }
}

/// Text layout helpers.
///
/// Every string a view puts in a line goes through one of these (or through ``Style``): they make it
/// terminal-safe (``TerminalSafe``) and measure it in terminal columns, so an escaped field keeps its column.
enum Layout {
    /// `text` made terminal-safe, for the strings a view puts in a line without padding or cutting them.
    static func safe(_ text: String) -> String { TerminalSafe.escape(text) }

    /// The columns `text` (already safe) takes on a terminal.
    static func width(_ text: String) -> Int { TerminalSafe.width(text) }

    /// `text`, made safe, padded with spaces on the right to `width` columns.
    static func pad(_ text: String, _ width: Int) -> String {
        let safe = TerminalSafe.escape(text)
        let used = TerminalSafe.width(safe)
        return used >= width ? safe : safe + String(repeating: " ", count: width - used)
    }

    /// `text`, made safe, padded with spaces on the left to `width` columns.
    static func padLeft(_ text: String, _ width: Int) -> String {
        let safe = TerminalSafe.escape(text)
        let used = TerminalSafe.width(safe)
        return used >= width ? safe : String(repeating: " ", count: width - used) + safe
    }

    /// `text`, made safe, cut to `width` columns with an ellipsis.
    static func cut(_ text: String, _ width: Int) -> String {
        TerminalSafe.escape(text, fitting: width)
    }

    /// Splits `parts` (class, bytes) into `width` cells by largest remainder; a non-zero part gets at least one.
    static func cells(_ parts: [(MemoryClass, Int64)], width: Int) -> [(MemoryClass, Int)] {
        let total = Checked.saturatingSum(parts.map { max(0, $0.1) })
        guard total > 0, width > 0 else { return [] }
        var result: [(MemoryClass, Int, Double)] = parts.map { part in
            let exact = Double(max(0, part.1)) / Double(total) * Double(width)
            let whole = part.1 > 0 ? max(1, Int(exact)) : 0
            return (part.0, whole, exact - Double(Int(exact)))
        }
        var used = result.map(\.1).reduce(0, +)
        while used < width {
            guard
                let best = result.indices.filter({ result[$0].1 > 0 || parts[$0].1 > 0 }).max(by: {
                    result[$0].2 < result[$1].2
                })
            else { break }
            result[best].1 += 1
            result[best].2 = -1
            used += 1
        }
        while used > width {
            guard let biggest = result.indices.max(by: { result[$0].1 < result[$1].1 }) else { break }
            result[biggest].1 -= 1
            used -= 1
        }
        return result.map { ($0.0, $0.1) }
    }
}
