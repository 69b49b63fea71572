/// The byte counts `/proc/PID/status` gives for a process, in one table.
///
/// The table drives the status parser, the record's storage, its snapshot keys (the `Codable` conformance and the
/// hand-written process list of snapshot files), the range checks and the scanner's copy: a new field is one
/// case here and its line below.
public enum StatusSize: Int, CaseIterable, Sendable {
    case rss, rssAnon, rssFile, rssShmem, vmSwap, pageTables, locked, pinned, hugetlb

    /// The line of `/proc/PID/status` it comes from (in kB there, in bytes here).
    ///
    /// `VmRSS`: resident memory; `RssAnon`, `RssFile`, `RssShmem` (4.5+): its anonymous, file and shared memory
    /// parts; `VmSwap`: swapped-out private anonymous memory; `VmPTE`: the page tables; `VmLck`: mlocked mappings
    /// (resident or not) and memory pinned by VFIO; `VmPin`: pages pinned by RDMA, io_uring and drivers;
    /// `HugetlbPages`: HugeTLB pages mapped (not in RSS).
    public var line: StaticString {
        switch self {
        case .rss: "VmRSS"
        case .rssAnon: "RssAnon"
        case .rssFile: "RssFile"
        case .rssShmem: "RssShmem"
        case .vmSwap: "VmSwap"
        case .pageTables: "VmPTE"
        case .locked: "VmLck"
        case .pinned: "VmPin"
        case .hugetlb: "HugetlbPages"
        }
    }

    /// Its key in snapshot files: the case's name.
    public var key: String { Self.keys[rawValue] }

    /// Every key, in the table's order.
    public static let keys: [String] = allCases.map { "\($0)" }

    /// The line's name as a `String` (for problems naming the field).
    public var lineName: String { line.withUTF8Buffer { String(decoding: $0, as: UTF8.self) } }
}

/// One process's ``StatusSize`` values, −1 where the kernel reported none.
public struct StatusSizes: Sendable, Equatable {
    private var values = [Int64](repeating: -1, count: StatusSize.allCases.count)

    /// No size reported.
    public init() {}

    /// The size, or `nil` when not reported (a negative value is stored as not reported).
    public subscript(size: StatusSize) -> Int64? {
        get { values[size.rawValue] < 0 ? nil : values[size.rawValue] }
        set { values[size.rawValue] = newValue.map { $0 < 0 ? -1 : $0 } ?? -1 }
    }
}
