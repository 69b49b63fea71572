/// Writes JSON as it goes, flushing to a sink in chunks.
///
/// Written by hand instead of `JSONEncoder` because views stream thousands of process rows: the encoder
/// builds the whole tree in memory first, while this keeps peak memory flat and key order fixed. Snapshot
/// files use it for their process list too, where it is about five times faster than `JSONEncoder`.
public struct JSONWriter {
    private var buffer: [UInt8] = []
    private var needsComma: [Bool] = []
    private var afterKey = false
    private let pretty: Bool
    private let sink: ([UInt8]) -> Void
    private let flushThreshold: Int

    /// Creates a writer that hands bytes to `sink` whenever `flushThreshold` bytes are pending.
    public init(pretty: Bool = true, flushThreshold: Int = 64 << 10, sink: @escaping ([UInt8]) -> Void) {
        self.pretty = pretty
        self.sink = sink
        self.flushThreshold = flushThreshold
        buffer.reserveCapacity(flushThreshold + 1024)
    }

    /// Writes everything pending, ending the document with a newline.
    public mutating func finish() {
        buffer.append(10)
        sink(buffer)
        buffer.removeAll(keepingCapacity: true)
    }

    /// Opens an object.
    public mutating func beginObject() { open(UInt8(ascii: "{")) }
    /// Closes an object.
    public mutating func endObject() { close(UInt8(ascii: "}")) }
    /// Opens an array.
    public mutating func beginArray() { open(UInt8(ascii: "[")) }
    /// Closes an array.
    public mutating func endArray() { close(UInt8(ascii: "]")) }

    /// Writes an object key; the next call writes its value.
    public mutating func key(_ name: String) {
        separate()
        appendString(name)
        buffer.append(UInt8(ascii: ":"))
        if pretty { buffer.append(UInt8(ascii: " ")) }
        afterKey = true
    }

    /// Writes a string value.
    public mutating func value(_ text: String) {
        separate()
        appendString(text)
        flushIfNeeded()
    }

    /// Writes an integer value.
    public mutating func value(_ number: Int64) {
        separate()
        appendDigits(number)
    }

    /// Writes an unsigned integer value.
    public mutating func value(_ number: UInt64) {
        if let small = Int64(exactly: number) {
            value(small)
        } else {
            separate()
            buffer.append(contentsOf: String(number).utf8)
        }
    }

