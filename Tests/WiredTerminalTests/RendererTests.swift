import Testing
import WiredTerminal

/// The renderer's bytes as text, ESC written as "⎋" so that a golden string reads.
private func shown(_ bytes: [UInt8]) -> String {
    String(decoding: bytes, as: UTF8.self).replacingOccurrences(of: "\u{1B}", with: "⎋")
}

private extension String {
    func replacingOccurrences(of target: String, with replacement: String) -> String {
        split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}

private func frame(_ rows: Int, _ columns: Int, _ puts: (inout Frame) -> Void = { _ in }) -> Frame {
    var frame = Frame(size: Size(rows: rows, columns: columns))
    puts(&frame)
    return frame
}

@Suite("Renderer")
struct RendererTests {
    let renderer = Renderer(colors: true)

    @Test("no change writes no bytes")
    func noChange() {
        let screen = frame(3, 10) { $0.put("hello", row: 1, column: 2, style: CellStyle(bold: true, foreground: .red)) }
        #expect(renderer.update(from: screen, to: screen).isEmpty)
        #expect(Renderer(colors: false).update(from: screen, to: screen).isEmpty)
    }

    @Test("one changed cell is one cursor move and one character")
    func oneCell() {
        let before = frame(3, 5)
        #expect(shown(renderer.update(from: before, to: frame(3, 5) { $0.put("x", row: 1, column: 2) })) == "⎋[2;3Hx")
        #expect(shown(renderer.update(from: before, to: frame(3, 5) { $0.put("x", row: 0, column: 0) })) == "⎋[Hx")
        #expect(shown(renderer.update(from: before, to: frame(3, 5) { $0.put("x", row: 2, column: 0) })) == "⎋[3Hx")
    }

    @Test("a run of changed cells is written after one move")
    func oneRun() {
        let before = frame(2, 10) { $0.put("0123456789", row: 1, column: 0) }
        let after = frame(2, 10) { $0.put("01abc56789", row: 1, column: 0) }
        #expect(shown(renderer.update(from: before, to: after)) == "⎋[2;3Habc")
    }

    @Test("a short unchanged gap is written again instead of a move; a long one is moved over")
    func gaps() {
        let before = frame(1, 10) { $0.put("abcdefghij", row: 0, column: 0) }
        let short = frame(1, 10) { $0.put("AbCdefghij", row: 0, column: 0) }
        #expect(shown(renderer.update(from: before, to: short)) == "⎋[HAbC")
        let long = frame(1, 10) { $0.put("AbcdefghiJ", row: 0, column: 0) }
        #expect(shown(renderer.update(from: before, to: long)) == "⎋[HA⎋[1;10HJ")
        // A gap in another style than the pen is moved over: rewriting it would need two style changes.
        let styled = frame(1, 10) {
            $0.put("abc", row: 0, column: 0)
            $0.put("b", row: 0, column: 1, style: CellStyle(bold: true))
        }
        let styledAfter = frame(1, 10) {
            $0.put("AbC", row: 0, column: 0)
            $0.put("b", row: 0, column: 1, style: CellStyle(bold: true))
        }
        #expect(shown(renderer.update(from: styled, to: styledAfter)) == "⎋[HA⎋[1;3HC")
    }

    @Test("after the last column the cursor is moved, never assumed to wrap")
    func lastColumn() {
        let after = frame(2, 3) {
            $0.put("abc", row: 0, column: 0)
            $0.put("d", row: 1, column: 0)
        }
        #expect(shown(renderer.update(from: frame(2, 3), to: after)) == "⎋[Habc⎋[2Hd")
    }

