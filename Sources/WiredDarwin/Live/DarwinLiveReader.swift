#if canImport(Darwin)
import Darwin
public import WiredCore

/// Reads the running Mac into the same ``DarwinFacts`` that decoded captures fill, so every figure the views show
/// is computed by code the Linux tests cover.
///
/// Kept to plain calls: `host_statistics64`, `sysctlbyname`, `proc_pid_rusage`, `proc_pidinfo`. Not yet tested on a
/// Mac (README).
public enum DarwinLiveReader {
    /// A reading of this Mac; `processes` adds every process's footprint, wired size and threads;
    /// `interval` seconds between two samples of the counters give paging rates.
    public static func read(processes: Bool, interval: Double, toolVersion: String) -> Snapshot {
        DarwinHost().read(processes: processes, interval: interval, toolVersion: toolVersion)
    }

    /// A reading through `host`, the host port a ``DarwinHost`` holds.
    static func read(host: mach_port_t, processes: Bool, interval: Double, toolVersion: String) -> Snapshot {
        var facts = DarwinFacts()
        var problems: [SourceProblem] = []
        let pageSize = Int64(vm_kernel_page_size)
        var first: vm_statistics64?
        if interval > 0 {
            first = sample(host).stats
            let whole = Checked.integer(interval) ?? 0
            let fraction = Checked.integer((interval - Double(whole)) * 1e9) ?? 0
            var request = timespec(tv_sec: Int(whole), tv_nsec: Int(fraction))
            var remaining = timespec()
            while nanosleep(&request, &remaining) != 0, errno == EINTR { request = remaining }
        }
        let (stats, result) = sample(host)
        if let stats {
            facts.vm = statistics(stats, pageSize: pageSize)
            if let first { facts.activity = activity(from: first, to: stats, seconds: interval, pageSize: pageSize) }
        } else {
            problems.append(
                SourceProblem(
                    source: "host_statistics64",
                    kind: .unreadable,
                    message: "HOST_VM_INFO64 failed (kern_return \(result)): no VM counters"
                )
            )
        }

        facts.memsize = number("hw.memsize")
        facts.memsizeSource = facts.memsize.map { _ in "hw.memsize (sysctl)" }
        facts.memsizeUsable = number("hw.memsize_usable")
        facts.pressureLevel = number("kern.memorystatus_vm_pressure_level").map { Int($0) }
        facts.memorystatusLevel = number("kern.memorystatus_level").map { Int($0) }
        var swap = xsw_usage()
        var size = MemoryLayout<xsw_usage>.size
        if sysctlbyname("vm.swapusage", &swap, &size, nil, 0) == 0 {
            facts.swap = SwapUsage(
                total: Int64(exactly: swap.xsu_total) ?? .max,
                used: Int64(exactly: swap.xsu_used) ?? .max,
                free: Int64(exactly: swap.xsu_avail) ?? .max,
                encrypted: swap.xsu_encrypted != 0
            )
        }
        for name in ["kern.hostname", "kern.osrelease", "kern.osproductversion", "hw.machine", "hw.model"] {
            if let value = text(name) { facts.sysctl[name] = value }
        }
        var boot = timeval()
        size = MemoryLayout<timeval>.size
        let booted = sysctlbyname("kern.boottime", &boot, &size, nil, 0) == 0 ? Int64(boot.tv_sec) : nil
        if processes { facts.processes = readProcesses() }

        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        let meta = SnapshotMeta(
            hostname: facts.sysctl["kern.hostname"] ?? "unknown host",
            os: .macOS,
            kernel: facts.sysctl["kern.osrelease"].map { "Darwin \($0)" } ?? "unknown",
            arch: facts.sysctl["hw.machine"] ?? "unknown",
            pageSize: pageSize,
            pageSizeSource: "vm_kernel_page_size",
            takenAt: Timestamp(seconds: Int64(now.tv_sec), nanoseconds: Int32(now.tv_nsec)),
            bootID: booted.map { "kern.boottime \($0)" },
            uptimeSeconds: booted.map { Double(Int64(now.tv_sec) - $0) },
            toolVersion: toolVersion,
            source: "live"
        )
        return Snapshot(meta: meta, darwin: facts, problems: problems)
    }

