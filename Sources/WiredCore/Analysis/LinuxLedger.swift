/// Builds the ledger of a Linux machine from its raw facts.
///
/// The partition follows §2.1 of `docs/linux.md`: MemTotal = free + per-CPU free lists + the LRU lists
/// (split into file cache, app, shared, swap cache, locked) + isolated + slab + other reclaimable kernel
/// memory + page tables + kernel stacks and vmalloc + percpu + hugepage pools + zsmalloc (zswap, zram) +
/// balloon, unaccepted, memmap, GPU + the unexplained remainder. Classes follow §3.
public enum LinuxLedger {
    /// Builds the ledger; throws only when MemTotal itself is unknown.
    ///
    /// `lockedShared`, the owners' facts about locked shared memory (``LockedShared/of(_:)``), settles how
    /// much of Shmem is locked; without them a locked part of Shmem that meminfo cannot pin down is placed in
    /// the middle of its possible range, and a note gives the range. `kernel` is the release
    /// (`/proc/sys/kernel/osrelease`): what VmallocUsed means, and whether stacks are vmalloc'd, depend on it.
    public static func build(
        _ facts: LinuxFacts,
        pageSize: Int64,
        arch: String,
        kernel: String = "",
        lockedShared: LockedShared? = nil
    ) throws -> Ledger {
        // A meminfo written by LXCFS describes the container; the kernel's other files describe the host.
        let container = LinuxConsistency.meminfoIsSynthesized(facts, pageSize: pageSize)
        let originalFacts = facts
        let facts = container ? containerView(facts) : facts
        let meminfo = facts.meminfo ?? [:]
        let memTotal = try memTotal(facts)
        var ledger = LedgerBuilder()
        let m = MeminfoLookup(meminfo, hostOnly: container)
        let vm = facts.vmstat
        func vmPages(_ key: String) -> ByteCount? {
            vm?[key].map { ByteCount.pages($0, pageSize: pageSize) }
        }

        addFree(&ledger, m, facts: facts, pageSize: pageSize, container: container)
        addFileCache(&ledger, m)
        // Anonymous LRU lists: app memory, shared memory (tmpfs/shm) and swap cache.
        addAnonymous(&ledger, m, lockedShared: lockedShared)

        addUnevictable(&ledger, m)

        // Pages taken off the LRU for migration or reclaim at this moment.
        if let isolatedAnon = vmPages("nr_isolated_anon"), let isolatedFile = vmPages("nr_isolated_file") {
            ledger.add(
                .isolated,
                "Pages being moved (isolated)",
                isolatedAnon + isolatedFile,
                .reclaimable,
                source: "(nr_isolated_anon + nr_isolated_file) in /proc/vmstat × page size",
                fields: ["nr_isolated_anon", "nr_isolated_file"]
            )
        }

        // Slab and other kernel memory.
        addKernel(&ledger, m, facts: facts, arch: arch, kernel: kernel)

        // HugeTLB pools: used and free pages are both set aside for hugepages only.
        addHugepages(&ledger, m, pools: facts.hugepagePools)

        // Compressed swap in RAM: zsmalloc pages hold the zswap pool and zram data.
        addCompressed(&ledger, m, facts: facts, zspages: vmPages("nr_zspages"))

        addLentAndPinned(&ledger, m, vmPages: vmPages)

        return finish(
            ledger,
            m,
            facts: facts,
            original: originalFacts,
            container: container,
            memTotal: memTotal,
            pageSize: pageSize
        )
    }

    /// Closes the partition with the unexplained rest, and adds installed RAM, the reserved lines, the totals and
    /// the translation of "used".
    private static func finish(
        _ builder: LedgerBuilder,
        _ m: MeminfoLookup,
        facts: LinuxFacts,
        original originalFacts: LinuxFacts,
        container: Bool,
        memTotal: ByteCount,
        pageSize: Int64
    ) -> Ledger {
        var ledger = builder
        ledger.closeWithRemainder(memTotal: memTotal, totalName: "MemTotal")
        let remainder = ledger.buckets.last?.bytes ?? .zero
        if remainder.bytes < -(memTotal.bytes / 100) {
            ledger.notes.append(
                "The unexplained line is negative by more than 1% of MemTotal: a double count (for example KernelStack outside vmalloc) or a reading taken while memory moved fast."
            )
        }

        let (installed, reserved, installedNote) = installedRAM(
            facts,
            original: originalFacts,
            container: container,
            memTotal: memTotal,
            pageSize: pageSize
        )
        ledger.notes += installedNote.map { [$0] } ?? []
        let (totals, wired) = ledger.totals()
        var result = Ledger(
            installed: installed,
            memTotal: memTotal,
            reserved: reserved?.buckets ?? [],
            buckets: ledger.buckets,
            unknown: ledger.unknown,
            wired: wired,
            totals: totals,
            translation: translation(m, facts: facts, memTotal: memTotal, pageSize: pageSize, notes: &ledger.notes),
            notes: ledger.notes + (reserved?.notes ?? []),
            unswappableReason: ledger.unswappableReason
        )
        if container { result.installedMissing = "the host's, left out: this /proc/meminfo is a container's (LXCFS)" }
        return result
    }