    @Test("styles are written only where they change, and the pen is reset at the end")
    func styles() {
        let blank = frame(1, 6)
        let boldRed = frame(1, 6) { $0.put("ab", row: 0, column: 0, style: CellStyle(bold: true, foreground: .red)) }
        #expect(shown(renderer.update(from: blank, to: boldRed)) == "⎋[H⎋[1;31mab⎋[0m")
        let mixed = frame(1, 6) {
            $0.put("a", row: 0, column: 0, style: CellStyle(bold: true))
            $0.put("b", row: 0, column: 1)
            $0.put("c", row: 0, column: 2, style: CellStyle(reverse: true))
            $0.put("d", row: 0, column: 3, style: CellStyle(underline: true))
            $0.put("e", row: 0, column: 4, style: CellStyle(underline: true, foreground: .green))
            $0.put("f", row: 0, column: 5, style: CellStyle(underline: true, foreground: .gray, background: .blue))
        }
        // Bold off: a reset (4 bytes) is shorter than 22; reverse to underline: "0;4" beats "27;4"; then only
        // what is added.
        #expect(shown(renderer.update(from: blank, to: mixed)) == "⎋[H⎋[1ma⎋[0mb⎋[7mc⎋[0;4md⎋[32me⎋[90;44mf⎋[0m")
    }

    @Test("a change of colour alone is one colour code")
    func colourChange() {
        let red = frame(1, 2) { $0.put("a", row: 0, column: 0, style: CellStyle(foreground: .red)) }
        let green = frame(1, 2) { $0.put("a", row: 0, column: 0, style: CellStyle(foreground: .green)) }
        #expect(shown(renderer.update(from: red, to: green)) == "⎋[H⎋[32ma⎋[0m")
    }

    @Test(
        "with colour off no colour code is written, bold, dim, underline and reverse are, and colour-only changes are not drawn"
    )
    func colourOff() {
        let plain = Renderer(colors: false)
        let blank = frame(1, 6)
        let styled = frame(1, 6) {
            $0.put("ab", row: 0, column: 0, style: CellStyle(bold: true, foreground: .red))
            $0.put("c", row: 0, column: 2, style: CellStyle(reverse: true, background: .blue))
            $0.put("d", row: 0, column: 3, style: CellStyle(dim: true, underline: true, foreground: .cyan))
        }
        #expect(shown(plain.update(from: blank, to: styled)) == "⎋[H⎋[1mab⎋[0;7mc⎋[0;2;4md⎋[0m")
        let red = frame(1, 2) { $0.put("a", row: 0, column: 0, style: CellStyle(foreground: .red)) }
        let green = frame(1, 2) { $0.put("a", row: 0, column: 0, style: CellStyle(foreground: .green)) }
        #expect(plain.update(from: red, to: green).isEmpty)
        let paintedBlank = frame(1, 2) { $0.fill(row: 0, style: CellStyle(background: .red)) }
        #expect(plain.update(from: blank.fitted(to: Size(rows: 1, columns: 2)), to: paintedBlank).isEmpty)
        #expect(shown(plain.repaint(paintedBlank)) == "⎋[0m⎋[H⎋[2J")
    }

    @Test("wide characters are written once, from their first cell")
    func wide() {
        let blank = frame(1, 6)
        let wide = frame(1, 6) { $0.put("中", row: 0, column: 1) }
        #expect(shown(renderer.update(from: blank, to: wide)) == "⎋[1;2H中")
        let narrow = frame(1, 6) { $0.put("ab", row: 0, column: 1) }
        #expect(shown(renderer.update(from: wide, to: narrow)) == "⎋[1;2Hab")
        #expect(shown(renderer.update(from: narrow, to: wide)) == "⎋[1;2H中")
        let twoWide = frame(1, 6) { $0.put("中文x", row: 0, column: 0) }
        #expect(shown(renderer.update(from: blank, to: twoWide)) == "⎋[H中文x")
        // Half of 中 overwritten: its first cell becomes a space, and both cells are drawn.
        let broken = frame(1, 6) {
            $0.put("中", row: 0, column: 0)
            $0.put("x", row: 0, column: 1)
        }
        #expect(shown(renderer.update(from: frame(1, 6) { $0.put("中", row: 0, column: 0) }, to: broken)) == "⎋[H x")
    }

