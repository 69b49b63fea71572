import WiredCompression
public import WiredCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a Linux machine's memory facts from `/proc` and `/sys` under any root.
///
/// The root is `/` on a live system or a directory holding a captured tree (`proc/`, `sys/`, `dev/kmsg`,
/// `wired-capture.txt`), so every parser is tested on real captured files. Nothing here is gated by
/// `#if os(Linux)`: reading files under a root works anywhere.
public struct LinuxReader: Sendable {
    /// The directory that plays the role of `/`.
    public var root: String

    /// Creates a reader of the tree at `root`.
    public init(root: String = "/") {
        var cleaned = root
        while cleaned.count > 1, cleaned.hasSuffix("/") { cleaned.removeLast() }
        self.root = cleaned
    }

    /// True when reading the running system.
    public var isLive: Bool { root == "/" }

    /// The page size when reading the running system (`sysconf`), known before anything is read; `nil`
    /// for a captured tree, whose page size comes with ``readSystem()``.
    public var livePageSize: Int64? { isLive ? Int64(sysconf(Int32(_SC_PAGESIZE))) : nil }

    /// The real path of `absolute` (a path as it would be on the machine, such as "/proc/meminfo").
    public func path(_ absolute: String) -> String {
        isLive ? absolute : root + absolute
    }

    /// Counters to turn into rates: `/proc/vmstat` and `/proc/pressure/memory` now, with the monotonic
    /// time, for ``readSystem(earlier:)`` to compare with.
    ///
    /// The memory cgroups' OOM counters are read too, and the kernel log is opened at its end, so the main reading
    /// can tell a cgroup's OOM kills in the interval from the machine's.
    public func readCounters() -> TimedCounters {
        var session = ReadSession(reader: self)
        let vmstat = session.parse("/proc/vmstat", KeyValueParser.parse) ?? [:]
        let pressure = session.parse("/proc/pressure/memory", PressureParser.parse, quietIfMissing: true) ?? nil
        return TimedCounters(
            time: Self.monotonicSeconds(),
            vmstat: vmstat,
            pressure: pressure,
            memoryEvents: session.memoryEvents(),
            kernelLog: kernelLogCursor()
        )
    }

    /// Seconds on the boot clock (`CLOCK_BOOTTIME`: monotonic, and counting while the machine is suspended, so
    /// that a rate's interval and a carried value's age include a suspend).
    static func monotonicSeconds() -> Double {
        var now = timespec()
        clock_gettime(CLOCK_BOOTTIME, &now)
        return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
    }

    /// Reads everything the ledger needs.
    ///
    /// Never throws: what cannot be read is in the snapshot's problems. With `earlier` (from
    /// ``readCounters()``), the snapshot also holds those counters and the time between, for rates; a captured
    /// tree holds its own earlier sample in `wired-earlier/` when it was captured with one.
    ///
    /// `/proc/vmallocinfo` is read only on kernels whose VmallocUsed is not RAM (before 5.3), and not at all
    /// with `vmallocinfoFromOwners`: the owners reading reads it once for both, and
    /// ``LinuxFacts/adoptVmallocinfo(callers:checks:release:)`` hands its sum to the ledger.
    public func readSystem(earlier: TimedCounters? = nil, vmallocinfoFromOwners: Bool = false) -> Snapshot {
        var boot: BootFacts?
        return readSystem(earlier: earlier, vmallocinfoFromOwners: vmallocinfoFromOwners, bootFacts: &boot)
    }

