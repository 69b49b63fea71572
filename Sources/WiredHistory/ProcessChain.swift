import WiredCore

/// A sample's process list as binary records (schema v2, docs/history-format.md): a keyframe holds every
/// record in full, each later sample of its group only what changed since the sample before it.
///
/// A record is one value per column: the process's identity, counts, state and names, then one column per
/// ``StatusSize`` and per ``SmapsField`` (the tables' own order). The keyframe names its columns, so a build
/// with more or fewer fields still reads an older group: columns it does not know are skipped, those missing
/// read as absent.
///
/// `pssAgeMs` is stored as the moment PSS was read (the sample's time less the age, in ms): it stays the same
/// while a live reader carries a process's PSS over, where the age itself changes at every sample.
enum ProcessChain {
    /// What a column holds.
    enum Kind: UInt8 {
        case number = 0
        case text = 1
    }

    struct Column: Equatable {
        var name: String
        var kind: Kind
    }

    /// One value of a record.
    enum Field: Equatable {
        case none
        case number(Int64)
        case text(String)
    }

    typealias Record = [Field]

    /// The fixed columns, before the status sizes and the rollup's fields.
    enum Fixed: Int, CaseIterable {
        case pid, parentPID, threads, uid, startTime, kind, state, name, command, pssReadAtMs, denial, cgroup, unit

        var kind: Kind {
            switch self {
            case .name, .command, .denial, .cgroup, .unit: .text
            default: .number
            }
        }
    }

    /// The columns this build writes.
    static let columns: [Column] =
        Fixed.allCases.map { Column(name: "\($0)", kind: $0.kind) }
        + StatusSize.allCases.map { Column(name: "status." + $0.key, kind: .number) }
        + SmapsField.allCases.map { Column(name: "smaps." + $0.key, kind: .number) }

    static let statusStart = Fixed.allCases.count
    static let smapsStart = Fixed.allCases.count + StatusSize.allCases.count

    static func column(_ size: StatusSize) -> Int { statusStart + size.rawValue }

    static func column(_ field: SmapsField) -> Int { smapsStart + field.rawValue }

    /// A sample's time in whole milliseconds (wrapping: only ever subtracted from again).
    static func milliseconds(_ time: Timestamp) -> Int64 {
        time.seconds &* 1000 &+ Int64(time.nanoseconds / 1_000_000)
    }

    /// `process` as a record of ``columns``.
    static func record(_ process: ProcessFacts, at timeMs: Int64) -> Record {
        var out = Record(repeating: .none, count: columns.count)
        func set(_ column: Fixed, _ value: Int64?) { out[column.rawValue] = value.map(Field.number) ?? .none }
        func set(_ column: Fixed, _ value: String?) { out[column.rawValue] = value.map(Field.text) ?? .none }
        set(.pid, Int64(process.pid))
        set(.parentPID, Int64(process.parentPID))
        set(.threads, Int64(process.threads))
        set(.uid, process.uid.map(Int64.init))
        set(.startTime, Int64(bitPattern: process.startTime))
        set(.kind, Int64(kindNumber(process.kind)))
        set(.state, Int64(process.state.utf8.first ?? UInt8(ascii: "?")))
        set(.name, process.name)
        set(.command, process.command)
        set(.pssReadAtMs, process.pssAgeMilliseconds.map { timeMs &- $0 })
        set(.denial, process.denial)
        set(.cgroup, process.cgroup)
        set(.unit, process.unit)
        for size in StatusSize.allCases { out[column(size)] = process.sizes[size].map(Field.number) ?? .none }
        if let smaps = process.smaps {
            for field in SmapsField.allCases { out[column(field)] = smaps[field].map(Field.number) ?? .none }
        }
        return out
    }

    static func kindNumber(_ kind: ProcessFacts.Kind) -> Int {
        switch kind {
        case .user: 0
        case .kernelThread: 1
        case .zombie: 2
        }
    }
}

extension ProcessChain {
    /// Where each column of this build sits in a group's columns (`nil`: the group lacks it).
    static func layout(of stored: [Column]) -> [Int?] {
        var found: [String: Int] = [:]
        for (index, column) in stored.enumerated() where found[column.name] == nil { found[column.name] = index }
        return columns.map { column in found[column.name].flatMap { stored[$0].kind == column.kind ? $0 : nil } }
    }

    /// The process a stored record describes; `layout` from ``layout(of:)``.
    static func process(_ record: Record, layout: [Int?], at timeMs: Int64) throws(Varint.Damaged) -> ProcessFacts {
        func field(_ index: Int) -> Field {
            guard let at = layout[index], at < record.count else { return .none }
            return record[at]
        }
        func number(_ column: Fixed) -> Int64? {
            if case .number(let value) = field(column.rawValue) { return value }
            return nil
        }
        func text(_ column: Fixed) -> String? {
            if case .text(let value) = field(column.rawValue) { return value }
            return nil
        }
        func required<T>(_ value: T?, _ column: Fixed) throws(Varint.Damaged) -> T {
            guard let value else { throw Varint.Damaged("a process record lacks \(column)") }
            return value
        }
        func int32(_ column: Fixed) throws(Varint.Damaged) -> Int32 {
            guard let value = Int32(exactly: try required(number(column), column)) else {
                throw Varint.Damaged("a process record's \(column) is out of range")
            }
            return value
        }
        let kinds: [ProcessFacts.Kind] = [.user, .kernelThread, .zombie]
        let kindValue = try required(number(.kind), .kind)
        guard kindValue >= 0, kindValue < kinds.count else {
            throw Varint.Damaged("a process record's kind is unknown")
        }
        guard let stateByte = UInt8(exactly: try required(number(.state), .state)) else {
            throw Varint.Damaged("a process record's state is out of range")
        }
        var process = ProcessFacts(
            pid: try int32(.pid),
            startTime: UInt64(bitPattern: try required(number(.startTime), .startTime)),
            name: try required(text(.name), .name),
            state: String(UnicodeScalar(stateByte)),
            kind: kinds[Int(kindValue)],
            threads: try int32(.threads)
        )
        process.parentPID = try int32(.parentPID)
        if let uid = number(.uid) {
            guard let value = UInt32(exactly: uid) else {
                throw Varint.Damaged("a process record's uid is out of range")
            }
            process.uid = value
        }
        process.command = text(.command) ?? ""
        if let readAt = number(.pssReadAtMs) {
            let age = timeMs.subtractingReportingOverflow(readAt)
            guard !age.overflow, age.partialValue >= 0, age.partialValue <= Int64(Int32.max) else {
                throw Varint.Damaged("a process record's PSS age is out of range")
            }
            process.pssAgeMilliseconds = age.partialValue
        }
        process.denial = text(.denial)
        process.cgroup = text(.cgroup)
        process.unit = text(.unit)
        for size in StatusSize.allCases {
            if case .number(let value) = field(column(size)) { process.sizes[size] = value }
        }
        if case .number = field(column(SmapsField.pss)) {
            var smaps = SmapsRollup()
            for smapsField in SmapsField.allCases {
                if case .number(let value) = field(column(smapsField)) { smaps[smapsField] = value }
            }
            process.smaps = smaps
        }
        return process
    }
}
