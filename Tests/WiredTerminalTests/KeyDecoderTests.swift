import Testing
import WiredCore
import WiredTerminal

/// A sequence of bytes and the keys it is, as the terminals in docs/terminal.md send them.
struct KeyCase: CustomTestStringConvertible, Sendable {
    let bytes: [UInt8]
    let keys: [Key]
    let name: String

    init(_ text: String, _ keys: Key..., name: String) {
        bytes = Array(text.utf8)
        self.keys = keys
        self.name = name
    }

    init(bytes: [UInt8], _ keys: Key..., name: String) {
        self.bytes = bytes
        self.keys = keys
        self.name = name
    }

    var testDescription: String { name }
}

/// Every sequence of the key table, each complete without waiting for the escape delay.
let keyTable: [KeyCase] = [
    KeyCase("a", .character("a"), name: "ASCII letter"),
    KeyCase("~", .character("~"), name: "tilde"),
    KeyCase(" ", .character(" "), name: "space"),
    KeyCase("é", .character("é"), name: "two-byte UTF-8"),
    KeyCase("中", .character("中"), name: "three-byte UTF-8"),
    KeyCase("😀", .character("😀"), name: "four-byte UTF-8"),
    KeyCase("\r", .enter, name: "Enter (CR)"),
    KeyCase("\n", .enter, name: "Ctrl-J (LF)"),
    KeyCase("\u{1B}OM", .enter, name: "keypad Enter"),
    KeyCase("\t", .tab, name: "Tab"),
    KeyCase("\u{1B}[Z", .backTab, name: "Shift-Tab"),
    KeyCase("\u{7F}", .backspace, name: "Backspace (DEL)"),
    KeyCase("\u{08}", .backspace, name: "Backspace (Ctrl-H)"),
    KeyCase("\u{1B}[A", .up, name: "xterm up"),
    KeyCase("\u{1B}[B", .down, name: "xterm down"),
    KeyCase("\u{1B}[C", .right, name: "xterm right"),
    KeyCase("\u{1B}[D", .left, name: "xterm left"),
    KeyCase("\u{1B}OA", .up, name: "VT100 application up"),
    KeyCase("\u{1B}OB", .down, name: "VT100 application down"),
    KeyCase("\u{1B}OC", .right, name: "VT100 application right"),
    KeyCase("\u{1B}OD", .left, name: "VT100 application left"),
    KeyCase("\u{1B}[1;5A", .up, name: "Ctrl-Up, modifier dropped"),
    KeyCase("\u{1B}[a", .up, name: "rxvt Shift-Up"),
    KeyCase("\u{1B}[d", .left, name: "rxvt Shift-Left"),
    KeyCase("\u{1B}[H", .home, name: "xterm Home"),
    KeyCase("\u{1B}[F", .end, name: "xterm End"),
    KeyCase("\u{1B}OH", .home, name: "xterm application Home"),
    KeyCase("\u{1B}OF", .end, name: "xterm application End"),
    KeyCase("\u{1B}[1~", .home, name: "VT220 / Linux console Home"),
    KeyCase("\u{1B}[4~", .end, name: "VT220 / Linux console End"),
    KeyCase("\u{1B}[7~", .home, name: "rxvt Home"),
    KeyCase("\u{1B}[8~", .end, name: "rxvt End"),
    KeyCase("\u{1B}[2~", .insert, name: "Insert"),
    KeyCase("\u{1B}[3~", .delete, name: "Delete"),
    KeyCase("\u{1B}[5~", .pageUp, name: "Page Up"),
    KeyCase("\u{1B}[6~", .pageDown, name: "Page Down"),
    KeyCase("\u{1B}[5;5~", .pageUp, name: "Ctrl-Page Up, modifier dropped"),
    KeyCase("\u{1B}[5^", .pageUp, name: "rxvt Ctrl-Page Up"),
    KeyCase("\u{1B}[6$", .pageDown, name: "rxvt Shift-Page Down"),
    KeyCase("\u{1B}[3@", .delete, name: "rxvt Ctrl-Shift-Delete"),
    KeyCase("\u{1B}OP", .function(1), name: "VT100 F1"),
    KeyCase("\u{1B}OQ", .function(2), name: "VT100 F2"),
    KeyCase("\u{1B}OR", .function(3), name: "VT100 F3"),
    KeyCase("\u{1B}OS", .function(4), name: "VT100 F4"),
    KeyCase("\u{1B}O2P", .function(1), name: "Shift-F1 with an SS3 modifier"),
    KeyCase("\u{1B}[1;2P", .function(1), name: "xterm Shift-F1"),
    KeyCase("\u{1B}[11~", .function(1), name: "VT220 / rxvt F1"),
    KeyCase("\u{1B}[12~", .function(2), name: "VT220 / rxvt F2"),
    KeyCase("\u{1B}[13~", .function(3), name: "VT220 / rxvt F3"),
    KeyCase("\u{1B}[14~", .function(4), name: "VT220 / rxvt F4"),
    KeyCase("\u{1B}[15~", .function(5), name: "F5"),
    KeyCase("\u{1B}[17~", .function(6), name: "F6"),
    KeyCase("\u{1B}[18~", .function(7), name: "F7"),
    KeyCase("\u{1B}[19~", .function(8), name: "F8"),
    KeyCase("\u{1B}[20~", .function(9), name: "F9"),
    KeyCase("\u{1B}[21~", .function(10), name: "F10"),
    KeyCase("\u{1B}[23~", .function(11), name: "F11"),
    KeyCase("\u{1B}[24~", .function(12), name: "F12"),
    KeyCase("\u{1B}[[A", .function(1), name: "Linux console F1"),
    KeyCase("\u{1B}[[B", .function(2), name: "Linux console F2"),
    KeyCase("\u{1B}[[C", .function(3), name: "Linux console F3"),
    KeyCase("\u{1B}[[D", .function(4), name: "Linux console F4"),
    KeyCase("\u{1B}[[E", .function(5), name: "Linux console F5"),
    KeyCase(bytes: [0x01], .ctrl("a"), name: "Ctrl-A"),
    KeyCase(bytes: [0x03], .ctrl("c"), name: "Ctrl-C (as a byte, when ISIG is off)"),
    KeyCase(bytes: [0x0C], .ctrl("l"), name: "Ctrl-L"),
    KeyCase(bytes: [0x1A], .ctrl("z"), name: "Ctrl-Z (as a byte)"),
    KeyCase("\u{1B}x", .alt("x"), name: "Alt-x"),
    KeyCase("\u{1B}\u{1B}[A", .escape, .up, name: "Esc then up in one read"),
    KeyCase("\u{1B}\r", .escape, .enter, name: "Esc then Enter in one read"),
    KeyCase("q\u{1B}[21~é", .character("q"), .function(10), .character("é"), name: "keys in one read"),
]

