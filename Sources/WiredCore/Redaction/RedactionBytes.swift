/// A piece of text the redactor reads: a slice of bytes that stay put while it runs (no reference counting,
/// so passing words around costs nothing).
typealias ByteText = Slice<UnsafeBufferPointer<UInt8>>

/// Byte helpers for the redactor: ASCII only, no Foundation and no Unicode tables (it runs on every argument
/// of every process).
enum RedactionBytes {
    static let mask: [UInt8] = Array("********".utf8)

    @inline(__always) static func lower(_ byte: UInt8) -> UInt8 { byte >= 65 && byte <= 90 ? byte + 32 : byte }
    @inline(__always) static func isDigit(_ byte: UInt8) -> Bool { byte >= 48 && byte <= 57 }
    @inline(__always) static func isLetter(_ byte: UInt8) -> Bool { (byte | 32) >= 97 && (byte | 32) <= 122 }
    @inline(__always) static func isAlphanumeric(_ byte: UInt8) -> Bool { isLetter(byte) || isDigit(byte) }
    /// Space, tab, newline, vertical tab, form feed, carriage return.
    @inline(__always) static func isSpace(_ byte: UInt8) -> Bool { byte == 32 || (byte >= 9 && byte <= 13) }
    @inline(__always) static func isQuote(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'")
    }

    /// True when `bytes` holds `prefix` at `index`.
    @inline(__always)
    static func has<Prefix: Collection<UInt8>>(_ prefix: Prefix, in bytes: ByteText, at index: Int) -> Bool {
        guard index >= bytes.startIndex, index + prefix.count <= bytes.endIndex else { return false }
        var position = index
        for byte in prefix {
            if bytes[position] != byte { return false }
            position += 1
        }
        return true
    }

    /// Like ``has(_:in:at:)`` with ASCII case folded; `prefix` is lowercase.
    static func hasFolded<Prefix: Collection<UInt8>>(_ prefix: Prefix, in bytes: ByteText, at index: Int) -> Bool {
        guard index >= bytes.startIndex, index + prefix.count <= bytes.endIndex else { return false }
        var position = index
        for byte in prefix {
            if lower(bytes[position]) != byte { return false }
            position += 1
        }
        return true
    }

    /// True when the slice is `word` with ASCII case folded; `word` is lowercase.
    static func equalsFolded<Word: Collection<UInt8>>(_ slice: ByteText, _ word: Word) -> Bool {
        slice.count == word.count && hasFolded(word, in: slice, at: slice.startIndex)
    }

    /// True when the value at `index` is already the mask (so redacting again changes nothing).
    static func isMasked(_ bytes: ByteText, at index: Int) -> Bool { has(mask, in: bytes, at: index) }

    /// First index of `needle` in `bytes` at or after `from`.
    static func find(_ needle: [UInt8], in bytes: ByteText, from: Int) -> Int? {
        guard let first = needle.first else { return nil }
        var index = max(from, bytes.startIndex)
        while index + needle.count <= bytes.endIndex {
            if bytes[index] == first && has(needle, in: bytes, at: index) { return index }
            index += 1
        }
        return nil
    }

    /// First index of `byte` in `bytes` at or after `from`.
    static func find(_ byte: UInt8, in bytes: ByteText, from: Int) -> Int? {
        var index = max(from, bytes.startIndex)
        while index < bytes.endIndex {
            if bytes[index] == byte { return index }
            index += 1
        }
        return nil
    }

    static func containsSpace(_ bytes: ByteText) -> Bool { bytes.contains(where: isSpace) }

    /// `bytes` with `ranges` (sorted, not overlapping) replaced by the mask.
    static func masking(_ bytes: ByteText, _ ranges: [Range<Int>]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + 8)
        var index = bytes.startIndex
        for range in ranges {
            out += bytes[index..<range.lowerBound]
            out += mask
            index = range.upperBound
        }
        out += bytes[index...]
        return out
    }

    static func words(_ list: [String]) -> [UnsafeBufferPointer<UInt8>] { list.map(permanent) }

    /// The bytes of `text` in a buffer that is never freed, for tables that live as long as the program
    /// (copying one costs no reference counting).
    static func permanent(_ text: String) -> UnsafeBufferPointer<UInt8> {
        let bytes = Array(text.utf8)
        let buffer = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: max(bytes.count, 1))
        _ = buffer.initialize(from: bytes)
        return UnsafeBufferPointer(rebasing: buffer[0..<bytes.count])
    }

    // MARK: Classes of bytes

    static let at: UInt8 = 1
    /// `=`, `:` and quotes: a key and its value may follow.
    static let keyHint: UInt8 = 2
    static let dash: UInt8 = 4
    static let space: UInt8 = 8
    static let alphanumeric: UInt8 = 16
    /// Letters, digits, `_`, `-` and `.`: bytes of a key's name.
    static let keyByte: UInt8 = 32
    /// The first byte of a token's prefix (``SecretText/forms``) or of a JWT.
    static let tokenStart: UInt8 = 64

    /// The classes of each byte, in a table that is never freed (nor reference counted).
    nonisolated(unsafe) static let classes: UnsafeBufferPointer<UInt8> = {
        let table = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: 256)
        for byte in 0..<256 {
            let value = UInt8(byte)
            var flags: UInt8 = 0
            if value == UInt8(ascii: "@") { flags |= at }
            if value == UInt8(ascii: "=") || value == UInt8(ascii: ":") || isQuote(value) { flags |= keyHint }
            if value == UInt8(ascii: "-") { flags |= dash | keyByte }
            if isSpace(value) { flags |= space }
            if isAlphanumeric(value) { flags |= alphanumeric | keyByte }
            if value == UInt8(ascii: "_") || value == UInt8(ascii: ".") { flags |= keyByte }
            table[byte] = flags
        }
        for prefix in SecretText.forms.map(\.prefix) + [SecretText.jwtStart] { table[Int(prefix[0])] |= tokenStart }
        return UnsafeBufferPointer(table)
    }()

    @inline(__always) static func has(_ byte: UInt8, _ flag: UInt8) -> Bool { classes[Int(byte)] & flag != 0 }
}
