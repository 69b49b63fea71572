/// Builds the ledger of a macOS reading: `hw.memsize` split into what lies outside the kernel's managed
/// pool (`hw.memsize − hw.memsize_usable`) and the buckets of `vm_statistics64`, with what the counters do
/// not cover as the unexplained line, never forced to zero.
///
/// From 10.9 the buckets follow Activity Monitor (`docs/macos.md` §3.2): free, file-backed, purgeable,
/// app (anonymous − purgeable), wired, compressor; they add up because active + inactive + speculative =
/// anonymous + file-backed (§2.4, checked and noted when it fails). Before 10.9 the page queues are the
/// buckets (free, speculative, active, inactive, wired), as Activity Monitor then showed them (§3.3).
public enum DarwinLedger {
    /// The ledger of `facts`.
    public static func build(_ facts: DarwinFacts) throws -> Ledger {
        guard let vm = facts.vm else {
            if let top = facts.top, top.wired != nil { return try fromTop(top, facts: facts) }
            throw LedgerError(
                "no VM counters: the capture holds no vm_stat, memory_pressure or top output (only \(facts.files.map(\.kind).joined(separator: ", ")))"
            )
        }
        var ledger = MacBuckets(vm: vm)
        let (installed, memTotal, memTotalSource) = sizes(facts, vm: vm, notes: &ledger.builder.notes)
        let freeSource =
            vm.era == .beforeSnowLeopard
            ? "Pages free in \(vm.source)" : "Pages free in \(vm.source) (free_count − speculative)"
        ledger.add(.free, "Free", ledger.bytes(vm.free), .free, source: freeSource, fields: ["Pages free"])
        if let anonymous = vm.anonymous, let fileBacked = vm.fileBacked {
            addCategories(&ledger, anonymous: anonymous, fileBacked: fileBacked)
        } else {
            addQueues(&ledger)
        }
        addWiredAndCompressed(&ledger)
        var builder = ledger.builder
        close(&builder, vm: vm, facts: facts, memTotal: memTotal)
        let (totals, wired) = builder.totals()
        return Ledger(
            installed: installed,
            memTotal: memTotal,
            reserved: reserved(facts, installed: installed),
            buckets: builder.buckets,
            unknown: builder.unknown,
            wired: wired,
            totals: totals,
            translation: Self.translation(vm, facts: facts, memTotal: memTotal),
            notes: builder.notes,
            memTotalName: facts.memsizeUsable != nil ? "Usable" : "Counted",
            memTotalSource: memTotalSource
        )
    }

    /// Installed RAM (`hw.memsize`) and what the buckets must add up to: `hw.memsize_usable`, else `hw.memsize`,
    /// else the counters' own sum (then nothing can be unexplained, and a note says so).
    static func sizes(
        _ facts: DarwinFacts,
        vm: VMStatistics,
        notes: inout [String]
    ) -> (installed: InstalledRAM?, memTotal: ByteCount, source: String) {
        let page = ByteCount(bytes: vm.pageSize)
        let source = vm.source
        let installed = facts.memsize.map {
            InstalledRAM(
                bytes: ByteCount(bytes: $0),
                method: .sysctl,
                isEstimate: false,
                source: facts.memsizeSource ?? "hw.memsize"
            )
        }
        let counted = Checked.saturatingSum(
            [vm.free, vm.active, vm.inactive, vm.speculative, vm.wired, vm.compressorPages].compactMap { $0 }
        )
        let memTotal: ByteCount
        let memTotalSource: String
        if let usable = facts.memsizeUsable {
            memTotal = ByteCount(bytes: usable)
            memTotalSource = "RAM the kernel manages (hw.memsize_usable)"
        } else if let installed {
            memTotal = installed.bytes
            memTotalSource =
                "hw.memsize (hw.memsize_usable unknown: what lies outside the VM's pool shows as unexplained)"
        } else {
            memTotal = page * counted
            memTotalSource =
                "Σ of \(source)'s page counts: the RAM size is unknown (no sysctl or memory_pressure output), so nothing can be unexplained"
            notes.append(
                "The capture does not say how much RAM the Mac has: add `sysctl hw.memsize hw.memsize_usable` output to check the counters against it."
            )
        }
        return (installed, memTotal, memTotalSource)
    }

