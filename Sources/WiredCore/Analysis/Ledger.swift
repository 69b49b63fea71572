/// What the kernel can do to get a bucket's memory back.
public enum MemoryClass: String, Sendable, Codable, CaseIterable {
    /// Not in use.
    case free
    /// In use, but the kernel can take it back (dropping clean cache, writing dirty pages, swapping).
    case reclaimable
    /// RAM that holds compressed pages (zswap pool, zram).
    case compressed
    /// App and shared memory that could be paged out, but there is no free swap to page it to: it stays in
    /// RAM until its owner frees it. Not wired: nothing pins it, and adding swap makes it reclaimable.
    case unswappable
    /// Pinned by the kernel: kernel memory, locked and pinned pages, hugepage pools, driver and GPU memory.
    /// Freed only when its owner lets go.
    case wired
    /// Outside MemTotal: kept by firmware or taken by the kernel at boot.
    case reserved
    /// What the kernel reports in no counter.
    case unexplained
}

/// Why a wired bucket is wired.
public enum WiredKind: String, Sendable, Codable {
    /// Kernel data structures, stacks, page tables, drivers.
    case kernel
    /// User memory that cannot move: mlock, hugepage pools, pinned pages.
    case user
}

/// One line of the ledger.
public struct LedgerBucket: Sendable, Codable, Equatable {
    /// Stable identifier, such as "app" or "slab-unreclaimable"; diffs match buckets by it.
    public var id: BucketID
    /// Plain name for people.
    public var name: String
    /// Size.
    public var bytes: ByteCount
    /// Reclaimability.
    public var memoryClass: MemoryClass
    /// For wired buckets, why.
    public var wiredKind: WiredKind?
    /// Where the number comes from, in words ("Active(file) + Inactive(file) − Dirty − Writeback in /proc/meminfo").
    public var source: String
    /// The kernel fields used.
    public var fields: [String]
    /// A caveat about this number, when there is one.
    public var note: String?
    /// Why this number cannot be trusted, when it cannot.
    ///
    /// The counters it comes from are impossible (negative, free above total) or its arithmetic overflowed.
    /// Views mark it "?" and print the reason.
    public var untrusted: String?

    /// Creates a bucket.
    public init(
        id: BucketID,
        name: String,
        bytes: ByteCount,
        memoryClass: MemoryClass,
        wiredKind: WiredKind? = nil,
        source: String,
        fields: [String],
        note: String? = nil,
        untrusted: String? = nil
    ) {
        self.id = id
        self.name = name
        self.bytes = bytes
        self.memoryClass = memoryClass
        self.wiredKind = wiredKind
        self.source = source
        self.fields = fields
        self.note = note
        self.untrusted = untrusted ?? Self.impossibility(bytes, memoryClass: memoryClass, id: id)
    }

    /// Why `bytes` cannot be a measured size: an overflow, or a negative size for anything but a remainder
    /// (the unexplained line and the boot reservations are what is left after subtracting, and may be).
    static func impossibility(_ bytes: ByteCount, memoryClass: MemoryClass, id: BucketID) -> String? {
        if bytes.isOverflow { return "its arithmetic overflowed: the counters it comes from are absurd" }
        if bytes.bytes < 0, memoryClass != .unexplained, id != .kernelBoot {
            return "a size cannot be negative: the counters it comes from contradict each other"
        }
        return nil
    }

    /// True when the bucket is marked untrusted.
    public var isUntrusted: Bool { untrusted != nil }
}

/// A bucket the ledger could not size, and why; its bytes are inside the unexplained line.
public struct UnknownBucket: Sendable, Codable, Equatable {
    /// The id the bucket would have had.
    public var id: BucketID
    /// Plain name.
    public var name: String
    /// Why it is unknown, naming the file and field.
    public var reason: String

    /// Creates a record.
    public init(id: BucketID, name: String, reason: String) {
        self.id = id
        self.name = name
        self.reason = reason
    }
}

/// How much RAM is installed, and how sure we are.
public struct InstalledRAM: Sendable, Codable, Equatable {
    /// How it was measured.
    public enum Method: String, Sendable, Codable {
        /// Σ SMBIOS memory devices: the DIMMs.
        case dmi
        /// Memory blocks × block size (rounds up over holes).
        case memoryBlocks
        /// Σ firmware "System RAM" ranges (a lower bound).
        case firmwareMap
        /// Σ present pages in /proc/zoneinfo (a lower bound).
        case zonePresent
        /// `hw.memsize` on macOS.
        case sysctl
    }

    /// Size.
    public var bytes: ByteCount
    /// How it was measured.
    public var method: Method
    /// True unless the number is the hardware's own statement (DMI, hw.memsize).
    public var isEstimate: Bool
    /// Where the number comes from, in words.
    public var source: String