    /// MemTotal, without which there is no ledger.
    private static func memTotal(_ facts: LinuxFacts) throws -> ByteCount {
        guard let memTotal = facts.meminfo?["MemTotal"], memTotal > 0 else {
            throw LedgerError(
                facts.meminfo == nil
                    ? "/proc/meminfo could not be read, so MemTotal is unknown and no ledger can be drawn"
                    : "MemTotal is missing from /proc/meminfo, so no ledger can be drawn"
            )
        }
        return ByteCount(bytes: memTotal)
    }

    /// Free memory: the buddy free lists (MemFree), then pages parked on per-CPU lists (zoneinfo).
    private static func addFree(
        _ ledger: inout LedgerBuilder,
        _ m: MeminfoLookup,
        facts: LinuxFacts,
        pageSize: Int64,
        container: Bool
    ) {
        if let free = m["MemFree"] {
            ledger.add(.free, "Free", free, .free, source: "MemFree in /proc/meminfo", fields: ["MemFree"])
        } else {
            ledger.unknown(.free, "Free", "MemFree is missing from /proc/meminfo")
        }
        if let zones = facts.zones {
            let pcp = ByteCount.pages(Checked.saturatingSum(zones.map(\.perCPUFree)), pageSize: pageSize)
            ledger.add(
                .freePercpu,
                "Free on per-CPU lists",
                pcp,
                .free,
                source: "Σ pagesets count: in /proc/zoneinfo × page size",
                fields: ["count"]
            )
        } else {
            ledger.unknown(
                .freePercpu,
                "Free on per-CPU lists",
                container
                    ? "/proc/zoneinfo describes the host, not this container" : "/proc/zoneinfo could not be read"
            )
        }

    }

    /// File cache: the file LRU lists, split into clean and dirty or under writeback.
    private static func addFileCache(_ ledger: inout LedgerBuilder, _ m: MeminfoLookup) {
        if let activeFile = m["Active(file)"], let inactiveFile = m["Inactive(file)"] {
            let fileLRU = activeFile + inactiveFile
            if let dirty = m["Dirty"], let writeback = m["Writeback"] {
                let dirtyPart = min(dirty + writeback, fileLRU)
                ledger.add(
                    .fileClean,
                    "File cache (clean)",
                    fileLRU - dirtyPart,
                    .reclaimable,
                    source: "Active(file) + Inactive(file) − Dirty − Writeback in /proc/meminfo",
                    fields: ["Active(file)", "Inactive(file)", "Dirty", "Writeback"]
                )
                ledger.add(
                    .fileDirty,
                    "File cache (dirty + writeback)",
                    dirtyPart,
                    .reclaimable,
                    source: "Dirty + Writeback in /proc/meminfo",
                    fields: ["Dirty", "Writeback"]
                )
            } else {
                ledger.add(
                    .fileClean,
                    "File cache",
                    fileLRU,
                    .reclaimable,
                    source: "Active(file) + Inactive(file) in /proc/meminfo",
                    fields: ["Active(file)", "Inactive(file)"],
                    note: "Dirty or Writeback is missing, so dirty pages are not split out."
                )
            }
        } else {
            ledger.unknown(.fileClean, "File cache", "Active(file) or Inactive(file) is missing from /proc/meminfo")
        }

    }

    /// The unevictable lists: mlocked pages, then the rest (ramfs, SHM_LOCK, driver-pinned).
    private static func addUnevictable(_ ledger: inout LedgerBuilder, _ m: MeminfoLookup) {
        if let unevictable = m["Unevictable"] {
            let mlocked = min(m["Mlocked"] ?? .zero, unevictable)
            if let mlockedRaw = m["Mlocked"], mlockedRaw > unevictable {
                ledger.notes.append(
                    "Mlocked (\(mlockedRaw)) briefly exceeds Unevictable (\(unevictable)); locked memory is shown as Unevictable."
                )
            }
            ledger.add(
                .mlocked,
                "Locked by processes (mlock)",
                mlocked,
                .wired,
                .user,
                source: m["Mlocked"] == nil ? "Mlocked missing from /proc/meminfo" : "Mlocked in /proc/meminfo",
                fields: ["Mlocked"]
            )
            ledger.add(
                .unevictable,
                "Unevictable (ramfs, SHM_LOCK, pinned by drivers)",
                unevictable - mlocked,
                .wired,
                .user,
                source: "Unevictable − Mlocked in /proc/meminfo",
                fields: ["Unevictable", "Mlocked"]
            )
        } else {
            ledger.unknown(.mlocked, "Locked and unevictable", "Unevictable is missing from /proc/meminfo")
        }

    }

