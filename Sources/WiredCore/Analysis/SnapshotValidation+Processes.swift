/// The checks of ``SnapshotValidation`` for processes and the owners of memory.
extension Validator {
    mutating func processes(_ scan: inout ProcessScan) {
        if !(1...1_000_000).contains(scan.ticksPerSecond) {
            problems.append(
                SourceProblem(
                    source: "snapshot processes",
                    field: "ticksPerSecond",
                    kind: .outOfRange,
                    message: "\(scan.ticksPerSecond) clock ticks per second is impossible; 100 (USER_HZ) is assumed"
                )
            )
            scan.ticksPerSecond = 100
        }
        scan.bootTime = bounded(scan.bootTime, .seconds, "/proc/stat", "btime")
        // In place, and only the processes with something to leave out: a live reading has a thousand, all
        // plausible, and copying each (or naming its files) every second was most of this check's cost.
        let repairs = scan.processes.withUnsafeBufferPointer { processes in
            processes.indices.filter { !Self.isPlausible(processes[$0]) }
        }
        for index in repairs { scan.processes[index] = process(scan.processes[index]) }
    }

    /// True when ``process(_:)`` would find nothing out of range or impossible in `process`.
    static func isPlausible(_ process: ProcessFacts) -> Bool {
        guard process.startTime <= UInt64(Bound.counter.range.upperBound),
            Bound.threads.contains(Int64(process.threads))
        else { return false }
        for size in StatusSize.allCases {
            if let value = process.sizes[size], !Bound.bytes.contains(value) { return false }
        }
        guard let rollup = process.smaps else { return true }
        for field in SmapsField.allCases {
            if let value = rollup[field], !Bound.bytes.contains(value) { return false }
        }
        return rollup.impossibility == nil
    }

    /// The process with its impossible numbers left out.
    ///
    /// No process is removed: views find processes by their position in the scan (command lines read later
    /// through ``ProcessScan`` indices), so an impossible start time becomes 0 (unknown) with a problem.
    /// A check added here goes into ``isPlausible(_:)`` too: only the processes it refuses come here.
    mutating func process(_ facts: ProcessFacts) -> ProcessFacts {
        let base = "/proc/\(facts.pid)/"
        var process = facts
        if facts.startTime > UInt64(Bound.counter.range.upperBound) {
            problems.append(
                .outOfRange(
                    source: base + "stat",
                    field: "starttime",
                    value: "\(facts.startTime)",
                    bound: .counter,
                    consequence: "the start time is unknown (0)"
                )
            )
            process.startTime = 0
        }
        if !Bound.threads.contains(Int64(process.threads)) {
            problems.append(
                .outOfRange(
                    source: base + "stat",
                    field: "num_threads",
                    value: "\(process.threads)",
                    bound: .threads,
                    consequence: "counted as one thread"
                )
            )
            process.threads = 1
        }
        let status = base + "status"
        for size in StatusSize.allCases {
            process.sizes[size] = bounded(process.sizes[size], .bytes, status, size.lineName)
        }
        if let rollup = process.smaps {
            smaps(rollup, of: &process, path: base + "smaps_rollup")
        }
        return process
    }

    /// Leaves out a rollup with a number out of range or numbers that cannot all be true.
    mutating func smaps(_ rollup: SmapsRollup, of process: inout ProcessFacts, path: String) {
        // The required fields first, then the optional ones, each in the table's order.
        let fields = SmapsField.allCases.filter { !$0.isOptional } + SmapsField.allCases.filter(\.isOptional)
        if let field = fields.first(where: { rollup[$0].map { !Bound.bytes.contains($0) } ?? false }) {
            problems.append(
                .outOfRange(
                    source: path,
                    field: field.fieldName,
                    value: "\(rollup[field] ?? 0)",
                    bound: .bytes,
                    consequence: "left out"
                )
            )
            process.smaps = nil
            process.denial = "smaps_rollup out of range"
        } else if let (field, reason) = rollup.impossibility {
            inconsistent(path, field, reason)
            process.smaps = nil
            process.denial = "impossible smaps_rollup: \(reason)"
        }
    }

    mutating func owners(_ owners: inout OwnerFacts) {
        owners.carried = carried(owners.carried, "owners")
        owners.slabCaches = owners.slabCaches?.filter { cache in
            keeps([cache.bytes, cache.objectSize], .bytes, "/proc/slabinfo", cache.name)
                && keeps([cache.activeObjects, cache.objects], .pages, "/proc/slabinfo", cache.name)
        }
        if var tree = owners.cgroups {
            tree.groups = tree.groups.map { group in
                var group = group
                let path = "/sys/fs/cgroup\(group.path == "/" ? "" : group.path)"
                group.stat = table(group.stat, .bytes, path + "/memory.stat")
                group.current = bounded(group.current, .bytes, path, "memory.current")
                group.kmem = bounded(group.kmem, .bytes, path, "memory.kmem.usage_in_bytes")
                group.processes = max(0, group.processes)
                return group
            }
            owners.cgroups = tree
        }
        owners.mounts = owners.mounts?.filter { mount in
            keeps([mount.usedBytes, mount.sizeBytes], .bytes, "statfs(\(mount.mountPoint))", "f_blocks")
        }
        owners.sysvSegments = owners.sysvSegments?.filter { segment in
            keeps([segment.size, segment.rss, segment.swap], .bytes, "/proc/sysvipc/shm", "shmid \(segment.id)")
                && keeps([segment.attached], .count, "/proc/sysvipc/shm", "shmid \(segment.id)")
        }
        owners.sharedFiles = owners.sharedFiles?.filter { file in
            keeps([file.bytes], .bytes, "/proc/\(file.pid)/fd", file.name)
        }
        owners.drmClients = owners.drmClients?.map { client in
            var client = client
            let path = "/proc/\(client.pid)/fdinfo"
            client.regions = client.regions.map { region in
                var region = region
                region.total = bounded(region.total, .bytes, path, "drm-total-\(region.name)")
                region.resident = bounded(region.resident, .bytes, path, "drm-resident-\(region.name)")
                return region
            }
            return client
        }
        owners.gpus = owners.gpus?.map { gpu($0) }
        owners.nvidiaApps = owners.nvidiaApps?.filter { app in
            keeps([app.usedBytes], .bytes, "nvidia-smi", "used_memory of pid \(app.pid)")
        }
        owners.vmallocCallers = owners.vmallocCallers?.filter { caller in
            keeps([caller.bytes], .bytes, "/proc/vmallocinfo", caller.caller)
        }
    }

    mutating func gpu(_ device: GPUDevice) -> GPUDevice {
        var gpu = device
        let path = "/sys/class/drm/\(gpu.card)/device"
        gpu.vramTotal = bounded(gpu.vramTotal, .bytes, path, "mem_info_vram_total")
        gpu.vramUsed = bounded(gpu.vramUsed, .bytes, path, "mem_info_vram_used")
        gpu.gttTotal = bounded(gpu.gttTotal, .bytes, path, "mem_info_gtt_total")
        gpu.gttUsed = bounded(gpu.gttUsed, .bytes, path, "mem_info_gtt_used")
        return gpu
    }
}
