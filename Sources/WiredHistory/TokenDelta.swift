#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A sample's snapshot JSON as a delta against its keyframe's JSON.
///
/// Both are cut into tokens at every comma (a field, or an element of an array); the delta says which runs
/// of keyframe tokens to copy and which tokens are new. An idle machine's sample is a few copies and the few
/// counters that moved, so it deflates to a few hundred bytes where the whole JSON takes tens of KiB.
///
/// Layout of the delta (before deflating): a list of operations, each a varint tag then its arguments:
/// 0 copy (zigzag varint of start − the token after the last copy, varint count), 1 literal (varint byte
/// count, the bytes of one token). A delta that opens with tag 2 (no arguments) is against the sample before
/// it (the keyframe for a group's first sample) rather than against the keyframe: see ``Tokens``.
struct TokenDelta {
    /// The tag that marks a delta against the sample before (rows written before it have none).
    static let chainedTag: UInt8 = 2

    /// Whether `delta` is against the sample before it.
    static func isChained(_ delta: [UInt8]) -> Bool { delta.first == chainedTag }

    /// A keyframe's JSON, cut into tokens, with an index from token to its first position.
    struct Base {
        let bytes: [UInt8]
        let starts: [Int]
        let ends: [Int]
        let index: [UInt64: Int]

        init(_ bytes: [UInt8]) {
            self.bytes = bytes
            let (starts, ends) = TokenDelta.cut(bytes)
            self.starts = starts
            self.ends = ends
            var index: [UInt64: Int] = [:]
            index.reserveCapacity(starts.count)
            bytes.withUnsafeBufferPointer { buffer in
                for position in starts.indices.reversed() {
                    index[TokenDelta.hash(buffer, starts[position], ends[position])] = position
                }
            }
            self.index = index
        }

        var count: Int { starts.count }
    }

    /// The token boundaries of `bytes`: tokens are what lies between commas.
    static func cut(_ bytes: [UInt8]) -> ([Int], [Int]) {
        var starts = [0]
        var ends: [Int] = []
        bytes.withUnsafeBufferPointer { buffer in
            for position in 0..<buffer.count where buffer[position] == UInt8(ascii: ",") {
                ends.append(position)
                starts.append(position + 1)
            }
        }
        ends.append(bytes.count)
        return (starts, ends)
    }

    /// FNV-1a of a token.
    static func hash(_ buffer: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> UInt64 {
        var value: UInt64 = 0xcbf2_9ce4_8422_2325
        for position in start..<end {
            value = (value ^ UInt64(buffer[position])) &* 0x100_0000_01b3
        }
        return value
    }

    /// The delta that turns `base` into `bytes`.
    static func encode(_ bytes: [UInt8], against base: Base, chained: Bool = false) -> [UInt8] {
        let (starts, ends) = cut(bytes)
        var out: [UInt8] = chained ? [chainedTag] : []
        out.reserveCapacity(1024)
        var expected = 0
        var position = 0
        bytes.withUnsafeBufferPointer { new in
            base.bytes.withUnsafeBufferPointer { old in
                func same(_ token: Int, _ baseToken: Int) -> Bool {
                    let (s, e, bs, be) = (starts[token], ends[token], base.starts[baseToken], base.ends[baseToken])
                    guard e - s == be - bs else { return false }
                    guard e > s, let newStart = new.baseAddress, let oldStart = old.baseAddress else { return true }
                    return memcmp(newStart + s, oldStart + bs, e - s) == 0
                }
                while position < starts.count {
                    var start = -1
                    if expected < base.count, same(position, expected) {
                        start = expected
                    } else if let found = base.index[hash(new, starts[position], ends[position])],
                        same(position, found)
                    {
                        start = found
                    }
                    guard start >= 0 else {
                        Varint.append(1, to: &out)
                        Varint.append(UInt64(ends[position] - starts[position]), to: &out)
                        out.append(contentsOf: new[starts[position]..<ends[position]])
                        position += 1
                        expected += 1
                        continue
                    }
                    var count = 0
                    while position < starts.count, start + count < base.count, same(position, start + count) {
                        count += 1
                        position += 1
                    }
                    Varint.append(0, to: &out)
                    Varint.append(Varint.zigzag(Int64(start - expected)), to: &out)
                    Varint.append(UInt64(count), to: &out)
                    expected = start + count
                }
            }
        }
        return out
    }

    /// The most tokens a replayed JSON may have: a snapshot of 1,000 processes' rest is about 30,000, so this
    /// only stops damage (a copy repeated along a chain of rows would otherwise grow without bound).
    static let maxTokens = 8 << 20

    /// `base` with `delta` applied; throws when the delta does not fit the base (a damaged row).
    static func apply(_ delta: [UInt8], to base: Base) throws(Varint.Damaged) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(base.bytes.count + delta.count)
        var reader = Varint.Reader(delta)
        var expected = 0
        var first = true
        var tokens = 0
        if isChained(delta) { _ = try reader.next() }
        while !reader.atEnd {
            let tag = try reader.next()
            if tag == 0 {
                let moved = Int64(expected).addingReportingOverflow(Varint.unzigzag(try reader.next()))
                let rawCount = try reader.next()
                guard !moved.overflow, moved.partialValue >= 0, moved.partialValue <= Int64(base.count),
                    rawCount <= UInt64(base.count) - UInt64(moved.partialValue)
                else { throw Varint.Damaged("its delta copies tokens its keyframe lacks") }
                let (start, count) = (Int(moved.partialValue), Int(rawCount))
                tokens += count
                guard tokens <= Self.maxTokens else { throw Varint.Damaged("its delta makes too many tokens") }
                for token in start..<(start + count) {
                    if !first { out.append(UInt8(ascii: ",")) }
                    first = false
                    out.append(contentsOf: base.bytes[base.starts[token]..<base.ends[token]])
                }
                expected = start + count
            } else if tag == 1 {
                let rawLength = try reader.next()
                guard rawLength <= UInt64(delta.count) else { throw Varint.Damaged("its delta runs past its row") }
                let length = Int(rawLength)
                if !first { out.append(UInt8(ascii: ",")) }
                first = false
                out.append(contentsOf: try reader.bytes(length))
                expected += 1
                tokens += 1
            } else {
                throw Varint.Damaged("its delta has an unknown operation \(tag)")
            }
        }
        return out
    }