    /// Memory lent to the hypervisor, not yet accepted, describing hot-added memory, GPU buffers and pools,
    /// and hardware-corrupted pages: each a line of its own when the kernel reports it.
    private static func addLentAndPinned(
        _ ledger: inout LedgerBuilder,
        _ m: MeminfoLookup,
        vmPages: (String) -> ByteCount?
    ) {
        if let balloon = m["Balloon"] ?? vmPages("nr_balloon_pages") {
            ledger.add(
                .balloon,
                "Balloon (lent to the hypervisor)",
                balloon,
                .wired,
                .kernel,
                source: m["Balloon"] != nil
                    ? "Balloon in /proc/meminfo" : "nr_balloon_pages in /proc/vmstat × page size",
                fields: ["Balloon", "nr_balloon_pages"]
            )
        }
        if let unaccepted = m["Unaccepted"] {
            ledger.add(
                .unaccepted,
                "Not yet accepted (confidential VM)",
                unaccepted,
                .wired,
                .kernel,
                source: "Unaccepted in /proc/meminfo",
                fields: ["Unaccepted"]
            )
        }
        if let memmap = vmPages("nr_memmap_pages"), memmap.bytes > 0 {
            ledger.add(
                .memmap,
                "Page metadata of hot-added memory",
                memmap,
                .wired,
                .kernel,
                source: "nr_memmap_pages in /proc/vmstat × page size",
                fields: ["nr_memmap_pages"]
            )
        }
        if let gpuActive = m["GPUActive"] {
            ledger.add(
                .gpuActive,
                "GPU buffers in system RAM",
                gpuActive,
                .wired,
                .kernel,
                source: "GPUActive in /proc/meminfo",
                fields: ["GPUActive"]
            )
        }
        if let gpuReclaim = m["GPUReclaim"] {
            ledger.add(
                .gpuReclaim,
                "GPU page pools (reclaimable)",
                gpuReclaim,
                .reclaimable,
                source: "GPUReclaim in /proc/meminfo",
                fields: ["GPUReclaim"]
            )
        }
        if let poisoned = m["HardwareCorrupted"], poisoned.bytes > 0 {
            ledger.add(
                .hwCorrupted,
                "Hardware-corrupted pages",
                poisoned,
                .wired,
                .kernel,
                source: "HardwareCorrupted in /proc/meminfo",
                fields: ["HardwareCorrupted"]
            )
        }
    }

    /// Splits the anonymous LRU lists into app memory, shared memory and swap cache, and classes them by swap.
    private static func addAnonymous(_ ledger: inout LedgerBuilder, _ m: MeminfoLookup, lockedShared: LockedShared?) {
        guard let activeAnon = m["Active(anon)"], let inactiveAnon = m["Inactive(anon)"] else {
            ledger.unknown(.app, "App memory", "Active(anon) or Inactive(anon) is missing from /proc/meminfo")
            return
        }
        let anonLRU = activeAnon + inactiveAnon
        let swapCache = min(m["SwapCached"] ?? .zero, anonLRU)
        let rest = anonLRU - swapCache
        let shmemTotal = m["Shmem"] ?? .zero
        // Locked shared memory sits on the unevictable list (in the locked buckets), not on the anonymous lists.
        let split = lockedSharedSplit(m, evidence: lockedShared)
        var shared = min((shmemTotal - split.locked).nonNegative, rest)
        var app = rest - shared
        let splitNote = split.note
        // With no free swap, app and shared memory cannot be paged out: it is unswappable (not wired: nothing
        // pins it) until its owner frees it or swap is added.
        let swapTotal = m["SwapTotal"] ?? .zero
        let swapFree = m["SwapFree"] ?? .zero
        let pageable = app + shared
        var appClass = MemoryClass.reclaimable
        var swapNote: String?
        var beyondSwap = ByteCount.zero
        if swapFree.bytes <= 0, pageable.bytes > 0 {
            appClass = .unswappable
            ledger.unswappableReason = swapTotal.bytes == 0 ? "there is no swap" : "swap is full"
            swapNote =
                swapTotal.bytes == 0
                ? "No swap is configured, so this memory cannot be paged out: it stays until its owner frees it (unswappable, not wired)."
                : "Swap is full, so this memory cannot be paged out: it stays until its owner frees it (unswappable, not wired)."
        } else if swapFree < pageable {
            // Partly free swap: as much as free swap can take stays reclaimable, the rest is unswappable.
            beyondSwap = pageable - swapFree
            let fromApp = min(beyondSwap, app)
            app -= fromApp
            shared -= beyondSwap - fromApp
            ledger.unswappableReason = "free swap (\(swapFree)) can take only part of it"
        }
        let appSource = "Active(anon) + Inactive(anon) − Shmem − SwapCached in /proc/meminfo"
        ledger.add(
            .app,
            "App memory (anonymous)",
            app,
            appClass,
            source: split.isRange ? appSource + " (estimated split)" : appSource,
            fields: ["Active(anon)", "Inactive(anon)", "Shmem", "SwapCached", "AnonPages"],
            note: [splitNote, swapNote].compactMap { $0 }.joined(separator: " ").nilIfEmpty
        )
        ledger.add(
            .shmem,
            "Shared memory (tmpfs, /dev/shm, SysV, memfd)",
            shared,
            appClass,
            source: split.isRange
                ? "Shmem in /proc/meminfo, less its locked part (estimated)"
                : split.locked.bytes > 0
                    ? "Shmem in /proc/meminfo, less its locked part (\(split.source))" : "Shmem in /proc/meminfo",
            fields: ["Shmem"],
            note: swapNote
        )
        if beyondSwap.bytes > 0 {
            ledger.add(
                .anonBeyondSwap,
                "App and shared memory beyond free swap",
                beyondSwap,
                .unswappable,
                source: "app + shared memory − SwapFree in /proc/meminfo",
                fields: ["SwapFree"],
                note:
                    "More app and shared memory exists than free swap could take; this much cannot be paged out (unswappable, not wired)."
            )
        }
        ledger.add(
            .swapCache,
            "Swap cache",
            swapCache,
            .reclaimable,
            source: "SwapCached in /proc/meminfo",
            fields: ["SwapCached"]
        )
    }