    /// The counters of one `host_statistics64(HOST_VM_INFO64)` sample, in pages.
    static func statistics(_ stats: vm_statistics64, pageSize: Int64) -> VMStatistics {
        var vm = VMStatistics(pageSize: pageSize, era: .compressor, source: "host_statistics64")
        // The kernel's free_count includes speculative pages; vm_stat prints them apart.
        vm.free = Int64(stats.free_count) - Int64(stats.speculative_count)
        vm.active = Int64(stats.active_count)
        vm.inactive = Int64(stats.inactive_count)
        vm.speculative = Int64(stats.speculative_count)
        vm.throttled = Int64(stats.throttled_count)
        vm.wired = Int64(stats.wire_count)
        vm.purgeable = Int64(stats.purgeable_count)
        vm.fileBacked = Int64(stats.external_page_count)
        vm.anonymous = Int64(stats.internal_page_count)
        vm.storedInCompressor = Int64(exactly: stats.total_uncompressed_pages_in_compressor)
        vm.compressorPages = Int64(stats.compressor_page_count)
        vm.faults = Int64(exactly: stats.faults)
        vm.copyOnWrite = Int64(exactly: stats.cow_faults)
        vm.zeroFilled = Int64(exactly: stats.zero_fill_count)
        vm.reactivated = Int64(exactly: stats.reactivations)
        vm.purged = Int64(exactly: stats.purges)
        vm.decompressions = Int64(exactly: stats.decompressions)
        vm.compressions = Int64(exactly: stats.compressions)
        vm.pageins = Int64(exactly: stats.pageins)
        vm.pageouts = Int64(exactly: stats.pageouts)
        vm.swapins = Int64(exactly: stats.swapins)
        vm.swapouts = Int64(exactly: stats.swapouts)
        return vm
    }

    /// The page events between two samples `seconds` apart.
    static func activity(
        from first: vm_statistics64,
        to stats: vm_statistics64,
        seconds: Double,
        pageSize: Int64
    ) -> VMActivity {
        var activity = VMActivity(seconds: seconds, source: "two host_statistics64 samples", pageSize: pageSize)
        // A counter that went backwards gives no count (never a negative one).
        func delta(_ later: UInt64, _ earlier: UInt64) -> Int64? {
            later >= earlier ? Int64(exactly: later - earlier) : nil
        }
        activity.pageins = delta(UInt64(stats.pageins), UInt64(first.pageins))
        activity.pageouts = delta(UInt64(stats.pageouts), UInt64(first.pageouts))
        activity.swapins = delta(UInt64(stats.swapins), UInt64(first.swapins))
        activity.swapouts = delta(UInt64(stats.swapouts), UInt64(first.swapouts))
        activity.compressions = delta(UInt64(stats.compressions), UInt64(first.compressions))
        activity.decompressions = delta(UInt64(stats.decompressions), UInt64(first.decompressions))
        return activity
    }

    /// One `host_statistics64(HOST_VM_INFO64)` sample (`nil` when it failed), and the call's result.
    static func sample(_ host: mach_port_t) -> (stats: vm_statistics64?, result: kern_return_t) {
        var stats = vm_statistics64()
        var count = mach_msg_type_number_t(MemoryLayout<vm_statistics64>.size / MemoryLayout<integer_t>.size)
        let result = withUnsafeMutablePointer(to: &stats) {
            $0.withMemoryRebound(to: integer_t.self, capacity: Int(count)) {
                host_statistics64(host, HOST_VM_INFO64, $0, &count)
            }
        }
        return (result == KERN_SUCCESS ? stats : nil, result)
    }

