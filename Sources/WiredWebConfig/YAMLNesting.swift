/// A bound on how deeply a YAML text nests, found without parsing it: Yams composes nodes recursively, so a
/// file of a million `[` or `- ` would overflow the stack (a crash, measured: 10,000 levels in a debug build).
///
/// The bound is never below the real depth, whatever the text: a node's ancestors on earlier lines each add at
/// least half a column of indentation (a block sequence may sit at its key's column), and those on its own line
/// are each marked by an indicator (`- `, `? `, `: `) or a flow bracket. So it counts, on every line, twice the
/// indentation and every such indicator, plus every `[` and `{` of the text so far (closing ones are not
/// subtracted, since one may be inside quotes): quotes and comments are not told apart, which can only make
/// the bound larger, refusing a strange file but never letting a deep one through.
enum YAMLNesting {
    /// The most nesting the web config takes: its own is 3, and Yams handles thousands.
    static let limit = 256

    /// The first line (from 1) whose bound exceeds ``limit``, or `nil` when none does.
    ///
    /// Every line break YAML knows starts a line: LF, CR, and (YAML 1.1, which libyaml reads) NEL, LS and PS.
    static func tooDeep(_ text: String) -> Int? {
        var flow = 0
        var line = 1
        var indent = 0
        var atStart = true
        var indicators = 0
        var pending = false
        var last: (UInt8, UInt8) = (0, 0)
        for byte in text.utf8 {
            defer { last = (last.1, byte) }
            if pending {
                // An indicator counts when followed by a space, a tab or a line break (the first byte of NEL,
                // LS and PS counts too: more than needed, never less).
                pending = false
                if [0x20, 0x09, 0x0A, 0x0D, 0xC2, 0xE2].contains(byte) { indicators += 1 }
            }
            if isBreak(byte, after: last) {
                if byte == 0x0A { line += 1 }
                indent = 0
                atStart = true
                indicators = 0
                continue
            }
            if atStart, byte == 0x20 || byte == 0x09 {
                indent += 1
            } else {
                atStart = false
            }
            switch byte {
            case UInt8(ascii: "["), UInt8(ascii: "{"): flow += 1
            case UInt8(ascii: "-"), UInt8(ascii: "?"), UInt8(ascii: ":"): pending = true
            default: break
            }
            if 2 * indent + indicators + flow > limit { return line }
        }
        if pending { indicators += 1 }
        return 2 * indent + indicators + flow > limit ? line : nil
    }

    /// True when `byte` ends a line break: LF, CR, or the last byte of NEL (C2 85), LS (E2 80 A8) or PS
    /// (E2 80 A9).
    static func isBreak(_ byte: UInt8, after last: (UInt8, UInt8)) -> Bool {
        switch byte {
        case 0x0A, 0x0D: return true
        case 0x85: return last.1 == 0xC2
        case 0xA8, 0xA9: return last == (0xE2, 0x80)
        default: return false
        }
    }
}
