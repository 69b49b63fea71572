/// The checks of ``SnapshotValidation`` for the facts of a Linux kernel.
extension Validator {
    /// `/proc/vmstat` keys the ledger turns into bytes (page counts); every other key counts events.
    static func isPageGauge(_ key: String) -> Bool {
        key.hasPrefix("nr_")
            && !["nr_dirtied", "nr_written", "nr_foll_pin_acquired", "nr_foll_pin_released"].contains(key)
    }

    /// `/proc/meminfo` keys that are plain counts of huge pages (the others are bytes).
    static func isHugePageCount(_ key: String) -> Bool { key.hasPrefix("HugePages_") }

    /// Checks the facts of a reading whose pages are `pageSize` bytes (already checked).
    mutating func linux(_ facts: inout LinuxFacts, pageSize: Int64) {
        facts.carried = carried(facts.carried, "linux")
        if let meminfo = facts.meminfo {
            facts.meminfo = table(meminfo, .bytes, "/proc/meminfo", pages: Self.isHugePageCount, pageSize: 0)
        }
        if let vmstat = facts.vmstat {
            facts.vmstat = table(vmstat, .counter, "/proc/vmstat", pages: Self.isPageGauge, pageSize: pageSize)
        }
        facts.zones = facts.zones?.filter { zone in
            let counts = [
                zone.free, zone.min, zone.low, zone.high, zone.present, zone.managed ?? 0, zone.maxProtection,
                zone.perCPUFree,
            ]
            let name = "Node \(zone.node), zone \(zone.name)"
            return keeps(counts, .pages, "/proc/zoneinfo", name) && fits(counts, of: pageSize, "/proc/zoneinfo", name)
        }
        installed(&facts.installed)
        facts.percpuFirstChunkBytes = bounded(facts.percpuFirstChunkBytes, .bytes, "/dev/kmsg", "percpu")
        facts.possibleCPUs = bounded(facts.possibleCPUs, .cpus, "/sys/devices/system/cpu/possible", "possible")
        facts.crashKernelBytes = bounded(facts.crashKernelBytes, .bytes, "/sys/kernel/kexec_crash_size", "size")
        facts.hugepagePools = facts.hugepagePools?.filter { hugepagePool($0) }
        facts.zram = facts.zram?.filter { device in
            keeps(
                [device.diskSize, device.originalBytes, device.compressedBytes, device.memUsedBytes],
                .bytes,
                "/sys/block/\(device.name)/mm_stat",
                device.name
            )
        }
        if let percent = facts.zswap?.maxPoolPercent {
            let path = "/sys/module/zswap/parameters/max_pool_percent"
            facts.zswap?.maxPoolPercent = bounded(percent, .percent, path, "max_pool_percent")
        }
        facts.swaps = facts.swaps?.filter { swapArea($0) }
        evidence(&facts)
        for contradiction in LinuxConsistency.contradictions(facts, pageSize: pageSize) {
            inconsistent(contradiction.source, contradiction.field, contradiction.message)
        }
        facts.pressure = facts.pressure.flatMap { pressure($0, "/proc/pressure/memory") }
        if var earlier = facts.earlier {
            facts.earlier = self.earlier(&earlier, now: facts, pageSize: pageSize) ? earlier : nil
        }
    }

    /// The vmallocinfo sum, the task count and the evidence for the unexplained line, within their bounds.
    mutating func evidence(_ facts: inout LinuxFacts) {
        if let sum = facts.vmallocinfo, bounded(sum.bytes, .bytes, "/proc/vmallocinfo", "pages") == nil {
            facts.vmallocinfo = nil
            facts.vmallocinfoMissing = "its pages= sum is out of range"
        }
        facts.tasks = bounded(facts.tasks, .threads, "/proc/loadavg", "tasks")
        guard var evidence = facts.evidence else { return }
        evidence.modules = evidence.modules?.filter { keeps([$0.sizeBytes], .bytes, "/proc/modules", $0.name) }
        if let arc = evidence.zfsARC {
            let sizes = [arc.size, arc.minimum, arc.maximum, arc.data, arc.metadata, arc.chunkWaste].compactMap { $0 }
            if !keeps(sizes, .bytes, "/proc/spl/kstat/zfs/arcstats", "size") { evidence.zfsARC = nil }
        }
        evidence.drmCards = evidence.drmCards?.map { card in
            var kept = card
            kept.gttUsedBytes = bounded(card.gttUsedBytes, .bytes, "/sys/class/drm/\(card.card)", "mem_info_gtt_used")
            return kept
        }
        facts.evidence = evidence
    }

