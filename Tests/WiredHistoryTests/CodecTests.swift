import Testing
import WiredCore

@testable import WiredHistory

@Suite("History encodings")
struct CodecTests {
    @Test("Token deltas rebuild the bytes exactly, whatever changed")
    func tokenDelta() throws {
        let base = Array(#"{"a":1,"b":[1,2,3],"c":"x,y","d":4}"#.utf8)
        let index = TokenDelta.Base(base)
        for text in [
            #"{"a":1,"b":[1,2,3],"c":"x,y","d":4}"#, #"{"a":2,"b":[1,2,3],"c":"x,y","d":4}"#,
            #"{"a":1,"b":[1,2,3,4,5],"c":"x,y","d":4}"#, #"{"d":4,"a":1}"#, "", ",,,", #"{"z":[],"b":[1,2,3]}"#,
        ] {
            let bytes = Array(text.utf8)
            let delta = TokenDelta.encode(bytes, against: index)
            #expect(try TokenDelta.apply(delta, to: index) == bytes, "\(text)")
        }
        // Unchanged: one copy of all 7 tokens (6 commas; tag 0, offset 0, count 7).
        #expect(TokenDelta.encode(base, against: index) == [0, 0, 7])
    }

    @Test("A moment's time from a damaged row becomes a timestamp without a trap")
    func momentTime() {
        func stamp(_ time: Double) -> (Int64, Int32) {
            let timestamp = Moment(id: 1, time: time, bootID: "b", bootNumber: 1).timestamp
            return (timestamp.seconds, timestamp.nanoseconds)
        }
        #expect(stamp(1_796_226_192.25) == (1_796_226_192, 250_000_000))
        #expect(stamp(-1.5) == (-2, 500_000_000))
        for damaged in [Double.nan, .infinity, -.infinity, 1e300, -9.3e18] { #expect(stamp(damaged) == (0, 0)) }
    }

    @Test("A delta that does not fit its keyframe is refused, not applied")
    func damagedDelta() {
        let index = TokenDelta.Base(Array("a,b".utf8))
        #expect(throws: Varint.Damaged.self) { try TokenDelta.apply([0, 0, 9], to: index) }
        #expect(throws: Varint.Damaged.self) { try TokenDelta.apply([1, 50, 65], to: index) }
        #expect(throws: Varint.Damaged.self) { try TokenDelta.apply([7], to: index) }
        // The chained marker is allowed first only; token space refuses the same damage.
        #expect(throws: Varint.Damaged.self) { try TokenDelta.apply([0, 0, 1, 2], to: index) }
        for delta: [UInt8] in [[2, 0, 0, 9], [2, 1, 50, 65], [2, 7], [2, 2], [0, 0x80]] {
            var tokens = TokenDelta.Tokens(Array("a,b".utf8))
            #expect(throws: Varint.Damaged.self) { try tokens.apply(delta) }
        }
    }

    @Test("Chained token deltas apply one after another in token space, each against the JSON before")
    func chainedTokens() throws {
        let texts = [
            #"{"a":1,"b":[1,2,3],"c":"x,y","d":4}"#, #"{"a":2,"b":[1,2,3],"c":"x,y","d":4}"#,
            #"{"a":2,"b":[1,3],"c":"x,y","d":4}"#, #"{"a":2,"b":[1,3],"c":"x,y","d":5,"e":6}"#, #"{"a":3}"#,
        ].map { Array($0.utf8) }
        var tokens = TokenDelta.Tokens(texts[0])
        for (before, after) in zip(texts, texts.dropFirst()) {
            let delta = TokenDelta.encode(after, against: TokenDelta.Base(before), chained: true)
            #expect(TokenDelta.isChained(delta))
            try tokens.apply(delta)
            #expect(tokens.bytes == after)
        }
        // 1 → 2: the marker, a literal `{"a":2` (6 bytes), then a copy of the 6 tokens after it.
        let first = TokenDelta.encode(texts[1], against: TokenDelta.Base(texts[0]), chained: true)
        #expect(first == [2, 1, 6] + Array(#"{"a":2"#.utf8) + [0, 0, 6])
    }

    @Test("Figures round-trip against a keyframe, negative changes included")
    func figures() throws {
        let base = FigureCodec.Base([1: 4096, 2: 1 << 40, 5: 7])
        let entries = [
            FigureCodec.Entry(owner: 1, bytes: 4096), FigureCodec.Entry(owner: 2, bytes: (1 << 40) - 12_288),
            FigureCodec.Entry(owner: 9, bytes: 123_456_789),
        ]
        let bytes = FigureCodec.encode(entries, against: base)
        var decoded: [FigureCodec.Entry] = []
        try FigureCodec.decode(bytes, against: base, maxOwner: 9) {
            decoded.append(FigureCodec.Entry(owner: $0, bytes: $1))
        }
        #expect(decoded == entries)
        // The unchanged owner costs two bytes: gap 1, difference 0.
        #expect(Array(bytes[1...2]) == [1, 0])
    }

    @Test("Figures chained sample to sample: an owner gone counts 0 when it comes back; an unknown owner is damage")
    func figureChain() throws {
        let samples: [[FigureCodec.Entry]] = [
            [FigureCodec.Entry(owner: 1, bytes: 100), FigureCodec.Entry(owner: 3, bytes: 300)],
            [FigureCodec.Entry(owner: 1, bytes: 150)],
            [FigureCodec.Entry(owner: 1, bytes: 150), FigureCodec.Entry(owner: 3, bytes: 310)],
        ]
        var writer = FigureCodec.Chain()
        var reader = FigureCodec.Chain()
        var blobs: [[UInt8]] = []
        for entries in samples {
            blobs.append(FigureCodec.encode(entries, against: writer.base))
            writer.advance(to: entries)
        }
        // Owner 3 is gone from the second sample, so the third holds its whole 310 (zigzag 620 = 0xec 0x04).
        #expect(blobs[2] == [2, 1, 0, 2, 0xec, 0x04])
        for (blob, entries) in zip(blobs, samples) {
            var decoded: [FigureCodec.Entry] = []
            try reader.decode(blob, maxOwner: 3) { decoded.append(FigureCodec.Entry(owner: $0, bytes: $1)) }
            #expect(decoded == entries)
        }
        var fresh = FigureCodec.Chain()
        #expect(throws: Varint.Damaged.self) { try fresh.decode(blobs[0], maxOwner: 2) { _, _ in } }
    }

    @Test("TIME: ISO 8601, clock today, relative, boot and now")
    func times() throws {
        let now = 1_800_000_000.0
        #expect(try TimeSpec.parse("now", now: now).get() == .now)
        #expect(try TimeSpec.parse("boot", now: now).get() == .boot)
        #expect(try TimeSpec.parse("-15m", now: now).get() == .time(now - 900))
        #expect(try TimeSpec.parse("-2d", now: now).get() == .time(now - 172_800))
        #expect(try TimeSpec.parse("-1h30m", now: now).get() == .time(now - 5400))
        #expect(try TimeSpec.parse("2027-01-15T08:00:00Z", now: now).get() == .time(1_800_000_000))
        #expect(try TimeSpec.parse("2027-01-15T09:00+01:00", now: now).get() == .time(1_800_000_000))
        // Local times depend on the zone; their difference does not (no DST change on that day).
        let clock = try TimeSpec.parse("09:30", now: now).get()
        let later = try TimeSpec.parse("09:31:15", now: now).get()
        if case .time(let a) = clock, case .time(let b) = later {
            #expect(b - a == 75)
        } else {
            Issue.record("not times")
        }
        for bad in ["yesterday", "25:00", "-3x", "2027-13-01", "2027-01-15T08:00Zjunk", ""] {
            #expect((try? TimeSpec.parse(bad, now: now).get()) == nil, "\(bad)")
        }
    }
}