    /// Reads everything the ledger needs, reusing `bootFacts` when they belong to this boot and replacing them
    /// with the ones read otherwise (see ``BootFacts``); without `lockedMemory`, the locked-memory facts are left
    /// for the caller (a live reader that carries them, ``readLockedMemory()``).
    public func readSystem(
        earlier: TimedCounters?,
        vmallocinfoFromOwners: Bool,
        bootFacts: inout BootFacts?,
        lockedMemory: Bool = true
    ) -> Snapshot {
        var session = ReadSession(reader: self)
        let meta = session.readMeta()
        var facts = LinuxFacts()
        facts.meminfo = session.parse("/proc/meminfo", MeminfoParser.parse)
        if !vmallocinfoFromOwners, KernelDefaults.needsVmallocinfo(facts.meminfo, release: meta.kernel) {
            (facts.vmallocinfo, facts.vmallocinfoMissing) = session.vmallocinfoSum(pageSize: meta.pageSize)
        }
        facts.tasks = session.parse("/proc/loadavg", EvidenceParsers.loadavgTasks, quietIfMissing: true) ?? nil
        facts.evidence = session.evidence()
        facts.vmstat = session.parse("/proc/vmstat", KeyValueParser.parse)
        facts.zones = session.parse("/proc/zoneinfo", ZoneinfoParser.parse)
        facts.swaps = session.parse("/proc/swaps", SwapsParser.parse)
        facts.pressure =
            session.parse(
                "/proc/pressure/memory",
                PressureParser.parse,
                missing: "pressure stall information is off (boot with psi=1, or kernel before 4.20)"
            ) ?? nil
        var boot = session.bootFacts(meta: meta, memTotal: facts.meminfo?["MemTotal"], kept: bootFacts)
        boot.apply(to: &facts)
        facts.hugepagePools = session.hugepagePools(inMeminfo: facts.meminfo?["HugePages_Total"] != nil)
        facts.zram = session.zramDevices()
        facts.zswap = session.zswapSettings()
        // Who holds locked memory, only when meminfo cannot tell how much of it is shared memory.
        if lockedMemory, LockedShared.needsFacts(facts.meminfo) { facts.lockedMemory = readLockedMemory(&session) }
        if let earlier {
            facts.earlier = CounterSample(
                secondsBefore: max(0, Self.monotonicSeconds() - earlier.time),
                vmstat: earlier.vmstat,
                pressure: earlier.pressure,
                memoryEvents: earlier.memoryEvents
            )
        } else if !isLive {
            facts.earlier = session.earlierSample()
        }
        readOOMFacts(&facts, &session, cursor: earlier?.kernelLog, kept: &boot.oomLog)
        bootFacts = boot
        var snapshot = Snapshot(meta: meta, linux: facts, problems: session.problems)
        if !isLive, meta.pageSizeSource.hasPrefix("inferred") {
            snapshot.problems.append(
                SourceProblem(
                    source: path("/wired-capture.txt"),
                    kind: .missing,
                    message: "no capture record; page size \(meta.pageSize) was inferred from meminfo and vmstat"
                )
            )
        }
        return snapshot
    }
}

/// `/proc/vmstat` and PSI at a moment of the monotonic clock, with the memory cgroups' OOM counters and the
/// kernel log's position.
public struct TimedCounters: Sendable {
    /// Monotonic seconds.
    public var time: Double
    public var vmstat: [String: Int64]
    public var pressure: PressureStall?
    public var memoryEvents: CgroupEvents?
    public var kernelLog: KernelLogCursor?
}

/// The state of one reading: a buffer and the problems met.
struct ReadSession {
    let reader: LinuxReader
    var files = FileReader()
    var problems: [SourceProblem] = []
    var pageSize: Int64 = 4096

    init(reader: LinuxReader) {
        self.reader = reader
        files.regularFilesOnly = !reader.isLive
    }

    /// Reads and parses one file; a failure is recorded and gives `nil`.
    mutating func parse<T>(
        _ absolute: String,
        _ parser: (UnsafeBufferPointer<UInt8>, String) -> Parsed<T>,
        missing: String? = nil,
        quietIfMissing: Bool = false
    ) -> T? {
        let path = reader.path(absolute)
        do {
            let parsed = try files.withContents(of: path, displayPath: path) { parser($0.uint8, path) }
            problems += parsed.problems
            return parsed.value
        } catch let error as ProcError {
            if error.isMissing && quietIfMissing { return nil }
            var problem = error.problem
            if error.isMissing, let missing {
                // A captured tree lacks what was not copied as much as what the kernel lacks.
                problem.message =
                    reader.isLive ? "not present: \(missing)" : "not in the captured tree: not copied, or \(missing)"
            }
            problems.append(problem)
            return nil
        } catch {
            problems.append(SourceProblem(source: path, kind: .unreadable, message: "\(error)"))
            return nil
        }
    }

