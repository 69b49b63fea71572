/// The chain's bytes (before deflating), docs/history-format.md.
///
/// A delta turns the previous sample's records into this sample's, in this sample's order, as operations,
/// each a varint tag then its arguments: 0 copy (zigzag of start − the record after the last one used, count),
/// 1 changed (zigzag of its index − that record, then its fields against the record there), 2 new (its fields
/// against a record of nothing). Fields: a varint mask of the columns that differ, a varint mask of those now
/// absent, then each other one's value: a number as the zigzag of its wrapping difference from the old one (0
/// when absent), a text as its byte count and bytes. A process gone since the previous sample is one no
/// operation uses.
///
/// A keyframe's blob is its columns (varint count; each a kind byte, a varint byte count and the name) and
/// then the delta from no records.
extension ProcessChain {
    /// A process's identity in a record: its pid and start time.
    struct Identity: Hashable {
        var pid: Int64
        var start: Int64
    }

    static func identity(_ record: Record, _ columns: (pid: Int, start: Int)?) -> Identity? {
        guard let columns, columns.pid < record.count, columns.start < record.count,
            case .number(let pid) = record[columns.pid], case .number(let start) = record[columns.start]
        else { return nil }
        return Identity(pid: pid, start: start)
    }

    /// Where a group's columns keep the pid and the start time.
    static func identityColumns(_ stored: [Column]) -> (pid: Int, start: Int)? {
        guard let pid = stored.firstIndex(where: { $0.name == "pid" && $0.kind == .number }),
            let start = stored.firstIndex(where: { $0.name == "startTime" && $0.kind == .number })
        else { return nil }
        return (pid, start)
    }

    /// The delta that turns `previous` into `records` (both of a group whose columns are `stored`).
    static func encode(_ records: [Record], after previous: [Record], columns stored: [Column]) -> [UInt8] {
        let key = identityColumns(stored)
        var index: [Identity: Int] = [:]
        index.reserveCapacity(previous.count)
        for (position, record) in previous.enumerated() {
            if let identity = identity(record, key), index[identity] == nil { index[identity] = position }
        }
        var out: [UInt8] = []
        out.reserveCapacity(256 + records.count / 4)
        var expected = 0
        var position = 0
        while position < records.count {
            let record = records[position]
            var at: Int?
            if expected < previous.count, identity(previous[expected], key) == identity(record, key) {
                at = expected
            } else if let identity = identity(record, key) {
                at = index[identity]
            }
            guard let start = at else {
                Varint.append(2, to: &out)
                fields(record, against: [], kinds: stored, to: &out)
                position += 1
                continue
            }
            var count = 0
            while position + count < records.count, start + count < previous.count,
                records[position + count] == previous[start + count]
            {
                count += 1
            }
            if count > 0 {
                Varint.append(0, to: &out)
                Varint.append(Varint.zigzag(Int64(start - expected)), to: &out)
                Varint.append(UInt64(count), to: &out)
                position += count
                expected = start + count
                continue
            }
            Varint.append(1, to: &out)
            Varint.append(Varint.zigzag(Int64(start - expected)), to: &out)
            fields(record, against: previous[start], kinds: stored, to: &out)
            position += 1
            expected = start + 1
        }
        return out
    }

    /// `record`'s fields against `old` (a record of nothing when empty).
    static func fields(_ record: Record, against old: Record, kinds: [Column], to out: inout [UInt8]) {
        var changed: UInt64 = 0
        var absent: UInt64 = 0
        for column in record.indices where column < 64 {
            let before = column < old.count ? old[column] : .none
            guard record[column] != before else { continue }
            changed |= 1 << UInt64(column)
            if record[column] == .none { absent |= 1 << UInt64(column) }
        }
        Varint.append(changed, to: &out)
        Varint.append(absent, to: &out)
        for column in record.indices where column < 64 && changed & (1 << UInt64(column)) != 0 {
            switch record[column] {
            case .none: break
            case .number(let value):
                var base: Int64 = 0
                if column < old.count, case .number(let oldValue) = old[column] { base = oldValue }
                Varint.append(Varint.zigzag(value &- base), to: &out)
            case .text(let text):
                Varint.append(UInt64(text.utf8.count), to: &out)
                out.append(contentsOf: text.utf8)
            }
        }
    }

    /// `previous` with `delta` applied; throws when the delta does not fit (a damaged row).
    static func apply(_ delta: [UInt8], to previous: [Record], columns stored: [Column]) throws(Varint.Damaged)
        -> [Record]
    {
        var reader = Varint.Reader(delta)
        return try apply(&reader, to: previous, columns: stored)
    }

