extension LinuxLedger {
    /// The facts a container's LXCFS meminfo can be read with: its own fields, none of the host's files.
    ///
    /// zoneinfo, vmstat, memory blocks, the kernel log and the lines LXCFS copies from the host's meminfo
    /// describe the host, so they are left out rather than mixed into the container's ledger.
    static func containerView(_ facts: LinuxFacts) -> LinuxFacts {
        var view = LinuxFacts()
        view.meminfo = facts.meminfo?.filter { LinuxConsistency.containerFields.contains($0.key) }
        view.swaps = facts.swaps
        view.pressure = facts.pressure
        view.earlier = facts.earlier
        view.evidence = facts.evidence
        return view
    }

    /// Installed RAM, its reserved split, and the note when it is unknown: none for a container, whose memory
    /// blocks and zones are the host's.
    static func installedRAM(
        _ facts: LinuxFacts,
        original: LinuxFacts,
        container: Bool,
        memTotal: ByteCount,
        pageSize: Int64
    ) -> (InstalledRAM?, (buckets: [LedgerBucket], notes: [String])?, String?) {
        if container { return (nil, nil, containerNote(original: original, pageSize: pageSize)) }
        guard let installed = InstalledEstimate.choose(facts, memTotal: memTotal, pageSize: pageSize) else {
            return (nil, nil, "Installed RAM is unknown: no source could be read.")
        }
        return (installed, reservedBuckets(facts, installed: installed, memTotal: memTotal, pageSize: pageSize), nil)
    }

    /// One plain sentence on what a synthesised meminfo means for the ledger.
    static func containerNote(original: LinuxFacts, pageSize: Int64) -> String {
        let cause =
            LinuxConsistency.meminfoOvermount(original).map {
                "/proc/mounts line \($0.line) shows \($0.source) mounted on /proc/meminfo (\($0.type))"
            } ?? "MemTotal is far below Σ managed pages in /proc/zoneinfo"
        let present = original.zones.map {
            " (its zones hold \(ByteCount.pages(Checked.saturatingSum($0.map(\.present)), pageSize: pageSize)))"
        }
        return
            "This /proc/meminfo is not the kernel's: \(cause). MemTotal is the container's memory limit, and the ledger shows the container from the lines LXCFS computes from its memory cgroup. /proc/zoneinfo, /proc/vmstat and the lines LXCFS copies from the host (KernelStack, PageTables, VmallocUsed, Percpu, KReclaimable, Mlocked, HugePages) describe the host\(present ?? ""), so they and installed RAM are left out. The container's own kernel memory (slab, stacks, page tables, socket buffers) is in no line LXCFS writes: it is inside unexplained."
    }

    /// The crash kernel reservation: `/sys/kernel/kexec_crash_size`, else `crashkernel=` on the command line.
    static func crashKernel(_ facts: LinuxFacts, installed: ByteCount) -> (ByteCount, String)? {
        if let crash = facts.crashKernelBytes, crash > 0 {
            return (ByteCount(bytes: crash), "/sys/kernel/kexec_crash_size")
        }
        guard facts.crashKernelBytes == nil, let argument = facts.evidence?.crashKernelArgument,
            let bytes = CrashKernelArgument.size(argument, systemRAM: installed)
        else { return nil }
        return (bytes, "crashkernel=\(argument) in /proc/cmdline (/sys/kernel/kexec_crash_size was not readable)")
    }

    /// Pages a balloon driver holds for the hypervisor, when they left MemTotal.
    ///
    /// `(balloon_inflate − balloon_deflate) × page size`, if the gap installed − MemTotal still left can hold
    /// them. virtio_balloon without DEFLATE_ON_OOM takes them out of MemTotal (`adjust_managed_page_count`);
    /// with it they stay inside, and the unexplained line's suspects name them.
    static func balloonOutsideMemTotal(_ facts: LinuxFacts, gapLeft: ByteCount, pageSize: Int64) -> (
        ByteCount, String
    )? {
        guard facts.meminfo?["Balloon"] == nil, facts.vmstat?["nr_balloon_pages"] == nil,
            let held = BalloonCounters.held(facts, pageSize: pageSize), held.bytes.bytes > 0, held.bytes <= gapLeft
        else { return nil }
        return (
            held.bytes,
            "(balloon_inflate − balloon_deflate) in /proc/vmstat × page size; \(held.driver) in /proc/modules line \(held.line), which takes ballooned pages out of MemTotal"
        )
    }
}

