import Testing
import WiredCore

@Suite("Terminal-safe text")
struct TerminalSafeTests {
    /// What an attacker names a process or a memfd: set the title (OSC 0, BEL-terminated), clear the screen.
    static let hostile = "\u{1B}]0;pwned\u{07}\u{1B}[2J"

    @Test("Plain printable ASCII comes back unchanged, byte for byte")
    func asciiUnchanged() {
        var every = ""
        for value in 0x20...0x7E { every.unicodeScalars.append(Unicode.Scalar(UInt8(value))) }
        for text in ["", "systemd", "nginx: worker process", every, String(repeating: "x", count: 100_000)] {
            let escaped = TerminalSafe.escape(text)
            #expect(escaped == text)
            #expect(Array(escaped.utf8) == Array(text.utf8))
            #expect(TerminalSafe.width(escaped) == text.utf8.count)
        }
    }

    @Test("Each C0 byte and DEL: \\t, \\n, \\r, else \\xNN")
    func c0AndDel() {
        for value in UInt8(0)...0x1F {
            let expected: String =
                switch value {
                case 9: "\\t"
                case 10: "\\n"
                case 13: "\\r"
                default: "\\x" + (value < 16 ? "0" : "") + String(value, radix: 16)
                }
            #expect(TerminalSafe.escape("a" + String(UnicodeScalar(value)) + "b") == "a\(expected)b", "byte \(value)")
        }
        #expect(TerminalSafe.escape("\u{1B}") == "\\x1b")
        #expect(TerminalSafe.escape("\u{07}") == "\\x07")
        #expect(TerminalSafe.escape("\u{00}") == "\\x00")
        #expect(TerminalSafe.escape("a\u{7F}") == "a\\x7f")
    }

    @Test("Escape sequences become visible text: OSC title, CSI clear, and the same through C1")
    func sequences() {
        #expect(TerminalSafe.escape(Self.hostile) == "\\x1b]0;pwned\\x07\\x1b[2J")
        #expect(TerminalSafe.escape("x\u{1B}[31mred\u{1B}[0m") == "x\\x1b[31mred\\x1b[0m")
        // OSC 52 writes the clipboard; ST-terminated.
        #expect(TerminalSafe.escape("\u{1B}]52;c;aGk=\u{1B}\\") == "\\x1b]52;c;aGk=\\x1b\\")
        // C1 CSI (U+009B) and OSC (U+009D) are controls too on terminals that decode them.
        #expect(TerminalSafe.escape("\u{9B}2J\u{9D}0;t\u{9C}") == "\\u{9b}2J\\u{9d}0;t\\u{9c}")
        for value: UInt32 in 0x80...0x9F {
            let scalar = Unicode.Scalar(value).map { String(Character($0)) } ?? ""
            #expect(TerminalSafe.escape(scalar) == "\\u{\(String(value, radix: 16))}")
        }
    }

    @Test("Bidi overrides and isolates, zero-width characters, separators, BOM and tags are shown")
    func invisibles() {
        let values: [UInt32] =
            Array(0x202A...0x202E) + Array(0x2066...0x2069) + Array(0x200B...0x200F) + [
                0x2028, 0x2029, 0x2060, 0xFEFF, 0x00AD, 0x061C, 0xE0001, 0xE0041,
            ]
        for value in values {
            let scalar = Unicode.Scalar(value).map { String(Character($0)) } ?? ""
            #expect(TerminalSafe.escape("a\(scalar)b") == "a\\u{\(String(value, radix: 16))}b")
        }
        // "evil.exe" spelled to look like "exe.live" with a right-to-left override.
        #expect(TerminalSafe.escape("live\u{202E}exe.") == "live\\u{202e}exe.")
    }

    @Test("Printable Unicode is kept: accents, CJK, emoji, box drawing, U+FFFD")
    func printableUnicode() {
        for text in ["café", "日本語のプロセス", "🎉 party", "├─└─ │", "Σ PSS · −4 KiB → 2×", "\u{FFFD}"] {
            #expect(TerminalSafe.escape(text) == text)
        }
        #expect(TerminalSafe.escape("日本\u{1B}語") == "日本\\x1b語")
    }

