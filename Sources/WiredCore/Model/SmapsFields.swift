/// The sizes `/proc/PID/smaps_rollup` gives for a process, in one table.
///
/// The table drives the rollup parser, ``SmapsRollup``'s storage, its snapshot keys (the `Codable` conformance
/// and the hand-written process list of snapshot files), the range and consistency checks: a new field is one
/// case here and its lines and presence below.
public enum SmapsField: Int, CaseIterable, Sendable {
    case rss, pss, pssAnon, pssFile, pssShmem, uss, swap, swapPss, locked

    /// What a rollup holds when the kernel prints none of the field's lines.
    public enum Presence: Sendable {
        /// No rollup without it: a file lacking it is an exiting process's; a snapshot must have the key.
        case essential
        /// 0 when the lines are absent; a snapshot must have the key.
        case counted
        /// `nil` when absent (kernels before the line was added); a snapshot may leave the key out.
        case optional
    }

    /// The lines of `smaps_rollup` it is the sum of (in kB there, in bytes here).
    ///
    /// `Rss`: resident memory; `Pss`: each resident page divided by the number of processes mapping it;
    /// `Pss_Anon`, `Pss_File`, `Pss_Shmem` (5.3+): its anonymous, file and shared memory parts;
    /// `Private_Clean` + `Private_Dirty`: USS, the memory freed if the process exited; `Swap`: swapped-out
    /// pages; `SwapPss`: this process's proportional share of them; `Locked`: locked pages, PSS-weighted.
    public var lines: [StaticString] {
        switch self {
        case .rss: ["Rss"]
        case .pss: ["Pss"]
        case .pssAnon: ["Pss_Anon"]
        case .pssFile: ["Pss_File"]
        case .pssShmem: ["Pss_Shmem"]
        case .uss: ["Private_Clean", "Private_Dirty"]
        case .swap: ["Swap"]
        case .swapPss: ["SwapPss"]
        case .locked: ["Locked"]
        }
    }

    /// What is stored when its lines are absent; ``SmapsField/Presence/optional`` for the fields newer kernels
    /// added (`Pss_Anon`, `Pss_File`, `Pss_Shmem`: 5.3) and `SwapPss`, which captures may lack.
    public var presence: Presence {
        switch self {
        case .rss, .pss: .essential
        case .uss, .swap, .locked: .counted
        case .pssAnon, .pssFile, .pssShmem, .swapPss: .optional
        }
    }

    /// Whether a rollup may lack it.
    public var isOptional: Bool { presence == .optional }

    /// Its key in snapshot files: the case's name.
    public var key: String { Self.keys[rawValue] }

    /// Every key, in the table's order.
    public static let keys: [String] = allCases.map { "\($0)" }

    /// Its lines' names joined by " + " ("Private_Clean + Private_Dirty"), for problems naming the field.
    public var fieldName: String { Self.fieldNames[rawValue] }

    private static let fieldNames: [String] = allCases.map { field in
        field.lines.map { $0.withUTF8Buffer { String(decoding: $0, as: UTF8.self) } }.joined(separator: " + ")
    }

    /// Every line of the table with the field it belongs to, in the table's order.
    public static let allLines: [(field: SmapsField, line: StaticString)] = allCases.flatMap { field in
        field.lines.map { (field, $0) }
    }
}

/// `/proc/PID/smaps_rollup` (Linux 4.14+); bytes, one value per ``SmapsField``.
///
/// An optional field that is absent is stored as −1 (a negative value given for one reads as absent).
public struct SmapsRollup: Sendable, Equatable {
    private var values: [Int64]

    /// The field's value; `nil` only for an optional field that is absent.
    public subscript(field: SmapsField) -> Int64? {
        get {
            let value = values[field.rawValue]
            return field.isOptional && value < 0 ? nil : value
        }
        set {
            if field.isOptional {
                values[field.rawValue] = newValue.map { $0 < 0 ? -1 : $0 } ?? -1
            } else {
                values[field.rawValue] = newValue ?? 0
            }
        }
    }

    /// A rollup with every required field 0 and every optional one absent.
    public init() {
        values = SmapsField.allCases.map { $0.isOptional ? -1 : 0 }
    }