    /// How much of Shmem is locked, and how sure that is.
    struct SharedSplit {
        /// Locked shared memory: Shmem off the anonymous lists.
        var locked: ByteCount
        /// True when only a range is known (``locked`` is then an estimate inside it).
        var isRange: Bool
        /// What decided it, in words.
        var source: String
        /// The note the ledger prints, when there is something to say.
        var note: String?
    }

    /// Decides the locked part of Shmem from meminfo's bounds (``LockedShared/bounds(_:)``) and the owners' facts.
    ///
    /// The facts decide when every locking process was inspected; partial facts narrow the range. When
    /// a range wider than ``LockedShared/tolerance`` is left, a note gives it, and the value shown is its middle
    /// where meminfo proves some locked shared memory, else its low end (locked memory the owners do not show to
    /// be shared counts as anonymous, as most is).
    static func lockedSharedSplit(_ m: MeminfoLookup, evidence: LockedShared?) -> SharedSplit {
        guard let (low, high) = LockedShared.bounds(m.table) else {
            return SharedSplit(locked: .zero, isRange: false, source: "", note: nil)
        }
        let shmem = m["Shmem"] ?? .zero
        let owners = "the owners' locked mappings (/proc/PID/smaps Locked) and SHM_LOCK segments"
        if let evidence, evidence.complete {
            let found = evidence.bytes
            let value = min(max(found, low), high)
            let note =
                (found - value).bytes.magnitude > LockedShared.tolerance.bytes
                ? "The owners hold \(found) of locked shared memory, but /proc/meminfo allows only \(low) to \(high) (SHM_LOCKed pages reach the unevictable list only when reclaim meets them): \(value) is taken as locked."
                : nil
            return SharedSplit(locked: value, isRange: false, source: owners, note: note)
        }
        var lowest = low
        var highest = high
        if let evidence {
            lowest = max(low, min(evidence.bytes, high))
            if let bound = evidence.upperBound { highest = max(lowest, min(high, bound)) }
        }
        let isRange = highest - lowest > LockedShared.tolerance
        // Where meminfo itself proves locked shared memory (its low bound is above zero) the middle of what is left
        // is shown; otherwise the low end: locked memory the owners do not show to be shared counts as anonymous.
        let middle = ByteCount(bytes: (lowest + highest).bytes / 2)
        let value = isRange && low.bytes > 0 ? middle : lowest
        let why =
            evidence.map {
                "the owners' facts do not cover every locking process (\($0.missing.joined(separator: "; ")))"
            }
            ?? "the processes' locked mappings were not read"
        let shown =
            value == middle
            ? "the middle is shown" : "\(lowest) is shown, the rest of the locked memory counted as app memory"
        return SharedSplit(
            locked: value,
            isRange: isRange,
            source: evidence == nil ? "/proc/meminfo" : owners,
            note: isRange
                ? "Part of Shmem (\(shmem)) may be locked, and so counted as locked memory, but \(why): locked shared memory lies between \(lowest) and \(highest); \(shown)."
                : nil
        )
    }

    /// Adds slab, other reclaimable kernel memory, page tables, stacks, vmalloc and percpu.
    private static func addKernel(
        _ ledger: inout LedgerBuilder,
        _ m: MeminfoLookup,
        facts: LinuxFacts,
        arch: String,
        kernel: String
    ) {
        addSlab(&ledger, m)
        addPageTables(&ledger, m)
        addStacksAndVmalloc(&ledger, m, facts: facts, arch: arch, kernel: kernel)
        addPercpu(&ledger, m, facts: facts)
    }

