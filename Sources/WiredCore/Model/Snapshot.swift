/// One reading of a whole machine: the raw facts every analysis starts from.
///
/// A source (the live Linux reader, a captured tree, a snapshot file, a macOS capture) fills it; the
/// analysis never reads files. Facts a source could not get are `nil` and explained in ``problems``.
public struct Snapshot: Sendable, Codable, Equatable {
    /// What machine, when, and how it was read.
    public var meta: SnapshotMeta
    /// Facts from a Linux kernel (`/proc`, `/sys`); `nil` for other systems.
    public var linux: LinuxFacts?
    /// Facts from macOS (live, or decoded from captured outputs); `nil` for other systems.
    public var darwin: DarwinFacts?
    /// Every process, when they were read.
    public var processes: ProcessScan?
    /// Slab caches, cgroups, mounts, segments, GPUs, when they were read.
    public var owners: OwnerFacts?
    /// Files that were missing, unreadable or malformed, each naming the file and the field.
    public var problems: [SourceProblem]

    /// The problems of the system reading, plus those of processes and owners when `processes` and `owners`.
    public func problems(processes: Bool, owners: Bool) -> [SourceProblem] {
        problems + (processes ? self.processes?.problems ?? [] : []) + (owners ? self.owners?.problems ?? [] : [])
    }

    /// Creates a snapshot.
    public init(
        meta: SnapshotMeta,
        linux: LinuxFacts? = nil,
        darwin: DarwinFacts? = nil,
        processes: ProcessScan? = nil,
        problems: [SourceProblem] = []
    ) {
        self.meta = meta
        self.linux = linux
        self.darwin = darwin
        self.processes = processes
        self.problems = problems
    }
}

/// The machine a snapshot describes and how it was taken.
public struct SnapshotMeta: Sendable, Codable, Equatable {
    /// The machine's host name (`/proc/sys/kernel/hostname`; `kern.hostname` on macOS).
    public var hostname: String
    /// The operating system family.
    public var os: OperatingSystem
    /// Kernel release (`/proc/sys/kernel/osrelease`; `kern.osrelease` on macOS).
    public var kernel: String
    /// Machine architecture (`/proc/sys/kernel/arch`, or `uname -m`).
    public var arch: String
    /// Size of a kernel page in bytes; see ``pageSizeSource``.
    public var pageSize: Int64
    /// How the page size was learned: "sysconf", "capture", or "inferred from /proc/meminfo and /proc/vmstat".
    public var pageSizeSource: String
    /// Wall-clock time of the reading.
    public var takenAt: Timestamp
    /// `/proc/sys/kernel/random/boot_id`: changes at every boot, so a diff can tell a reboot happened.
    public var bootID: String?
    /// Seconds since boot (`/proc/uptime`).
    public var uptimeSeconds: Double?
    /// Version of the tool that took the reading.
    public var toolVersion: String
    /// Where the facts came from: "live", "root /path/to/tree", a file name.
    public var source: String

    /// Creates the description of a reading.
    public init(
        hostname: String,
        os: OperatingSystem,
        kernel: String,
        arch: String,
        pageSize: Int64,
        pageSizeSource: String,
        takenAt: Timestamp,
        bootID: String? = nil,
        uptimeSeconds: Double? = nil,
        toolVersion: String,
        source: String
    ) {
        self.hostname = hostname
        self.os = os
        self.kernel = kernel
        self.arch = arch
        self.pageSize = pageSize
        self.pageSizeSource = pageSizeSource
        self.takenAt = takenAt
        self.bootID = bootID
        self.uptimeSeconds = uptimeSeconds
        self.toolVersion = toolVersion
        self.source = source
    }
}

/// The operating system a snapshot came from.
public enum OperatingSystem: String, Sendable, Codable, Equatable {
    case linux
    case macOS = "macos"
}

/// A moment in wall-clock time: seconds and nanoseconds since 1970-01-01 UTC.
public struct Timestamp: Sendable, Codable, Hashable, Comparable {
    /// Whole seconds since the epoch.
    public var seconds: Int64
    /// Nanoseconds within the second.
    public var nanoseconds: Int32

    /// Creates a timestamp.
    public init(seconds: Int64, nanoseconds: Int32 = 0) {
        self.seconds = seconds
        self.nanoseconds = nanoseconds
    }

    public static func < (lhs: Timestamp, rhs: Timestamp) -> Bool {
        (lhs.seconds, lhs.nanoseconds) < (rhs.seconds, rhs.nanoseconds)
    }

    /// Seconds from `other` to `self` (positive when `self` is later).
    public func seconds(since other: Timestamp) -> Double {
        // In doubles: two times from a damaged file may be further apart than 64 bits hold.
        (Double(seconds) - Double(other.seconds)) + (Double(nanoseconds) - Double(other.nanoseconds)) / 1e9
    }

    /// ISO 8601 in UTC, to the second: "2026-11-24T23:45:01Z".
    public var iso8601: String {
        // Floor division written so that no value of `seconds` overflows.
        let (year, month, day) = Self.civil(fromDays: seconds >= 0 ? seconds / 86_400 : (seconds + 1) / 86_400 - 1)
        let secondOfDay = ((seconds % 86_400) + 86_400) % 86_400
        func two(_ n: Int64) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(year)-\(two(month))-\(two(day))T\(two(secondOfDay / 3600)):\(two(secondOfDay / 60 % 60)):"
            + "\(two(secondOfDay % 60))Z"
    }

    /// A compact form for file names: "20261124-234501".
    public var compact: String {
        let iso = iso8601
        return String(iso.filter { $0.isNumber || $0 == "T" }.map { $0 == "T" ? "-" : $0 })
    }

    /// Converts days since 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's algorithm).
    static func civil(fromDays days: Int64) -> (Int64, Int64, Int64) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthPrime = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthPrime + 2) / 5 + 1
        let month = monthPrime < 10 ? monthPrime + 3 : monthPrime - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}

/// A fact a source could not get, or got but could not trust.
public struct SourceProblem: Sendable, Codable, Hashable, CustomStringConvertible {
    /// What kind of failure.
    public enum Kind: String, Sendable, Codable, Hashable {
        /// The file does not exist (old kernel, option not built, not mounted).
        case missing
        /// The file exists but this user may not read it.
        case permission
        /// The bytes were read but a line or field made no sense.
        case malformed
        /// A number did not fit (for example u64 max) or was impossible.
        case outOfRange
        /// Two facts contradict each other.
        case inconsistent
        /// Any other read error.
        case unreadable
    }

    /// The file (with its root) or command the fact came from.
    public var source: String
    /// The field or line within it, when one is to blame.
    public var field: String?
    /// What kind of failure.
    public var kind: Kind
    /// A sentence for the user.
    public var message: String

    /// Creates a problem report.
    public init(source: String, field: String? = nil, kind: Kind, message: String) {
        self.source = source
        self.field = field
        self.kind = kind
        self.message = message
    }

    public var description: String {
        if let field { return "\(source) (\(field)): \(message)" }
        return "\(source): \(message)"
    }
}
