public import WiredCore

/// Facts that do not change while the machine stays up, read once per boot by a live reader that keeps them.
///
/// Possible CPUs (`/sys/devices/system/cpu/possible`), installed RAM (DMI, memory blocks, the firmware memory map),
/// the kernel config's `CONFIG_VMAP_STACK` (kernel stack size), the per-CPU first chunk from the kernel's boot
/// messages and the crash kernel's reservation. They belong to the boot named by
/// `/proc/sys/kernel/random/boot_id` with the kernel release and `MemTotal` they were read under: memory hot-added
/// or removed changes `MemTotal`, and the facts are read again.
public struct BootFacts: Sendable {
    /// The boot they were read in (`/proc/sys/kernel/random/boot_id`); `nil` when unreadable (never reused).
    public let bootID: String?
    let release: String
    let memTotal: Int64?
    var possibleCPUs: Int?
    var installed = InstalledFacts()
    var vmapStack: KernelConfigFact?
    var percpuFirstChunkBytes: Int64?
    var crashKernelBytes: Int64?
    /// What reading them met, given again with every reading that reuses them.
    var problems: [SourceProblem] = []
    /// The OOM kills the whole kernel log reported, with vmstat's `oom_kill` count when it was read: while the
    /// count stays the same there is no new kill, and the log is not read again.
    var oomLog: (count: Int64, log: KernelOOMLog?)?

    /// True when these facts were read in the boot `meta` describes, with the same `memTotal`.
    func belong(to meta: SnapshotMeta, memTotal: Int64?) -> Bool {
        bootID != nil && bootID == meta.bootID && release == meta.kernel && self.memTotal == memTotal
    }

    /// Puts them into `facts`.
    func apply(to facts: inout LinuxFacts) {
        facts.possibleCPUs = possibleCPUs
        facts.installed = installed
        facts.vmapStack = vmapStack
        facts.percpuFirstChunkBytes = percpuFirstChunkBytes
        facts.crashKernelBytes = crashKernelBytes
    }
}

extension ReadSession {
    /// The boot-long facts: `kept` when they belong to this boot, otherwise read now.
    mutating func bootFacts(meta: SnapshotMeta, memTotal: Int64?, kept: BootFacts?) -> BootFacts {
        if reader.isLive, let kept, kept.belong(to: meta, memTotal: memTotal) {
            problems += kept.problems
            return kept
        }
        let first = problems.count
        var boot = BootFacts(bootID: reader.isLive ? meta.bootID : nil, release: meta.kernel, memTotal: memTotal)
        boot.possibleCPUs = possibleCPUs()
        boot.installed = installed()
        boot.vmapStack = vmapStack(release: meta.kernel, arch: meta.arch)
        if let pages = percpuPagesPerCPU(), let cpus = boot.possibleCPUs {
            boot.percpuFirstChunkBytes = percpuFirstChunk(pages: pages, cpus: cpus, pageSize: meta.pageSize)
        }
        boot.crashKernelBytes = number("/sys/kernel/kexec_crash_size", bound: .bytes, quietIfMissing: true)
        boot.problems = Array(problems[first...])
        return boot
    }
}