    /// What lies outside the VM's managed pool: `hw.memsize − hw.memsize_usable`.
    static func reserved(_ facts: DarwinFacts, installed: InstalledRAM?) -> [LedgerBucket] {
        var reserved: [LedgerBucket] = []
        if let installed, let usable = facts.memsizeUsable {
            reserved.append(
                LedgerBucket(
                    id: .outsideVm,
                    name: "Outside the VM's pool (firmware, carve-outs)",
                    bytes: installed.bytes - ByteCount(bytes: usable),
                    memoryClass: .reserved,
                    source: "hw.memsize − hw.memsize_usable",
                    fields: ["hw.memsize", "hw.memsize_usable"]
                )
            )
        }
        return reserved
    }

    /// Activity Monitor's categories (10.9 on): file-backed, purgeable and app (anonymous − purgeable) memory.
    private static func addCategories(_ ledger: inout MacBuckets, anonymous: Int64, fileBacked: Int64) {
        let vm = ledger.vm
        let page = ledger.page
        let source = vm.source
        let purgeable = vm.purgeable ?? 0
        let queues = page * Checked.saturatingSum([vm.active, vm.inactive, vm.speculative].compactMap { $0 })
        let split = page * anonymous + page * fileBacked
        if queues != split {
            ledger.builder.notes.append(
                "\(source)'s active + inactive + speculative (\(queues)) and anonymous + file-backed pages (\(split)) differ by \(queues - split); the buckets follow anonymous and file-backed."
            )
        }
        ledger.add(
            .fileCache,
            "File cache (file-backed pages)",
            ledger.bytes(fileBacked),
            .reclaimable,
            source: "File-backed pages in \(source)",
            fields: ["File-backed pages"],
            note: vm.speculative.map {
                "Includes \(page * $0) of speculative (read-ahead) pages; Activity Monitor counts this and purgeable memory as Cached Files."
            }
        )
        ledger.add(
            .purgeable,
            "Purgeable (caches apps marked as discardable)",
            vm.purgeable.map { page * $0 },
            .reclaimable,
            source: "Pages purgeable in \(source)",
            fields: ["Pages purgeable"]
        )
        ledger.add(
            .app,
            "App memory (anonymous)",
            page * anonymous - page * purgeable,
            .reclaimable,
            source: "Anonymous pages − Pages purgeable in \(source)",
            fields: ["Anonymous pages", "Pages purgeable"],
            note: "Apps' own memory; under pressure the kernel compresses it, then swaps the compressed pages."
        )
    }

    /// The page queues, where the counters do not split app and file pages (before 10.9, or memory_pressure).
    private static func addQueues(_ ledger: inout MacBuckets) {
        let vm = ledger.vm
        let source = vm.source
        if vm.era != .beforeSnowLeopard {
            ledger.add(
                .speculative,
                "Speculative (read-ahead file pages)",
                ledger.bytes(vm.speculative),
                .reclaimable,
                source: "Pages speculative in \(source)",
                fields: ["Pages speculative"]
            )
        }
        ledger.add(
            .active,
            "Active (recently used app and file pages)",
            ledger.bytes(vm.active),
            .reclaimable,
            source: "Pages active in \(source)",
            fields: ["Pages active"]
        )
        ledger.add(
            .inactive,
            "Inactive (not recently used; reclaimed first)",
            ledger.bytes(vm.inactive),
            .reclaimable,
            source: "Pages inactive in \(source)",
            fields: ["Pages inactive"]
        )
        if vm.era == .compressor {
            ledger.builder.notes.append(
                "\(source) does not split app and file pages (no Anonymous and File-backed rows): the page queues are shown instead; vm_stat output would give Activity Monitor's categories."
            )
        }
    }

    /// Wired pages, and from 10.9 the compressor's pages.
    private static func addWiredAndCompressed(_ ledger: inout MacBuckets) {
        let vm = ledger.vm
        let page = ledger.page
        let source = vm.source
        ledger.add(
            .wired,
            "Wired (kernel, drivers, GPU, locked memory)",
            ledger.bytes(vm.wired),
            .wired,
            .kernel,
            source: "Pages wired down in \(source)",
            fields: ["Pages wired down"],
            note: wiredNote(vm)
        )
        if vm.era == .compressor {
            ledger.add(
                .compressed,
                "Compressed (RAM holding the compressor pool)",
                ledger.bytes(vm.compressorPages),
                .compressed,
                source: "Pages \(source == "memory_pressure" ? "used" : "occupied") by compressor in \(source)",
                fields: ["Pages occupied by compressor"],
                note: vm.storedInCompressor.map {
                    "It holds \(page * $0) of pages in compressed form (\(ratio($0, vm.compressorPages)))."
                }
            )
        }
    }