    /// A JSON as tokens over one arena of bytes, so that a group's chained deltas apply one after another in
    /// token space: a copy moves token positions, only literals add bytes, and the JSON is written once.
    struct Tokens {
        private(set) var arena: [UInt8]
        private(set) var starts: [Int]
        private(set) var ends: [Int]

        init(_ bytes: [UInt8]) {
            arena = bytes
            (starts, ends) = TokenDelta.cut(bytes)
        }

        /// The JSON the tokens spell.
        var bytes: [UInt8] {
            var out: [UInt8] = []
            out.reserveCapacity(arena.count)
            for token in starts.indices {
                if token > 0 { out.append(UInt8(ascii: ",")) }
                out.append(contentsOf: arena[starts[token]..<ends[token]])
            }
            return out
        }

        /// The tokens with `delta` applied (against these tokens); throws when it does not fit them.
        mutating func apply(_ delta: [UInt8]) throws(Varint.Damaged) {
            var newStarts: [Int] = []
            var newEnds: [Int] = []
            newStarts.reserveCapacity(starts.count + 16)
            newEnds.reserveCapacity(starts.count + 16)
            var reader = Varint.Reader(delta)
            var expected = 0
            if TokenDelta.isChained(delta) { _ = try reader.next() }
            while !reader.atEnd {
                let tag = try reader.next()
                if tag == 0 {
                    let moved = Int64(expected).addingReportingOverflow(Varint.unzigzag(try reader.next()))
                    let rawCount = try reader.next()
                    guard !moved.overflow, moved.partialValue >= 0, moved.partialValue <= Int64(starts.count),
                        rawCount <= UInt64(starts.count) - UInt64(moved.partialValue)
                    else { throw Varint.Damaged("its delta copies tokens the sample before lacks") }
                    let (start, count) = (Int(moved.partialValue), Int(rawCount))
                    guard newStarts.count + count <= TokenDelta.maxTokens else {
                        throw Varint.Damaged("its delta makes too many tokens")
                    }
                    newStarts.append(contentsOf: starts[start..<(start + count)])
                    newEnds.append(contentsOf: ends[start..<(start + count)])
                    expected = start + count
                } else if tag == 1 {
                    let rawLength = try reader.next()
                    guard rawLength <= UInt64(delta.count) else { throw Varint.Damaged("its delta runs past its row") }
                    let literal = try reader.bytes(Int(rawLength))
                    newStarts.append(arena.count)
                    arena.append(contentsOf: literal)
                    newEnds.append(arena.count)
                    expected += 1
                } else {
                    throw Varint.Damaged("its delta has an unknown operation \(tag)")
                }
            }
            starts = newStarts
            ends = newEnds
        }
    }
}
