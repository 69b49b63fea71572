/// JSON read token by token from a stream of chunks (inflated snapshot bytes), so a snapshot is decoded
/// without holding its text: only one chunk is in memory at a time.
///
/// Written by hand: `JSONDecoder` needs the whole text and, for a snapshot's process list, about four times
/// its size again while decoding. This reads only what the snapshot file's readers ask for (objects, keys,
/// strings, integers, `null`), can skip or copy out any value, and bounds every string and nesting depth.
final class JSONStream {
    /// Malformed JSON, or a value over a bound; the caller adds where it was.
    struct Failure: Error {
        var message: String
    }

    /// Deepest nesting accepted in a skipped or copied value (a snapshot nests about six levels).
    static let depthLimit = 100

    private let source: (UnsafeMutableRawBufferPointer) throws -> Int
    private let capacity: Int
    private let bytes: UnsafeMutablePointer<UInt8>
    private var position = 0
    private var end = 0
    private var sourceEnded = false
    /// String bytes being assembled when a string spans chunks or holds escapes.
    private var text: [UInt8] = []

    /// Reads what `source` supplies (it fills the buffer it is given and returns the count, 0 at the end).
    init(chunk: Int = 64 << 10, source: @escaping (UnsafeMutableRawBufferPointer) throws -> Int) {
        self.source = source
        capacity = max(64, chunk)
        bytes = .allocate(capacity: capacity)
    }

    deinit { bytes.deallocate() }

    /// True when a byte is available at `position`, reading the next chunk if needed.
    @inline(__always)
    private func available() throws -> Bool {
        if position < end { return true }
        return try refill()
    }

    private func refill() throws -> Bool {
        while !sourceEnded {
            let got = try source(UnsafeMutableRawBufferPointer(start: bytes, count: capacity))
            if got == 0 {
                sourceEnded = true
                break
            }
            position = 0
            end = got
            return true
        }
        return false
    }

    /// The next byte that is not whitespace, not consumed; `nil` at the end of the data.
    func peek() throws -> UInt8? {
        while true {
            while position < end {
                let byte = bytes[position]
                guard byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 else { return byte }
                position += 1
            }
            guard try refill() else { return nil }
        }
    }

    /// Consumes `byte` (after whitespace), or fails naming what was expected.
    func expect(_ byte: UInt8) throws {
        guard let next = try peek() else { throw Failure(message: "the data ends early (cut short?)") }
        guard next == byte else {
            throw Failure(
                message: "invalid JSON: expected \"\(Character(UnicodeScalar(byte)))\", found \(describe(next))"
            )
        }
        position += 1
    }

    /// Consumes the next byte after whitespace when it is `byte`; true if it was.
    func take(_ byte: UInt8) throws -> Bool {
        guard try peek() == byte else { return false }
        position += 1
        return true
    }

    /// After a member or element: true when another follows (a comma), false at `close`.
    func more(before close: UInt8) throws -> Bool {
        if try take(UInt8(ascii: ",")) { return true }
        try expect(close)
        return false
    }

    /// Consumes `null` if it is next; true if it was.
    func takeNull() throws -> Bool {
        guard try peek() == UInt8(ascii: "n") else { return false }
        for letter in "null".utf8 {
            guard try available(), bytes[position] == letter else { throw Failure(message: "invalid JSON literal") }
            position += 1
        }
        return true
    }

    /// An object key and its colon.
    func key() throws -> String {
        let name = try string(limit: 1 << 10)
        try expect(UInt8(ascii: ":"))
        return name
    }

    /// A string value of at most `limit` UTF-8 bytes; invalid UTF-8 is replaced, as `String(decoding:)` does.
    func string(limit: Int) throws -> String {
        try expect(UInt8(ascii: "\""))
        text.removeAll(keepingCapacity: true)
        var direct = true
        while try available() {
            let start = position
            while position < end {
                let byte = bytes[position]
                if byte == 0x22 || byte == 0x5C || byte < 0x20 { break }
                position += 1
            }
            let run = UnsafeBufferPointer(start: bytes + start, count: position - start)
            guard position < end else {
                // The chunk ended inside the string: keep what was read and continue in the next one.
                direct = false
                text.append(contentsOf: run)
                try check(text.count, limit)
                continue
            }
            let byte = bytes[position]
            position += 1
            if byte == 0x22 {
                if direct {
                    try check(run.count, limit)
                    return String(decoding: run, as: UTF8.self)
                }
                text.append(contentsOf: run)
                try check(text.count, limit)
                let value = String(decoding: text, as: UTF8.self)
                if text.count > 64 << 10 { text = [] }  // do not keep a long string's buffer for the rest
                return value
            }
            guard byte == 0x5C else { throw Failure(message: "invalid JSON: a control character inside a string") }
            direct = false
            text.append(contentsOf: run)
            try escape()
            try check(text.count, limit)
        }
        throw Failure(message: "the data ends early (cut short?)")
    }

    private func check(_ count: Int, _ limit: Int) throws {
        if count > limit { throw Failure(message: "a string longer than \(SnapshotFile.describe(bytes: limit))") }
    }

