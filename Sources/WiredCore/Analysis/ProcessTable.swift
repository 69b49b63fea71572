import Synchronization

/// What `wired top` sorts by.
public enum ProcessSort: String, Sendable, CaseIterable, Codable {
    /// Proportional set size (`Pss` in smaps_rollup); RSS for processes that cannot be inspected.
    case pss
    /// Unique set size (`Private_Clean + Private_Dirty`); RSS when not inspectable.
    case uss
    /// Resident set size (`VmRSS`).
    case rss
    /// Proportional swap (`SwapPss`); `VmSwap` when not inspectable.
    case swap
    /// Wired memory the process causes: page tables + kernel stacks + kernel objects + locked + pinned + hugetlb.
    case wired
    /// Thread count.
    case threads
}

/// What `wired top --by` groups processes by.
public enum ProcessGrouping: String, Sendable, CaseIterable, Codable {
    /// The process name (`comm`).
    case command
    /// The owner.
    case user
    /// The systemd unit or container, from `/proc/PID/cgroup`.
    case service
}

/// One line of `wired top`: a process, or a group of processes.
public struct ProcessRow: Sendable, Equatable {
    /// The process, or `nil` for a group.
    public var pid: Int32?
    /// Start time in clock ticks after boot (process rows).
    public var startTime: UInt64?
    /// Process name, or the group's key.
    public var name: String
    /// Redacted command line (process rows).
    public var command: String
    /// User name, or the uid as a number when it has no name.
    public var user: String
    /// Processes in the row (1 for a process).
    public var processCount: Int
    /// Members whose smaps_rollup could not be read.
    public var uninspectable: Int
    /// Σ `Pss` of inspectable members; `nil` when none could be inspected.
    public var pss: ByteCount?
    /// Σ USS of inspectable members.
    public var uss: ByteCount?
    /// Σ `VmRSS`: counts shared pages once per process.
    public var rss: ByteCount
    /// Σ `RssAnon`, `RssFile`, `RssShmem`.
    public var rssAnon: ByteCount
    public var rssFile: ByteCount
    public var rssShmem: ByteCount
    /// Σ `SwapPss` of inspectable members.
    public var swap: ByteCount?
    /// Σ `VmSwap` (not proportional), shown for processes that cannot be inspected.
    public var vmSwap: ByteCount
    /// Threads.
    public var threads: Int
    /// Σ `VmPTE`.
    public var pageTables: ByteCount
    /// Threads × the kernel stack size (zombies have none).
    public var kernelStacks: ByteCount
    /// The kernel's per-thread and per-process objects in slab (``TaskObjectSizes``).
    public var kernelObjects: ByteCount = .zero
    /// Σ resident locked memory: smaps_rollup `Locked`, or `VmLck` capped at `VmRSS` when `Locked` is 0 or
    /// unreadable (`VmLck` counts the size of locked mappings, resident or not, and VFIO pins, which have no
    /// locked mapping).
    public var locked: ByteCount
    /// Σ `VmLck` as the kernel prints it.
    public var vmLck: ByteCount
    /// Σ `VmPin`.
    public var pinned: ByteCount
    /// Σ `HugetlbPages`.
    public var hugetlb: ByteCount
    /// The service (systemd unit or container), when cgroups were read.
    public var service: String?
    /// Why smaps_rollup could not be read (process rows).
    public var denial: String?

    /// Wired memory these processes cause: page tables + kernel stacks + kernel objects + locked + pinned + hugetlb.
    ///
    /// Pinned memory only: anonymous memory is never wired, swap or no swap.
    public var wired: ByteCount { pageTables + kernelStacks + kernelObjects + locked + pinned + hugetlb }

    /// True when every member could be inspected.
    public var inspectable: Bool { uninspectable == 0 }

    /// Adds another row's processes and memory to this one.
    mutating func add(_ row: ProcessRow) {
        processCount += row.processCount
        uninspectable += row.uninspectable
        pss = ProcessTable.add(pss, row.pss)
        uss = ProcessTable.add(uss, row.uss)
        swap = ProcessTable.add(swap, row.swap)
        rss += row.rss
        rssAnon += row.rssAnon
        rssFile += row.rssFile
        rssShmem += row.rssShmem
        vmSwap += row.vmSwap
        threads += row.threads
        pageTables += row.pageTables
        kernelStacks += row.kernelStacks
        kernelObjects += row.kernelObjects
        locked += row.locked
        vmLck += row.vmLck
        pinned += row.pinned
        hugetlb += row.hugetlb
        if user != row.user { user = "(several)" }
    }
}