    /// A captured tree's earlier counters (`wired-earlier/proc/vmstat`, `…/pressure/memory`) and the seconds
    /// between the two samples (`earlier_seconds` in `wired-capture.txt`).
    mutating func earlierSample() -> CounterSample? {
        guard
            let vmstat = parse("/wired-earlier/proc/vmstat", KeyValueParser.parse, quietIfMissing: true),
            let record = parse("/wired-capture.txt", CaptureRecord.parse, quietIfMissing: true),
            let text = record["earlier_seconds"]
        else { return nil }
        // Between 1 ms and a year: rates over a shorter or unknown interval would be meaningless.
        guard let seconds = Double(text), seconds.isFinite, seconds >= 0.001, seconds <= 31_622_400 else {
            problems.append(
                SourceProblem(
                    source: reader.path("/wired-capture.txt"),
                    field: "earlier_seconds",
                    kind: .outOfRange,
                    message: "\(clip(text)) is not an interval between 1 ms and a year; rates are not computed"
                )
            )
            return nil
        }
        let pressure =
            parse("/wired-earlier/proc/pressure/memory", PressureParser.parse, quietIfMissing: true) ?? nil
        let events = FileSystem.exists(reader.path("/wired-earlier/sys")) ? memoryEvents(base: "/wired-earlier") : nil
        return CounterSample(secondsBefore: seconds, vmstat: vmstat, pressure: pressure, memoryEvents: events)
    }

    /// The first line of a small file, trimmed.
    mutating func text(_ absolute: String, quietIfMissing: Bool = false) -> String? {
        parse(
            absolute,
            { buffer, _ in Parsed(value: buffer[...].trimmingNewlines.string, problems: []) },
            quietIfMissing: quietIfMissing
        )
    }

    /// A file holding one decimal number within `bound`.
    mutating func number(_ absolute: String, bound: Bound, quietIfMissing: Bool = false) -> Int64? {
        let field = absolute.split(separator: "/").last.map(String.init)
        return parse(
            absolute,
            { buffer, path in SysfsParsers.number(buffer, path: path, field: field, bound: bound) },
            quietIfMissing: quietIfMissing
        ) ?? nil
    }

    /// Host, kernel, architecture, page size and time of the reading.
    mutating func readMeta() -> SnapshotMeta {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        var takenAt = Timestamp(seconds: Int64(now.tv_sec), nanoseconds: Int32(now.tv_nsec))
        var capture: [String: String] = [:]
        if !reader.isLive {
            capture = parse("/wired-capture.txt", CaptureRecord.parse, quietIfMissing: true) ?? [:]
            if let captured = capturedAt(capture) { takenAt = captured }
        }
        let hostname = text("/proc/sys/kernel/hostname") ?? "unknown"
        let release = text("/proc/sys/kernel/osrelease") ?? "unknown"
        var arch = text("/proc/sys/kernel/arch", quietIfMissing: true) ?? capture["arch"]
        if arch == nil, reader.isLive { arch = Self.unameMachine() }
        let bootID = text("/proc/sys/kernel/random/boot_id", quietIfMissing: true)
        let uptime = uptimeSeconds()
        let pageSizeSource = readPageSize(capture)
        return SnapshotMeta(
            hostname: hostname,
            os: .linux,
            kernel: release,
            arch: arch ?? "unknown",
            pageSize: pageSize,
            pageSizeSource: pageSizeSource,
            takenAt: takenAt,
            bootID: bootID,
            uptimeSeconds: uptime,
            toolVersion: WiredVersion.current,
            source: reader.isLive ? "live" : "root \(reader.root)"
        )
    }

