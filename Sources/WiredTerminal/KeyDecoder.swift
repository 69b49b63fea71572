internal import WiredCore

/// Turns the bytes a terminal sends into keys, keeping what a read cut in half until the next read.
///
/// Pure: no I/O and no clock. A read may end inside a sequence (`ESC [ 2` … `1 ~`) or inside a UTF-8 character;
/// the decoder keeps that part (``isWaiting``) and finishes it with the next bytes. Esc alone is indistinguishable
/// from the start of a sequence, so the caller calls ``flush()`` when no byte has come for the escape delay: a
/// lone ESC then becomes ``Key/escape``, and any other unfinished part is dropped.
///
/// Input is never trusted: a sequence the table in docs/terminal.md does not list is dropped whole, never shown as
/// text; a control sequence longer than ``maximumSequence`` bytes is skipped to its final byte; invalid UTF-8
/// (overlong forms, surrogates, stray continuation bytes, code points above U+10FFFF) and control or format
/// characters are dropped.
public struct KeyDecoder: Sendable {
    /// The most parameter bytes kept for one control sequence; a longer one is skipped to its end.
    public static let maximumSequence = 16

    private enum State: Sendable, Equatable {
        case ground
        /// After ESC.
        case escape
        /// After `ESC [`, collecting parameter and intermediate bytes in `sequence`.
        case csi
        /// Inside a control sequence that was too long: dropping bytes up to its final byte.
        case skipping
        /// After `ESC O` (SS3), collecting modifier digits in `sequence`.
        case ss3
        /// After `ESC [ [` (the Linux console's F1–F5).
        case linuxFunction
        /// Inside a UTF-8 character whose bytes so far are in `sequence`, `remaining` more to come.
        case utf8(remaining: Int)
    }

    private var state = State.ground
    private var sequence: [UInt8] = []

    /// A decoder with nothing pending.
    public init() {}

    /// True when the bytes so far end inside a sequence or a character: call ``flush()`` if nothing more comes.
    public var isWaiting: Bool { state != .ground }

    /// The keys `bytes` complete, in order; bytes that end mid-sequence are kept for the next call.
    public mutating func decode(_ bytes: some Sequence<UInt8>) -> [Key] {
        var keys: [Key] = []
        for byte in bytes { feed(byte, into: &keys) }
        return keys
    }

    /// Ends what is pending, for when no byte came within the escape delay: a lone ESC is ``Key/escape``,
    /// `ESC [` and `ESC O` are Alt-[ and Alt-O, anything else unfinished is dropped.
    public mutating func flush() -> [Key] {
        defer {
            state = .ground
            sequence.removeAll(keepingCapacity: true)
        }
        switch state {
        case .escape: return [.escape]
        case .csi where sequence.isEmpty: return [.alt("[")]
        case .ss3 where sequence.isEmpty: return [.alt("O")]
        default: return []
        }
    }

    private mutating func feed(_ byte: UInt8, into keys: inout [Key]) {
        switch state {
        case .ground: ground(byte, into: &keys)
        case .escape: afterEscape(byte, into: &keys)
        case .csi: inControlSequence(byte, into: &keys)
        case .skipping: skipping(byte, into: &keys)
        case .ss3: inSS3(byte, into: &keys)
        case .linuxFunction: inLinuxFunction(byte, into: &keys)
        case .utf8(let remaining): inCharacter(byte, remaining: remaining, into: &keys)
        }
    }

    /// A byte outside any sequence.
    private mutating func ground(_ byte: UInt8, into keys: inout [Key]) {
        switch byte {
        case 0x1B: state = .escape
        case 0x0D, 0x0A: keys.append(.enter)
        case 0x09: keys.append(.tab)
        case 0x7F, 0x08: keys.append(.backspace)
        case 0x01...0x1A: keys.append(.ctrl(Character(Unicode.Scalar(byte + 0x60))))
        case 0x20...0x7E: keys.append(.character(Character(Unicode.Scalar(byte))))
        case 0xC2...0xDF: startCharacter(byte, remaining: 1)
        case 0xE0...0xEF: startCharacter(byte, remaining: 2)
        case 0xF0...0xF4: startCharacter(byte, remaining: 3)
        default: break  // NUL, 0x1C–0x1F, stray continuation bytes, C0/C1 leads of overlong forms, 0xF5–0xFF
        }
    }

