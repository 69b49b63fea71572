import Testing
import WiredCore
import WiredTerminal

@Suite("Frame")
struct FrameTests {
    @Test("text is put from a column, and the column after it is returned")
    func putsText() {
        var frame = Frame(size: Size(rows: 2, columns: 8))
        #expect(frame.put("wired", row: 1, column: 2) == 7)
        #expect(frame.lines == ["        ", "  wired "])
        #expect(frame[1, 2].text == "w")
        #expect(frame[1, 2].width == 1)
    }

    @Test("text is cut hard at the edge and at the limit")
    func cutsText() {
        var frame = Frame(size: Size(rows: 1, columns: 6))
        #expect(frame.put("abcdefgh", row: 0, column: 2) == 6)
        #expect(frame.text(row: 0) == "  abcd")
        #expect(frame.put("xyz", row: 0, column: 0, limit: 2) == 2)
        #expect(frame.text(row: 0) == "xyabcd")
        #expect(frame.put("out", row: 3, column: 0) == 0)
        #expect(frame.put("out", row: 0, column: 9) == 9)
        #expect(frame.text(row: 0) == "xyabcd")
    }

    @Test("a wide character takes two cells: itself and a continuation")
    func wideCharacters() {
        var frame = Frame(size: Size(rows: 1, columns: 6))
        #expect(frame.put("a中b", row: 0, column: 0) == 4)
        #expect(frame[0, 1].text == "中")
        #expect(frame[0, 1].width == 2)
        #expect(frame[0, 2].isContinuation)
        #expect(frame[0, 2].text == "")
        #expect(frame.text(row: 0) == "a中b  ")
    }

    @Test("a wide character that does not fit in the last column is left out")
    func wideAtEdge() {
        var frame = Frame(size: Size(rows: 1, columns: 4))
        #expect(frame.put("ab中", row: 0, column: 1) == 3)
        #expect(frame.text(row: 0) == " ab ")
        #expect(frame[0, 3].width == 1)
    }

    @Test("writing over half of a wide character turns its other half into a space")
    func brokenWideCharacters() {
        var frame = Frame(size: Size(rows: 1, columns: 6))
        frame.put("中文", row: 0, column: 0)
        frame.put("x", row: 0, column: 1)  // the right half of 中
        #expect(frame.text(row: 0) == " x文  ")
        frame.put("y", row: 0, column: 2)  // the left half of 文
        #expect(frame.text(row: 0) == " xy   ")
        frame.put("字字", row: 0, column: 0)
        frame.put("語", row: 0, column: 1)  // straddles both: each loses its other half
        #expect(frame.text(row: 0) == " 語   ")
        #expect(frame[0, 0].width == 1)
        #expect(frame[0, 3].width == 1)
    }

    @Test("control characters and foreign escape sequences are shown escaped, never kept raw")
    func escapesForeignText() {
        var frame = Frame(size: Size(rows: 1, columns: 30))
        frame.put("a\u{1B}]0;title\u{07}b\u{202E}c", row: 0, column: 0)
        #expect(frame.text(row: 0) == "a\\x1b]0;title\\x07b\\u{202e}c" + String(repeating: " ", count: 3))
        for column in 0..<30 {
            #expect(!frame[0, column].text.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x202E })
        }
    }

    @Test("a lone combining mark is shown on a dotted circle, one cell wide")
    func loneCombiningMark() {
        var frame = Frame(size: Size(rows: 1, columns: 4))
        #expect(frame.put("\u{301}e\u{301}", row: 0, column: 0) == 2)
        #expect(frame[0, 0].text == "\u{25CC}\u{301}")
        #expect(frame[0, 1].text == "e\u{301}")
    }

    @Test("fill paints spaces in a style, and text put on it keeps its own style")
    func fills() {
        var frame = Frame(size: Size(rows: 2, columns: 5))
        let bar = CellStyle(reverse: true)
        frame.fill(row: 0, style: bar)
        frame.put("ok", row: 0, column: 1, style: CellStyle(bold: true, reverse: true))
        #expect(frame[0, 0].style == bar)
        #expect(frame[0, 1].style == CellStyle(bold: true, reverse: true))
        #expect(frame[0, 4].style == bar)
        #expect(frame[1, 0].style == .plain)
        frame.fill(row: 1, from: 3, to: 9, style: bar)
        #expect((0..<5).map { frame[1, $0].style } == [.plain, .plain, .plain, bar, bar])
    }

    @Test("fitted cuts or pads, and a wide character cut by the new edge becomes a space")
    func fitted() {
        var frame = Frame(size: Size(rows: 2, columns: 4))
        frame.put("ab中", row: 0, column: 0)
        frame.put("cd", row: 1, column: 0)
        let smaller = frame.fitted(to: Size(rows: 1, columns: 3))
        #expect(smaller.lines == ["ab "])
        #expect(smaller[0, 2].width == 1)
        let larger = frame.fitted(to: Size(rows: 3, columns: 5))
        #expect(larger.lines == ["ab中 ", "cd   ", "     "])
        #expect(frame.fitted(to: frame.size) == frame)
    }

    @Test("the colour of each memory class is the text views' colour")
    func memoryClassColors() {
        #expect(Color(.free) == .green)
        #expect(Color(.reclaimable) == .cyan)
        #expect(Color(.compressed) == .magenta)
        #expect(Color(.wired) == .red)
        #expect(Color(.reserved) == .gray)
        #expect(Color(.unexplained) == .yellow)
    }
}
