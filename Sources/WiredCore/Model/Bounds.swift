/// The range each kind of number may take: the one place where the bounds are decided.
///
/// A number read from a file (or a snapshot, or a macOS output) outside its bound is refused: the reader
/// reports a ``SourceProblem`` of kind ``SourceProblem/Kind/outOfRange`` naming the file and field and
/// leaves the value out; it is never clamped. The bounds are far above any real machine and low enough
/// that sums of a few thousand bounded values and the products the analysis makes (pages × page size,
/// threads × stack size, CPUs × pages per CPU) stay far inside 64 bits:
///
/// | kind | range | why |
/// | --- | --- | --- |
/// | ``bytes`` | 0 … 2^52 (4 PiB) | 64 × the largest machine sold (48 TiB); 52-bit physical addresses |
/// | ``kibibytes`` | 0 … 2^42 KiB | the same in the unit `/proc` prints as "kB" |
/// | ``pages`` | 0 … 2^40 | 4 PiB of 4 KiB pages |
/// | ``counter`` | 0 … 2^62 | events since boot (`pgfault`, `pgpgin`, Mach counters), which grow for years |
/// | ``threads`` | 0 … 2^22 | `PID_MAX_LIMIT`: the most tasks a Linux kernel can have |
/// | ``cpus`` | 1 … 2^16 | `NR_CPUS` is at most 8,192 today |
/// | ``pageSize`` | 512 … 2^20, a power of two | every page size Linux and macOS use (4 KiB to 256 KiB) |
/// | ``percent`` | 0 … 100 | PSI averages and shares |
/// | ``microseconds`` | 0 … 2^56 | PSI `total` stall time: 2,283 years |
/// | ``seconds`` | 0 … 2^40 | Unix times and uptimes (year 36,812) |
/// | ``address`` | 0 … 2^57 | physical addresses (`/sys/firmware/memmap`) |
/// | ``count`` | 0 … 2^32 | things counted one by one: processes attached, memory devices, blocks |
public enum Bound: String, Sendable, CaseIterable {
    case bytes
    case kibibytes
    case pages
    case counter
    case threads
    case cpus
    case pageSize
    case percent
    case microseconds
    case seconds
    case address
    case count

    /// The values this kind may take.
    public var range: ClosedRange<Int64> {
        switch self {
        case .bytes: 0...(1 << 52)
        case .kibibytes: 0...(1 << 42)
        case .pages: 0...(1 << 40)
        case .counter: 0...(1 << 62)
        case .threads: 0...(1 << 22)
        case .cpus: 1...(1 << 16)
        case .pageSize: 512...(1 << 20)
        case .percent: 0...100
        case .microseconds: 0...(1 << 56)
        case .seconds: 0...(1 << 40)
        case .address: 0...(1 << 57)
        case .count: 0...(1 << 32)
        }
    }

    /// True when `value` is in range (and, for page sizes, a power of two).
    public func contains(_ value: Int64) -> Bool {
        guard range.contains(value) else { return false }
        return self != .pageSize || value & (value - 1) == 0
    }

    /// True when `value` is finite and in range.
    public func contains(_ value: Double) -> Bool {
        value.isFinite && value >= Double(range.lowerBound) && value <= Double(range.upperBound)
    }

    /// What the number is and its range, for messages: "a byte count (0 to 4 PiB)".
    public var text: String {
        switch self {
        case .bytes: "a byte count (0 to 4 PiB)"
        case .kibibytes: "a size in kB (0 to 4 PiB)"
        case .pages: "a page count (0 to 2^40)"
        case .counter: "an event counter (0 to 2^62)"
        case .threads: "a thread count (0 to 4,194,304)"
        case .cpus: "a CPU count (1 to 65,536)"
        case .pageSize: "a page size (a power of two from 512 bytes to 1 MiB)"
        case .percent: "a percentage (0 to 100)"
        case .microseconds: "a time in microseconds (0 to 2^56)"
        case .seconds: "a time in seconds (0 to 2^40)"
        case .address: "a physical address (0 to 2^57)"
        case .count: "a count (0 to 2^32)"
        }
    }
}

extension SourceProblem {
    /// A number outside its ``Bound``: refused and left out.
    public static func outOfRange(
        source: String,
        field: String?,
        value: String,
        bound: Bound,
        consequence: String = "field ignored"
    ) -> SourceProblem {
        let shown = value.count <= 40 ? value : String(value.prefix(40)) + "…"
        return SourceProblem(
            source: source,
            field: field,
            kind: .outOfRange,
            message: "\(shown) is out of range for \(bound.text); \(consequence)"
        )
    }

    /// A sum or product of figures that does not fit in 64 bits.
    public static func overflow(source: String, field: String?, what: String) -> SourceProblem {
        SourceProblem(
            source: source,
            field: field,
            kind: .outOfRange,
            message: "\(what) does not fit in 64 bits; left out"
        )
    }
}
