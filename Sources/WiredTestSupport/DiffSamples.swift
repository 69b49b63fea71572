public import WiredCore

/// A hand-made pair of readings of one machine, 10 s apart in one boot, for the rules of `wired diff`.
///
/// Between them: process "worker" (pid 100, in foo.service) grows by 100 MiB of anonymous memory and its
/// service by 102 MiB (2 MiB more of page cache); "locker" (pid 200, in bar.service) mlocks 64 MiB, which its
/// service is charged; a memfd held by "viewer" (pid 300, no service) grows from 1 MiB to 129 MiB, and viewer
/// maps half of it (its PSS grows by 64 MiB, all of it shared memory); "daemon" restarts (pid 400 → 401, same
/// command) and comes back 4 MiB larger; system.slice grows by exactly what its two services do; MemFree falls by 300 MiB; 256 pages are
/// swapped out. Every expected number follows from these.
public enum DiffSamples {
    public static let mib: Int64 = 1 << 20

    /// The first reading.
    public static var before: Snapshot { reading(grown: false) }
    /// The second reading.
    public static var after: Snapshot { reading(grown: true) }

    static func reading(grown: Bool) -> Snapshot {
        let g: Int64 = grown ? 1 : 0
        var snapshot = SampleSnapshots.linux(
            meminfoKB: SampleSnapshots.meminfo(["MemFree": 5_000_000 - g * 300 * 1024]),
            vmstat: ["nr_isolated_anon": 0, "nr_isolated_file": 0, "nr_zspages": 0, "pswpout": 1000 + g * 256]
        )
        snapshot.meta.bootID = "boot-1"
        snapshot.meta.takenAt = Timestamp(seconds: 1_795_000_000 + g * 10)
        var processes = [
            process(100, 500, "worker", "/system.slice/foo.service", pss: 10 * mib + g * 100 * mib),
            process(200, 600, "locker", "/system.slice/bar.service", pss: 1 * mib + g * 64 * mib, locked: g * 64 * mib),
            process(300, 700, "viewer", nil, pss: 50 * mib + g * 64 * mib, shmem: g * 64 * mib),
        ]
        processes.append(process(grown ? 401 : 400, grown ? 900 : 10, "daemon", nil, pss: 20 * mib + g * 4 * mib))
        snapshot.processes = ProcessScan(processes: processes, bootTime: 1_794_000_000)
        var owners = OwnerFacts(
            cgroups: CgroupTree(
                version: 2,
                groups: [
                    group("/", 0), group("/system.slice", 300 * mib + g * 166 * mib),
                    group("/system.slice/foo.service", 100 * mib + g * 102 * mib),
                    group("/system.slice/bar.service", 50 * mib + g * 64 * mib),
                ]
            ),
            mounts: [],
            sysvSegments: []
        )
        owners.sharedFiles = [
            SharedFile(
                name: "/memfd:viewer-buffer (deleted)",
                device: 1,
                inode: 4242,
                bytes: 1 * mib + g * 128 * mib,
                pid: 300,
                holders: 1
            )
        ]
        snapshot.owners = owners
        return snapshot
    }

    static func process(
        _ pid: Int32,
        _ start: UInt64,
        _ name: String,
        _ cgroup: String?,
        pss: Int64,
        locked: Int64 = 0,
        shmem: Int64 = 0
    ) -> ProcessFacts {
        var process = ProcessFacts(pid: pid, startTime: start, name: name, state: "S", kind: .user, threads: 1)
        process.command = "/usr/bin/\(name) --port 8080"
        process.rss = pss
        process.rssShmem = shmem
        process.locked = locked
        process.smaps = SmapsRollup(rss: pss, pss: pss, pssShmem: shmem, uss: pss - shmem, swap: 0, locked: locked)
        process.cgroup = cgroup
        return process
    }

    static func group(_ path: String, _ current: Int64) -> CgroupMemory {
        CgroupMemory(path: path, stat: ["anon": current, "shmem": 0, "kernel": 0], current: current, processes: 1)
    }
}