    @Test("Invalid UTF-8 becomes U+FFFD, once per bad sequence")
    func invalidUTF8() {
        #expect(TerminalSafe.escape(utf8: [0x66, 0xFF, 0x6F, 0x80, 0x6F]) == "f\u{FFFD}o\u{FFFD}o")
        #expect(TerminalSafe.escape(utf8: [0x61, 0xC3]) == "a\u{FFFD}")
        #expect(TerminalSafe.escape(utf8: [0xED, 0xA0, 0x80]).allSatisfy { $0 == "\u{FFFD}" })
        #expect(TerminalSafe.escape(utf8: [0x1B, 0x5B, 0x32, 0x4A, 0xFE]) == "\\x1b[2J\u{FFFD}")
        #expect(TerminalSafe.escape(utf8: Array("plain".utf8)) == "plain")
    }

    @Test("Escaping twice gives what escaping once gives")
    func idempotent() {
        for text in [Self.hostile, "a\u{202E}b\u{9B}c\td\ne", "日本\u{200B}語", "\u{7F}\u{1B}\\x1b"] {
            let once = TerminalSafe.escape(text)
            #expect(TerminalSafe.escape(once) == once)
            #expect(!once.unicodeScalars.contains { TerminalSafe.isUnsafe($0) })
        }
    }

    @Test("A long string with an escape every 1,000 bytes: every one escaped, the rest intact")
    func longString() {
        let chunk = String(repeating: "a", count: 999) + "\u{1B}"
        let text = String(repeating: chunk, count: 1024)
        let escaped = TerminalSafe.escape(text)
        #expect(escaped.utf8.count == text.utf8.count + 3 * 1024)
        #expect(!escaped.utf8.contains(0x1B))
        #expect(escaped.hasSuffix(String(repeating: "a", count: 999) + "\\x1b"))
    }

    @Test("Whole texts: line breaks kept on request; only the views' own colour codes kept with styles")
    func keeping() {
        #expect(TerminalSafe.escape("a\nb\u{1B}[2J", keeping: .lineBreaks) == "a\nb\\x1b[2J")
        #expect(TerminalSafe.escape("a\nb") == "a\\nb")
        let styles: TerminalSafe.Keep = [.lineBreaks, .styles]
        let painted = "\u{1B}[1m\u{1B}[31mWired\u{1B}[0m 4 GiB\n\u{1B}[2mdim\u{1B}[0m \u{1B}[90mgrey\u{1B}[0m"
        #expect(TerminalSafe.escape(painted, keeping: styles) == painted)
        // Not kept: conceal (8), several parameters, cursor moves, OSC, a cut-off sequence.
        #expect(TerminalSafe.escape("\u{1B}[8mx", keeping: styles) == "\\x1b[8mx")
        #expect(TerminalSafe.escape("\u{1B}[1;31mx", keeping: styles) == "\\x1b[1;31mx")
        #expect(TerminalSafe.escape("\u{1B}[2J\u{1B}[H", keeping: styles) == "\\x1b[2J\\x1b[H")
        #expect(TerminalSafe.escape("\u{1B}]0;t\u{07}", keeping: styles) == "\\x1b]0;t\\x07")
        #expect(TerminalSafe.escape("x\u{1B}[3", keeping: styles) == "x\\x1b[3")
        #expect(TerminalSafe.escape("\u{1B}[031m", keeping: styles) == "\\x1b[031m")
        #expect(TerminalSafe.escape("a\rb\tc", keeping: styles) == "a\\rb\\tc")
    }

    @Test("Width in terminal columns: escapes count what they show, wide characters two, marks none")
    func width() {
        #expect(TerminalSafe.width(TerminalSafe.escape(Self.hostile)) == 23)
        #expect(TerminalSafe.width("日本語") == 6)
        #expect(TerminalSafe.width("e\u{301}") == 1)
        #expect(TerminalSafe.width("🎉") == 2)
        #expect(TerminalSafe.width("├─ x …") == 6)
        #expect(TerminalSafe.width("ｗｉｄｅ") == 8)
    }

    @Test("Cutting to a width never splits an escape or a wide character")
    func fitting() {
        #expect(TerminalSafe.escape("ab\u{1B}cd", fitting: 5) == "ab…")
        #expect(TerminalSafe.escape("ab\u{1B}cd", fitting: 7) == "ab\\x1b…")
        #expect(TerminalSafe.escape("ab\u{1B}cd", fitting: 8) == "ab\\x1bcd")
        #expect(TerminalSafe.escape("日本語", fitting: 5) == "日本…")
        #expect(TerminalSafe.width(TerminalSafe.escape("日本語", fitting: 4)) == 3)
        #expect(TerminalSafe.escape("short", fitting: 10) == "short")
        #expect(TerminalSafe.escape("abc", fitting: 0) == "…")
    }
}
