/// A run of bytes inside a file being parsed.
public typealias ByteSlice = Slice<UnsafeBufferPointer<UInt8>>

/// A number read from text, or why it could not be.
public enum ParsedNumber: Equatable, Sendable {
    case value(Int64)
    /// Digits that do not fit a signed 64-bit integer (u64 max is printed by some kernels).
    case overflow
    /// Not a number.
    case invalid

    /// The value, if there is one.
    public var value: Int64? {
        if case .value(let v) = self { return v }
        return nil
    }
}

enum ASCII {
    static let newline: UInt8 = 10
    static let space: UInt8 = 32
    static let tab: UInt8 = 9
    static let colon: UInt8 = 58
    static let zero: UInt8 = 48
    static let nine: UInt8 = 57
    static let minus: UInt8 = 45
    static let plus: UInt8 = 43

    static func isSpace(_ byte: UInt8) -> Bool { byte == space || byte == tab || byte == 13 }
    static func isDigit(_ byte: UInt8) -> Bool { byte >= zero && byte <= nine }
}

extension Slice where Base == UnsafeBufferPointer<UInt8> {
    /// The bytes as a Swift string (invalid UTF-8 is replaced).
    var string: String { String(decoding: self, as: UTF8.self) }

    /// The slice without leading and trailing spaces and tabs.
    var trimmed: ByteSlice {
        var start = startIndex
        var end = endIndex
        while start < end, ASCII.isSpace(self[start]) { start += 1 }
        while end > start, ASCII.isSpace(self[end - 1]) { end -= 1 }
        return self[start..<end]
    }

    /// Fields separated by runs of spaces or tabs.
    var fields: [ByteSlice] {
        var result: [ByteSlice] = []
        var index = startIndex
        while index < endIndex {
            while index < endIndex, ASCII.isSpace(self[index]) { index += 1 }
            let start = index
            while index < endIndex, !ASCII.isSpace(self[index]) { index += 1 }
            if start < index { result.append(self[start..<index]) }
        }
        return result
    }

    /// The first index of `byte`.
    func index(of byte: UInt8) -> Int? {
        var index = startIndex
        while index < endIndex {
            if self[index] == byte { return index }
            index += 1
        }
        return nil
    }

    /// True when the slice starts with the ASCII `prefix`.
    func hasPrefix(_ prefix: StaticString) -> Bool {
        let count = prefix.utf8CodeUnitCount
        guard self.count >= count else { return false }
        return prefix.withUTF8Buffer { bytes in
            var i = 0
            while i < count {
                if self[startIndex + i] != bytes[i] { return false }
                i += 1
            }
            return true
        }
    }

    /// True when the slice equals the ASCII `text`.
    func equals(_ text: StaticString) -> Bool {
        count == text.utf8CodeUnitCount && hasPrefix(text)
    }

    /// A signed decimal integer (optional leading sign), overflow-checked.
    var decimal: ParsedNumber {
        var index = startIndex
        var negative = false
        if index < endIndex, self[index] == ASCII.minus || self[index] == ASCII.plus {
            negative = self[index] == ASCII.minus
            index += 1
        }
        guard index < endIndex else { return .invalid }
        var value: Int64 = 0
        while index < endIndex {
            let byte = self[index]
            guard ASCII.isDigit(byte) else { return .invalid }
            let (times10, o1) = value.multipliedReportingOverflow(by: 10)
            let (sum, o2) = times10.addingReportingOverflow(Int64(byte - ASCII.zero))
            if o1 || o2 { return .overflow }
            value = sum
            index += 1
        }
        return .value(negative ? -value : value)
    }

    /// A hexadecimal integer, with or without a `0x` prefix, overflow-checked.
    var hexadecimal: ParsedNumber {
        var index = startIndex
        if count >= 2, self[index] == ASCII.zero, self[index + 1] | 0x20 == UInt8(ascii: "x") { index += 2 }
        guard index < endIndex else { return .invalid }
        var value: UInt64 = 0
        while index < endIndex {
            let byte = self[index]
            let digit: UInt64
            switch byte {
            case ASCII.zero...ASCII.nine: digit = UInt64(byte - ASCII.zero)
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt64(byte - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt64(byte - UInt8(ascii: "A") + 10)
            default: return .invalid
            }
            if value > (UInt64.max >> 4) { return .overflow }
            value = value << 4 | digit
            index += 1
        }
        return value > UInt64(Int64.max) ? .overflow : .value(Int64(value))
    }

    /// A decimal number with an optional fraction ("12.34"), as a Double.
    var double: Double? {
        var index = startIndex
        var negative = false
        if index < endIndex, self[index] == ASCII.minus {
            negative = true
            index += 1
        }
        var whole: Double = 0
        var sawDigit = false
        while index < endIndex, ASCII.isDigit(self[index]) {
            whole = whole * 10 + Double(self[index] - ASCII.zero)
            index += 1
            sawDigit = true
        }
        if index < endIndex, self[index] == UInt8(ascii: ".") {
            index += 1
            var scale = 0.1
            while index < endIndex, ASCII.isDigit(self[index]) {
                whole += Double(self[index] - ASCII.zero) * scale
                scale /= 10
                index += 1
                sawDigit = true
            }
        }
        guard sawDigit, index == endIndex else { return nil }
        return negative ? -whole : whole
    }
}

/// Splits text into lines and reports whether the last line was cut (no final newline).
struct LineSplitter {
    /// The lines, without their newline characters; empty lines included.
    var lines: [ByteSlice]
    /// True when the file did not end with a newline: its last line may be cut short.
    var lastLineUnterminated: Bool

    init(_ buffer: UnsafeBufferPointer<UInt8>) {
        var lines: [ByteSlice] = []
        var start = 0
        var index = 0
        while index < buffer.count {
            if buffer[index] == ASCII.newline {
                lines.append(buffer[start..<index])
                start = index + 1
            }
            index += 1
        }
        if start < buffer.count {
            lines.append(buffer[start..<buffer.count])
            lastLineUnterminated = true
        } else {
            lastLineUnterminated = false
        }
        self.lines = lines
    }
}

extension UnsafeRawBufferPointer {
    /// The bytes typed as `UInt8`.
    var uint8: UnsafeBufferPointer<UInt8> { assumingMemoryBound(to: UInt8.self) }
}

/// Runs `body` on the UTF-8 bytes of `text`; for tests and fixtures held as strings.
public func withBytes<T>(of text: String, _ body: (UnsafeBufferPointer<UInt8>) throws -> T) rethrows -> T {
    var copy = text
    return try copy.withUTF8 { try body($0) }
}

/// Runs `body` on `bytes`.
public func withBytes<T>(of bytes: [UInt8], _ body: (UnsafeBufferPointer<UInt8>) throws -> T) rethrows -> T {
    try bytes.withUnsafeBufferPointer { try body($0) }
}