@Suite("Key decoder")
struct KeyDecoderTests {
    @Test("each sequence decodes whole", arguments: keyTable)
    func decodesWhole(_ item: KeyCase) {
        var decoder = KeyDecoder()
        #expect(decoder.decode(item.bytes) == item.keys)
        #expect(!decoder.isWaiting)
    }

    @Test("each sequence decodes the same when a read splits it at any byte", arguments: keyTable)
    func decodesSplit(_ item: KeyCase) {
        for split in 0...item.bytes.count {
            var decoder = KeyDecoder()
            let first = decoder.decode(item.bytes[..<split])
            let second = decoder.decode(item.bytes[split...])
            #expect(first + second == item.keys, "split after \(split) bytes")
            #expect(!decoder.isWaiting)
        }
    }

    @Test("the whole table, one byte per read, gives every key in order")
    func decodesByteByByte() {
        var decoder = KeyDecoder()
        var keys: [Key] = []
        for byte in keyTable.flatMap(\.bytes) { keys += decoder.decode([byte]) }
        #expect(keys == keyTable.flatMap(\.keys))
    }

    @Test("a lone ESC waits, and is Esc after the delay")
    func loneEscape() {
        var decoder = KeyDecoder()
        #expect(decoder.decode([0x1B]).isEmpty)
        #expect(decoder.isWaiting)
        #expect(decoder.flush() == [.escape])
        #expect(!decoder.isWaiting)
        #expect(decoder.flush().isEmpty)
    }

    @Test("ESC [ and ESC O alone are Alt-[ and Alt-O after the delay")
    func introducersAlone() {
        var decoder = KeyDecoder()
        #expect(decoder.decode(Array("\u{1B}[".utf8)).isEmpty)
        #expect(decoder.flush() == [.alt("[")])
        #expect(decoder.decode(Array("\u{1B}O".utf8)).isEmpty)
        #expect(decoder.flush() == [.alt("O")])
    }

    @Test("a sequence cut by the delay is dropped, and what follows decodes")
    func unfinishedDropped() {
        var decoder = KeyDecoder()
        #expect(decoder.decode(Array("\u{1B}[2".utf8)).isEmpty)
        #expect(decoder.flush().isEmpty)
        #expect(decoder.decode(Array("1~".utf8)) == [.character("1"), .character("~")])
    }

    @Test(
        "unknown sequences are dropped whole, never shown as text",
        arguments: [
            "\u{1B}[99~", "\u{1B}[25~", "\u{1B}[<0;10;5M", "\u{1B}[?1;2c", "\u{1B}[I", "\u{1B}[O", "\u{1B}[1;2Y",
            "\u{1B}Ox", "\u{1B}Op", "\u{1B}[[F", "\u{1B}[~", "\u{1B}[12;34;56;78r", "\u{1B}O123P", "\u{1B}O;",
        ]
    )
    func unknownDropped(_ text: String) {
        var decoder = KeyDecoder()
        #expect(decoder.decode(Array((text + "z").utf8)) == [.character("z")])
        #expect(!decoder.isWaiting)
    }