    /// Slab, split into reclaimable and unreclaimable (Slab = SReclaimable + SUnreclaim exactly, so either half
    /// can be derived when the other is missing), and other reclaimable kernel memory.
    private static func addSlab(_ ledger: inout LedgerBuilder, _ m: MeminfoLookup) {
        var reclaimable = m["SReclaimable"].map { ($0, "SReclaimable in /proc/meminfo") }
        var unreclaimable = m["SUnreclaim"].map { ($0, "SUnreclaim in /proc/meminfo") }
        if let slab = m["Slab"] {
            if reclaimable == nil, let known = unreclaimable?.0, known <= slab {
                reclaimable = (slab - known, "Slab − SUnreclaim in /proc/meminfo (SReclaimable is missing)")
            }
            if unreclaimable == nil, let known = reclaimable?.0, known <= slab {
                unreclaimable = (slab - known, "Slab − SReclaimable in /proc/meminfo (SUnreclaim is missing)")
            }
        }
        if let (bytes, source) = reclaimable {
            ledger.add(
                .slabReclaimable,
                "Kernel caches (reclaimable slab)",
                bytes,
                .reclaimable,
                source: source,
                fields: ["SReclaimable", "Slab"]
            )
            if let kReclaimable = m["KReclaimable"] {
                ledger.add(
                    .kernelReclaimable,
                    "Other reclaimable kernel memory",
                    (kReclaimable - bytes).nonNegative,
                    .reclaimable,
                    source: "KReclaimable − SReclaimable in /proc/meminfo",
                    fields: ["KReclaimable", "SReclaimable"]
                )
            } else if !m.hostOnly {
                ledger.notes.append(
                    "This kernel has no KReclaimable line (added in 4.20); non-slab reclaimable kernel memory is inside unexplained."
                )
            }
        }
        if let (bytes, source) = unreclaimable {
            ledger.add(
                .slabUnreclaimable,
                "Kernel slab (unreclaimable)",
                bytes,
                .wired,
                .kernel,
                source: source,
                fields: ["SUnreclaim", "Slab"]
            )
        }
        if reclaimable == nil || unreclaimable == nil {
            if reclaimable == nil, unreclaimable == nil, let slab = m["Slab"] {
                ledger.add(
                    .slabUnreclaimable,
                    "Kernel slab",
                    slab,
                    .wired,
                    .kernel,
                    source: "Slab in /proc/meminfo",
                    fields: ["Slab"],
                    note: "SReclaimable and SUnreclaim are missing, so reclaimable slab is not split out."
                )
            } else {
                if reclaimable == nil {
                    ledger.unknown(
                        .slabReclaimable,
                        "Kernel caches (reclaimable slab)",
                        "SReclaimable and Slab are missing from /proc/meminfo"
                    )
                }
                if unreclaimable == nil {
                    ledger.unknown(
                        .slabUnreclaimable,
                        "Kernel slab (unreclaimable)",
                        "SUnreclaim and Slab are missing from /proc/meminfo"
                    )
                }
            }
        }
    }

    /// Page tables, and the secondary page tables of KVM and the IOMMU.
    private static func addPageTables(_ ledger: inout LedgerBuilder, _ m: MeminfoLookup) {
        if let pageTables = m["PageTables"] {
            ledger.add(
                .pageTables,
                "Page tables",
                pageTables,
                .wired,
                .kernel,
                source: "PageTables in /proc/meminfo",
                fields: ["PageTables"]
            )
        } else {
            ledger.unknown(.pageTables, "Page tables", m.missing("PageTables"))
        }
        if let secondary = m["SecPageTables"] {
            ledger.add(
                .secPageTables,
                "Secondary page tables (KVM, IOMMU)",
                secondary,
                .wired,
                .kernel,
                source: "SecPageTables in /proc/meminfo",
                fields: ["SecPageTables"]
            )
        }
    }

    /// The RAM behind vmalloc areas: VmallocUsed where it is RAM, else Σ `pages=` of `/proc/vmallocinfo`.
    static func vmallocRAM(_ m: MeminfoLookup, facts: LinuxFacts, kernel: String) -> (
        bytes: ByteCount?, source: String, fields: [String], reason: String?
    ) {
        let meaning = KernelDefaults.vmallocUsed(facts.meminfo, release: kernel)
        if meaning == .ram, let used = m["VmallocUsed"] {
            return (used, "VmallocUsed in /proc/meminfo", ["VmallocUsed"], nil)
        }
        let why = m.hostOnly ? m.missing("VmallocUsed") : KernelDefaults.vmallocUsedReason(meaning, facts.meminfo) ?? ""
        if let sum = facts.vmallocinfo {
            return (
                ByteCount(bytes: sum.bytes), "Σ pages= in /proc/vmallocinfo × page size (\(why))", ["pages="], nil
            )
        }
        let unread = m.hostOnly ? nil : facts.vmallocinfoMissing ?? "/proc/vmallocinfo was not read"
        let reason = [why, unread].compactMap { $0 }.joined(separator: ", and ")
        return (nil, "", [], reason + "; vmalloc memory is inside unexplained")
    }

