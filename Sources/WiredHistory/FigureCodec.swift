/// A sample's figures (owner id → bytes) as varints: ids as gaps from the previous id, values as the zigzag
/// difference from the keyframe's value for that id (0 for an owner the keyframe lacks).
///
/// An idle owner costs two bytes before deflating (a gap of 1 and a difference of 0), which deflate folds to
/// almost nothing.
enum FigureCodec {
    /// A keyframe's figures by owner row id (ids are dense: an array, not a dictionary, for `wired grew`'s
    /// millions of look-ups).
    struct Base {
        private var values: [Int64] = []

        init() {}

        init(_ pairs: [Int64: Int64]) {
            for (owner, bytes) in pairs { self[owner] = bytes }
        }

        subscript(owner: Int64) -> Int64 {
            get { owner >= 0 && owner < values.count ? values[Int(owner)] : 0 }
            set {
                guard owner >= 0 else { return }
                if owner >= values.count { values += Array(repeating: 0, count: Int(owner) - values.count + 1) }
                values[Int(owner)] = newValue
            }
        }
    }

    /// One figure: the owner's row id and its bytes.
    struct Entry: Equatable {
        var owner: Int64
        var bytes: Int64
    }

    /// Encodes `entries` (sorted by owner) against `base`.
    static func encode(_ entries: [Entry], against base: Base) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(entries.count * 2 + 8)
        Varint.append(UInt64(entries.count), to: &out)
        var previous: Int64 = 0
        for entry in entries {
            Varint.append(UInt64(entry.owner - previous), to: &out)
            Varint.append(Varint.zigzag(entry.bytes &- base[entry.owner]), to: &out)
            previous = entry.owner
        }
        return out
    }

    /// Decodes what ``encode(_:against:)`` wrote, calling `body` for each figure.
    static func decode(
        _ bytes: [UInt8],
        against base: Base,
        _ body: (Int64, Int64) -> Void
    ) throws(Varint.Damaged) {
        var reader = Varint.Reader(bytes)
        let count = try reader.next()
        guard count <= UInt64(bytes.count) else { throw Varint.Damaged() }
        var owner: Int64 = 0
        for _ in 0..<count {
            owner += Int64(truncatingIfNeeded: try reader.next())
            let value = Varint.unzigzag(try reader.next()) &+ base[owner]
            body(owner, value)
        }
    }

    /// A keyframe's figures, to decode its samples against.
    static func base(_ bytes: [UInt8]) throws(Varint.Damaged) -> Base {
        var out = Base()
        try decode(bytes, against: Base()) { out[$0] = $1 }
        return out
    }
}
