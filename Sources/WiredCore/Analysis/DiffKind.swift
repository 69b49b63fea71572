/// What a line of `wired diff` is: an owner's kind, or a ledger bucket or total.
///
/// JSON spells it as its ``rawValue`` ("process", "slab"), as the diff's schema has since its first version;
/// metric labels and history keys come from it.
public struct DiffKind: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible,
    ExpressibleByStringLiteral
{
    /// The kind as text.
    public let rawValue: String

    /// The kind spelled `rawValue`.
    public init(rawValue: String) { self.rawValue = rawValue }

    /// A kind written as text, for hand-made changes in tests; the analysis uses the static members below.
    public init(stringLiteral value: String) { rawValue = value }

    public init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(String.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    public var description: String { rawValue }

    /// A total of the ledger (wired, used, …).
    public static let total = DiffKind(rawValue: "total")
    /// A ledger bucket.
    public static let bucket = DiffKind(rawValue: "bucket")
    /// A hugepage pool, used or free part.
    public static let hugepages = DiffKind(rawValue: "hugepages")
    /// A zram device.
    public static let zram = DiffKind(rawValue: "zram")
    /// A slab cache.
    public static let slab = DiffKind(rawValue: "slab")
    /// A tmpfs or ramfs mount.
    public static let mount = DiffKind(rawValue: "mount")
    /// A SysV shared memory segment.
    public static let sysv = DiffKind(rawValue: "sysv")
    /// A vmalloc caller.
    public static let vmalloc = DiffKind(rawValue: "vmalloc")
    /// A memfd.
    public static let memfd = DiffKind(rawValue: "memfd")
    /// A service or container (cgroup).
    public static let service = DiffKind(rawValue: "service")
    /// A GPU's memory.
    public static let gpu = DiffKind(rawValue: "gpu")
    /// A process, or a group of processes.
    public static let process = DiffKind(rawValue: "process")
    /// A macOS kext image.
    public static let kext = DiffKind(rawValue: "kext")
    /// A macOS wired-memory site (zprint).
    public static let site = DiffKind(rawValue: "site")
    /// A macOS zone (zprint).
    public static let zone = DiffKind(rawValue: "zone")
}