    @Test("bracketed-paste marks are dropped and the pasted text is kept")
    func pasteMarks() {
        var decoder = KeyDecoder()
        let keys = decoder.decode(Array("\u{1B}[200~hi\u{1B}[201~".utf8))
        #expect(keys == [.character("h"), .character("i")])
    }

    @Test("an overlong control sequence is skipped to its final byte, however long")
    func overlongSequence() {
        var decoder = KeyDecoder()
        let long = [0x1B, UInt8(ascii: "[")] + [UInt8](repeating: UInt8(ascii: "9"), count: 10_000)
        #expect(decoder.decode(long).isEmpty)
        #expect(decoder.isWaiting)
        #expect(decoder.decode(Array("~a".utf8)) == [.character("a")])
        #expect(!decoder.isWaiting)
    }

    @Test("a control byte inside a sequence ends it and counts as itself")
    func controlInsideSequence() {
        var decoder = KeyDecoder()
        #expect(decoder.decode(Array("\u{1B}[1;\r".utf8)) == [.enter])
        #expect(decoder.decode(Array("\u{1B}[1\u{1B}[B".utf8)) == [.down])
        #expect(decoder.decode(Array("\u{1B}O\t".utf8)) == [.tab])
        #expect(decoder.decode(Array("\u{1B}[[\u{7F}".utf8)) == [.backspace])
    }

    @Test(
        "invalid UTF-8 is dropped and the next valid byte decodes",
        arguments: [
            [0xC0, 0x80],  // overlong NUL
            [0xC1, 0xBF],  // overlong DEL
            [0xE0, 0x80, 0x80],  // overlong three-byte form
            [0xE0, 0x9F, 0xBF],
            [0xF0, 0x80, 0x80, 0x80],  // overlong four-byte form
            [0xF0, 0x8F, 0xBF, 0xBF],
            [0xED, 0xA0, 0x80],  // a surrogate (U+D800)
            [0xED, 0xBF, 0xBF],  // a surrogate (U+DFFF)
            [0xF4, 0x90, 0x80, 0x80],  // above U+10FFFF
            [0xF5, 0x80, 0x80, 0x80],
            [0xFF], [0xFE],
            [0x80], [0xBF, 0xBF],  // stray continuation bytes
            [0xE4, 0xB8],  // cut short
            [0xF0, 0x9F, 0x98],
            [0xC3, 0xC3],  // a lead where a continuation belongs
            [0xC2, 0x9B],  // C1 CSI, encoded
            [0xE2, 0x80, 0xAE],  // U+202E right-to-left override
            [0xE2, 0x80, 0x8B],  // U+200B zero-width space
            [0x00], [0x1C], [0x1D], [0x1E], [0x1F],  // NUL and the controls with no letter
        ] as [[UInt8]]
    )
    func invalidDropped(_ bytes: [UInt8]) {
        var decoder = KeyDecoder()
        #expect(decoder.decode(bytes + [UInt8(ascii: "k")]) == [.character("k")])
        #expect(!decoder.isWaiting)
    }

    @Test("a lead byte followed by ASCII drops the lead and keeps the ASCII")
    func leadThenASCII() {
        var decoder = KeyDecoder()
        #expect(decoder.decode([0xC3, 0x28]) == [.character("(")])
        #expect(decoder.decode([0xE4, 0x1B, UInt8(ascii: "["), UInt8(ascii: "A")]) == [.up])
    }

    @Test("the decoder survives random bytes and gives only keys of the table")
    func randomBytes() {
        var random = TestRandom(seed: 42)
        for _ in 0..<50 {
            var decoder = KeyDecoder()
            var keys: [Key] = []
            for _ in 0..<20 {
                let chunk = (0..<random.below(64)).map { _ in UInt8(random.below(256)) }
                keys += decoder.decode(chunk)
            }
            keys += decoder.flush()
            #expect(!decoder.isWaiting)
            for key in keys { #expect(isListed(key), "\(key)") }
        }
    }

    /// True for a key the table can produce: printable characters, Alt with printable ASCII, Ctrl-a to z,
    /// F1–F12, the named keys.
    private func isListed(_ key: Key) -> Bool {
        switch key {
        case .character(let character):
            return character.unicodeScalars.count == 1
                && !character.unicodeScalars.contains(where: TerminalSafe.isUnsafe)
        case .alt(let character):
            return character.isASCII && !character.unicodeScalars.contains(where: TerminalSafe.isUnsafe)
        case .ctrl(let character):
            return ("a"..."z").contains(character) && !["h", "i", "j", "m"].contains(character)
        case .function(let number):
            return (1...12).contains(number)
        default:
            return true
        }
    }
}

/// A small deterministic generator (xorshift64) for tests that walk many inputs.
struct TestRandom {
    var state: UInt64

    init(seed: UInt64) { state = seed | 1 }

    mutating func below(_ bound: Int) -> Int {
        state ^= state << 13
        state ^= state >> 7
        state ^= state << 17
        return Int(state % UInt64(bound))
    }
}
