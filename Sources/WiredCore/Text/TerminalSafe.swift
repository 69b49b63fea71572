/// Makes text that came from the system or from a file safe to print on a terminal.
///
/// Process names, command lines, memfd names, host names, cgroup names, mount points, slab names and
/// everything read from a snapshot or a capture are chosen by other people: printed raw on root's terminal, an
/// escape sequence in them can set the title, clear the screen, move the cursor or write to the clipboard. The
/// model keeps such strings raw (JSON and snapshot files carry them byte for byte, JSON-escaped); the text views
/// pass every one of them through ``escape(_:keeping:)`` as they format it (in WiredRender, `Layout` and `Style`
/// do it for every field they pad, cut or paint), and `Terminal.print` passes the whole text through it once more.
/// Escaping is idempotent and leaves plain text as it is, so text escaped twice reads the same as escaped once.
///
/// The convention, one visible escape per code point, never taking more than its own place:
/// - TAB, LF and CR: `\t`, `\n`, `\r`;
/// - other C0 controls and DEL: `\xNN` (ESC is `\x1b`, BEL `\x07`, DEL `\x7f`);
/// - C1 controls (U+0080–U+009F), format characters (bidi overrides and isolates U+202A–U+202E and
///   U+2066–U+2069, zero-width characters U+200B–U+200F, U+2060, U+FEFF, soft hyphen, tag characters…) and
///   the line and paragraph separators U+2028 and U+2029: `\u{9b}`, `\u{202e}`.
///
/// Invalid UTF-8 never reaches this function: the readers decode bytes with `String(decoding:as:)`, which puts
/// U+FFFD (�) in place of each invalid sequence, and a Swift string cannot hold anything else. ``escape(utf8:)``
/// does the same for bytes. A backslash is left as it is, so the escaped form is for reading, not for decoding
/// back: `--json` gives the exact text.
public enum TerminalSafe {
    /// What ``escape(_:keeping:)`` lets through unchanged.
    public struct Keep: OptionSet, Sendable {
        public let rawValue: Int
        /// Creates a set.
        public init(rawValue: Int) { self.rawValue = rawValue }
        /// LF, where a whole text of several lines is escaped.
        public static let lineBreaks = Keep(rawValue: 1)
        /// The colour sequences the views write themselves.
        ///
        /// `ESC [ n m` with n one of 0–2, 30–37, 39 or 90–97 (reset, bold, dim, colours): such a sequence can
        /// change only colours, never the cursor, the screen, the title or the clipboard.
        public static let styles = Keep(rawValue: 2)
    }

    /// `text` with every control character, format character and line separator shown as a visible escape.
    ///
    /// Plain printable ASCII (almost every process name) comes back as the same string, after one pass over
    /// its bytes.
    public static func escape(_ text: String, keeping keep: Keep = []) -> String {
        if isPrintableASCII(text) { return text }
        var text = text
        return text.withUTF8 { bytes in
            guard let first = firstUnsafe(bytes, keeping: keep) else { return nil }
            return escape(bytes, from: first, keeping: keep)
        } ?? text
    }

    /// The offset of the first code point in `bytes` (valid UTF-8) that must be escaped, or `nil`.
    static func firstUnsafe(_ bytes: UnsafeBufferPointer<UInt8>, keeping keep: Keep) -> Int? {
        var index = 0
        while index < bytes.count {
            let (scalar, length) = decode(bytes, at: index)
            if isUnsafe(scalar), !(scalar == "\n" && keep.contains(.lineBreaks)) {
                guard scalar == "\u{1B}", keep.contains(.styles), let end = styleEnd(bytes, from: index) else {
                    return index
                }
                index = end
                continue
            }
            index += length
        }
        return nil
    }