    private mutating func startCharacter(_ lead: UInt8, remaining: Int) {
        sequence.removeAll(keepingCapacity: true)
        sequence.append(lead)
        state = .utf8(remaining: remaining)
    }

    /// Ends a sequence that `byte` cannot continue: drops it and reads `byte` afresh (ESC starts a new one).
    private mutating func abandon(at byte: UInt8, into keys: inout [Key]) {
        state = .ground
        sequence.removeAll(keepingCapacity: true)
        ground(byte, into: &keys)
    }

    /// A byte after ESC.
    private mutating func afterEscape(_ byte: UInt8, into keys: inout [Key]) {
        switch byte {
        case UInt8(ascii: "["):
            state = .csi
            sequence.removeAll(keepingCapacity: true)
        case UInt8(ascii: "O"):
            state = .ss3
            sequence.removeAll(keepingCapacity: true)
        case 0x1B:
            keys.append(.escape)  // the first of two: Esc, and the second starts anew
        case 0x20...0x7E:
            keys.append(.alt(Character(Unicode.Scalar(byte))))
            state = .ground
        default:
            keys.append(.escape)
            abandon(at: byte, into: &keys)
        }
    }

    /// A byte of `ESC [ …`: parameters and intermediates are kept (bounded), a final byte ends it.
    private mutating func inControlSequence(_ byte: UInt8, into keys: inout [Key]) {
        if sequence.isEmpty, byte == UInt8(ascii: "[") {
            state = .linuxFunction
            return
        }
        // rxvt ends Shift-modified keys with "$", which ECMA-48 counts as an intermediate byte.
        let rxvtFinal = byte == UInt8(ascii: "$") && !sequence.isEmpty && sequence.allSatisfy(Self.isDigit)
        switch rxvtFinal ? UInt8(ascii: "~") : byte {
        case 0x40...0x7E:
            if let key = Self.controlSequenceKey(parameters: sequence, final: byte) { keys.append(key) }
            state = .ground
            sequence.removeAll(keepingCapacity: true)
        case 0x20...0x3F:
            guard sequence.count < Self.maximumSequence else {
                state = .skipping
                sequence.removeAll(keepingCapacity: true)
                return
            }
            sequence.append(byte)
        default:
            abandon(at: byte, into: &keys)
        }
    }

    /// A byte of a control sequence too long to keep: its final byte ends it.
    private mutating func skipping(_ byte: UInt8, into keys: inout [Key]) {
        switch byte {
        case 0x40...0x7E: state = .ground
        case 0x20...0x3F: break
        default: abandon(at: byte, into: &keys)
        }
    }

    /// A byte after `ESC O`: up to two modifier digits, then the key's letter.
    private mutating func inSS3(_ byte: UInt8, into keys: inout [Key]) {
        switch byte {
        case 0x30...0x39:
            guard sequence.count < 2 else {
                state = .skipping  // a run of digits no terminal sends: drop it up to its letter
                sequence.removeAll(keepingCapacity: true)
                return
            }
            sequence.append(byte)
        case 0x40...0x7E:
            if let key = Self.ss3Key(final: byte) { keys.append(key) }
            state = .ground
            sequence.removeAll(keepingCapacity: true)
        case 0x20...0x3F:
            state = .ground  // SS3 takes one character: this one ends it, and the sequence is dropped
            sequence.removeAll(keepingCapacity: true)
        default:
            abandon(at: byte, into: &keys)
        }
    }

