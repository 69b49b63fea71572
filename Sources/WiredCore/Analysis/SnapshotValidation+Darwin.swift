/// The checks of ``SnapshotValidation`` for the facts of macOS.
extension Validator {
    mutating func darwin(_ facts: inout DarwinFacts) {
        let files = facts.files
        /// The captured file of `kind`, or the kind itself when the facts came from a live reading.
        func file(_ kind: String) -> String { files.first { $0.kind == kind }?.path ?? kind }
        if var vm = facts.vm {
            facts.vm = self.vm(&vm, source: file(vm.source)) ? vm : nil
        }
        facts.memsize = bounded(facts.memsize, .bytes, facts.memsizeSource ?? file("sysctl"), "hw.memsize")
        facts.memsizeUsable = bounded(facts.memsizeUsable, .bytes, file("sysctl"), "hw.memsize_usable")
        if let swap = facts.swap, !keeps([swap.total, swap.used, swap.free], .bytes, file("sysctl"), "vm.swapusage") {
            facts.swap = nil
        }
        facts.pressureLevel = bounded(
            facts.pressureLevel,
            .percent,
            file("sysctl"),
            "kern.memorystatus_vm_pressure_level"
        )
        facts.memorystatusLevel = bounded(facts.memorystatusLevel, .percent, file("sysctl"), "kern.memorystatus_level")
        facts.freePercentage = bounded(facts.freePercentage, .percent, file("memory_pressure"), "free percentage")
        if var top = facts.top {
            self.top(&top, source: file("top"))
            facts.top = top
        }
        if var zprint = facts.zprint {
            self.zprint(&zprint, source: file("zprint"))
            facts.zprint = zprint
        }
        facts.kexts = facts.kexts?.filter { kext in keeps([kext.size, kext.wired], .bytes, file("kextstat"), kext.name)
        }
        facts.footprintSummary = bounded(facts.footprintSummary, .bytes, file("footprint"), "Summary Footprint")
        facts.processes = facts.processes?.map { process($0, source: file(process: $0)) }
        if var activity = facts.activity {
            self.activity(&activity)
            facts.activity = activity
        }
        func file(process: DarwinProcess) -> String {
            file(process.source.hasPrefix("footprint") ? "footprint" : "top")
        }
    }

    /// Checks the page counters; `false` when the page size itself is impossible.
    mutating func vm(_ vm: inout VMStatistics, source: String) -> Bool {
        guard keeps([vm.pageSize], .pageSize, source, "page size") else { return false }
        let gauges: [WritableKeyPath<VMStatistics, Int64?>] = [
            \.free, \.active, \.inactive, \.speculative, \.throttled, \.wired, \.purgeable, \.fileBacked,
            \.anonymous, \.storedInCompressor, \.compressorPages,
        ]
        let counters: [WritableKeyPath<VMStatistics, Int64?>] = [
            \.faults, \.copyOnWrite, \.zeroFilled, \.reactivated, \.purged, \.decompressions, \.compressions,
            \.pageins, \.pageouts, \.swapins, \.swapouts,
        ]
        for path in gauges {
            let count = bounded(vm[keyPath: path], .pages, source, "page count")
            vm[keyPath: path] = count.flatMap { fits([$0], of: vm.pageSize, source, "page count") ? $0 : nil }
        }
        for path in counters { vm[keyPath: path] = bounded(vm[keyPath: path], .counter, source, "counter") }
        return true
    }

    mutating func top(_ top: inout TopSample, source: String) {
        let sizes: [WritableKeyPath<TopSample, Int64?>] = [
            \.used, \.wired, \.compressor, \.unused, \.active, \.inactive,
        ]
        for path in sizes { top[keyPath: path] = bounded(top[keyPath: path], .bytes, source, "PhysMem") }
        let counts: [WritableKeyPath<TopSample, Int?>] = [\.processes, \.running, \.stuck, \.sleeping, \.threads]
        for path in counts { top[keyPath: path] = bounded(top[keyPath: path], .count, source, "Processes") }
        let swaps: [WritableKeyPath<TopSample, Int64?>] = [\.swapins, \.swapouts, \.swapinsDelta, \.swapoutsDelta]
        for path in swaps { top[keyPath: path] = bounded(top[keyPath: path], .counter, source, "VM") }
    }

    mutating func zprint(_ report: inout ZoneReport, source: String) {
        report.zones = report.zones.filter { zone in
            keeps([zone.elementSize, zone.currentSize, zone.maxSize ?? 0], .bytes, source, zone.name)
                && keeps([zone.currentElements, zone.inUse], .counter, source, zone.name)
        }
        report.sites = report.sites.filter { site in keeps([site.current, site.peak ?? 0], .bytes, source, site.name) }
        report.zonesWired = bounded(report.zonesWired, .bytes, source, "zones")
        report.attributed = bounded(report.attributed, .bytes, source, "total")
        report.totalWired = bounded(report.totalWired, .bytes, source, "total")
        report.counters = table(report.counters, .bytes, source)
    }

    mutating func process(_ facts: DarwinProcess, source: String) -> DarwinProcess {
        var process = facts
        let field = "pid \(process.pid)"
        let sizes: [WritableKeyPath<DarwinProcess, Int64?>] = [
            \.footprint, \.footprintPeak, \.compressed, \.purgeable, \.wired, \.resident,
        ]
        for path in sizes { process[keyPath: path] = bounded(process[keyPath: path], .bytes, source, field) }
        let counts: [WritableKeyPath<DarwinProcess, Int?>] = [\.threads, \.ports, \.regions]
        for path in counts { process[keyPath: path] = bounded(process[keyPath: path], .count, source, field) }
        process.categories = process.categories?.filter { category in
            keeps([category.dirty, category.clean, category.reclaimable], .bytes, source, "\(field) \(category.name)")
                && keeps([Int64(category.regions)], .count, source, "\(field) \(category.name)")
        }
        return process
    }

    mutating func activity(_ activity: inout VMActivity) {
        if let seconds = activity.seconds, !(seconds.isFinite && seconds > 0 && seconds <= 31_622_400) {
            problems.append(
                SourceProblem(
                    source: activity.source,
                    field: "interval",
                    kind: .outOfRange,
                    message: "\(seconds) s is not an interval; the counts are shown without a rate"
                )
            )
            activity.seconds = nil
        }
        if !Bound.pageSize.contains(activity.pageSize) {
            problems.append(
                .outOfRange(
                    source: activity.source,
                    field: "page size",
                    value: "\(activity.pageSize)",
                    bound: .pageSize,
                    consequence: "4096 is assumed"
                )
            )
            activity.pageSize = 4096
        }
        let counts: [WritableKeyPath<VMActivity, Int64?>] = [
            \.pageins, \.pageouts, \.swapins, \.swapouts, \.compressions, \.decompressions,
        ]
        for path in counts {
            activity[keyPath: path] = bounded(activity[keyPath: path], .counter, activity.source, "count")
        }
    }
}