    /// Appends the decimal digits of `number` without making a string.
    private mutating func appendDigits(_ number: Int64) {
        if number < 0 { buffer.append(UInt8(ascii: "-")) }
        var magnitude = number.magnitude
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)  // up to 20 digits, filled from the end
        var count = 0
        withUnsafeMutableBytes(of: &digits) { raw in
            repeat {
                raw[23 - count] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
                count += 1
            } while magnitude > 0
            buffer.append(contentsOf: raw[(24 - count)...])
        }
    }

    /// Writes an integer value.
    public mutating func value(_ number: Int) { value(Int64(number)) }

    /// Writes a number; NaN and infinity become null.
    public mutating func value(_ number: Double) {
        separate()
        if number.isFinite {
            buffer.append(
                contentsOf: (number == number.rounded() && abs(number) < 1e15 ? String(Int64(number)) : String(number))
                    .utf8
            )
        } else {
            buffer.append(contentsOf: "null".utf8)
        }
    }

    /// Writes true or false.
    public mutating func value(_ flag: Bool) {
        separate()
        buffer.append(contentsOf: (flag ? "true" : "false").utf8)
    }

    /// Writes null.
    public mutating func null() {
        separate()
        buffer.append(contentsOf: "null".utf8)
    }

    /// Writes `"name": text`.
    public mutating func field(_ name: String, _ text: String) {
        key(name)
        value(text)
    }

    /// Writes `"name": text`, or `"name": null` when `text` is nil.
    public mutating func field(_ name: String, _ text: String?) {
        key(name)
        if let text { value(text) } else { null() }
    }

    /// Writes `"name": number`.
    public mutating func field(_ name: String, _ number: Int64) {
        key(name)
        value(number)
    }

    /// Writes `"name": number`, or null.
    public mutating func field(_ name: String, _ number: Int64?) {
        key(name)
        if let number { value(number) } else { null() }
    }

    /// Writes `"name": number`.
    public mutating func field(_ name: String, _ number: Int) { field(name, Int64(number)) }

    /// Writes `"name": number`, or null.
    public mutating func field(_ name: String, _ number: Double?) {
        key(name)
        if let number { value(number) } else { null() }
    }

    /// Writes `"name": flag`.
    public mutating func field(_ name: String, _ flag: Bool) {
        key(name)
        value(flag)
    }

    /// Writes `"name": [strings]`.
    public mutating func field(_ name: String, _ strings: [String]) {
        key(name)
        beginArray()
        for text in strings { value(text) }
        endArray()
    }

    private mutating func open(_ bracket: UInt8) {
        separate()
        buffer.append(bracket)
        needsComma.append(false)
    }

    private mutating func close(_ bracket: UInt8) {
        let hadItems = needsComma.popLast() ?? false
        if pretty && hadItems {
            newline()
        }
        buffer.append(bracket)
        flushIfNeeded()
    }

    /// Writes the comma and indentation that come before a value or key.
    private mutating func separate() {
        if afterKey {
            afterKey = false
            return
        }
        guard !needsComma.isEmpty else { return }
        if needsComma[needsComma.count - 1] { buffer.append(UInt8(ascii: ",")) }
        needsComma[needsComma.count - 1] = true
        if pretty { newline() }
    }

    private mutating func newline() {
        buffer.append(10)
        for _ in 0..<needsComma.count { buffer.append(contentsOf: [32, 32]) }
    }

    /// Appends `text` as a JSON string.
    ///
    /// Escaped: what JSON requires (`"`, `\\`, U+0000–U+001F), and, so that JSON printed on a terminal cannot
    /// drive it or disguise text, DEL, the C1 controls U+0080–U+009F, the zero-width and bidi characters
    /// U+200B–U+200F, U+202A–U+202E, U+2060–U+206F, U+FEFF and the separators U+2028 and U+2029 (which
    /// JavaScript also forbids in strings). A reader decodes exactly the original text. A Swift string is always
    /// valid UTF-8, so neither is the output.
    private mutating func appendString(_ text: String) {
        buffer.append(UInt8(ascii: "\""))
        // Most strings need no escaping: copy them whole.
        if !text.utf8.contains(where: Self.mayNeedEscape) {
            buffer.append(contentsOf: text.utf8)
            buffer.append(UInt8(ascii: "\""))
            return
        }
        var scalars = text.unicodeScalars.makeIterator()
        while let scalar = scalars.next() {
            switch scalar.value {
            case 0x22: buffer.append(contentsOf: [92, 34])
            case 0x5C: buffer.append(contentsOf: [92, 92])
            case 0x0A: buffer.append(contentsOf: [92, UInt8(ascii: "n")])
            case 0x0D: buffer.append(contentsOf: [92, UInt8(ascii: "r")])
            case 0x09: buffer.append(contentsOf: [92, UInt8(ascii: "t")])
            case let value where Self.escapedAsUnicode(value): Self.appendUnicodeEscape(UInt16(value), to: &buffer)
            default: UTF8.encode(scalar) { buffer.append($0) }
            }
        }
        buffer.append(UInt8(ascii: "\""))
    }

    /// True for a byte that may start something ``appendString(_:)`` escapes: ASCII controls, DEL, `"`, `\\`,
    /// and the lead bytes of U+0080–U+00BF (0xC2), U+2000–U+2FFF (0xE2) and U+F000–U+FFFF (0xEF).
    private static func mayNeedEscape(_ byte: UInt8) -> Bool {
        byte < 32 || byte == 127 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") || byte == 0xC2
            || byte == 0xE2 || byte == 0xEF
    }

    /// True for the code points written as `\\uXXXX`: C0 but TAB, LF and CR, DEL, C1, zero-width and bidi
    /// characters, the line and paragraph separators, U+FEFF.
    private static func escapedAsUnicode(_ value: UInt32) -> Bool {
        switch value {
        case 0..<0x20, 0x7F...0x9F, 0x200B...0x200F, 0x2028...0x202E, 0x2060...0x206F, 0xFEFF: true
        default: false
        }
    }

    /// Appends `\\uXXXX`.
    private static func appendUnicodeEscape(_ unit: UInt16, to buffer: inout [UInt8]) {
        let hex = Array("0123456789abcdef".utf8)
        buffer.append(contentsOf: [92, UInt8(ascii: "u")])
        for shift: UInt16 in [12, 8, 4, 0] { buffer.append(hex[Int((unit >> shift) & 15)]) }
    }

    /// JSON text from another writer (Foundation's `JSONEncoder`) with the code points this writer escapes for
    /// terminals (DEL, C1, zero-width, bidi, U+2028, U+2029, U+FEFF) escaped the same way; the rest is kept byte
    /// for byte.
    ///
    /// Outside strings, JSON holds only ASCII punctuation, digits, letters and whitespace, so every such code
    /// point is inside a string, where `\\uXXXX` means the same text.
    public static func escapingTerminalControls(_ json: [UInt8]) -> [UInt8] {
        guard json.contains(where: { $0 == 127 || $0 == 0xC2 || $0 == 0xE2 || $0 == 0xEF }) else { return json }
        var out: [UInt8] = []
        out.reserveCapacity(json.count + 64)
        var index = 0
        while index < json.count {
            let byte = json[index]
            let length = byte < 0xC0 ? 1 : byte < 0xE0 ? 2 : byte < 0xF0 ? 3 : 4
            guard index + length <= json.count else {
                out.append(contentsOf: json[index...])
                break
            }
            let value: UInt32? =
                switch length {
                case 1: byte == 0x7F ? 0x7F : nil
                case 2: UInt32(byte & 0x1F) << 6 | UInt32(json[index + 1] & 0x3F)
                case 3:
                    UInt32(byte & 0x0F) << 12 | UInt32(json[index + 1] & 0x3F) << 6 | UInt32(json[index + 2] & 0x3F)
                default: nil
                }
            if let value, value >= 0x7F, escapedAsUnicode(value) {
                appendUnicodeEscape(UInt16(value), to: &out)
            } else {
                out.append(contentsOf: json[index..<(index + length)])
            }
            index += length
        }
        return out
    }

    private mutating func flushIfNeeded() {
        if buffer.count >= flushThreshold {
            sink(buffer)
            buffer.removeAll(keepingCapacity: true)
        }
    }
}