    /// Closes the partition with the unexplained line, and notes memory tagging and counters of an old era.
    private static func close(_ ledger: inout LedgerBuilder, vm: VMStatistics, facts: DarwinFacts, memTotal: ByteCount)
    {
        let page = ByteCount(bytes: vm.pageSize)
        ledger.closeWithRemainder(
            memTotal: memTotal,
            totalName: facts.memsizeUsable != nil ? "hw.memsize_usable" : "hw.memsize"
        )
        if let last = ledger.buckets.indices.last {
            ledger.buckets[last].name = "Unexplained (not in the VM counters)"
            if facts.memsizeUsable == nil, facts.memsize != nil {
                ledger.buckets[last].note =
                    "hw.memsize_usable is unknown, so memory outside the VM's managed pool (on Apple silicon, about 2% of RAM) is part of this line."
            }
        }
        if let storage = vm.tagging?.tagStorage {
            ledger.notes.append(
                "Memory tagging (MTE): the \(page * storage) tag-storage region (Pages tag-storage) is inside the buckets, not beside them: pages holding tags and pages lent to wired use are in Wired, pages lent to ordinary use in app or file memory, free ones in Free (xnu vm_stats). Activity Monitor on macOS 26 is reported to add the whole region to Memory Used."
            )
        }
        if vm.era != .compressor {
            ledger.notes.append(
                "\(vm.era.rawValue) counters: no compressor; Activity Monitor of that era showed Free, Wired, Active and Inactive, and Used = Wired + Active + Inactive."
            )
        }
    }

    /// What the wired count holds besides the kernel's own wiring: throttled pages, and on Macs with memory
    /// tagging the tag-storage pages holding tags or lent to wired use.
    static func wiredNote(_ vm: VMStatistics) -> String? {
        let page = ByteCount(bytes: vm.pageSize)
        var parts: [String] = []
        if let throttled = vm.throttled, throttled > 0 {
            parts.append("\(page * throttled) of throttled pages (the kernel folds them into wired)")
        }
        if let tagging = vm.tagging, let holding = tagging.holdingTags {
            parts.append(
                "\(page * holding) of tag storage holding memory tags and \(page * (tagging.nonTagWired ?? 0)) of tag storage lent to wired use (vm_stat's tag-storage rows)"
            )
        }
        return parts.isEmpty ? nil : "Includes " + parts.joined(separator: "; ") + "."
    }

    /// "3.3×" for stored ÷ occupied compressor pages.
    static func ratio(_ stored: Int64, _ occupied: Int64?) -> String {
        guard let occupied, occupied > 0 else { return "ratio unknown" }
        let tenths = Checked.saturatingAdd(Checked.saturatingMultiply(stored, 10), occupied / 2) / occupied
        return "\(tenths / 10).\(tenths % 10)× compression"
    }

    /// Used as Activity Monitor and top show it, and what can be had without compressing or swapping.
    static func translation(_ vm: VMStatistics, facts: DarwinFacts, memTotal: ByteCount) -> UsedTranslation {
        let page = ByteCount(bytes: vm.pageSize)
        func pages(_ counts: Int64?...) -> ByteCount { counts.map { page * ($0 ?? 0) }.sum() }
        let wired = vm.wired ?? 0
        let compressor = vm.compressorPages ?? 0
        let topUsed = pages(wired, vm.active, vm.inactive, compressor)
        if let anonymous = vm.anonymous, let fileBacked = vm.fileBacked {
            let purgeable = vm.purgeable ?? 0
            return UsedTranslation(
                usedAsFree: pages(anonymous, wired, compressor) - page * purgeable,
                usedAsHtop: topUsed,
                available: pages(vm.free, fileBacked, purgeable),
                availableSource: "free + file-backed + purgeable pages: memory had without compressing or swapping",
                usedLabel: "as Activity Monitor shows it",
                usedFormula: "Memory Used = App + Wired + Compressed",
                otherUsedLabel: "as top shows it",
                otherUsedFormula: "wired + active + inactive + compressor pages"
            )
        }
        return UsedTranslation(
            usedAsFree: pages(wired, vm.active, vm.inactive),
            usedAsHtop: vm.era == .compressor ? topUsed : nil,
            available: pages(vm.free, vm.speculative, vm.inactive),
            availableSource: "free + speculative + inactive pages",
            usedLabel: vm.era == .compressor
                ? "as top showed it before 10.10" : "as Activity Monitor of the time showed it",
            usedFormula: "Used = Wired + Active + Inactive",
            otherUsedLabel: "as top shows it",
            otherUsedFormula: "wired + active + inactive + compressor pages"
        )
    }

