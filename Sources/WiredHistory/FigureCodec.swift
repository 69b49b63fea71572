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

    /// Decodes what ``encode(_:against:)`` wrote, calling `body` for each figure; owners past `maxOwner` (the
    /// owner table's largest id) are damage.
    static func decode(
        _ bytes: [UInt8],
        against base: Base,
        maxOwner: Int64,
        _ body: (Int64, Int64) -> Void
    ) throws(Varint.Damaged) {
        var reader = Varint.Reader(bytes)
        let count = try reader.next()
        guard count <= UInt64(bytes.count) else { throw Varint.Damaged("its figures count more owners than bytes") }
        var owner: Int64 = 0
        for _ in 0..<count {
            let gap = try reader.next()
            guard maxOwner >= 0, gap <= UInt64(maxOwner), owner <= maxOwner - Int64(gap) else {
                throw Varint.Damaged("its figures name an owner the store does not know")
            }
            owner += Int64(gap)
            let value = Varint.unzigzag(try reader.next()) &+ base[owner]
            body(owner, value)
        }
    }

    /// The figures of the sample before (schema v2): each sample's figures are written against the previous
    /// sample's of its group, an owner absent there counting 0, so an idle owner costs the same two bytes
    /// however long ago its keyframe was.
    struct Chain {
        private(set) var base = Base()
        /// The owners of the sample before, in order.
        private var owners: [Int64] = []

        init() {}

        /// Moves on to a sample whose figures are `entries` (sorted by owner).
        mutating func advance(to entries: [Entry]) {
            clearOwners(notIn: entries.map(\.owner))
            for entry in entries { base[entry.owner] = entry.bytes }
            owners = entries.map(\.owner)
        }

        /// Decodes a sample's figures against the one before, then moves on to it (in place: `wired grew`
        /// decodes millions of figures).
        mutating func decode(_ bytes: [UInt8], maxOwner: Int64, _ body: (Int64, Int64) -> Void) throws(Varint.Damaged) {
            var reader = Varint.Reader(bytes)
            let count = try reader.next()
            guard count <= UInt64(bytes.count) else { throw Varint.Damaged("its figures count more owners than bytes") }
            var next: [Int64] = []
            next.reserveCapacity(Int(count))
            var owner: Int64 = 0
            for _ in 0..<count {
                let gap = try reader.next()
                guard maxOwner >= 0, gap <= UInt64(maxOwner), owner <= maxOwner - Int64(gap) else {
                    throw Varint.Damaged("its figures name an owner the store does not know")
                }
                owner += Int64(gap)
                let value = Varint.unzigzag(try reader.next()) &+ base[owner]
                base[owner] = value
                next.append(owner)
                body(owner, value)
            }
            clearOwners(notIn: next)
            owners = next
        }

        /// Owners of the sample before that `next` (sorted) lacks count 0 again.
        private mutating func clearOwners(notIn next: [Int64]) {
            var index = 0
            for owner in owners {
                while index < next.count, next[index] < owner { index += 1 }
                if index >= next.count || next[index] != owner { base[owner] = 0 }
            }
        }
    }
}