    /// `captured_at` of a tree's capture record, when it is a time within ``Bound/seconds``.
    mutating func capturedAt(_ capture: [String: String]) -> Timestamp? {
        guard let text = capture["captured_at"] else { return nil }
        if let seconds = Int64(text), Bound.seconds.contains(seconds) { return Timestamp(seconds: seconds) }
        problems.append(
            SourceProblem.outOfRange(
                source: reader.path("/wired-capture.txt"),
                field: "captured_at",
                value: text,
                bound: .seconds,
                consequence: "the time of reading is shown instead"
            )
        )
        return nil
    }

    /// The first number of `/proc/uptime`, within ``Bound/seconds``.
    mutating func uptimeSeconds() -> Double? {
        parse(
            "/proc/uptime",
            { buffer, path -> Parsed<Double?> in
                guard let first = buffer[...].fields.first, let seconds = first.double else {
                    return Parsed(value: nil, problems: [])
                }
                guard Bound.seconds.contains(seconds) else {
                    let problem = SourceProblem.outOfRange(
                        source: path,
                        field: "uptime",
                        value: clip(first.string),
                        bound: .seconds
                    )
                    return Parsed(value: nil, problems: [problem])
                }
                return Parsed(value: seconds, problems: [])
            },
            quietIfMissing: true
        ) ?? nil
    }

    /// Sets ``pageSize``: `sysconf` live, a tree's capture record, or inferred; returns where it came from.
    mutating func readPageSize(_ capture: [String: String]) -> String {
        if reader.isLive {
            pageSize = Int64(sysconf(Int32(_SC_PAGESIZE)))
            return "sysconf"
        }
        if let recorded = capture["page_size"].flatMap({ Int64($0) }), Bound.pageSize.contains(recorded) {
            pageSize = recorded
            return "capture record (wired-capture.txt)"
        }
        if let text = capture["page_size"] {
            problems.append(
                SourceProblem.outOfRange(
                    source: reader.path("/wired-capture.txt"),
                    field: "page_size",
                    value: text,
                    bound: .pageSize,
                    consequence: "the page size is inferred instead"
                )
            )
        }
        pageSize = inferPageSize() ?? 4096
        return "inferred from /proc/meminfo and /proc/vmstat"
    }

    /// Guesses the page size of a captured tree from fields meminfo prints in kB and vmstat in pages.
    mutating func inferPageSize() -> Int64? {
        var quiet = ReadSession(reader: reader)
        guard let meminfo = quiet.parse("/proc/meminfo", MeminfoParser.parse),
            let vmstat = quiet.parse("/proc/vmstat", KeyValueParser.parse)
        else { return nil }
        let pairs = [("Cached", "nr_file_pages"), ("PageTables", "nr_page_table_pages"), ("Mapped", "nr_mapped")]
        for (kb, pages) in pairs {
            guard let bytes = meminfo[kb], let count = vmstat[pages], count > 64 else { continue }
            let ratio = Double(bytes) / Double(count)
            for candidate: Int64 in [4096, 16384, 65536] where abs(ratio / Double(candidate) - 1) < 0.25 {
                return candidate
            }
        }
        return nil
    }

    static func unameMachine() -> String? {
        var name = utsname()
        guard uname(&name) == 0 else { return nil }
        return withUnsafePointer(to: name.machine) {
            $0.withMemoryRebound(to: CChar.self, capacity: MemoryLayout.size(ofValue: name.machine)) {
                String(cString: $0)
            }
        }
    }

    mutating func possibleCPUs() -> Int? {
        parse("/sys/devices/system/cpu/possible", CPUListParser.parse) ?? nil
    }

