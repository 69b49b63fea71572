/// The size of one kernel stack on the machine a snapshot describes, and where the figure comes from
/// (`docs/linux.md` §5.4).
///
/// KernelStack counts one THREAD_SIZE stack per task: every thread of every process, kernel threads
/// included, and the idle tasks of CPUs 1…n−1 (CPU 0's idle task has a static stack). So KernelStack ÷ stacks
/// gives the size on any kernel, 8 KiB on x86_64 before 3.15 and on 32-bit machines, 16 KiB on most 64-bit
/// ones. Best source first:
/// 1. `nr_kernel_stack` in /proc/vmstat, which counted stacks (not KiB) before 4.8: KernelStack ÷ it exactly;
/// 2. the threads of the process scan, when it holds kernel threads (so it sees the whole machine);
/// 3. the task total of `/proc/loadavg`;
/// 4. the architecture and release (``KernelDefaults/threadSize(arch:release:)``).
/// A quotient is taken only within 10% of a power of two from 4 to 64 KiB.
public struct KernelStackSize: Sendable, Equatable {
    /// Bytes per stack.
    public var bytes: ByteCount
    /// Where it comes from, in words.
    public var source: String

    /// Creates a size.
    public init(bytes: ByteCount, source: String) {
        self.bytes = bytes
        self.source = source
    }

    /// The size from the architecture and release alone.
    public static func table(arch: String, release: String = "") -> KernelStackSize {
        let (bytes, source) = KernelDefaults.threadSize(arch: arch, release: release)
        return KernelStackSize(bytes: bytes, source: source)
    }

    /// The size for `snapshot`, from the best source it holds.
    public static func of(_ snapshot: Snapshot) -> KernelStackSize {
        let fallback = table(arch: snapshot.meta.arch, release: snapshot.meta.kernel)
        guard let facts = snapshot.linux, let kernelStack = facts.meminfo?["KernelStack"], kernelStack > 0 else {
            return fallback
        }
        if let count = facts.vmstat?["nr_kernel_stack"], count > 0, Checked.multiply(count, 1024) != kernelStack,
            kernelStack % count == 0, let size = stackSize(kernelStack / count, tolerance: 0)
        {
            return KernelStackSize(
                bytes: size,
                source: "KernelStack ÷ nr_kernel_stack in /proc/vmstat (a count of stacks before 4.8)"
            )
        }
        let idle = idleTasks(facts)
        let idleText = "\(idle) idle task\(idle == 1 ? "" : "s")"
        if let scan = snapshot.processes, scan.processes.contains(where: { $0.kind == .kernelThread }) {
            let threads = Checked.saturatingSum(scan.processes.filter { $0.kind != .zombie }.map { Int64($0.threads) })
            let stacks = Checked.saturatingAdd(threads, Int64(idle))
            if let size = quotient(kernelStack, stacks) {
                return KernelStackSize(
                    bytes: size,
                    source: "KernelStack ÷ \(stacks) stacks (\(threads) threads in /proc/*/status + \(idleText))"
                )
            }
        }
        if let tasks = facts.tasks {
            let stacks = Checked.saturatingAdd(Int64(tasks), Int64(idle))
            if let size = quotient(kernelStack, stacks) {
                return KernelStackSize(
                    bytes: size,
                    source: "KernelStack ÷ \(stacks) stacks (\(tasks) tasks in /proc/loadavg + \(idleText))"
                )
            }
        }
        return fallback
    }

    /// Idle tasks with a stack of their own: one per possible CPU but the first.
    public static func idleTasks(_ facts: LinuxFacts?) -> Int {
        (facts?.possibleCPUs).map { Swift.min(Swift.max($0, 1), 1 << 16) - 1 } ?? 0
    }

    /// KernelStack ÷ `stacks`, when it is a stack size within 10%.
    static func quotient(_ kernelStack: Int64, _ stacks: Int64) -> ByteCount? {
        guard stacks > 0 else { return nil }
        return stackSize(kernelStack / stacks, tolerance: 0.1)
    }

    /// The power of two from 4 to 64 KiB within `tolerance` of `bytes`.
    static func stackSize(_ bytes: Int64, tolerance: Double) -> ByteCount? {
        for shift in 12...16 {
            let size = Int64(1) << shift
            if abs(Double(bytes) / Double(size) - 1) <= tolerance { return ByteCount(bytes: size) }
        }
        return nil
    }
}
