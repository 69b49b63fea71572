import WiredCore

/// What the views compute from a snapshot, run on whatever a reader made of damaged input.
enum Analysis {
    /// The ledger, pressure, owners, every process ordering and grouping, Activity Monitor's figures, and a
    /// diff of the snapshot with itself.
    static func run(_ snapshot: Snapshot) {
        var ledger: Ledger?
        do {
            ledger = try Ledger.of(snapshot)
        } catch {
            // A snapshot without memory facts has no ledger; the other analyses still run.
        }
        _ = PressureAnalysis.judge(snapshot, ledger: ledger)
        if let ledger { _ = OwnerTree.build(snapshot, ledger: ledger) }
        if let scan = snapshot.processes { processes(scan, arch: snapshot.meta.arch) }
        if let darwin = snapshot.darwin { _ = ActivityMonitorFigures.of(darwin) }
        _ = SnapshotComparison.diff(snapshot, snapshot)
    }

    /// The `top` tables: the summary, every sort order and every grouping.
    static func processes(_ scan: ProcessScan, arch: String) {
        _ = ProcessTable.summary(scan, arch: arch)
        let rows = ProcessTable.rows(scan, arch: arch)
        for sort in ProcessSort.allCases {
            _ = ProcessTable.order(scan, by: sort, arch: arch)
            _ = ProcessTable.sorted(rows, by: sort)
        }
        for grouping in ProcessGrouping.allCases { _ = ProcessTable.groups(scan, by: grouping, arch: arch) }
    }
}
