#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// LEB128 varints and zigzag signs, for the store's compact rows.
enum Varint {
    /// A row whose bytes end early or do not decode.
    struct Damaged: Error {
        /// What did not fit, in words.
        var reason: String

        init(_ reason: String = "its bytes end early or do not decode") { self.reason = reason }
    }

    static func append(_ value: UInt64, to out: inout [UInt8]) {
        var value = value
        while value >= 0x80 {
            out.append(UInt8(truncatingIfNeeded: value) | 0x80)
            value >>= 7
        }
        out.append(UInt8(value))
    }

    static func zigzag(_ value: Int64) -> UInt64 { UInt64(bitPattern: (value << 1) ^ (value >> 63)) }

    static func unzigzag(_ value: UInt64) -> Int64 { Int64(bitPattern: value >> 1) ^ -Int64(bitPattern: value & 1) }

    /// Reads varints and bytes from a row.
    struct Reader {
        let bytes: [UInt8]
        var offset = 0

        init(_ bytes: [UInt8]) { self.bytes = bytes }

        var atEnd: Bool { offset >= bytes.count }

        mutating func next() throws(Damaged) -> UInt64 {
            var value: UInt64 = 0
            var shift: UInt64 = 0
            while offset < bytes.count {
                let byte = bytes[offset]
                offset += 1
                guard shift < 64 else { throw Damaged() }
                value |= UInt64(byte & 0x7f) << shift
                if byte < 0x80 { return value }
                shift += 7
            }
            throw Damaged()
        }

        mutating func bytes(_ count: Int) throws(Damaged) -> ArraySlice<UInt8> {
            guard count >= 0, count <= bytes.count - offset else { throw Damaged() }
            defer { offset += count }
            return bytes[offset..<(offset + count)]
        }
    }
}