    /// Creates a record.
    public init(bytes: ByteCount, method: Method, isEstimate: Bool, source: String) {
        self.bytes = bytes
        self.method = method
        self.isEstimate = isEstimate
        self.source = source
    }
}

/// Wired memory split by why it is wired.
///
/// Only pinned memory: app and shared memory that stays in RAM because there is no free swap is
/// ``MemoryClass/unswappable``, counted in ``LedgerTotals/unswappable``, never here.
public struct WiredSummary: Sendable, Codable, Equatable {
    /// Kernel structures, stacks, page tables, vmalloc, percpu, balloon.
    public var kernel: ByteCount
    /// mlock, unevictable, hugepage pools.
    public var user: ByteCount

    /// Creates a summary.
    public init(kernel: ByteCount, user: ByteCount) {
        self.kernel = kernel
        self.user = user
    }

    /// All wired memory.
    public var total: ByteCount { kernel + user }
}

/// "Used" as different tools compute it, so a user sees why they disagree.
public struct UsedTranslation: Sendable, Codable, Equatable {
    /// The main tool's "used": Linux `free` (procps-ng ≥ 4.0.1) and btop, MemTotal − MemAvailable; macOS
    /// Activity Monitor's Memory Used.
    public var usedAsFree: ByteCount
    /// A second tool's "used": Linux htop 3 and psutil's `used` field (psutil's `percent` follows free(1));
    /// macOS top's PhysMem "used".
    public var usedAsHtop: ByteCount?
    /// Available: MemAvailable, or its stand-in (see ``availableSource``).
    public var available: ByteCount
    /// Where ``available`` comes from.
    public var availableSource: String
    /// Who shows ``usedAsFree`` and its formula ("as free(1) and btop show it", "MemTotal − available").
    public var usedLabel: String
    public var usedFormula: String
    /// Who shows ``usedAsHtop`` and its formula.
    public var otherUsedLabel: String
    public var otherUsedFormula: String

    /// Creates a translation; the labels default to Linux's tools.
    public init(
        usedAsFree: ByteCount,
        usedAsHtop: ByteCount?,
        available: ByteCount,
        availableSource: String,
        usedLabel: String = "as free(1) and btop show it",
        usedFormula: String = "MemTotal − available",
        otherUsedLabel: String = "as htop and psutil's used field show it",
        otherUsedFormula: String = "MemTotal − MemFree − Buffers − Cached − SReclaimable"
    ) {
        self.usedAsFree = usedAsFree
        self.usedAsHtop = usedAsHtop
        self.available = available
        self.availableSource = availableSource
        self.usedLabel = usedLabel
        self.usedFormula = usedFormula
        self.otherUsedLabel = otherUsedLabel
        self.otherUsedFormula = otherUsedFormula
    }
}

/// Totals of the ledger by class.
public struct LedgerTotals: Sendable, Codable, Equatable {
    /// Σ free buckets.
    public var free: ByteCount
    /// Σ reclaimable buckets.
    public var reclaimable: ByteCount
    /// Σ compressed buckets.
    public var compressed: ByteCount
    /// Σ unswappable buckets: app and shared memory with no free swap to go to.
    public var unswappable: ByteCount
    /// Σ wired buckets.
    public var wired: ByteCount
    /// The unexplained line.
    public var unexplained: ByteCount

    /// Creates totals.
    public init(
        free: ByteCount,
        reclaimable: ByteCount,
        compressed: ByteCount,
        unswappable: ByteCount = .zero,
        wired: ByteCount,
        unexplained: ByteCount
    ) {
        self.free = free
        self.reclaimable = reclaimable
        self.compressed = compressed
        self.unswappable = unswappable
        self.wired = wired
        self.unexplained = unexplained
    }
}

/// Where every byte of RAM is: a partition of MemTotal into buckets, plus what lies outside MemTotal.
public struct Ledger: Sendable, Codable, Equatable {
    /// Installed RAM, when any source could tell.
    public var installed: InstalledRAM?
    /// RAM handed to the kernel's page allocator (`MemTotal`; `hw.memsize` on macOS).
    public var memTotal: ByteCount
    /// Installed − MemTotal, split by cause; empty when installed RAM is unknown.
    public var reserved: [LedgerBucket]
    /// The partition of MemTotal; the last bucket is "unexplained" and the sum is exactly ``memTotal``.
    public var buckets: [LedgerBucket]
    /// Buckets that could not be sized.
    public var unknown: [UnknownBucket]
    /// Wired memory by cause.
    public var wired: WiredSummary
    /// Totals by class.
    public var totals: LedgerTotals
    /// Why the unswappable memory cannot be paged out ("there is no swap", "swap is full"), when there is some.
    public var unswappableReason: String?
    /// "Used" the way other tools show it.
    public var translation: UsedTranslation
    /// Caveats that apply to this reading.
    public var notes: [String]
    /// What ``memTotal`` is called and where it comes from ("MemTotal", "RAM the kernel manages (MemTotal
    /// in /proc/meminfo)"; on macOS "Usable").
    public var memTotalName: String
    public var memTotalSource: String
    /// Likely owners of the unexplained line, with their evidence (``UnexplainedSuspects``); a sized suspect
    /// is part of that line, never added to the buckets, so the sum stays MemTotal.
    public var suspects: [Suspect] = []
    /// Why ``installed`` is `nil`, when it is; views say "no source could be read" otherwise.
    public var installedMissing: String?