    /// Pages per CPU × CPUs × page size, when it fits the byte bound; otherwise a problem and `nil`.
    mutating func percpuFirstChunk(pages: Int64, cpus: Int, pageSize: Int64) -> Int64? {
        if Bound.pages.contains(pages), let perCPU = Checked.multiply(pages, pageSize),
            let bytes = Checked.multiply(perCPU, Int64(cpus)), Bound.bytes.contains(bytes)
        {
            return bytes
        }
        problems.append(
            SourceProblem.outOfRange(
                source: reader.path("/dev/kmsg"),
                field: "percpu",
                value: "\(pages) pages/cpu × \(cpus) CPUs",
                bound: .bytes,
                consequence: "the per-CPU first chunk is left out"
            )
        )
        return nil
    }

    /// Installed RAM from DMI, memory blocks and the firmware memory map.
    mutating func installed() -> InstalledFacts {
        var facts = InstalledFacts()
        let dmiPath = reader.path("/sys/firmware/dmi/tables/DMI")
        if let dmi = parse(
            "/sys/firmware/dmi/tables/DMI",
            DMIParser.memoryDevices,
            missing: "no DMI table (common in virtual machines); installed RAM is estimated"
        ) {
            if let dmi {
                facts.dmiBytes = dmi.bytes
                facts.dmiDevices = dmi.devices
            } else if !problems.contains(where: { $0.source == dmiPath && $0.kind == .outOfRange }) {
                problems.append(
                    SourceProblem(
                        source: dmiPath,
                        kind: .missing,
                        message: "the DMI table lists no populated memory device"
                    )
                )
            }
        }
        let memoryDir = "/sys/devices/system/memory"
        if let blockSize = parse(memoryDir + "/block_size_bytes", SysfsParsers.blockSize) ?? nil {
            do {
                var online = 0
                var offline = 0
                for name in try FileSystem.list(reader.path(memoryDir))
                where name.hasPrefix("memory") && name.dropFirst(6).allSatisfy(\.isNumber) {
                    let state = text("\(memoryDir)/\(name)/state", quietIfMissing: true)
                    if state == "offline" { offline += 1 } else { online += 1 }
                }
                facts.memoryBlockBytes = blockSize
                facts.memoryBlocksOnline = online
                facts.memoryBlocksOffline = offline
            } catch let error as ProcError {
                problems.append(error.problem)
            } catch {}
        }
        facts.firmwareRAMBytes = firmwareRAM()
        return facts
    }

    /// Σ "System RAM" ranges in `/sys/firmware/memmap`; addresses within ``Bound/address``, the sum within
    /// ``Bound/bytes``.
    mutating func firmwareRAM() -> Int64? {
        let mapDir = "/sys/firmware/memmap"
        func address(_ entry: String, _ name: String) -> Int64? {
            text("\(mapDir)/\(entry)/\(name)").flatMap { text in withBytes(of: text) { $0[...].hexadecimal.value } }
        }
        do {
            var ram: Int64 = 0
            for entry in try FileSystem.list(reader.path(mapDir)) {
                guard let type = text("\(mapDir)/\(entry)/type"), type == "System RAM",
                    let start = address(entry, "start"), let end = address(entry, "end"), end >= start
                else { continue }
                guard Bound.address.contains(end), let sum = Checked.add(ram, end - start + 1),
                    Bound.bytes.contains(sum)
                else {
                    problems.append(
                        SourceProblem.outOfRange(
                            source: reader.path("\(mapDir)/\(entry)"),
                            field: "end",
                            value: "0x" + String(end, radix: 16),
                            bound: .address,
                            consequence: "the firmware map is left out"
                        )
                    )
                    return nil
                }
                ram = sum
            }
            return ram > 0 ? ram : nil
        } catch let error as ProcError {
            problems.append(error.problem)
        } catch {}
        return nil
    }