    @Test("a new size, or no frame before, is a full repaint")
    func fullRepaint() {
        let next = frame(3, 4) { $0.put("hi", row: 1, column: 0) }
        let expected = "⎋[0m⎋[H⎋[2J⎋[2Hhi"
        #expect(shown(renderer.update(from: frame(2, 3), to: next)) == expected)
        #expect(shown(renderer.update(from: nil, to: next)) == expected)
        #expect(shown(renderer.repaint(next)) == expected)
        #expect(shown(renderer.repaint(frame(2, 2))) == "⎋[0m⎋[H⎋[2J")
    }

    @Test("foreign text reaches the output only escaped")
    func foreignText() {
        let hostile = frame(1, 40) { $0.put("a\u{1B}[2J\u{1B}]52;c;eA==\u{07}\u{9B}b", row: 0, column: 0) }
        let bytes = renderer.update(from: frame(1, 40), to: hostile)
        #expect(shown(bytes) == "⎋[Ha\\x1b[2J\\x1b]52;c;eA==\\x07\\u{9b}b")
        #expect(bytes.filter { $0 == 0x1B }.count == 1)
    }

    @Test(
        "any sequence of random frames drawn by diff leaves the screen showing the last one",
        arguments: [true, false]
    )
    func randomFrames(colors: Bool) {
        let renderer = Renderer(colors: colors)
        var random = TestRandom(seed: colors ? 7 : 11)
        for _ in 0..<40 {
            let size = Size(rows: 1 + random.below(6), columns: 1 + random.below(14))
            var shownFrame = randomChange(of: Frame(size: size), &random)
            var screen = ScreenEmulator(size: size)
            screen.apply(Array("\u{1B}[?7l".utf8) + renderer.repaint(shownFrame))
            #expect(screen.difference(from: shownFrame, colors: colors) == nil)
            for _ in 0..<15 {
                let next = randomChange(of: shownFrame, &random)
                screen.apply(renderer.update(from: shownFrame, to: next))
                #expect(screen.difference(from: next, colors: colors) == nil)
                #expect(screen.pen == .plain)
                shownFrame = next
            }
            #expect(screen.unknown.isEmpty)
        }
    }

    @Test("a screen already showing a frame stays as it is, and one drawn from a blank screen shows it")
    func emulatorAgrees() {
        let next = frame(2, 6) {
            $0.put("a中b", row: 0, column: 0, style: CellStyle(bold: true))
            $0.put("x", row: 1, column: 5, style: CellStyle(foreground: .yellow))
        }
        var screen = ScreenEmulator(showing: next)
        screen.apply(renderer.update(from: next, to: next))
        #expect(screen.difference(from: next) == nil)
        var fresh = ScreenEmulator(size: next.size)
        fresh.apply(renderer.update(from: frame(2, 6), to: next))
        #expect(fresh.difference(from: next) == nil)
    }

    private static let pieces = ["a", "b", "Z", "0", " ", "é", "中", "語", "😀", "∑", "ab", "x中y", "\u{301}"]
    private static let styles = [
        CellStyle.plain, CellStyle(bold: true), CellStyle(dim: true), CellStyle(reverse: true),
        CellStyle(underline: true, foreground: .green), CellStyle(bold: true, foreground: .red),
        CellStyle(foreground: .gray, background: .blue), CellStyle(bold: true, dim: true, reverse: true),
        CellStyle(background: .cyan),
    ]

    /// `frame` with a few random pieces of text and fills put on it.
    private func randomChange(of frame: Frame, _ random: inout TestRandom) -> Frame {
        var frame = frame
        for _ in 0..<(1 + random.below(6)) {
            let row = random.below(frame.size.rows)
            let column = random.below(frame.size.columns)
            let style = Self.styles[random.below(Self.styles.count)]
            if random.below(8) == 0 {
                frame.fill(row: row, from: column, to: column + random.below(5), style: style)
            } else {
                frame.put(Self.pieces[random.below(Self.pieces.count)], row: row, column: column, style: style)
            }
        }
        return frame
    }
}