    /// Kernel stacks, and vmalloc without them when CONFIG_VMAP_STACK puts the stacks inside vmalloc.
    private static func addStacksAndVmalloc(
        _ ledger: inout LedgerBuilder,
        _ m: MeminfoLookup,
        facts: LinuxFacts,
        arch: String,
        kernel: String
    ) {
        let stacksField = m["KernelStack"]
        let stacks = (stacksField ?? .zero) + (m["ShadowCallStack"] ?? .zero)
        let stackFields = m["ShadowCallStack"] == nil ? ["KernelStack"] : ["KernelStack", "ShadowCallStack"]
        let stackSource = "\(stackFields.joined(separator: " + ")) in /proc/meminfo"
        let vmap =
            facts.vmapStack
            ?? KernelConfigFact(
                enabled: KernelDefaults.vmapStack(arch: arch, release: kernel),
                source: "default for \(arch)"
            )
        if stacksField == nil {
            ledger.unknown(.kernelStacks, "Kernel stacks", m.missing("KernelStack"))
        }
        func addStacks(_ source: String) {
            guard stacksField != nil else { return }
            ledger.add(.kernelStacks, "Kernel stacks", stacks, .wired, .kernel, source: source, fields: stackFields)
        }
        let vmalloc = vmallocRAM(m, facts: facts, kernel: kernel)
        guard let bytes = vmalloc.bytes else {
            addStacks(stackSource)
            ledger.unknown(.vmalloc, "vmalloc", vmalloc.reason ?? "")
            return
        }
        let name = "vmalloc (modules, BPF, large kernel tables)"
        if vmap.enabled, bytes >= stacks {
            addStacks("\(stackSource) (inside vmalloc: CONFIG_VMAP_STACK, \(vmap.source))")
            ledger.add(
                .vmalloc,
                name,
                bytes - stacks,
                .wired,
                .kernel,
                source: "\(vmalloc.source) − KernelStack",
                fields: vmalloc.fields + ["KernelStack"]
            )
            return
        }
        if vmap.enabled {
            ledger.notes.append(
                "vmalloc (\(bytes)) is smaller than KernelStack (\(stacks)), so it cannot contain the stacks although CONFIG_VMAP_STACK says so (\(vmap.source)); the stacks are counted apart."
            )
        }
        addStacks(stackSource)
        ledger.add(.vmalloc, name, bytes, .wired, .kernel, source: vmalloc.source, fields: vmalloc.fields)
    }

    /// Per-CPU allocations less the boot-time first chunk, which lies outside MemTotal.
    private static func addPercpu(_ ledger: inout LedgerBuilder, _ m: MeminfoLookup, facts: LinuxFacts) {
        guard let percpu = m["Percpu"] else {
            ledger.unknown(
                .percpu,
                "Per-CPU allocations",
                m.hostOnly ? m.missing("Percpu") : "Percpu is not reported by kernels before 4.16"
            )
            return
        }
        if let firstChunk = facts.percpuFirstChunkBytes, firstChunk <= percpu.bytes {
            ledger.add(
                .percpu,
                "Per-CPU allocations",
                percpu - ByteCount(bytes: firstChunk),
                .wired,
                .kernel,
                source: "Percpu in /proc/meminfo − boot-time first chunk (kernel log)",
                fields: ["Percpu"]
            )
        } else {
            ledger.add(
                .percpu,
                "Per-CPU allocations",
                percpu,
                .wired,
                .kernel,
                source: "Percpu in /proc/meminfo",
                fields: ["Percpu"],
                note:
                    "Includes the boot-time first chunk (about 100–300 KiB per CPU), which lies outside MemTotal: the kernel log line that sizes it was not readable, so this line is that much too big and unexplained that much too small."
            )
        }
    }

    /// Adds the used and free parts of all HugeTLB pools.
    private static func addHugepages(_ ledger: inout LedgerBuilder, _ m: MeminfoLookup, pools: [HugepagePool]?) {
        var used = ByteCount.zero
        var free = ByteCount.zero
        var source: String
        var impossible: String?
        if let pools, !pools.isEmpty {
            for pool in pools {
                let size = ByteCount(bytes: pool.pageBytes)
                used += size * pool.total - size * pool.free
                free += size * pool.free
                if pool.free > pool.total {
                    impossible =
                        "free_hugepages (\(pool.free)) is above nr_hugepages (\(pool.total)) for \(size) pages"
                }
            }
            source = "/sys/kernel/mm/hugepages/*/nr_hugepages, free_hugepages"
            if let hugetlb = m["Hugetlb"], hugetlb != used + free {
                ledger.notes.append(
                    "Hugetlb in /proc/meminfo (\(hugetlb)) differs from the pools in /sys/kernel/mm/hugepages (\(used + free)); the pools were read a moment later."
                )
            }
        } else if let total = m.count("HugePages_Total"), let freePages = m.count("HugePages_Free"),
            let size = m["Hugepagesize"]
        {
            let all = m["Hugetlb"] ?? size * total
            free = size * freePages
            used = (all - free).nonNegative
            if freePages > total {
                impossible = "HugePages_Free (\(freePages)) is above HugePages_Total (\(total))"
            }
            source = "HugePages_Total, HugePages_Free, Hugepagesize in /proc/meminfo (default page size only)"
        } else {
            ledger.unknown(
                .hugepagesUsed,
                "Hugepage pools",
                m.hostOnly ? m.missing("HugePages_Total") : "no hugepage pool information was readable"
            )
            return
        }
        ledger.add(
            .hugepagesUsed,
            "Hugepage pools, in use",
            used,
            .wired,
            .user,
            source: source,
            fields: ["nr_hugepages", "free_hugepages"],
            untrusted: impossible
        )
        ledger.add(
            .hugepagesFree,
            "Hugepage pools, free (set aside)",
            free,
            .wired,
            .user,
            source: source,
            fields: ["free_hugepages"],
            note: nil,
            untrusted: impossible
        )
    }