    /// A coarse ledger from top's PhysMem line when no counters were captured (rounded by top).
    static func fromTop(_ top: TopSample, facts: DarwinFacts) throws -> Ledger {
        var ledger = LedgerBuilder()
        let wired = ByteCount(bytes: top.wired ?? 0)
        let compressor = ByteCount(bytes: top.compressor ?? 0)
        guard let used = top.used, let unused = top.unused else {
            throw LedgerError("top's PhysMem line lacks used or unused: no ledger can be made")
        }
        let total = facts.memsizeUsable ?? facts.memsize ?? Checked.saturatingAdd(used, unused)
        ledger.add(
            .free,
            "Free (top's unused, including speculative)",
            ByteCount(bytes: unused),
            .free,
            source: "PhysMem unused in top",
            fields: ["PhysMem"]
        )
        ledger.add(
            .active,
            "Active and inactive (top's used − wired − compressor)",
            ByteCount(bytes: used) - wired - compressor,
            .reclaimable,
            source: "PhysMem used − wired − compressor in top",
            fields: ["PhysMem"]
        )
        ledger.add(
            .wired,
            "Wired (kernel, drivers, GPU, locked memory)",
            wired,
            .wired,
            .kernel,
            source: "PhysMem wired in top",
            fields: ["PhysMem"]
        )
        ledger.add(
            .compressed,
            "Compressed (RAM holding the compressor pool)",
            compressor,
            .compressed,
            source: "PhysMem compressor in top",
            fields: ["PhysMem"]
        )
        ledger.closeWithRemainder(
            memTotal: ByteCount(bytes: total),
            totalName: facts.memsizeUsable != nil ? "hw.memsize_usable" : "hw.memsize"
        )
        ledger.notes.append(
            "Only top's PhysMem line was captured: its sizes are rounded to 3–4 digits, and app and file memory cannot be told apart. vm_stat output gives the exact counters."
        )
        let (totals, wiredSummary) = ledger.totals()
        return Ledger(
            installed: facts.memsize.map {
                InstalledRAM(
                    bytes: ByteCount(bytes: $0),
                    method: .sysctl,
                    isEstimate: false,
                    source: facts.memsizeSource ?? "hw.memsize"
                )
            },
            memTotal: ByteCount(bytes: total),
            reserved: [],
            buckets: ledger.buckets,
            unknown: ledger.unknown,
            wired: wiredSummary,
            totals: totals,
            translation: UsedTranslation(
                usedAsFree: ByteCount(bytes: used),
                usedAsHtop: nil,
                available: ByteCount(bytes: unused),
                availableSource: "top's unused",
                usedLabel: "as top shows it",
                usedFormula: "PhysMem used"
            ),
            notes: ledger.notes,
            memTotalName: facts.memsizeUsable != nil ? "Usable" : "top's total",
            memTotalSource: facts.memsize != nil ? "hw.memsize" : "PhysMem used + unused in top (RAM size unknown)"
        )
    }
}

/// A ledger being built from one reading of the VM counters; a row the reading lacks becomes an unknown line
/// that names it.
private struct MacBuckets {
    var builder = LedgerBuilder()
    let vm: VMStatistics

    var page: ByteCount { ByteCount(bytes: vm.pageSize) }

    func bytes(_ pages: Int64?) -> ByteCount? { pages.map { page * $0 } }

    mutating func add(
        _ id: BucketID,
        _ name: String,
        _ value: ByteCount?,
        _ memoryClass: MemoryClass,
        _ kind: WiredKind? = nil,
        source text: String,
        fields: [String],
        note: String? = nil
    ) {
        if let value {
            builder.add(id, name, value, memoryClass, kind, source: text, fields: fields, note: note)
        } else {
            builder.unknown(id, name, "\(vm.source) has no \(fields.joined(separator: " or ")) row")
        }
    }
}