/// The totals under `wired top`, and how they compare with the ledger.
public struct ProcessSummary: Sendable, Equatable {
    /// User processes (not kernel threads, not zombies).
    public var processes: Int
    /// Kernel threads.
    public var kernelThreads: Int
    /// Zombies.
    public var zombies: Int
    /// User processes whose smaps_rollup could not be read.
    public var uninspectable: Int
    /// Processes that exited while being read.
    public var gone: Int
    /// Processes hidden by `hidepid`.
    public var hidden: Int
    /// Σ Pss of inspectable processes, and its anon/file/shmem split (5.3+).
    public var pss: ByteCount
    public var pssAnon: ByteCount?
    public var pssFile: ByteCount?
    public var pssShmem: ByteCount?
    /// Σ SwapPss of inspectable processes.
    public var swap: ByteCount
    /// Σ RSS of processes that could not be inspected.
    public var uninspectableRSS: ByteCount
    /// Why processes could not be inspected, with how many each.
    public var denials: [String: Int]
    /// Threads of user processes.
    public var threads: Int
    /// Kernel stack size per thread, and where it comes from (``KernelStackSize``).
    public var stackSize: ByteCount
    public var stackSizeSource: String
    /// Σ wired cost of user processes, and its parts.
    public var wired: ByteCount
    public var pageTables: ByteCount
    public var kernelStacks: ByteCount
    public var locked: ByteCount
    public var pinned: ByteCount
    public var hugetlb: ByteCount
    /// Stacks of kernel threads: kernel memory, not caused by a process.
    public var kernelThreadStacks: ByteCount
    /// Σ the kernel objects of user processes (task_struct and pid per thread, the rest per process).
    public var kernelObjects: ByteCount = .zero
    /// The object sizes used, and where they come from.
    public var objectSizes: TaskObjectSizes?
}

/// What a process costs the kernel per thread and per process on one machine: its stack size and the sizes
/// of its slab objects.
public struct ProcessCosts: Sendable, Equatable {
    /// Kernel stack per thread, and where the figure comes from (``KernelStackSize``).
    public var stack: ByteCount
    public var stackSource: String
    /// Slab objects per thread and per process.
    public var objects: TaskObjectSizes

    /// The costs on `arch`, with object sizes from `slabCaches` when `/proc/slabinfo` was read (else
    /// `slabUnread` says why not).
    public init(arch: String, slabCaches: [SlabCache]? = nil, slabUnread: String? = nil) {
        self.init(stack: .table(arch: arch), arch: arch, slabCaches: slabCaches, slabUnread: slabUnread)
    }

    /// The costs with a stack size found from the machine's own figures (``KernelStackSize/of(_:)``).
    public init(stack: KernelStackSize, arch: String, slabCaches: [SlabCache]? = nil, slabUnread: String? = nil) {
        self.stack = stack.bytes
        stackSource = stack.source
        objects = TaskObjectSizes(caches: slabCaches, arch: arch, unread: slabUnread)
    }

    /// The costs of the machine `snapshot` was read on.
    public init(_ snapshot: Snapshot) {
        self.init(stack: .of(snapshot), arch: snapshot.meta.arch, slabCaches: snapshot.owners?.slabCaches)
    }

    /// The kernel objects of `process` (none for a zombie, whose task is all that is left, or a kernel thread).
    func objects(_ process: ProcessFacts) -> ByteCount {
        process.kind == .user ? objects.bytes(threads: process.threads) : .zero
    }
}

/// Builds `wired top`'s rows and summary from a process scan.
///
/// No I/O.
///
/// A scan can hold thousands of processes, so sorting works on indices and keys, and rows are built only
/// for what is shown.
public enum ProcessTable {
    /// The kernel stack size of each thread (THREAD_SIZE) by architecture alone (`docs/linux.md` §5.4); a
    /// snapshot's own size is ``KernelStackSize/of(_:)``.
    public static func stackSize(arch: String) -> ByteCount {
        KernelStackSize.table(arch: arch).bytes
    }

    /// Positions in `scan.processes` of the user processes (not kernel threads, not zombies), biggest first.
    ///
    /// Processes that cannot be inspected sort by RSS (an upper bound of PSS and USS) and by VmSwap; ties
    /// break by pid.
    public static func order(_ scan: ProcessScan, by sort: ProcessSort, arch: String) -> [Int] {
        order(scan, by: sort, costs: ProcessCosts(arch: arch))
    }