    /// The byte after `ESC [ [`: A–E are F1–F5 on the Linux console.
    private mutating func inLinuxFunction(_ byte: UInt8, into keys: inout [Key]) {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "E"):
            keys.append(.function(Int(byte - UInt8(ascii: "A")) + 1))
            state = .ground
        case 0x20...0x7E:
            state = .ground
        default:
            abandon(at: byte, into: &keys)
        }
    }

    /// A continuation byte of a UTF-8 character, checked against the ranges that exclude overlong forms,
    /// surrogates and code points above U+10FFFF.
    private mutating func inCharacter(_ byte: UInt8, remaining: Int, into keys: inout [Key]) {
        var range: ClosedRange<UInt8> = 0x80...0xBF
        if sequence.count == 1 {
            switch sequence[0] {
            case 0xE0: range = 0xA0...0xBF
            case 0xED: range = 0x80...0x9F
            case 0xF0: range = 0x90...0xBF
            case 0xF4: range = 0x80...0x8F
            default: break
            }
        }
        guard range.contains(byte) else { return abandon(at: byte, into: &keys) }
        sequence.append(byte)
        guard remaining == 1 else {
            state = .utf8(remaining: remaining - 1)
            return
        }
        var value = UInt32(sequence[0]) & (sequence.count == 2 ? 0x1F : sequence.count == 3 ? 0x0F : 0x07)
        for continuation in sequence.dropFirst() { value = value << 6 | UInt32(continuation & 0x3F) }
        state = .ground
        sequence.removeAll(keepingCapacity: true)
        if let scalar = Unicode.Scalar(value), !TerminalSafe.isUnsafe(scalar) {
            keys.append(.character(Character(scalar)))
        }
    }

    private static func isDigit(_ byte: UInt8) -> Bool { (0x30...0x39).contains(byte) }

    /// The key of `ESC [ parameters final`, or `nil` for a sequence the table does not list.
    static func controlSequenceKey(parameters: [UInt8], final: UInt8) -> Key? {
        // Only digits and semicolons: a private marker (`<` of mouse reports, `?` of replies) is not a key.
        guard parameters.allSatisfy({ isDigit($0) || $0 == UInt8(ascii: ";") }) else { return nil }
        let first = parameters.prefix { $0 != UInt8(ascii: ";") }.reduce(0) { min($0 * 10 + Int($1 - 0x30), 1000) }
        switch final {
        case UInt8(ascii: "A"), UInt8(ascii: "a"): return .up
        case UInt8(ascii: "B"), UInt8(ascii: "b"): return .down
        case UInt8(ascii: "C"), UInt8(ascii: "c"): return .right
        case UInt8(ascii: "D"), UInt8(ascii: "d"): return .left
        case UInt8(ascii: "H"): return .home
        case UInt8(ascii: "F"): return .end
        case UInt8(ascii: "Z"): return .backTab
        case UInt8(ascii: "P")...UInt8(ascii: "S"): return .function(Int(final - UInt8(ascii: "P")) + 1)
        case UInt8(ascii: "~"), UInt8(ascii: "^"), UInt8(ascii: "@"), UInt8(ascii: "$"):
            return parameters.isEmpty ? nil : numberedKey(first)
        default: return nil
        }
    }

    /// The key of `ESC [ n ~` (VT220 and xterm; `^`, `@` and `$` are rxvt's Ctrl, Ctrl-Shift and Shift forms).
    static func numberedKey(_ number: Int) -> Key? {
        switch number {
        case 1, 7: .home
        case 2: .insert
        case 3: .delete
        case 4, 8: .end
        case 5: .pageUp
        case 6: .pageDown
        case 11...15: .function(number - 10)
        case 17...21: .function(number - 11)
        case 23, 24: .function(number - 12)
        default: nil
        }
    }

    /// The key of `ESC O final` (VT100 application mode, xterm's F1–F4 and Home/End).
    static func ss3Key(final: UInt8) -> Key? {
        switch final {
        case UInt8(ascii: "A"): .up
        case UInt8(ascii: "B"): .down
        case UInt8(ascii: "C"): .right
        case UInt8(ascii: "D"): .left
        case UInt8(ascii: "H"): .home
        case UInt8(ascii: "F"): .end
        case UInt8(ascii: "M"): .enter
        case UInt8(ascii: "P")...UInt8(ascii: "S"): .function(Int(final - UInt8(ascii: "P")) + 1)
        default: nil
        }
    }
}