    /// `bytes` with what must be escaped from `start` on escaped; runs of safe bytes are copied whole.
    static func escape(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, keeping keep: Keep) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + 16)
        out.append(contentsOf: bytes[0..<start])
        var index = start
        var run = start
        while index < bytes.count {
            let (scalar, length) = decode(bytes, at: index)
            guard isUnsafe(scalar), !(scalar == "\n" && keep.contains(.lineBreaks)) else {
                index += length
                continue
            }
            if scalar == "\u{1B}", keep.contains(.styles), let end = styleEnd(bytes, from: index) {
                index = end
                continue
            }
            out.append(contentsOf: bytes[run..<index])
            appendEscape(scalar, to: &out)
            index += length
            run = index
        }
        out.append(contentsOf: bytes[run..<bytes.count])
        return String(decoding: out, as: UTF8.self)
    }

    /// The code point starting at `index` of valid UTF-8, and its length in bytes.
    static func decode(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> (Unicode.Scalar, Int) {
        let lead = bytes[index]
        if lead < 0x80 { return (Unicode.Scalar(lead), 1) }
        let length = lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4
        var value = UInt32(lead) & (length == 2 ? 0x1F : length == 3 ? 0x0F : 0x07)
        for offset in 1..<min(length, bytes.count - index) {
            value = value << 6 | UInt32(bytes[index + offset] & 0x3F)
        }
        return (Unicode.Scalar(value) ?? "\u{FFFD}", length)
    }

    /// `bytes` decoded as UTF-8 (U+FFFD for each invalid sequence) and escaped.
    public static func escape(utf8 bytes: some Collection<UInt8>) -> String {
        escape(String(decoding: bytes, as: UTF8.self))
    }

    /// `text` escaped and, when it is wider than `columns`, cut to fit with a trailing "…"; an escape or a
    /// character is never split.
    public static func escape(_ text: String, fitting columns: Int) -> String {
        let whole = escape(text)
        guard width(whole) > columns else { return whole }
        guard columns > 1 else { return "…" }
        var out = ""
        var used = 0
        for character in text {
            let piece = escape(String(character))
            let pieceWidth = width(piece)
            if used + pieceWidth > columns - 1 { break }
            out += piece
            used += pieceWidth
        }
        return out + "…"
    }

    /// True for a code point ``escape(_:keeping:)`` replaces: C0, DEL, C1, format characters (Cf) and the
    /// line and paragraph separators.
    public static func isUnsafe(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if value < 0x20 || value == 0x7F { return true }
        if value < 0x7F { return false }
        if value <= 0x9F { return true }
        switch scalar.properties.generalCategory {
        case .format, .control, .lineSeparator, .paragraphSeparator: return true
        default: return false
        }
    }

    /// The columns `text` takes on a terminal, for text that is already escaped: one per character, two for
    /// East Asian wide and fullwidth characters and emoji, none for a lone combining mark.
    public static func width(_ text: String) -> Int {
        if isPrintableASCII(text) { return text.utf8.count }
        var columns = 0
        for character in text { columns += width(of: character) }
        return columns
    }

    /// The columns of one character (a grapheme cluster).
    static func width(of character: Character) -> Int {
        guard let first = character.unicodeScalars.first else { return 0 }
        if first.isASCII { return 1 }
        let properties = first.properties
        switch properties.generalCategory {
        case .nonspacingMark, .enclosingMark: return 0
        default: break
        }
        if isWide(first.value) || properties.isEmojiPresentation { return 2 }
        if properties.isEmoji, character.unicodeScalars.contains("\u{FE0F}") { return 2 }
        return 1
    }

    /// East Asian Wide and Fullwidth blocks (Unicode's EastAsianWidth.txt, W and F, by block).
    static func isWide(_ value: UInt32) -> Bool {
        switch value {
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
            0xA000...0xA4CF, 0xA960...0xA97F, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE10...0xFE19,
            0xFE30...0xFE6F, 0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x1F300...0x1F64F, 0x1F900...0x1F9FF,
            0x20000...0x2FFFD, 0x30000...0x3FFFD:
            true
        default: false
        }
    }

    /// True when every byte is printable ASCII (0x20–0x7E).
    static func isPrintableASCII(_ text: String) -> Bool {
        let contiguous = text.utf8.withContiguousStorageIfAvailable { bytes in
            !bytes.contains { $0 < 0x20 || $0 > 0x7E }
        }
        return contiguous ?? !text.utf8.contains { $0 < 0x20 || $0 > 0x7E }
    }

    /// Where the colour sequence starting at `start` (an ESC) ends, or `nil` when it is not one ``Keep/styles``
    /// keeps.
    static func styleEnd(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        var index = start + 1
        guard index < bytes.count, bytes[index] == UInt8(ascii: "[") else { return nil }
        index += 1
        var number = 0
        var digits = 0
        while index < bytes.count, digits < 2, (0x30...0x39).contains(bytes[index]) {
            number = number * 10 + Int(bytes[index] - 0x30)
            digits += 1
            index += 1
        }
        guard digits > 0, index < bytes.count, bytes[index] == UInt8(ascii: "m") else { return nil }
        switch number {
        case 0...2, 30...37, 39, 90...97: return index + 1
        default: return nil
        }
    }

    /// Appends the visible escape of `scalar`.
    static func appendEscape(_ scalar: Unicode.Scalar, to out: inout [UInt8]) {
        let text: String
        switch scalar.value {
        case 0x09: text = "\\t"
        case 0x0A: text = "\\n"
        case 0x0D: text = "\\r"
        case 0..<0x80:
            let hex = String(scalar.value, radix: 16)
            text = "\\x" + (hex.count == 1 ? "0" : "") + hex
        default: text = "\\u{" + String(scalar.value, radix: 16) + "}"
        }
        out.append(contentsOf: text.utf8)
    }
}