    /// ``order(_:by:arch:)`` with the machine's own costs.
    public static func order(_ scan: ProcessScan, by sort: ProcessSort, costs: ProcessCosts) -> [Int] {
        var keys: [(key: Int64, pid: Int32, index: Int32)] = []
        keys.reserveCapacity(scan.processes.count)
        for (index, process) in scan.processes.enumerated() where process.kind == .user {
            keys.append((sortKey(process, by: sort, costs: costs), process.pid, Int32(index)))
        }
        keys.sort { $0.key != $1.key ? $0.key > $1.key : $0.pid < $1.pid }
        return keys.map { Int($0.index) }
    }

    /// The row of one process, with the stack size of `arch`.
    public static func row(_ process: ProcessFacts, scan: ProcessScan, arch: String) -> ProcessRow {
        row(process, scan: scan, costs: ProcessCosts(arch: arch))
    }

    /// ``rows(_:costs:)`` with the stack size of `arch`.
    public static func rows(_ scan: ProcessScan, arch: String) -> [ProcessRow] {
        rows(scan, costs: ProcessCosts(arch: arch))
    }

    /// ``rows(_:arch:)`` with the machine's own costs.
    public static func rows(_ scan: ProcessScan, costs: ProcessCosts) -> [ProcessRow] {
        scan.processes.filter { $0.kind == .user }.map { row($0, scan: scan, costs: costs) }
    }

    /// User processes summed by command, user or service; PSS adds up without counting shared pages twice.
    public static func groups(_ scan: ProcessScan, by grouping: ProcessGrouping, arch: String) -> [ProcessRow] {
        groups(scan, by: grouping, costs: ProcessCosts(arch: arch))
    }

    /// ``groups(_:by:arch:)`` with the machine's own costs.
    public static func groups(_ scan: ProcessScan, by grouping: ProcessGrouping, costs: ProcessCosts) -> [ProcessRow] {
        grouped(
            scan.processes.lazy.filter { $0.kind == .user }.map { row($0, scan: scan, costs: costs) },
            by: grouping
        )
    }

    /// Rows summed by command, user or service, in order of first appearance.
    public static func grouped<Rows: Sequence<ProcessRow>>(_ rows: Rows, by grouping: ProcessGrouping) -> [ProcessRow] {
        var groups: [String: ProcessRow] = [:]
        var order: [String] = []
        for row in rows {
            let key: String
            switch grouping {
            case .command: key = row.name
            case .user: key = row.user
            case .service: key = row.service ?? "(unknown)"
            }
            if var group = groups[key] {
                group.add(row)
                groups[key] = group
            } else {
                var group = row
                group.pid = nil
                group.startTime = nil
                group.name = key
                group.command = ""
                group.denial = nil
                if grouping == .service { group.service = key }
                groups[key] = group
                order.append(key)
            }
        }
        return order.compactMap { groups[$0] }
    }

    /// Sorts rows, biggest first, the same way as ``order(_:by:arch:)``.
    public static func sorted(_ rows: [ProcessRow], by sort: ProcessSort) -> [ProcessRow] {
        rows.sorted { a, b in
            let (ka, kb) = (sortKey(a, by: sort), sortKey(b, by: sort))
            if ka != kb { return ka > kb }
            if let pa = a.pid, let pb = b.pid { return pa < pb }
            return a.name < b.name
        }
    }

    /// ``summary(_:costs:)`` with the stack size of `arch`.
    public static func summary(_ scan: ProcessScan, arch: String) -> ProcessSummary {
        summary(scan, costs: ProcessCosts(arch: arch))
    }

