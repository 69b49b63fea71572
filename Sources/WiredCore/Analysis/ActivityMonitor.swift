/// Activity Monitor's Memory tab, computed from a macOS reading with the formulas `docs/macos.md` §4
/// settles on, each figure with its formula; a figure the reading cannot give says why instead.
public struct ActivityMonitorFigures: Sendable, Codable, Equatable {
    /// One figure.
    public struct Figure: Sendable, Codable, Equatable {
        /// Activity Monitor's name for it.
        public var name: String
        /// Its size, or `nil` with ``unknownReason``.
        public var bytes: ByteCount?
        /// How it is computed, in the counters' words.
        public var formula: String
        /// Why it is unknown.
        public var unknownReason: String?

        init(_ name: String, _ bytes: ByteCount?, _ formula: String, unknown: String? = nil) {
            self.name = name
            self.bytes = bytes
            self.formula = formula
            self.unknownReason = bytes == nil ? (unknown ?? "not in this reading") : nil
        }
    }

    /// The memory pressure level.
    public struct Pressure: Sendable, Codable, Equatable {
        /// `kern.memorystatus_vm_pressure_level`: 1, 2 or 4.
        public var level: Int?
        /// "normal" (green), "warning" (yellow), "critical" (red), or "unknown".
        public var name: String
        /// Where it comes from.
        public var source: String
    }

    /// The free percentage (`kern.memorystatus_level`, memory_pressure's "System-wide memory free
    /// percentage"): printed, and computed from the counters.
    public struct FreePercentage: Sendable, Codable, Equatable {
        /// The value the Mac printed, and from where.
        public var printed: Int?
        public var printedSource: String?
        /// (active + inactive + free + speculative) × 100 ÷ (hw.memsize_usable ÷ page size).
        public var computed: Double?
        /// Why it could not be computed, or what it was computed with.
        public var computedNote: String
    }

    /// "modern" (10.9+: Physical Memory, Memory Used, App Memory, Wired Memory, Compressed, Cached Files,
    /// Swap Used) or "lion" (10.3–10.8: Free, Wired, Active, Inactive, Used).
    public var era: String
    /// The figures, in Activity Monitor's order.
    public var figures: [Figure]
    /// Memory pressure.
    public var pressure: Pressure
    /// Free percentage.
    public var freePercentage: FreePercentage
    /// Installed RAM − Σ of the pages the counters list: memory the counters do not see (on Apple silicon about
    /// half a GiB of 32 GiB).
    ///
    /// Shown as a gap, never spread over the figures.
    public var gap: ByteCount?
    /// Stored ÷ occupied compressor pages.
    public var compressionRatio: Double?
    /// top's own figures ("used", "wired", "compressor", "unused"), when a top output was captured.
    public var top: [Figure]
    /// vm_stat's paging counters since boot (Pageins, Pageouts, Swapins, Swapouts), as pages × page size.
    ///
    /// Swap-outs and swap-ins that keep growing are the classic sign of too little RAM; their rates need two
    /// moments (`wired diff` of two captures, or vm_stat's interval mode).
    public var paging: [Figure]
    /// The memory-tagging (MTE) tag-storage region and how its pages are counted, on Macs that print it.
    public var tagStorage: [Figure]

    /// The figures of `facts`, or `nil` without VM counters.
    public static func of(_ facts: DarwinFacts) -> ActivityMonitorFigures? {
        guard let vm = facts.vm else { return nil }
        let page = ByteCount(bytes: vm.pageSize)
        let physical = facts.memsize.map { ByteCount(bytes: $0) }
        var figures: [Figure] = []
        let era: String
        if vm.era == .compressor {
            era = "modern"
            figures = modernFigures(vm, facts: facts)
        } else {
            era = "lion"
            figures = lionFigures(vm)
        }

        let pressure = pressure(facts)
        let percentage = freePercentage(facts, vm: vm)

        let counted = Checked.saturatingSum(
            [vm.free, vm.active, vm.inactive, vm.speculative, vm.wired, vm.compressorPages].compactMap { $0 }
        )
        let gap = physical.map { $0 - page * counted }
        let ratio: Double? = vm.storedInCompressor.flatMap { stored in
            vm.compressorPages.flatMap { $0 > 0 ? Double(stored) / Double($0) : nil }
        }

        let top = topFigures(facts)
        if let tagging = vm.tagging, let storage = tagging.tagStorage,
            let used = figures.first(where: {
                $0.name == "Memory Used"
            })?.bytes
        {
            figures.insert(
                Figure(
                    "Memory Used + tag storage",
                    used + page * storage,
                    "Memory Used + Pages tag-storage: what Activity Monitor on macOS 26 is reported to show (a stable gap of the whole region, measured in vorssaint/vorssaint-utils#763; not documented by Apple)"
                ),
                at: 2
            )
        }
        return ActivityMonitorFigures(
            era: era,
            figures: figures,
            pressure: pressure,
            freePercentage: percentage,
            gap: gap,
            compressionRatio: ratio,
            top: top,
            paging: paging(vm),
            tagStorage: tagStorage(vm)
        )
    }