    /// An integer sysctl of 4 or 8 bytes.
    static func number(_ name: String) -> Int64? {
        var buffer: UInt64 = 0
        var size = MemoryLayout<UInt64>.size
        guard sysctlbyname(name, &buffer, &size, nil, 0) == 0 else { return nil }
        switch size {
        case 4: return Int64(UInt32(truncatingIfNeeded: buffer))
        case 8: return Int64(bitPattern: buffer)
        default: return nil
        }
    }

    /// A string sysctl.
    static func text(_ name: String) -> String? {
        var size = 0
        guard sysctlbyname(name, nil, &size, nil, 0) == 0, size > 0 else { return nil }
        var buffer = [CChar](repeating: 0, count: size + 1)
        guard sysctlbyname(name, &buffer, &size, nil, 0) == 0 else { return nil }
        return String(cString: buffer)
    }

    /// Every process this user may inspect: `phys_footprint`, wired and resident size (proc_pid_rusage), threads
    /// (PROC_PIDTASKINFO), owner (PROC_PIDTBSDINFO).
    ///
    /// Others are skipped.
    static func readProcesses() -> [DarwinProcess] {
        let capacity = Int(proc_listallpids(nil, 0)) + 64
        var pids = [Int32](repeating: 0, count: max(capacity, 64))
        let listed = Int(proc_listallpids(&pids, Int32(pids.count * MemoryLayout<Int32>.size)))
        var result: [DarwinProcess] = []
        for pid in pids.prefix(max(0, listed)) where pid > 0 {
            var usage = rusage_info_v4()
            let ok = withUnsafeMutablePointer(to: &usage) {
                $0.withMemoryRebound(to: rusage_info_t?.self, capacity: 1) { proc_pid_rusage(pid, RUSAGE_INFO_V4, $0) }
            }
            guard ok == 0 else { continue }
            var nameBuffer = [CChar](repeating: 0, count: 256)
            _ = proc_name(pid, &nameBuffer, UInt32(nameBuffer.count))
            var process = DarwinProcess(pid: pid, name: String(cString: nameBuffer), source: "proc_pid_rusage")
            process.footprint = Int64(exactly: usage.ri_phys_footprint)
            process.footprintPeak = Int64(exactly: usage.ri_lifetime_max_phys_footprint)
            process.wired = Int64(exactly: usage.ri_wired_size)
            process.resident = Int64(exactly: usage.ri_resident_size)
            var task = proc_taskinfo()
            if proc_pidinfo(pid, PROC_PIDTASKINFO, 0, &task, Int32(MemoryLayout<proc_taskinfo>.size))
                == Int32(MemoryLayout<proc_taskinfo>.size)
            {
                process.threads = Int(task.pti_threadnum)
            }
            var bsd = proc_bsdinfo()
            if proc_pidinfo(pid, PROC_PIDTBSDINFO, 0, &bsd, Int32(MemoryLayout<proc_bsdinfo>.size))
                == Int32(MemoryLayout<proc_bsdinfo>.size)
            {
                process.uid = bsd.pbi_uid
                if let entry = getpwuid(bsd.pbi_uid) { process.user = String(cString: entry.pointee.pw_name) }
            }
            result.append(process)
        }
        return result.sorted { $0.pid < $1.pid }
    }
}

/// The host port of this Mac, fetched once (`mach_host_self()`) and released when the holder goes: a reader that
/// reads every second for weeks must not take a new send right each time.
public final class DarwinHost: @unchecked Sendable {
    let port: mach_port_t

    /// Takes the host port.
    public init() { port = mach_host_self() }

    deinit { mach_port_deallocate(mach_task_self_, port) }

    /// A reading of this Mac (``DarwinLiveReader/read(processes:interval:toolVersion:)``) through this port.
    public func read(processes: Bool, interval: Double, toolVersion: String) -> Snapshot {
        DarwinLiveReader.read(host: port, processes: processes, interval: interval, toolVersion: toolVersion)
    }
}
#endif