    /// ``summary(_:arch:)`` with the machine's own costs.
    public static func summary(_ scan: ProcessScan, costs: ProcessCosts) -> ProcessSummary {
        let stack = costs.stack
        var s = ProcessSummary(
            processes: 0,
            kernelThreads: 0,
            zombies: 0,
            uninspectable: 0,
            gone: scan.gone,
            hidden: scan.hidden,
            pss: .zero,
            pssAnon: .zero,
            pssFile: .zero,
            pssShmem: .zero,
            swap: .zero,
            uninspectableRSS: .zero,
            denials: [:],
            threads: 0,
            stackSize: stack,
            stackSizeSource: costs.stackSource,
            wired: .zero,
            pageTables: .zero,
            kernelStacks: .zero,
            locked: .zero,
            pinned: .zero,
            hugetlb: .zero,
            kernelThreadStacks: .zero
        )
        s.objectSizes = costs.objects
        for process in scan.processes {
            switch process.kind {
            case .kernelThread:
                s.kernelThreads += 1
                s.kernelThreadStacks += stack * Int64(process.threads)
                continue
            case .zombie:
                s.zombies += 1
                continue
            case .user:
                break
            }
            s.processes += 1
            if let smaps = process.smaps {
                s.pss += ByteCount(bytes: smaps.pss)
                s.pssAnon = smaps.pssAnon.flatMap { v in s.pssAnon.map { $0 + ByteCount(bytes: v) } }
                s.pssFile = smaps.pssFile.flatMap { v in s.pssFile.map { $0 + ByteCount(bytes: v) } }
                s.pssShmem = smaps.pssShmem.flatMap { v in s.pssShmem.map { $0 + ByteCount(bytes: v) } }
                s.swap += ByteCount(bytes: smaps.swapPss ?? smaps.swap)
            } else {
                s.uninspectable += 1
                s.uninspectableRSS += ByteCount(bytes: process.rss ?? 0)
                if let denial = process.denial { s.denials[denial, default: 0] += 1 }
            }
            let pageTables = ByteCount(bytes: process.pageTables ?? 0)
            let stacks = stack * Int64(process.threads)
            let locked = ByteCount(bytes: residentLocked(process))
            let pinned = ByteCount(bytes: process.pinned ?? 0)
            let hugetlb = ByteCount(bytes: process.hugetlb ?? 0)
            let objects = costs.objects(process)
            s.threads += Int(process.threads)
            s.pageTables += pageTables
            s.kernelStacks += stacks
            s.kernelObjects += objects
            s.locked += locked
            s.pinned += pinned
            s.hugetlb += hugetlb
            s.wired += pageTables + stacks + objects + locked + pinned + hugetlb
        }
        return s
    }

    static func sortKey(_ process: ProcessFacts, by sort: ProcessSort, costs: ProcessCosts) -> Int64 {
        let smaps = process.smaps
        let rss = process.rss ?? smaps?.rss ?? 0
        switch sort {
        case .pss: return smaps?.pss ?? rss
        case .uss: return smaps?.uss ?? rss
        case .rss: return rss
        case .swap: return smaps.map { $0.swapPss ?? $0.swap } ?? process.vmSwap ?? 0
        case .wired:
            return Checked.saturatingSum([
                process.pageTables ?? 0, Checked.saturatingMultiply(Int64(process.threads), costs.stack.bytes),
                costs.objects(process).bytes, residentLocked(process), process.pinned ?? 0, process.hugetlb ?? 0,
            ])
        case .threads: return Int64(process.threads)
        }
    }

    static func sortKey(_ row: ProcessRow, by sort: ProcessSort) -> Int64 {
        switch sort {
        case .pss: ((row.pss ?? .zero) + (row.inspectable ? .zero : row.rss)).bytes
        case .uss: ((row.uss ?? .zero) + (row.inspectable ? .zero : row.rss)).bytes
        case .rss: row.rss.bytes
        case .swap: row.swap?.bytes ?? row.vmSwap.bytes
        case .wired: row.wired.bytes
        case .threads: Int64(row.threads)
        }
    }

    /// The row of one process, with the machine's own costs.
    public static func row(_ process: ProcessFacts, scan: ProcessScan, costs: ProcessCosts) -> ProcessRow {
        let stack = costs.stack
        let smaps = process.smaps
        let user = process.uid.map { scan.userNames[$0] ?? String($0) } ?? "?"
        return ProcessRow(
            pid: process.pid,
            startTime: process.startTime,
            name: process.name,
            command: process.command.isEmpty ? "[\(process.name)]" : process.command,
            user: user,
            processCount: 1,
            uninspectable: smaps == nil ? 1 : 0,
            pss: smaps.map { ByteCount(bytes: $0.pss) },
            uss: smaps.map { ByteCount(bytes: $0.uss) },
            rss: ByteCount(bytes: process.rss ?? smaps?.rss ?? 0),
            rssAnon: ByteCount(bytes: process.rssAnon ?? 0),
            rssFile: ByteCount(bytes: process.rssFile ?? 0),
            rssShmem: ByteCount(bytes: process.rssShmem ?? 0),
            swap: smaps.map { ByteCount(bytes: $0.swapPss ?? $0.swap) },
            vmSwap: ByteCount(bytes: process.vmSwap ?? 0),
            threads: Int(process.threads),
            pageTables: ByteCount(bytes: process.pageTables ?? 0),
            kernelStacks: stack * Int64(process.threads),
            kernelObjects: costs.objects(process),
            locked: ByteCount(bytes: residentLocked(process)),
            vmLck: ByteCount(bytes: process.locked ?? 0),
            pinned: ByteCount(bytes: process.pinned ?? 0),
            hugetlb: ByteCount(bytes: process.hugetlb ?? 0),
            service: process.service,
            denial: process.denial
        )
    }