    /// Activity Monitor's figures from 10.9 on: Memory Used = App Memory + Wired Memory + Compressed.
    static func modernFigures(_ vm: VMStatistics, facts: DarwinFacts) -> [Figure] {
        let page = ByteCount(bytes: vm.pageSize)
        func bytes(_ pages: Int64?) -> ByteCount? { pages.map { page * $0 } }
        let physical = facts.memsize.map { ByteCount(bytes: $0) }
        let noSplit = "\(vm.source) has no Anonymous and File-backed pages rows (vm_stat output has them)"
        let app = vm.anonymous.map { page * $0 - page * (vm.purgeable ?? 0) }
        let wired = bytes(vm.wired)
        let compressed = bytes(vm.compressorPages)
        let used = app.flatMap { app in wired.flatMap { wired in compressed.map { app + wired + $0 } } }
        let cached = vm.fileBacked.map { page * $0 + page * (vm.purgeable ?? 0) }
        return [
            Figure(
                "Physical Memory",
                physical,
                "hw.memsize",
                unknown: "the capture has no hw.memsize (sysctl) or memory_pressure output"
            ),
            Figure("Memory Used", used, "App Memory + Wired Memory + Compressed", unknown: noSplit),
            Figure("App Memory", app, "Anonymous pages − Pages purgeable", unknown: noSplit),
            Figure("Wired Memory", wired, "Pages wired down"),
            Figure(
                "Compressed",
                compressed,
                "Pages occupied by compressor (not \"stored in\": that is the uncompressed size)"
            ),
            Figure("Cached Files", cached, "File-backed pages + Pages purgeable", unknown: noSplit),
            Figure(
                "Swap Used",
                facts.swap.map { ByteCount(bytes: $0.used) },
                "vm.swapusage used",
                unknown: "the capture has no vm.swapusage (sysctl vm.swapusage)"
            ),
        ]
    }

    /// Activity Monitor's figures before 10.9: Free, Wired, Active, Inactive, and Used = their sum but Free.
    static func lionFigures(_ vm: VMStatistics) -> [Figure] {
        let page = ByteCount(bytes: vm.pageSize)
        func bytes(_ pages: Int64?) -> ByteCount? { pages.map { page * $0 } }
        let free = vm.free.map { page * $0 + page * (vm.speculative ?? 0) }
        let wired = bytes(vm.wired)
        let active = bytes(vm.active)
        let inactive = bytes(vm.inactive)
        let used = wired.flatMap { w in active.flatMap { a in inactive.map { w + a + $0 } } }
        return [
            Figure(
                "Free",
                free,
                vm.era == .lion ? "Pages free + Pages speculative (the raw free count)" : "Pages free"
            ),
            Figure("Wired", wired, "Pages wired down"),
            Figure("Active", active, "Pages active"),
            Figure("Inactive", inactive, "Pages inactive"),
            Figure("Used", used, "Wired + Active + Inactive"),
        ]
    }

    /// The kernel's pressure level (`kern.memorystatus_vm_pressure_level`), by name.
    static func pressure(_ facts: DarwinFacts) -> Pressure {
        let levelNames = [1: "normal", 2: "warning", 4: "critical"]
        return
            facts.pressureLevel.map {
                Pressure(
                    level: $0,
                    name: levelNames[$0] ?? "level \($0)",
                    source: "kern.memorystatus_vm_pressure_level"
                )
            }
            ?? Pressure(
                level: nil,
                name: "unknown",
                source: "the capture has no kern.memorystatus_vm_pressure_level (sysctl)"
            )
    }

