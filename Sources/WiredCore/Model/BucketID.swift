/// The stable identifier of a ledger bucket ("app", "slab-unreclaimable").
///
/// Diffs match buckets by it, and metric labels and history keys are made from its ``rawValue``, so a bucket
/// keeps its id from release to release. It encodes as its raw string.
public struct BucketID: RawRepresentable, Hashable, Comparable, Sendable, Codable, CustomStringConvertible,
    ExpressibleByStringLiteral
{
    /// The id as text, as JSON and `wired explain` spell it.
    public let rawValue: String

    /// The id spelled `rawValue`; any text is accepted (a snapshot may come from a newer version).
    public init(rawValue: String) { self.rawValue = rawValue }

    /// The id spelled `rawValue`.
    public init(_ rawValue: String) { self.rawValue = rawValue }

    /// An id written as text, for hand-made ledgers in tests; the analysis uses the static members below.
    public init(stringLiteral value: String) { rawValue = value }

    public init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(String.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    public var description: String { rawValue }

    public static func < (left: BucketID, right: BucketID) -> Bool { left.rawValue < right.rawValue }

    /// Every id this version's ledgers use (Linux, macOS and the reserved-at-boot lines).
    public static let all: [BucketID] = [
        .active,
        .anonBeyondSwap,
        .app,
        .balloon,
        .balloonReturned,
        .compressed,
        .crashKernel,
        .fileCache,
        .fileClean,
        .fileDirty,
        .firmware,
        .free,
        .freePercpu,
        .gpuActive,
        .gpuReclaim,
        .hugepagesFree,
        .hugepagesUsed,
        .hwCorrupted,
        .inactive,
        .isolated,
        .kernelBoot,
        .kernelReclaimable,
        .kernelStacks,
        .memmap,
        .memmapBoot,
        .mlocked,
        .offlineMemory,
        .outsideVm,
        .pageTables,
        .percpu,
        .percpuFirstChunk,
        .purgeable,
        .secPageTables,
        .shmem,
        .slabReclaimable,
        .slabUnreclaimable,
        .speculative,
        .swapCache,
        .unaccepted,
        .unevictable,
        .unexplained,
        .vmalloc,
        .wired,
        .zram,
        .zswap,
    ]
}

extension BucketID {
    public static let active = BucketID("active")
    public static let anonBeyondSwap = BucketID("anon-beyond-swap")
    public static let app = BucketID("app")
    public static let balloon = BucketID("balloon")
    public static let balloonReturned = BucketID("balloon-returned")
    public static let compressed = BucketID("compressed")
    public static let crashKernel = BucketID("crash-kernel")
    public static let fileCache = BucketID("file-cache")
    public static let fileClean = BucketID("file-clean")
    public static let fileDirty = BucketID("file-dirty")
    public static let firmware = BucketID("firmware")
    public static let free = BucketID("free")
    public static let freePercpu = BucketID("free-percpu")
    public static let gpuActive = BucketID("gpu-active")
    public static let gpuReclaim = BucketID("gpu-reclaim")
    public static let hugepagesFree = BucketID("hugepages-free")
    public static let hugepagesUsed = BucketID("hugepages-used")
    public static let hwCorrupted = BucketID("hw-corrupted")
    public static let inactive = BucketID("inactive")
    public static let isolated = BucketID("isolated")
    public static let kernelBoot = BucketID("kernel-boot")
    public static let kernelReclaimable = BucketID("kernel-reclaimable")
    public static let kernelStacks = BucketID("kernel-stacks")
    public static let memmap = BucketID("memmap")
    public static let memmapBoot = BucketID("memmap-boot")
    public static let mlocked = BucketID("mlocked")
    public static let offlineMemory = BucketID("offline-memory")
    public static let outsideVm = BucketID("outside-vm")
    public static let pageTables = BucketID("page-tables")
    public static let percpu = BucketID("percpu")
    public static let percpuFirstChunk = BucketID("percpu-first-chunk")
    public static let purgeable = BucketID("purgeable")
    public static let secPageTables = BucketID("sec-page-tables")
    public static let shmem = BucketID("shmem")
    public static let slabReclaimable = BucketID("slab-reclaimable")
    public static let slabUnreclaimable = BucketID("slab-unreclaimable")
    public static let speculative = BucketID("speculative")
    public static let swapCache = BucketID("swap-cache")
    public static let unaccepted = BucketID("unaccepted")
    public static let unevictable = BucketID("unevictable")
    public static let unexplained = BucketID("unexplained")
    public static let vmalloc = BucketID("vmalloc")
    public static let wired = BucketID("wired")
    public static let zram = BucketID("zram")
    public static let zswap = BucketID("zswap")
}
