import Testing
import WiredTerminal

/// Colour and row limits, decided in one place for every view.
@Suite("Output terminal")
struct OutputTerminalTests {
    static let tty = OutputTerminal(isTerminal: true, size: Size(rows: 40, columns: 120))

    @Test("auto colours a terminal only, and never under NO_COLOR or TERM=dumb")
    func autoColour() {
        #expect(Self.tty.colors(.auto))
        var noColor = Self.tty
        noColor.noColor = true
        #expect(!noColor.colors(.auto))
        var dumb = Self.tty
        dumb.dumb = true
        #expect(!dumb.colors(.auto))
        let pipe = OutputTerminal(isTerminal: false, size: Size(rows: 40, columns: 100))
        #expect(!pipe.colors(.auto))
    }

    @Test("always and never are obeyed whatever the output")
    func forced() {
        let dumbPipe = OutputTerminal(isTerminal: false, size: Size(rows: 0, columns: 0), noColor: true, dumb: true)
        #expect(dumbPipe.colors(.always))
        #expect(!Self.tty.colors(.never))
    }

    @Test("A list shows what fits below 12 lines of header, at least 5; 25 off a terminal; all as JSON")
    func rows() {
        #expect(Self.tty.defaultListRows(json: false) == 28)
        #expect(OutputTerminal(isTerminal: true, size: Size(rows: 10, columns: 80)).defaultListRows(json: false) == 5)
        #expect(OutputTerminal(isTerminal: false, size: Size(rows: 90, columns: 80)).defaultListRows(json: false) == 25)
        #expect(Self.tty.defaultListRows(json: true) == 0)
    }
}