    static func apply(_ reader: inout Varint.Reader, to previous: [Record], columns stored: [Column])
        throws(Varint.Damaged) -> [Record]
    {
        var out: [Record] = []
        out.reserveCapacity(previous.count)
        var expected = 0
        // A real delta copies each earlier record at most once, and every other operation takes at least a
        // byte: a list longer than both together is damage, and a chain of such rows would grow without bound.
        let limit = previous.count + reader.bytes.count
        while !reader.atEnd {
            let tag = try reader.next()
            switch tag {
            case 0:
                let start = try position(&reader, expected, previous.count)
                let count = try reader.next()
                guard count <= UInt64(previous.count - start) else {
                    throw Varint.Damaged("a copy runs past the previous sample's processes")
                }
                out.append(contentsOf: previous[start..<(start + Int(count))])
                expected = start + Int(count)
            case 1:
                let at = try position(&reader, expected, previous.count)
                guard at < previous.count else { throw Varint.Damaged("a change names a process that was not there") }
                out.append(try fields(&reader, against: previous[at], columns: stored))
                expected = at + 1
            case 2:
                out.append(try fields(&reader, against: [], columns: stored))
            default:
                throw Varint.Damaged("an unknown operation \(tag) in the process list")
            }
            guard out.count <= limit else { throw Varint.Damaged("a delta makes more processes than it can hold") }
        }
        return out
    }

    /// `expected` moved by the zigzag varint next, within `0...count`.
    static func position(_ reader: inout Varint.Reader, _ expected: Int, _ count: Int) throws(Varint.Damaged) -> Int {
        let step = Varint.unzigzag(try reader.next())
        let moved = Int64(expected).addingReportingOverflow(step)
        guard !moved.overflow, moved.partialValue >= 0, moved.partialValue <= Int64(count) else {
            throw Varint.Damaged("a process list operation points outside the previous sample")
        }
        return Int(moved.partialValue)
    }

    static func fields(_ reader: inout Varint.Reader, against old: Record, columns stored: [Column])
        throws(Varint.Damaged) -> Record
    {
        let changed = try reader.next()
        let absent = try reader.next()
        guard stored.count >= 64 || changed >> UInt64(stored.count) == 0, absent & ~changed == 0 else {
            throw Varint.Damaged("a process record names columns its keyframe lacks")
        }
        var record = old.isEmpty ? Record(repeating: .none, count: stored.count) : old
        guard record.count == stored.count else { throw Varint.Damaged("a process record has the wrong width") }
        for column in 0..<min(64, stored.count) where changed & (1 << UInt64(column)) != 0 {
            if absent & (1 << UInt64(column)) != 0 {
                record[column] = .none
                continue
            }
            switch stored[column].kind {
            case .number:
                var base: Int64 = 0
                if case .number(let oldValue) = record[column] { base = oldValue }
                record[column] = .number(base &+ Varint.unzigzag(try reader.next()))
            case .text:
                let length = try reader.next()
                guard length <= UInt64(Int.max) else { throw Varint.Damaged("a text runs past the row") }
                record[column] = .text(String(decoding: try reader.bytes(Int(length)), as: UTF8.self))
            }
        }
        return record
    }
}

extension ProcessChain {
    /// A keyframe's blob: `stored` and then `records` as a delta from none.
    static func keyframe(_ records: [Record], columns stored: [Column]) -> [UInt8] {
        var out: [UInt8] = []
        Varint.append(UInt64(stored.count), to: &out)
        for column in stored {
            out.append(column.kind.rawValue)
            Varint.append(UInt64(column.name.utf8.count), to: &out)
            out.append(contentsOf: column.name.utf8)
        }
        return out + encode(records, after: [], columns: stored)
    }

    /// What ``keyframe(_:columns:)`` wrote.
    static func readKeyframe(_ bytes: [UInt8]) throws(Varint.Damaged) -> (columns: [Column], records: [Record]) {
        var reader = Varint.Reader(bytes)
        let count = try reader.next()
        guard count <= 64 else { throw Varint.Damaged("a keyframe names \(count) process columns (at most 64)") }
        var stored: [Column] = []
        for _ in 0..<count {
            guard let kind = Kind(rawValue: try reader.bytes(1).first ?? 255) else {
                throw Varint.Damaged("a keyframe's process column has an unknown kind")
            }
            let length = try reader.next()
            guard length <= 256 else { throw Varint.Damaged("a keyframe's process column name is too long") }
            stored.append(Column(name: String(decoding: try reader.bytes(Int(length)), as: UTF8.self), kind: kind))
        }
        return (stored, try apply(&reader, to: [], columns: stored))
    }
}