    /// Resident locked bytes of a process (see ``ProcessRow/locked``).
    static func residentLocked(_ process: ProcessFacts) -> Int64 {
        if let locked = process.smaps?.locked, locked > 0 { return locked }
        return min(process.locked ?? 0, process.rss ?? 0)
    }

    static func add(_ a: ByteCount?, _ b: ByteCount?) -> ByteCount? {
        switch (a, b) {
        case (nil, nil): nil
        default: (a ?? .zero) + (b ?? .zero)
        }
    }
}

/// Names a service from a cgroup path: the deepest systemd unit, or a container id.
public enum ServiceName {
    /// Names already worked out, by path; emptied past 1,024 paths.
    ///
    /// Every reading asks again for each process's: a thousand processes share a few dozen paths, and working
    /// one out costs microseconds.
    private static let known = Mutex<[String: String]>([:])

    /// "nginx.service", "docker 3f2a1b9c8d7e", "session-2.scope", or "/" for the root cgroup.
    public static func from(cgroupPath path: String) -> String {
        if let name = known.withLock({ $0[path] }) { return name }
        let name = name(cgroupPath: path)
        known.withLock { names in
            if names.count >= 1_024 { names.removeAll(keepingCapacity: true) }
            names[path] = name
        }
        return name
    }

    static func name(cgroupPath path: String) -> String {
        let parts = path.split(separator: "/").map { unescape(String($0)) }
        guard !parts.isEmpty else { return "/" }
        let containers: [(prefix: String, label: String)] = [
            ("docker-", "docker"), ("cri-containerd-", "containerd"), ("crio-", "cri-o"), ("libpod-", "podman"),
        ]
        for part in parts.reversed() {
            for (prefix, label) in containers where part.hasPrefix(prefix) && part.hasSuffix(".scope") {
                return "\(label) \(part.dropFirst(prefix.count).dropLast(".scope".count).prefix(12))"
            }
        }
        // cgroupfs drivers: /docker/<id>, /lxc/<name>, /kubepods/…/<id>.
        if parts.count >= 2, ["docker", "lxc", "lxc.payload"].contains(parts[0]) {
            return "\(parts[0]) \(parts[1].prefix(12))"
        }
        if let lxc = parts.first(where: { $0.hasPrefix("lxc.payload.") }) {
            return "lxc \(lxc.dropFirst("lxc.payload.".count))"
        }
        if let unit = parts.last(where: { part in unitSuffixes.contains { part.hasSuffix($0) } }) {
            return unit
        }
        // Not a unit: the path itself, long hexadecimal ids shortened to 12 characters.
        return parts.map { part in
            part.count >= 32 && part.allSatisfy(\.isHexDigit) ? String(part.prefix(12)) : part
        }.joined(separator: "/")
    }

    static let unitSuffixes = [".service", ".scope", ".slice", ".socket", ".mount", ".swap"]

    /// True for a name that is a systemd unit or a container, rather than a bare cgroup path.
    public static func isUnitOrContainer(_ name: String) -> Bool {
        unitSuffixes.contains { name.hasSuffix($0) } || name.hasPrefix("docker ") || name.hasPrefix("containerd ")
            || name.hasPrefix("cri-o ") || name.hasPrefix("podman ") || name.hasPrefix("lxc ")
    }

    /// Decodes systemd's `\x2d`-style escapes.
    static func unescape(_ text: String) -> String {
        guard text.contains("\\x") else { return text }
        var out = ""
        var rest = Substring(text)
        while let range = rest.firstRange(of: "\\x") {
            out += rest[..<range.lowerBound]
            let hex = rest[range.upperBound...].prefix(2)
            if hex.count == 2, let value = UInt8(hex, radix: 16) {
                out.append(Character(UnicodeScalar(value)))
                rest = rest[rest.index(range.upperBound, offsetBy: 2)...]
            } else {
                out += "\\x"
                rest = rest[range.upperBound...]
            }
        }
        return out + rest
    }
}