    /// Whether kernel stacks are vmalloc'd: `/proc/config.gz`, `/boot/config-RELEASE`, else the arch default.
    mutating func vmapStack(release: String, arch: String) -> KernelConfigFact {
        let option = "CONFIG_VMAP_STACK"
        if let enabled = kernelConfigGz(option) {
            return KernelConfigFact(enabled: enabled, source: "/proc/config.gz")
        }
        let bootPath = "/boot/config-\(release)"
        if let enabled = parse(
            bootPath,
            { buffer, _ in
                Parsed(value: KernelConfigParser.isEnabled(option, in: buffer), problems: [])
            },
            quietIfMissing: true
        ) {
            return KernelConfigFact(enabled: enabled, source: bootPath)
        }
        let byDefault = KernelDefaults.vmapStack(arch: arch, release: release)
        let version = KernelVersion(release: release).map { " \($0)" } ?? ""
        return KernelConfigFact(enabled: byDefault, source: "no kernel config readable; default for \(arch)\(version)")
    }

    /// Whether `option` is on in `/proc/config.gz`; `nil` when there is no readable config there.
    ///
    /// The file is read up to ``FileLimits/configCompressed`` and inflated in 16 KiB chunks only until the
    /// option's line, at most ``FileLimits/configInflated`` bytes: a real config is about 270 KiB. (Inflating
    /// without a cap let a 16 MiB `config.gz` of zeros in a tree, 16 GiB inflated, cost 49 s in every view.)
    mutating func kernelConfigGz(_ option: String) -> Bool? {
        let gzPath = reader.path("/proc/config.gz")
        do {
            let compressed = try files.bytes(of: gzPath, displayPath: gzPath)
            var scanner = KernelConfigScanner(option: option)
            try Gzip.decompress(compressed, limit: FileLimits.configInflated) { scanner.feed($0) }
            return scanner.found ?? false
        } catch let error as ProcError where error.isMissing {
            // No config.gz (CONFIG_IKCONFIG_PROC off): the caller tries /boot.
        } catch let error as ProcError {
            problems.append(error.problem)
        } catch let failure as Gzip.Failure where failure.exceededLimit {
            problems.append(
                SourceProblem(
                    source: gzPath,
                    field: option,
                    kind: .malformed,
                    message:
                        "no \(option) line in the first \(FileLimits.describe(FileLimits.configInflated)) inflated (a kernel config is about 270 KiB): not read further"
                )
            )
        } catch {
            problems.append(SourceProblem(source: gzPath, kind: .malformed, message: "cannot decompress: \(error)"))
        }
        return nil
    }

    /// Pages per CPU of the percpu first chunk, from the kernel log.
    mutating func percpuPagesPerCPU() -> Int64? {
        let path = reader.path("/dev/kmsg")
        if FileSystem.isKernelLogDevice(path) {
            let fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
            guard fd >= 0 else {
                let error = ProcError(operation: .open, path: path, errno: .current)
                var problem = error.problem
                problem.message += "; the per-CPU first chunk cannot be sized"
                problems.append(problem)
                return nil
            }
            defer { close(fd) }
            var record = [UInt8](repeating: 0, count: 8192)
            // The line is among the first boot messages; stop at the first match or the end of the buffer.
            for _ in 0..<4096 {
                let got = record.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
                if got < 0 {
                    if errno == EPIPE { continue }  // overwritten records: keep reading
                    break
                }
                if got == 0 { break }
                let pages = record.withUnsafeBufferPointer { KernelLogParser.percpuPagesPerCPU(inRecord: $0[0..<got]) }
                if let pages { return pages }
            }
            problems.append(
                SourceProblem(
                    source: path,
                    field: "percpu",
                    kind: .missing,
                    message: "the boot message sizing the per-CPU first chunk has left the kernel log"
                )
            )
            return nil
        }
        return parse(
            "/dev/kmsg",
            { buffer, path in
                for line in LineSplitter(buffer).lines {
                    if let pages = KernelLogParser.percpuPagesPerCPU(inRecord: line) {
                        return Parsed(value: pages, problems: [])
                    }
                }
                return Parsed(
                    value: nil,
                    problems: [
                        SourceProblem(
                            source: path,
                            field: "percpu",
                            kind: .missing,
                            message: "no \"percpu: … pages/cpu\" line"
                        )
                    ]
                )
            }
        ) ?? nil
    }