    /// Adds the RAM used by compressed swap: the zswap pool and zram devices.
    private static func addCompressed(
        _ ledger: inout LedgerBuilder,
        _ m: MeminfoLookup,
        facts: LinuxFacts,
        zspages: ByteCount?
    ) {
        let zswap = m["Zswap"]
        let zswapInZsmalloc = facts.zswap?.zpool == nil || facts.zswap?.zpool == "zsmalloc"
        let zramReported = facts.zram.flatMap { $0.isEmpty ? nil : $0.map { ByteCount(bytes: $0.memUsedBytes) }.sum() }
        if let zspages {
            let zswapPart = zswapInZsmalloc ? min(zswap ?? .zero, zspages) : .zero
            if let zswap {
                ledger.add(
                    .zswap,
                    "Compressed swap in RAM (zswap pool)",
                    zswapInZsmalloc ? zswapPart : zswap,
                    .compressed,
                    source: "Zswap in /proc/meminfo",
                    fields: ["Zswap"]
                )
            }
            ledger.add(
                .zram,
                "Compressed RAM disks (zram)",
                zspages - zswapPart,
                .compressed,
                source: zswap == nil
                    ? "nr_zspages in /proc/vmstat × page size" : "nr_zspages in /proc/vmstat × page size − Zswap",
                fields: ["nr_zspages", "Zswap"],
                note: zramReported.map { "zram devices report \($0) in mm_stat mem_used_total." }
            )
        } else {
            if let zswap {
                ledger.add(
                    .zswap,
                    "Compressed swap in RAM (zswap pool)",
                    zswap,
                    .compressed,
                    source: "Zswap in /proc/meminfo",
                    fields: ["Zswap"]
                )
            }
            if let zramReported {
                ledger.add(
                    .zram,
                    "Compressed RAM disks (zram)",
                    zramReported,
                    .compressed,
                    source: "Σ mem_used_total in /sys/block/zram*/mm_stat",
                    fields: ["mem_used_total"]
                )
            }
        }
    }

    /// Splits installed − MemTotal into its known causes.
    static func reservedBuckets(
        _ facts: LinuxFacts,
        installed: InstalledRAM,
        memTotal: ByteCount,
        pageSize: Int64
    ) -> (buckets: [LedgerBucket], notes: [String]) {
        var buckets: [LedgerBucket] = []
        var notes: [String] = []
        let gap = installed.bytes - memTotal
        func add(_ id: BucketID, _ name: String, _ bytes: ByteCount, _ source: String, _ fields: [String]) {
            buckets.append(
                LedgerBucket(id: id, name: name, bytes: bytes, memoryClass: .reserved, source: source, fields: fields)
            )
        }
        let info = facts.installed
        if let offline = info.memoryBlocksOffline, offline > 0, let blockBytes = info.memoryBlockBytes {
            add(
                .offlineMemory,
                "Offline memory blocks",
                ByteCount(bytes: blockBytes) * Int64(offline),
                "memory blocks in state offline × block_size_bytes (/sys/devices/system/memory)",
                ["state", "block_size_bytes"]
            )
        }
        if installed.method != .firmwareMap, let firmwareRAM = info.firmwareRAMBytes,
            installed.bytes.bytes >= firmwareRAM
        {
            add(
                .firmware,
                "Firmware, devices and address holes",
                installed.bytes - ByteCount(bytes: firmwareRAM),
                "installed − Σ System RAM in /sys/firmware/memmap",
                ["System RAM"]
            )
        }
        if let memmapBoot = facts.vmstat?["nr_memmap_boot_pages"] {
            add(
                .memmapBoot,
                "Page metadata (struct page array)",
                ByteCount.pages(memmapBoot, pageSize: pageSize),
                "nr_memmap_boot_pages in /proc/vmstat × page size",
                ["nr_memmap_boot_pages"]
            )
        }
        if let firstChunk = facts.percpuFirstChunkBytes {
            add(
                .percpuFirstChunk,
                "Per-CPU first chunk",
                ByteCount(bytes: firstChunk),
                "kernel log \"percpu: Embedded N pages/cpu\" × possible CPUs",
                ["percpu"]
            )
        }
        if let (crash, source) = crashKernel(facts, installed: installed.bytes) {
            add(.crashKernel, "Crash kernel reservation", crash, source, ["kexec_crash_size", "crashkernel"])
        }
        if let (balloon, source) = balloonOutsideMemTotal(
            facts,
            gapLeft: gap - buckets.map(\.bytes).sum(),
            pageSize: pageSize
        ) {
            add(.balloonReturned, "Returned to the hypervisor (balloon)", balloon, source, ["balloon_inflate"])
        }
        let known = buckets.map(\.bytes).sum()
        let other = gap - known
        add(
            .kernelBoot,
            "Kernel image and other boot reservations",
            other,
            "installed − MemTotal − Σ of the reserved lines above",
            ["MemTotal"]
        )
        if other.bytes < 0 {
            notes.append(
                "The reserved lines add up to more than installed − MemTotal (\(gap)); installed RAM (\(installed.source)) is probably understated."
            )
        }
        return (buckets, notes)
    }