/// The balloon core's counters (CONFIG_MEMORY_BALLOON): virtio_balloon and vmw_balloon page through it.
public enum BalloonCounters {
    /// Drivers that count in `balloon_inflate` / `balloon_deflate`.
    public static let drivers = ["virtio_balloon", "vmw_balloon"]

    /// Pages in the balloon now, with the driver and its line in `/proc/modules`; `nil` without a loaded
    /// driver or the counters.
    public static func held(_ facts: LinuxFacts, pageSize: Int64) -> (bytes: ByteCount, driver: String, line: Int)? {
        guard let module = drivers.lazy.compactMap({ facts.evidence?.module($0) }).first,
            let inflate = facts.vmstat?["balloon_inflate"], let deflate = facts.vmstat?["balloon_deflate"]
        else { return nil }
        return (
            ByteCount.pages(max(0, Checked.saturatingSubtract(inflate, deflate)), pageSize: pageSize), module.name,
            module.line
        )
    }
}

/// The size a `crashkernel=` argument reserves (Documentation/admin-guide/kdump/kdump.rst).
public enum CrashKernelArgument {
    /// `SIZE[@OFFSET]`, `SIZE,high` / `SIZE,low` (summed), or `START-[END]:SIZE,…` (the range holding
    /// `systemRAM`); `nil` for `auto` and anything else the kernel sizes itself.
    public static func size(_ argument: String, systemRAM: ByteCount) -> ByteCount? {
        var total: Int64 = 0
        for value in argument.split(separator: " ") {
            let body = value.split(separator: "@").first.map(String.init) ?? ""
            guard let bytes = body.contains(":") ? ranged(body, systemRAM: systemRAM) : plain(body) else { return nil }
            total = Checked.saturatingAdd(total, bytes)
        }
        return total > 0 ? ByteCount(bytes: total) : nil
    }

    /// "256M", "512M,high", "128M,low".
    static func plain(_ text: String) -> Int64? {
        let number = text.split(separator: ",").first.map(String.init) ?? text
        return memparse(number)
    }

    /// "1G-4G:192M,4G-64G:256M,64G-:512M": the size of the range that holds `systemRAM`.
    static func ranged(_ text: String, systemRAM: ByteCount) -> Int64? {
        for item in text.split(separator: ",") {
            let parts = item.split(separator: ":", omittingEmptySubsequences: false)
            guard parts.count == 2, let dash = parts[0].firstIndex(of: "-"),
                let start = memparse(String(parts[0][..<dash])), let size = memparse(String(parts[1]))
            else { continue }
            let endText = String(parts[0][parts[0].index(after: dash)...])
            let end = endText.isEmpty ? Int64.max : memparse(endText) ?? Int64.max
            if systemRAM.bytes >= start, systemRAM.bytes < end { return size }
        }
        return nil
    }

    /// The kernel's memparse: a number with an optional K, M, G, T suffix.
    static func memparse(_ text: String) -> Int64? {
        guard let last = text.last else { return nil }
        let shifts: [Character: Int64] = ["K": 10, "k": 10, "M": 20, "m": 20, "G": 30, "g": 30, "T": 40, "t": 40]
        let shift = shifts[last]
        guard let number = Int64(shift == nil ? text : String(text.dropLast())), number >= 0, number < 1 << 40 else {
            return nil
        }
        return Checked.multiply(number, Int64(1) << (shift ?? 0))
    }
}