    /// Creates a record.
    public init(
        rss: Int64,
        pss: Int64,
        pssAnon: Int64? = nil,
        pssFile: Int64? = nil,
        pssShmem: Int64? = nil,
        uss: Int64,
        swap: Int64,
        swapPss: Int64? = nil,
        locked: Int64 = 0
    ) {
        self.init()
        self[.rss] = rss
        self[.pss] = pss
        self[.pssAnon] = pssAnon
        self[.pssFile] = pssFile
        self[.pssShmem] = pssShmem
        self[.uss] = uss
        self[.swap] = swap
        self[.swapPss] = swapPss
        self[.locked] = locked
    }

    // Names for the fields the analysis uses by name; the subscript reaches them all.
    /// `Rss`.
    public var rss: Int64 {
        get { values[SmapsField.rss.rawValue] }
        set { self[.rss] = newValue }
    }
    /// `Pss`: each page divided by the number of processes mapping it.
    public var pss: Int64 {
        get { values[SmapsField.pss.rawValue] }
        set { self[.pss] = newValue }
    }
    /// `Pss_Anon` (5.3+).
    public var pssAnon: Int64? {
        get { self[.pssAnon] }
        set { self[.pssAnon] = newValue }
    }
    /// `Pss_File` (5.3+).
    public var pssFile: Int64? {
        get { self[.pssFile] }
        set { self[.pssFile] = newValue }
    }
    /// `Pss_Shmem` (5.3+).
    public var pssShmem: Int64? {
        get { self[.pssShmem] }
        set { self[.pssShmem] = newValue }
    }
    /// `Private_Clean` + `Private_Dirty`: USS, the memory freed if the process exited.
    public var uss: Int64 {
        get { values[SmapsField.uss.rawValue] }
        set { self[.uss] = newValue }
    }
    /// `Swap`.
    public var swap: Int64 {
        get { values[SmapsField.swap.rawValue] }
        set { self[.swap] = newValue }
    }
    /// `SwapPss`: this process's proportional share of swap.
    public var swapPss: Int64? {
        get { self[.swapPss] }
        set { self[.swapPss] = newValue }
    }
    /// `Locked`: locked pages, PSS-weighted.
    public var locked: Int64 {
        get { values[SmapsField.locked.rawValue] }
        set { self[.locked] = newValue }
    }

    /// The field and the reason, when these numbers cannot all be true: PSS (a share of the resident
    /// pages) or USS (the private ones) above RSS, SwapPss above Swap, or a negative size.
    public var impossibility: (field: String, reason: String)? {
        if let field = SmapsField.allCases.first(where: { (self[$0] ?? 0) < 0 }) {
            return (field.fieldName, "\(field.fieldName) \(self[field] ?? 0) is negative")
        }
        if pss > rss { return ("Pss", "Pss (\(ByteCount(bytes: pss))) is above Rss (\(ByteCount(bytes: rss)))") }
        if uss > rss {
            return (
                "Private_Clean + Private_Dirty",
                "private pages (\(ByteCount(bytes: uss))) are more than Rss (\(ByteCount(bytes: rss)))"
            )
        }
        if let swapPss, swapPss > swap {
            return ("SwapPss", "SwapPss (\(ByteCount(bytes: swapPss))) is above Swap (\(ByteCount(bytes: swap)))")
        }
        return nil
    }
}

extension SmapsRollup: Codable {
    /// A key of a rollup: one per ``SmapsField`` (named as the synthesized conformance named its keys).
    private struct CodingKeys: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(_ field: SmapsField) { stringValue = field.key }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    /// Every key of ``SmapsField`` that is not optional is required; optional ones may be absent or `null`.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init()
        for field in SmapsField.allCases {
            if field.isOptional {
                self[field] = try c.decodeIfPresent(Int64.self, forKey: CodingKeys(field))
            } else {
                self[field] = try c.decode(Int64.self, forKey: CodingKeys(field))
            }
        }
    }

    /// The keys in the table's order, optional ones only when present.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        for field in SmapsField.allCases { try c.encodeIfPresent(self[field], forKey: CodingKeys(field)) }
    }
}