    /// Computes "used" the way free(1), htop and psutil do, and where "available" comes from.
    private static func translation(
        _ m: MeminfoLookup,
        facts: LinuxFacts,
        memTotal: ByteCount,
        pageSize: Int64,
        notes: inout [String]
    ) -> UsedTranslation {
        let memFree = m["MemFree"] ?? .zero
        var available: ByteCount
        var source: String
        if let memAvailable = m["MemAvailable"], memAvailable <= memTotal {
            available = memAvailable
            source = "MemAvailable in /proc/meminfo"
        } else if let memAvailable = m["MemAvailable"] {
            available = memFree
            source = "MemFree (MemAvailable > MemTotal: /proc/meminfo is synthesised, as LXCFS does in containers)"
            notes.append(
                "MemAvailable (\(memAvailable)) exceeds MemTotal (\(memTotal)): this /proc/meminfo is synthesised for a container (LXCFS). The ledger describes the container's view; free and htop fall back to MemFree the same way."
            )
        } else if let estimate = MemAvailableEstimate.compute(
            m,
            zones: facts.zones,
            vmstat: facts.vmstat,
            pageSize: pageSize
        ) {
            available = estimate.bytes
            source = estimate.source
            notes.append(
                "This kernel has no MemAvailable (added in 3.14); available memory is estimated as \(estimate.source)."
            )
        } else {
            available = memFree
            source = "MemFree (MemAvailable is missing and /proc/zoneinfo could not be read)"
        }
        var usedAsHtop: ByteCount?
        if let buffers = m["Buffers"], let cached = m["Cached"] {
            let value = memTotal - memFree - buffers - cached - (m["SReclaimable"] ?? .zero)
            usedAsHtop = value.bytes < 0 ? memTotal - memFree : value
        }
        return UsedTranslation(
            usedAsFree: memTotal - available,
            usedAsHtop: usedAsHtop,
            available: available,
            availableSource: source
        )
    }
}

/// Looks up `/proc/meminfo` values as byte counts.
struct MeminfoLookup {
    let table: [String: Int64]
    /// True for a container's meminfo (LXCFS), whose fields outside ``LinuxConsistency/containerFields`` were
    /// left out as the host's.
    let hostOnly: Bool

    init(_ table: [String: Int64], hostOnly: Bool = false) {
        self.table = table
        self.hostOnly = hostOnly
    }

    /// Why `key` has no value: missing from the file, or left out as the host's.
    func missing(_ key: String) -> String {
        hostOnly && !LinuxConsistency.containerFields.contains(key)
            ? "\(key) is the host's (LXCFS copies the line from the host's /proc/meminfo), so it is left out"
            : "\(key) is missing from /proc/meminfo"
    }

    /// The field as bytes (fields printed in kB were converted by the parser).
    subscript(_ key: String) -> ByteCount? {
        table[key].map { ByteCount(bytes: $0) }
    }

    /// A field that is a plain count (the `HugePages_*` lines).
    func count(_ key: String) -> Int64? {
        table[key]
    }
}

/// MemAvailable recomputed from `/proc/zoneinfo` the way `si_mem_available()` in mm/show_mem.c does.
public enum MemAvailableEstimate {
    /// The estimate and its source, or `nil` when zoneinfo is missing.
    public static func compute(
        _ m: [String: Int64],
        zones: [ZoneFacts]?,
        vmstat: [String: Int64]?,
        pageSize: Int64
    ) -> (bytes: ByteCount, source: String)? {
        compute(MeminfoLookup(m), zones: zones, vmstat: vmstat, pageSize: pageSize)
    }

    static func compute(
        _ m: MeminfoLookup,
        zones: [ZoneFacts]?,
        vmstat: [String: Int64]?,
        pageSize: Int64
    ) -> (bytes: ByteCount, source: String)? {
        guard let zones, let memFree = m["MemFree"], let activeFile = m["Active(file)"],
            let inactiveFile = m["Inactive(file)"]
        else { return nil }
        let lowWatermark = ByteCount.pages(Checked.saturatingSum(zones.map(\.low)), pageSize: pageSize)
        let totalReserve = ByteCount.pages(
            Checked.saturatingSum(
                // totalreserve caps each zone at its managed pages (present pages before 3.8).
                zones.map { Swift.min($0.managed ?? $0.present, Checked.saturatingAdd($0.maxProtection, $0.high)) }
            ),
            pageSize: pageSize
        )
        var available = memFree - totalReserve
        let pageCache = activeFile + inactiveFile
        available += pageCache - min(ByteCount(bytes: pageCache.bytes / 2), lowWatermark)
        let misc = ByteCount.pages(vmstat?["nr_kernel_misc_reclaimable"] ?? 0, pageSize: pageSize)
        let reclaimable = (m["SReclaimable"] ?? .zero) + misc
        available += reclaimable - min(ByteCount(bytes: reclaimable.bytes / 2), lowWatermark)
        return (
            available.nonNegative,
            "the kernel's MemAvailable formula (mm/show_mem.c) applied to /proc/meminfo and /proc/zoneinfo"
        )
    }
}

extension String {
    /// `nil` when empty.
    var nilIfEmpty: String? { isEmpty ? nil : self }
}
