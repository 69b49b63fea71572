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
        case .unswappable: "34"
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
        case .unswappable: "u"
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

    /// The columns `line` takes on a terminal: like ``width(_:)``, with the colour sequences ``Style`` writes
    /// taking none.
    static func visibleWidth(_ line: String) -> Int {
        TerminalSafe.width(unpainted(line))
    }

    /// `line` without the colour sequences ``Style`` writes.
    static func unpainted(_ line: String) -> String {
        guard line.contains("\u{1B}") else { return line }
        var plain = ""
        var inSequence = false
        for character in line {
            if inSequence {
                if character == "m" { inSequence = false }
            } else if character == "\u{1B}" {
                inSequence = true
            } else {
                plain.append(character)
            }
        }
        return plain
    }

    /// `line` (already safe, possibly painted) broken into lines of at most `width` columns.
    ///
    /// It breaks at spaces; lines after the first start with `indent` spaces. A word wider than a line is broken
    /// inside it.
    static func wrap(_ line: String, width: Int, indent: Int) -> [String] {
        guard visibleWidth(line) > width else { return [line] }
        let lead = String(line.prefix { $0 == " " })
        let words = line.dropFirst(lead.count).split(separator: " ", omittingEmptySubsequences: false)
        let continuation = String(repeating: " ", count: max(0, min(indent, width / 2)))
        var lines: [String] = []
        var current = lead
        var used = lead.count
        var empty = true
        let room = max(1, width - continuation.count)
        // A word wider than a whole line (a long path) is broken inside: at the width, never inside an escape.
        let pieces = words.flatMap { word -> [String] in
            let text = String(word)
            guard visibleWidth(text) > room, !text.contains("\u{1B}") else { return [text] }
            var parts: [String] = [""]
            var used = 0
            for character in text {
                let size = TerminalSafe.width(String(character))
                if used + size > room, !(parts.last ?? "").isEmpty {
                    parts.append("")
                    used = 0
                }
                parts[parts.count - 1].append(character)
                used += size
            }
            return parts
        }
        for text in pieces {
            let size = visibleWidth(text)
            if !empty && used + 1 + size > width {
                lines.append(current)
                current = continuation + text
                used = continuation.count + size
            } else {
                current += (empty ? "" : " ") + text
                used += (empty ? 0 : 1) + size
            }
            empty = false
        }
        lines.append(current)
        return lines
    }

    /// Where the text of `line` continues when it is wrapped: after a label column ("Wired     1.2 GiB"
    /// continues under "1.2 GiB"), after a bullet ("  * note" under "note"), or two columns in.
    static func hangingIndent(_ line: String) -> Int {
        let plain = Array(unpainted(line))
        var index = plain.prefix { $0 == " " }.count
        let lead = index
        let bullets: Set<Character> = ["*", "-", "·", "!", "?"]
        if index < plain.count, bullets.contains(plain[index]) {
            while index < plain.count, plain[index] != " " { index += 1 }
            return index + 1
        }
        // A label of one or more words followed by two or more spaces.
        var position = index
        while position + 1 < plain.count {
            if plain[position] == " " && plain[position + 1] == " " {
                var end = position
                while end < plain.count, plain[end] == " " { end += 1 }
                return end < 40 ? end : lead + 2
            }
            position += 1
        }
        return lead >= 4 ? lead : lead + 2
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