    /// Creates a ledger.
    public init(
        installed: InstalledRAM?,
        memTotal: ByteCount,
        reserved: [LedgerBucket],
        buckets: [LedgerBucket],
        unknown: [UnknownBucket],
        wired: WiredSummary,
        totals: LedgerTotals,
        translation: UsedTranslation,
        notes: [String],
        unswappableReason: String? = nil,
        memTotalName: String = "MemTotal",
        memTotalSource: String = "RAM the kernel manages (MemTotal in /proc/meminfo)"
    ) {
        self.unswappableReason = unswappableReason
        self.memTotalName = memTotalName
        self.memTotalSource = memTotalSource
        self.installed = installed
        self.memTotal = memTotal
        self.reserved = reserved
        self.buckets = buckets
        self.unknown = unknown
        self.wired = wired
        self.totals = totals
        self.translation = translation
        self.notes = notes
    }

    /// The bucket with `id`, if the ledger has it.
    public func bucket(_ id: BucketID) -> LedgerBucket? {
        buckets.first { $0.id == id } ?? reserved.first { $0.id == id }
    }

    /// The amount each share is taken of: installed RAM when known, else MemTotal.
    public var shareBase: ByteCount { installed?.bytes ?? memTotal }

    /// `bytes` as a share of ``shareBase``.
    public func share(_ bytes: ByteCount) -> Double {
        shareBase.bytes > 0 ? Double(bytes.bytes) / Double(shareBase.bytes) : 0
    }
}

/// Why a ledger could not be built at all.
public struct LedgerError: Error, Sendable, CustomStringConvertible {
    /// A sentence naming the missing or impossible fact.
    public var message: String

    /// Creates an error.
    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}

/// Collects buckets and unknowns while a ledger is built.
struct LedgerBuilder {
    var buckets: [LedgerBucket] = []
    var unknown: [UnknownBucket] = []
    var notes: [String] = []
    /// Why unswappable buckets cannot be paged out, when there are some.
    var unswappableReason: String?

    mutating func add(
        _ id: BucketID,
        _ name: String,
        _ bytes: ByteCount,
        _ memoryClass: MemoryClass,
        _ wiredKind: WiredKind? = nil,
        source: String,
        fields: [String],
        note: String? = nil,
        untrusted: String? = nil
    ) {
        buckets.append(
            LedgerBucket(
                id: id,
                name: name,
                bytes: bytes,
                memoryClass: memoryClass,
                wiredKind: memoryClass == .wired ? wiredKind : nil,
                source: source,
                fields: fields,
                note: note,
                untrusted: untrusted
            )
        )
    }

    mutating func unknown(_ id: BucketID, _ name: String, _ reason: String) {
        unknown.append(UnknownBucket(id: id, name: name, reason: reason))
    }

    /// Closes the partition with the unexplained remainder, never clamped.
    ///
    /// A remainder taken from untrusted buckets is untrusted too.
    mutating func closeWithRemainder(memTotal: ByteCount, totalName: String) {
        let explained = buckets.map(\.bytes).sum()
        let remainder = memTotal - explained
        let doubtful = buckets.filter(\.isUntrusted).map(\.name)
        add(
            .unexplained,
            "Unexplained",
            remainder,
            .unexplained,
            source: "\(totalName) − Σ of the buckets above",
            fields: [totalName],
            note: remainder.bytes < 0
                ? "Negative: some memory was counted twice, or counters moved between reads." : nil,
            untrusted: doubtful.isEmpty
                ? nil : "it is what is left after \(doubtful.joined(separator: ", ")), which cannot be trusted"
        )
    }

    func totals() -> (LedgerTotals, WiredSummary) {
        func sum(_ memoryClass: MemoryClass) -> ByteCount {
            buckets.filter { $0.memoryClass == memoryClass }.map(\.bytes).sum()
        }
        func wired(_ kind: WiredKind) -> ByteCount {
            buckets.filter { $0.memoryClass == .wired && $0.wiredKind == kind }.map(\.bytes).sum()
        }
        let totals = LedgerTotals(
            free: sum(.free),
            reclaimable: sum(.reclaimable),
            compressed: sum(.compressed),
            unswappable: sum(.unswappable),
            wired: sum(.wired),
            unexplained: sum(.unexplained)
        )
        return (totals, WiredSummary(kernel: wired(.kernel), user: wired(.user)))
    }
}