    /// The kernel's free percentage as printed, and as computed from the page counts.
    static func freePercentage(_ facts: DarwinFacts, vm: VMStatistics) -> FreePercentage {
        var percentage = FreePercentage(printed: nil, printedSource: nil, computed: nil, computedNote: "")
        if let level = facts.memorystatusLevel {
            percentage.printed = level
            percentage.printedSource = "kern.memorystatus_level"
        } else if let printed = facts.freePercentage {
            percentage.printed = printed
            percentage.printedSource = "memory_pressure"
        }
        let available = Checked.saturatingSum([vm.active, vm.inactive, vm.free, vm.speculative].compactMap { $0 })
        if let usable = facts.memsizeUsable {
            percentage.computed = Double(available) * 100 / (Double(usable) / Double(vm.pageSize))
            percentage.computedNote = "(active + inactive + free + speculative) × 100 ÷ (hw.memsize_usable ÷ page size)"
        } else if let memsize = facts.memsize {
            percentage.computed = Double(available) * 100 / (Double(memsize) / Double(vm.pageSize))
            percentage.computedNote =
                "(active + inactive + free + speculative) × 100 ÷ (hw.memsize ÷ page size): hw.memsize_usable unknown, so up to ~2 points low"
        } else {
            percentage.computedNote = "not computed: the RAM size is unknown"
        }
        return percentage
    }

    /// top's PhysMem figures, those the capture has.
    static func topFigures(_ facts: DarwinFacts) -> [Figure] {
        var top: [Figure] = []
        if let sample = facts.top {
            top = [
                Figure(
                    "used",
                    sample.used.map { ByteCount(bytes: $0) },
                    "PhysMem used (wired + active + inactive + compressor), rounded by top"
                ),
                Figure("wired", sample.wired.map { ByteCount(bytes: $0) }, "PhysMem wired"),
                Figure("compressor", sample.compressor.map { ByteCount(bytes: $0) }, "PhysMem compressor (13+)"),
                Figure("unused", sample.unused.map { ByteCount(bytes: $0) }, "PhysMem unused (free incl. speculative)"),
            ].filter { $0.bytes != nil }
        }
        return top
    }

    /// Pageins, Pageouts, Swapins and Swapouts since boot, those the reading has.
    static func paging(_ vm: VMStatistics) -> [Figure] {
        let page = ByteCount(bytes: vm.pageSize)
        let counters: [(String, Int64?, String)] = [
            ("Pageins", vm.pageins, "pages read from files and swap since boot"),
            ("Pageouts", vm.pageouts, "pages written out by the pageout path since boot"),
            ("Swapins", vm.swapins, "pages brought back from swap since boot"),
            ("Swapouts", vm.swapouts, "compressed pages written to swap since boot"),
        ]
        return counters.compactMap { name, pages, meaning in
            pages.map { Figure(name, page * $0, "\(ByteFormat.grouped($0)) \(meaning)") }
        }
    }

    /// The tag-storage region (Pages tag-storage) and its parts, each with the row of the ledger that holds it
    /// (xnu osfmk/kern/host.c `vm_stats`; see ``MemoryTagging``).
    static func tagStorage(_ vm: VMStatistics) -> [Figure] {
        guard let tagging = vm.tagging, let total = tagging.tagStorage else { return [] }
        let page = ByteCount(bytes: vm.pageSize)
        let parts: [(String, Int64?, String)] = [
            ("holding tags", tagging.holdingTags, "Pages tag-storage holding tags: wired, inside Wired Memory"),
            (
                "lent, pageable", tagging.nonTagPageable,
                "non-tag pageable: ordinary pages, inside App Memory or Cached Files"
            ),
            ("lent, wired", tagging.nonTagWired, "non-tag wired: inside Wired Memory"),
            ("free", tagging.free, "Pages tag-storage free: on the free queues"),
        ]
        var figures = [
            Figure(
                "Tag storage",
                page * total,
                "Pages tag-storage: RAM set aside for memory tags (MTE); its pages are counted in the rows below, not beside them"
            )
        ]
        figures += parts.compactMap { name, pages, formula in pages.map { Figure(name, page * $0, formula) } }
        if let tagged = tagging.tagged {
            figures.append(
                Figure("tagged pages", page * tagged, "Pages tagged: memory that carries tags (resident + compressed)")
            )
        }
        return figures
    }

    /// The figure named `name`.
    public func figure(_ name: String) -> Figure? { figures.first { $0.name == name } }
}