    /// HugeTLB pools by page size; `inMeminfo` when `/proc/meminfo` has the default pool's `HugePages_*` lines,
    /// which the ledger then uses.
    mutating func hugepagePools(inMeminfo: Bool) -> [HugepagePool]? {
        let dir = "/sys/kernel/mm/hugepages"
        let names: [String]
        do {
            names = try FileSystem.list(reader.path(dir))
        } catch let error as ProcError {
            var problem = error.problem
            if error.isMissing {
                let fallback = inMeminfo ? "; the default pool is taken from HugePages_* in /proc/meminfo" : ""
                problem.message =
                    (reader.isLive
                        ? "not present: this kernel has no HugeTLB support"
                        : "not in the captured tree: not copied, or the kernel has no HugeTLB support") + fallback
            }
            problems.append(problem)
            return nil
        } catch {
            return nil
        }
        var pools: [HugepagePool] = []
        for name in names.sorted() where name.hasPrefix("hugepages-") && name.hasSuffix("kB") {
            let size = name.dropFirst("hugepages-".count).dropLast(2)
            guard let kib = Int64(size) else { continue }
            let base = "\(dir)/\(name)/"
            guard kib > 0, Bound.kibibytes.contains(kib) else {
                problems.append(
                    SourceProblem.outOfRange(
                        source: reader.path(dir + "/" + name),
                        field: "page size",
                        value: "\(size) kB",
                        bound: .kibibytes,
                        consequence: "this pool is left out"
                    )
                )
                continue
            }
            guard let total = number(base + "nr_hugepages", bound: .pages),
                let free = number(base + "free_hugepages", bound: .pages)
            else {
                continue
            }
            let pool = HugepagePool(
                pageBytes: kib * 1024,
                total: total,
                free: free,
                reserved: number(base + "resv_hugepages", bound: .pages) ?? 0,
                surplus: number(base + "surplus_hugepages", bound: .pages) ?? 0
            )
            checkPool(pool, base: base)
            pools.append(pool)
        }
        return pools
    }

    /// Reports counts of a pool that contradict each other.
    ///
    /// Free above the total, reserved above free, surplus above the total: the pool is kept, and the ledger
    /// marks its lines untrusted.
    mutating func checkPool(_ pool: HugepagePool, base: String) {
        let checks = [
            ("free_hugepages", pool.free, "nr_hugepages", pool.total),
            ("resv_hugepages", pool.reserved, "free_hugepages", pool.free),
            ("surplus_hugepages", pool.surplus, "nr_hugepages", pool.total),
        ]
        for (field, value, other, limit) in checks where value > limit {
            problems.append(
                SourceProblem(
                    source: reader.path(base + field),
                    field: field,
                    kind: .inconsistent,
                    message: "\(field) (\(value)) is above \(other) (\(limit)), which the kernel never reports"
                )
            )
        }
    }

    /// zram devices with their memory statistics.
    mutating func zramDevices() -> [ZramDevice]? {
        guard let names = try? FileSystem.list(reader.path("/sys/block")) else { return nil }
        var devices: [ZramDevice] = []
        for name in names.sorted() where name.hasPrefix("zram") {
            let base = "/sys/block/\(name)/"
            guard let stat = parse(base + "mm_stat", SysfsParsers.zramStat, quietIfMissing: true) ?? nil else {
                continue
            }
            let diskSize = number(base + "disksize", bound: .bytes, quietIfMissing: true) ?? 0
            if diskSize == 0 && stat[2] == 0 { continue }  // an unconfigured device
            devices.append(
                ZramDevice(
                    name: name,
                    diskSize: diskSize,
                    originalBytes: stat[0],
                    compressedBytes: stat[1],
                    memUsedBytes: stat[2]
                )
            )
        }
        return devices
    }