    mutating func installed(_ installed: inout InstalledFacts) {
        let memory = "/sys/devices/system/memory"
        installed.dmiBytes = bounded(installed.dmiBytes, .bytes, "/sys/firmware/dmi/tables/DMI", "Memory Device sizes")
        installed.dmiDevices = bounded(installed.dmiDevices, .count, "/sys/firmware/dmi/tables/DMI", "Memory Devices")
        installed.memoryBlockBytes = bounded(installed.memoryBlockBytes, .bytes, memory, "block_size_bytes")
        installed.memoryBlocksOnline = bounded(installed.memoryBlocksOnline, .count, memory, "online blocks")
        installed.memoryBlocksOffline = bounded(installed.memoryBlocksOffline, .count, memory, "offline blocks")
        if let size = installed.memoryBlockBytes {
            let blocks = Int64(installed.memoryBlocksOnline ?? 0) + Int64(installed.memoryBlocksOffline ?? 0)
            if !fits([blocks], of: size, memory, "memory blocks") {
                installed.memoryBlockBytes = nil
                installed.memoryBlocksOnline = nil
                installed.memoryBlocksOffline = nil
            }
        }
        installed.firmwareRAMBytes = bounded(installed.firmwareRAMBytes, .bytes, "/sys/firmware/memmap", "System RAM")
    }

    /// Keeps a pool whose numbers are in range; free above the total (and the like) is reported, kept.
    mutating func hugepagePool(_ pool: HugepagePool) -> Bool {
        let path = "/sys/kernel/mm/hugepages/hugepages-\(pool.pageBytes / 1024)kB"
        let counts = [pool.total, pool.free, pool.reserved, pool.surplus]
        guard keeps([pool.pageBytes], .bytes, path, "page size"), pool.pageBytes > 0,
            keeps(counts, .pages, path, "nr_hugepages"), fits(counts, of: pool.pageBytes, path, "nr_hugepages")
        else { return false }
        if pool.free > pool.total {
            inconsistent(
                path + "/free_hugepages",
                "free_hugepages",
                "free_hugepages (\(pool.free)) is above nr_hugepages (\(pool.total)), which the kernel never reports"
            )
        }
        return true
    }

    mutating func swapArea(_ area: SwapArea) -> Bool {
        guard keeps([area.sizeBytes, area.usedBytes], .bytes, "/proc/swaps", area.name) else { return false }
        if area.usedBytes > area.sizeBytes {
            let (used, size) = (area.usedBytes / 1024, area.sizeBytes / 1024)
            inconsistent("/proc/swaps", "\(area.name) Used", "\(used) kB used of a \(size) kB swap area is impossible")
        }
        return true
    }

    /// The PSI record when its averages are percentages and its totals in range.
    mutating func pressure(_ stall: PressureStall, _ path: String) -> PressureStall? {
        for (name, line) in [("some", stall.some), ("full", stall.full)] {
            guard let line else { continue }
            for (field, value) in [("avg10", line.avg10), ("avg60", line.avg60), ("avg300", line.avg300)]
            where !Bound.percent.contains(value) {
                problems.append(
                    .outOfRange(
                        source: path,
                        field: "\(name) \(field)",
                        value: "\(value)",
                        bound: .percent,
                        consequence: "PSI is left out"
                    )
                )
                return nil
            }
            guard keeps([line.totalMicroseconds], .microseconds, path, "\(name) total") else { return nil }
        }
        return stall
    }

    /// Checks the earlier sample; `false` drops it.
    ///
    /// Counters lower than in the later sample are reported.
    mutating func earlier(_ sample: inout CounterSample, now: LinuxFacts, pageSize: Int64) -> Bool {
        let seconds = sample.secondsBefore
        guard seconds.isFinite, seconds >= 0.001, seconds <= 31_622_400 else {
            problems.append(
                SourceProblem(
                    source: "wired-capture.txt",
                    field: "earlier_seconds",
                    kind: .outOfRange,
                    message: "\(seconds) is not an interval between 1 ms and a year; rates are not computed"
                )
            )
            return false
        }
        sample.vmstat = table(
            sample.vmstat,
            .counter,
            "earlier /proc/vmstat",
            pages: Self.isPageGauge,
            pageSize: pageSize
        )
        sample.pressure = sample.pressure.flatMap { pressure($0, "earlier /proc/pressure/memory") }
        for name in PressureAnalysis.backwards(sample, now) {
            inconsistent(
                name.hasPrefix("PSI") ? "/proc/pressure/memory" : "/proc/vmstat",
                name,
                "lower than in the earlier sample: a counter never goes backwards, so no rate is computed"
            )
        }
        return true
    }
}
