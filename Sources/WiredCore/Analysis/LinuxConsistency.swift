/// Files of one reading that contradict each other, so that neither is believed as it stands.
///
/// A real kernel's `/proc/meminfo` agrees with `/proc/zoneinfo` and `/proc/vmstat`: MemTotal is Σ managed
/// pages (up to deferred struct-page init, which makes Σ managed smaller, never larger), MemFree is
/// `nr_free_pages`, Slab is never 0. A meminfo written by LXCFS from a container's memory cgroup breaks all
/// three, while zoneinfo and vmstat still describe the host (`docs/linux.md` §7.1). No I/O.
public enum LinuxConsistency {
    /// One contradiction: the file and field that cannot be right, and a sentence saying why.
    public struct Contradiction: Sendable, Equatable {
        public var source: String
        public var field: String
        public var message: String
    }

    /// The `/proc/meminfo` overmount (LXCFS), when `/proc/mounts` shows one.
    public static func meminfoOvermount(_ facts: LinuxFacts) -> ProcOvermount? {
        facts.evidence?.procOvermounts?.first { $0.mountPoint == "/proc/meminfo" }
    }

    /// True when `/proc/meminfo` is not the kernel's: LXCFS is mounted over it, or MemTotal is far below Σ
    /// managed pages of the zones.
    public static func meminfoIsSynthesized(_ facts: LinuxFacts, pageSize: Int64) -> Bool {
        meminfoOvermount(facts) != nil || managedExceedsMemTotal(facts, pageSize: pageSize) != nil
    }

    /// Every contradiction between meminfo, zoneinfo and vmstat.
    public static func contradictions(_ facts: LinuxFacts, pageSize: Int64) -> [Contradiction] {
        guard let meminfo = facts.meminfo, let memTotal = meminfo["MemTotal"], memTotal > 0 else { return [] }
        let cause = meminfoOvermount(facts).map {
            " /proc/mounts line \($0.line) shows \($0.source) mounted on /proc/meminfo (\($0.type)): a container's view of its memory cgroup, while the other files describe the host."
        }
        var found: [Contradiction] = []
        if let managed = managedExceedsMemTotal(facts, pageSize: pageSize) {
            found.append(
                Contradiction(
                    source: "/proc/meminfo",
                    field: "MemTotal",
                    message:
                        "MemTotal (\(ByteCount(bytes: memTotal))) is far below Σ managed pages in /proc/zoneinfo (\(managed)): the two files describe different machines."
                        + (cause ?? "")
                )
            )
        }
        let tolerance = max(memTotal / 20, 64 << 20)
        if let free = meminfo["MemFree"], let pages = facts.vmstat?["nr_free_pages"],
            let zoneFree = Checked.multiply(pages, pageSize), Checked.saturatingSubtract(zoneFree, free) > tolerance
        {
            found.append(
                Contradiction(
                    source: "/proc/meminfo",
                    field: "MemFree",
                    message:
                        "MemFree (\(ByteCount(bytes: free))) is far below nr_free_pages in /proc/vmstat (\(ByteCount(bytes: zoneFree))), which the kernel keeps as the same counter."
                )
            )
        }
        if meminfo["Slab"] == 0, let reclaimable = meminfo["KReclaimable"], reclaimable > 0 {
            found.append(
                Contradiction(
                    source: "/proc/meminfo",
                    field: "KReclaimable",
                    message:
                        "Slab is 0 while KReclaimable (slab included) is \(ByteCount(bytes: reclaimable)): one of them is not the kernel's."
                )
            )
        }
        return found
    }

    /// Σ managed pages when it exceeds MemTotal by more than 1% (and 16 MiB); `nil` otherwise or when a
    /// zone has no `managed` line.
    static func managedExceedsMemTotal(_ facts: LinuxFacts, pageSize: Int64) -> ByteCount? {
        guard let memTotal = facts.meminfo?["MemTotal"], let zones = facts.zones, !zones.isEmpty else { return nil }
        let counts = zones.compactMap(\.managed)
        guard counts.count == zones.count else { return nil }
        let managed = ByteCount.pages(Checked.saturatingSum(counts), pageSize: pageSize)
        return Checked.saturatingSubtract(managed.bytes, memTotal) > max(memTotal / 100, 16 << 20) ? managed : nil
    }

    /// The `/proc/meminfo` fields LXCFS writes from the container's memory cgroup (lxcfs proc_meminfo_read);
    /// it copies every other line from the host's meminfo.
    public static let containerFields: Set<String> = [
        "MemTotal", "MemFree", "MemAvailable", "Buffers", "Cached", "SwapCached", "Active", "Inactive",
        "Active(anon)", "Inactive(anon)", "Active(file)", "Inactive(file)", "Unevictable", "Dirty", "Writeback",
        "AnonPages", "Mapped", "Shmem", "Slab", "SReclaimable", "SUnreclaim", "AnonHugePages", "ShmemHugePages",
        "ShmemPmdMapped", "SwapTotal", "SwapFree",
    ]
}