    /// zswap parameters, or `nil` when the kernel has no zswap.
    mutating func zswapSettings() -> ZswapSettings? {
        let dir = "/sys/module/zswap/parameters/"
        guard let enabled = text(dir + "enabled", quietIfMissing: true) else { return nil }
        return ZswapSettings(
            enabled: enabled == "Y" || enabled == "1",
            compressor: text(dir + "compressor", quietIfMissing: true),
            zpool: text(dir + "zpool", quietIfMissing: true),
            maxPoolPercent: number(dir + "max_pool_percent", bound: .percent, quietIfMissing: true).map { Int($0) }
        )
    }
}

/// The `wired-capture.txt` record a captured tree carries: `key=value` lines.
enum CaptureRecord {
    static func parse(_ buffer: UnsafeBufferPointer<UInt8>, path: String) -> Parsed<[String: String]> {
        var values: [String: String] = [:]
        for line in LineSplitter(buffer).lines {
            guard let equals = line.index(of: UInt8(ascii: "=")) else { continue }
            values[line[line.startIndex..<equals].trimmed.string] = line[(equals + 1)..<line.endIndex].trimmed.string
        }
        return Parsed(value: values, problems: [])
    }
}

/// Parsers of one-value sysfs files; what is wrong is one problem naming the file.
enum SysfsParsers {
    /// No value, and `problem`.
    static func refused<T>(_ problem: SourceProblem) -> Parsed<T?> { Parsed(value: nil, problems: [problem]) }

    /// One decimal number within `bound` (`field` names it when out of range).
    static func number(_ buffer: UnsafeBufferPointer<UInt8>, path: String, field: String?, bound: Bound) -> Parsed<
        Int64?
    > {
        let text = buffer[...].trimmingNewlines
        switch text.decimal {
        case .value(let v) where !bound.contains(v):
            return refused(SourceProblem.outOfRange(source: path, field: field, value: "\(v)", bound: bound))
        case .value(let v): return Parsed(value: v, problems: [])
        case .overflow:
            let message = "\(clip(text.string)) does not fit in 64 bits"
            return refused(SourceProblem(source: path, kind: .outOfRange, message: message))
        case .invalid:
            let message = "\"\(clip(text.string))\" is not a number"
            return refused(SourceProblem(source: path, kind: .malformed, message: message))
        }
    }

    /// `/sys/devices/system/memory/block_size_bytes`: a hexadecimal size above zero, within ``Bound/bytes``.
    static func blockSize(_ buffer: UnsafeBufferPointer<UInt8>, path: String) -> Parsed<Int64?> {
        let text = buffer[...].trimmingNewlines
        guard let value = text.hexadecimal.value else {
            return refused(SourceProblem(source: path, kind: .malformed, message: "not a hexadecimal size"))
        }
        guard value > 0, Bound.bytes.contains(value) else {
            let hex = "0x" + clip(text.string)
            return refused(SourceProblem.outOfRange(source: path, field: "block_size_bytes", value: hex, bound: .bytes))
        }
        return Parsed(value: value, problems: [])
    }

    /// A zram device's `mm_stat`: at least 3 numbers (original, compressed and used bytes) within ``Bound/bytes``.
    static func zramStat(_ buffer: UnsafeBufferPointer<UInt8>, path: String) -> Parsed<[Int64]?> {
        let fields = buffer[...].fields.compactMap { $0.decimal.value }
        if let bad = fields.prefix(3).first(where: { !Bound.bytes.contains($0) }) {
            return refused(SourceProblem.outOfRange(source: path, field: "mm_stat", value: "\(bad)", bound: .bytes))
        }
        guard fields.count >= 3 else {
            return refused(SourceProblem(source: path, kind: .malformed, message: "expected at least 3 numbers"))
        }
        return Parsed(value: fields, problems: [])
    }
}
