/// What a kernel's release and architecture say when a file cannot: the meaning of VmallocUsed, whether
/// stacks are vmalloc'd, the stack size (`docs/linux.md` §5.1, §2.3, §5.4).
public enum KernelDefaults {
    /// What `VmallocUsed` in `/proc/meminfo` measures on a kernel.
    public enum VmallocUsed: Equatable, Sendable {
        /// Pages allocated to vmalloc areas (5.3 and later, or a 4.4–5.2 kernel whose distribution restored it).
        case ram
        /// Before 4.4: Σ sizes of the areas in the vmalloc range, guard pages and ioremaps included.
        case addressSpace
        /// 4.4 to 5.2 print 0.
        case printedAsZero
        /// The line is missing.
        case missing
    }

    /// The meaning of `VmallocUsed` on the kernel `release`; an unparseable release is taken as modern.
    public static func vmallocUsed(_ meminfo: [String: Int64]?, release: String) -> VmallocUsed {
        guard let value = meminfo?["VmallocUsed"] else { return .missing }
        guard let version = KernelVersion(release: release) else { return .ram }
        if version < KernelVersion(4, 4) { return .addressSpace }
        if version < KernelVersion(5, 3), value == 0 { return .printedAsZero }
        return .ram
    }

    /// True when the ledger needs `/proc/vmallocinfo` because `VmallocUsed` is not RAM (or missing).
    public static func needsVmallocinfo(_ meminfo: [String: Int64]?, release: String) -> Bool {
        meminfo != nil && vmallocUsed(meminfo, release: release) != .ram
    }

    /// Why `VmallocUsed` cannot be used, in words; `nil` when it can.
    public static func vmallocUsedReason(_ meaning: VmallocUsed, _ meminfo: [String: Int64]?) -> String? {
        let shown = ByteCount(bytes: meminfo?["VmallocUsed"] ?? 0)
        switch meaning {
        case .ram: return nil
        case .addressSpace:
            return
                "VmallocUsed (\(shown)) counts address space before 4.4 (Σ sizes of the vmalloc areas, guard pages and ioremaps included), not RAM"
        case .printedAsZero: return "VmallocUsed is printed as 0 by kernels 4.4 to 5.2"
        case .missing: return "VmallocUsed is missing from /proc/meminfo"
        }
    }

    /// Whether kernel stacks are vmalloc'd by default (`CONFIG_VMAP_STACK`).
    ///
    /// The option defaults to y where the architecture has it: x86_64 from 4.9, arm64 from 4.14. An unparseable
    /// release counts as modern.
    public static func vmapStack(arch: String, release: String) -> Bool {
        let since: KernelVersion
        switch arch {
        case "x86_64": since = KernelVersion(4, 9)
        case "aarch64", "arm64": since = KernelVersion(4, 14)
        default: return false
        }
        return KernelVersion(release: release).map { $0 >= since } ?? true
    }

    /// THREAD_SIZE by architecture and release, and where the figure comes from.
    ///
    /// x86_64 8 KiB before 3.15 (`THREAD_ORDER 1`), 16 KiB since; 32-bit x86, ARM, MIPS, PowerPC and RISC-V
    /// 8 KiB; arm64, mips64, ppc64, s390x and riscv64 16 KiB. KASAN kernels double it; that is not known here.
    public static func threadSize(arch: String, release: String) -> (bytes: ByteCount, source: String) {
        let version = KernelVersion(release: release)
        let eight = ByteCount.kibibytes(8)
        let sixteen = ByteCount.kibibytes(16)
        switch arch {
        case "x86_64":
            if let version, version < KernelVersion(3, 15) {
                return (eight, "THREAD_SIZE of x86_64 before 3.15 (8 KiB)")
            }
            return (sixteen, "THREAD_SIZE of x86_64 since 3.15 (16 KiB)")
        case "i386", "i486", "i586", "i686", "x86", "armv5l", "armv5tel", "armv6l", "armv7l", "armv8l", "arm",
            "mips", "mipsel", "ppc", "powerpc", "riscv32":
            return (eight, "THREAD_SIZE of 32-bit \(arch) (8 KiB)")
        case "aarch64", "arm64", "mips64", "mips64el", "ppc64", "ppc64le", "s390x", "riscv64":
            return (sixteen, "THREAD_SIZE of \(arch) (16 KiB)")
        default:
            return (sixteen, "assumed 16 KiB (THREAD_SIZE of \(arch) is not in the table)")
        }
    }
}
