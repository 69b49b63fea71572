public import WiredCore

/// Hand-made snapshots for analysis tests: every number is chosen, so expected results are exact.
public enum SampleSnapshots {
    /// A quiet 8 GiB machine with no swap.
    ///
    /// All meminfo values in kB; the ledger's expected buckets are in
    /// comments beside them.
    public static let quietMeminfoKB: [String: Int64] = [
        "MemTotal": 8_000_000,
        "MemFree": 5_000_000,  // free
        "MemAvailable": 6_500_000,
        "Buffers": 100_000,
        "Cached": 1_700_000,
        "SwapCached": 0,
        "Active(anon)": 600_000,
        "Inactive(anon)": 400_000,  // anon LRU 1,000,000 = app 800,000 + shmem 200,000
        "Active(file)": 900_000,
        "Inactive(file)": 700_000,  // file LRU 1,600,000 = clean 1,550,000 + dirty 50,000
        "Unevictable": 64_000,
        "Mlocked": 48_000,  // mlocked 48,000; unevictable other 16,000
        "SwapTotal": 0,
        "SwapFree": 0,
        "Dirty": 45_000,
        "Writeback": 5_000,
        "AnonPages": 850_000,
        "Shmem": 200_000,
        "KReclaimable": 150_000,
        "Slab": 250_000,
        "SReclaimable": 140_000,  // slab reclaimable 140,000; other reclaimable 10,000
        "SUnreclaim": 110_000,
        "KernelStack": 16_000,
        "PageTables": 20_000,
        "SecPageTables": 0,
        "VmallocUsed": 40_000,  // stacks 16,000 + vmalloc 24,000
        "Percpu": 3_000,
        "HugePages_Total": 0,
        "HugePages_Free": 0,
        "Hugepagesize": 2048,
        "Hugetlb": 0,
    ]

    /// A Linux snapshot from meminfo values in kB (the `HugePages_*` counts are kept as they are).
    public static func linux(
        meminfoKB: [String: Int64] = quietMeminfoKB,
        vmstat: [String: Int64]? = ["nr_isolated_anon": 0, "nr_isolated_file": 0, "nr_zspages": 0],
        zones: [ZoneFacts]? = [
            ZoneFacts(
                node: 0,
                name: "Normal",
                free: 1_250_000,
                min: 10_000,
                low: 12_500,
                high: 15_000,
                present: 2_050_000,
                managed: 2_000_000,
                maxProtection: 0,
                perCPUFree: 1_000
            )
        ],
        installed: InstalledFacts = InstalledFacts(
            memoryBlockBytes: 128 << 20,
            memoryBlocksOnline: 64,
            memoryBlocksOffline: 0
        ),
        percpuFirstChunkBytes: Int64? = 1_000 * 1024,
        hugepagePools: [HugepagePool]? = [],
        zram: [ZramDevice]? = [],
        arch: String = "x86_64",
        kernel: String = "6.8.0-sample"
    ) -> Snapshot {
        var meminfo: [String: Int64] = [:]
        for (key, value) in meminfoKB {
            meminfo[key] = key.hasPrefix("HugePages_") ? value : value * 1024
        }
        let facts = LinuxFacts(
            meminfo: meminfo,
            vmstat: vmstat,
            zones: zones,
            installed: installed,
            vmapStack: KernelConfigFact(enabled: true, source: "test"),
            percpuFirstChunkBytes: percpuFirstChunkBytes,
            possibleCPUs: 4,
            hugepagePools: hugepagePools,
            zram: zram,
            swaps: []
        )
        let meta = SnapshotMeta(
            hostname: "sample",
            os: .linux,
            kernel: kernel,
            arch: arch,
            pageSize: 4096,
            pageSizeSource: "test",
            takenAt: Timestamp(seconds: 1_795_000_000),
            toolVersion: WiredVersion.current,
            source: "hand-made"
        )
        return Snapshot(meta: meta, linux: facts)
    }

    /// `quietMeminfoKB` with some fields changed (a `nil` value removes the field).
    public static func meminfo(_ changes: [String: Int64?]) -> [String: Int64] {
        var table = quietMeminfoKB
        for (key, value) in changes { table[key] = value }
        return table
    }
}
