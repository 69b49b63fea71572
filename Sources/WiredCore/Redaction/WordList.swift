/// Words packed in one buffer, so that looking through them neither allocates nor retains (the redactor
/// looks through these lists for most arguments of every process).
///
/// The buffers are allocated once, for lists that live as long as the program (static constants), and hold
/// only plain values, so copying a list costs no reference counting.
struct WordList: @unchecked Sendable {
    /// The words' bytes, words sorted by length.
    private let bytes: UnsafeBufferPointer<UInt8>
    /// Where word `i` starts in `bytes` (and, at `i + 1`, where it ends).
    private let starts: UnsafeBufferPointer<Int>
    /// The place in the list given to `init` of each (sorted) word.
    private let order: UnsafeBufferPointer<Int>
    /// The first word of each length `n` (0…32) is `byLength[n]`; those of length `n` end at `byLength[n + 1]`.
    private let byLength: UnsafeBufferPointer<Int>
    /// The first and last bytes of the words, as sets (bit `b & 63` of word `b >> 6`).
    private let firsts: (UInt64, UInt64, UInt64, UInt64)
    private let lasts: (UInt64, UInt64, UInt64, UInt64)

    static let longest = 32

    init(_ words: [String]) {
        let sorted = words.enumerated().map { ($0.offset, Array($0.element.utf8)) }
            .filter { $0.1.count <= Self.longest }.sorted { $0.1.count < $1.1.count }
        var packed: [UInt8] = []
        var starts: [Int] = [0]
        var byLength = [Int](repeating: 0, count: Self.longest + 2)
        var firsts: [UInt64] = [0, 0, 0, 0]
        var lasts: [UInt64] = [0, 0, 0, 0]
        for (index, (_, word)) in sorted.enumerated() {
            packed += word
            starts.append(packed.count)
            for length in (word.count + 1)...(Self.longest + 1) { byLength[length] = index + 1 }
            if let first = word.first, let last = word.last {
                firsts[Int(first >> 6)] |= 1 << UInt64(first & 63)
                lasts[Int(last >> 6)] |= 1 << UInt64(last & 63)
            }
        }
        self.bytes = Self.keep(packed)
        self.starts = Self.keep(starts)
        self.order = Self.keep(sorted.map(\.0))
        self.byLength = Self.keep(byLength)
        self.firsts = (firsts[0], firsts[1], firsts[2], firsts[3])
        self.lasts = (lasts[0], lasts[1], lasts[2], lasts[3])
    }

    /// A copy of `values` that is never freed (the lists are static constants).
    private static func keep<T>(_ values: [T]) -> UnsafeBufferPointer<T> {
        let buffer = UnsafeMutableBufferPointer<T>.allocate(capacity: max(values.count, 1))
        _ = buffer.initialize(from: values)
        return UnsafeBufferPointer(rebasing: buffer[0..<values.count])
    }

    private static func has(_ set: (UInt64, UInt64, UInt64, UInt64), _ byte: UInt8) -> Bool {
        let bit: UInt64 = 1 << UInt64(byte & 63)
        switch byte >> 6 {
        case 0: return set.0 & bit != 0
        case 1: return set.1 & bit != 0
        case 2: return set.2 & bit != 0
        default: return set.3 & bit != 0
        }
    }

    var count: Int { starts.count - 1 }

    /// The place (in the list given to `init`) of the word equal to `text` with ASCII case folded (the list
    /// holds lowercase words).
    func index(folded text: ByteText) -> Int? {
        guard let first = text.first, text.count <= Self.longest, Self.has(firsts, RedactionBytes.lower(first))
        else { return nil }
        for index in byLength[text.count]..<byLength[text.count + 1]
        where matches(index, text, at: text.startIndex, folded: true) {
            return order[index]
        }
        return nil
    }

    func contains(folded text: ByteText) -> Bool { index(folded: text) != nil }

    /// True when a word of the list, shorter than `text` and at least `minimumLength` long, ends it (case
    /// folded).
    func endsShorter(_ text: ByteText, minimumLength: Int = 1) -> Bool {
        guard let last = text.last.map(RedactionBytes.lower), Self.has(lasts, last) else { return false }
        let longest = min(text.count - 1, Self.longest)
        guard minimumLength <= longest else { return false }
        for index in byLength[minimumLength]..<byLength[longest + 1] where bytes[starts[index + 1] - 1] == last {
            let length = starts[index + 1] - starts[index]
            if matches(index, text, at: text.endIndex - length, folded: true) { return true }
        }
        return false
    }

    /// True when a word of the list appears anywhere in `text` (case folded).
    func occurs(in text: ByteText) -> Bool {
        for index in 0..<count {
            let length = starts[index + 1] - starts[index]
            var at = text.startIndex
            while at + length <= text.endIndex {
                if matches(index, text, at: at, folded: true) { return true }
                at += 1
            }
        }
        return false
    }

    /// The place (in the list given to `init`) and length of the shortest word found at `at` in `text`,
    /// compared exactly.
    func prefix(of text: ByteText, at: Int) -> (index: Int, length: Int)? {
        guard at < text.endIndex, Self.has(firsts, text[at]) else { return nil }
        for index in 0..<count where at + starts[index + 1] - starts[index] <= text.endIndex {
            if matches(index, text, at: at, folded: false) { return (order[index], starts[index + 1] - starts[index]) }
        }
        return nil
    }

    /// True when word `index` stands in `text` at `at`.
    @inline(__always)
    func matches(_ index: Int, _ text: ByteText, at: Int, folded: Bool) -> Bool {
        var position = at
        for offset in starts[index]..<starts[index + 1] {
            let byte = folded ? RedactionBytes.lower(text[position]) : text[position]
            if byte != bytes[offset] { return false }
            position += 1
        }
        return true
    }
}