    /// The escape after a backslash, appended to `text` as UTF-8.
    private func escape() throws {
        guard try available() else { throw Failure(message: "the data ends early (cut short?)") }
        let letter = bytes[position]
        position += 1
        switch letter {
        case 0x22, 0x5C, 0x2F: text.append(letter)
        case UInt8(ascii: "b"): text.append(0x08)
        case UInt8(ascii: "f"): text.append(0x0C)
        case UInt8(ascii: "n"): text.append(0x0A)
        case UInt8(ascii: "r"): text.append(0x0D)
        case UInt8(ascii: "t"): text.append(0x09)
        case UInt8(ascii: "u"):
            var scalar = try hex4()
            if (0xD800..<0xDC00).contains(scalar) {
                // A high surrogate: a low one must follow to make one scalar.
                if try available(), bytes[position] == 0x5C {
                    position += 1
                    guard try available(), bytes[position] == UInt8(ascii: "u") else {
                        throw Failure(message: "invalid JSON: a broken \\u escape")
                    }
                    position += 1
                    let low = try hex4()
                    scalar =
                        (0xDC00..<0xE000).contains(low) ? 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00) : 0xFFFD
                } else {
                    scalar = 0xFFFD
                }
            } else if (0xDC00..<0xE000).contains(scalar) {
                scalar = 0xFFFD
            }
            text.append(contentsOf: String(Character(UnicodeScalar(scalar) ?? "\u{FFFD}")).utf8)
        default: throw Failure(message: "invalid JSON: an unknown escape in a string")
        }
    }

    private func hex4() throws -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard try available() else { throw Failure(message: "the data ends early (cut short?)") }
            let byte = bytes[position]
            position += 1
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw Failure(message: "invalid JSON: a broken \\u escape")
            }
            value = value << 4 | UInt32(digit)
        }
        return value
    }

    /// An integer: its sign and magnitude.
    ///
    /// A fraction or exponent, or more than 64 bits, fails.
    func integer() throws -> (negative: Bool, magnitude: UInt64) {
        guard let first = try peek() else { throw Failure(message: "the data ends early (cut short?)") }
        var negative = false
        if first == UInt8(ascii: "-") {
            negative = true
            position += 1
        }
        var magnitude: UInt64 = 0
        var digits = 0
        while try available() {
            let byte = bytes[position]
            guard byte >= 0x30, byte <= 0x39 else { break }
            let (times, overflow) = magnitude.multipliedReportingOverflow(by: 10)
            let (sum, carry) = times.addingReportingOverflow(UInt64(byte - 0x30))
            if overflow || carry { throw Failure(message: "a number that does not fit in 64 bits") }
            magnitude = sum
            digits += 1
            position += 1
        }
        guard digits > 0 else { throw Failure(message: "unexpected value (not a number)") }
        if try available(), bytes[position] == 0x2E || bytes[position] | 0x20 == UInt8(ascii: "e") {
            throw Failure(message: "unexpected value (not a whole number)")
        }
        return (negative, magnitude)
    }

    /// Skips one value of any kind.
    func skipValue() throws {
        try copyValue(into: nil, limit: .max)
    }

    /// Appends the bytes of the next value, whatever it is, to `output` (only skips them when `output` is `nil`).
    ///
    /// Fails past `limit` bytes or ``depthLimit`` levels. The value is checked only for balance: whoever
    /// decodes the copy checks the rest.
    func copyValue(into output: UnsafeMutablePointer<[UInt8]>?, limit: Int) throws {
        guard try peek() != nil else { throw Failure(message: "the data ends early (cut short?)") }
        var depth = 0
        var inString = false
        var escaped = false
        var copied = 0
        while try available() {
            let start = position
            var done = false
            while position < end {
                let byte = bytes[position]
                position += 1
                if inString {
                    if escaped {
                        escaped = false
                    } else if byte == 0x5C {
                        escaped = true
                    } else if byte == 0x22 {
                        inString = false
                        if depth == 0 {
                            done = true
                            break
                        }
                    }
                    continue
                }
                switch byte {
                case 0x22: inString = true
                case UInt8(ascii: "{"), UInt8(ascii: "["):
                    depth += 1
                    if depth > Self.depthLimit {
                        throw Failure(message: "nested deeper than \(Self.depthLimit) levels")
                    }
                case UInt8(ascii: "}"), UInt8(ascii: "]"):
                    if depth == 0 {
                        position -= 1  // the end of the enclosing value: not part of this one
                        done = true
                    } else {
                        depth -= 1
                        done = depth == 0
                    }
                case UInt8(ascii: ","), 0x20, 0x0A, 0x0D, 0x09:
                    if depth == 0 {
                        position -= 1
                        done = true
                    }
                default: break
                }
                if done { break }
            }
            copied += position - start
            if copied > limit { throw Failure(message: "larger than \(SnapshotFile.describe(bytes: limit))") }
            output?.pointee.append(contentsOf: UnsafeBufferPointer(start: bytes + start, count: position - start))
            if done { return }
        }
        if depth > 0 || inString { throw Failure(message: "the data ends early (cut short?)") }
    }

    private func describe(_ byte: UInt8) -> String {
        byte >= 0x21 && byte < 0x7F ? "\"\(Character(UnicodeScalar(byte)))\"" : "byte \(byte)"
    }
}
