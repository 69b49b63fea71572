extension Ledger {
    /// The ledger of a snapshot, built by the analysis for its operating system.
    public static func of(_ snapshot: Snapshot) throws -> Ledger {
        if let linux = snapshot.linux {
            var ledger = try LinuxLedger.build(
                linux,
                pageSize: snapshot.meta.pageSize,
                arch: snapshot.meta.arch,
                kernel: snapshot.meta.kernel,
                lockedShared: lockedSharedEstimate(snapshot)
            )
            ledger.suspects = UnexplainedSuspects.evaluate(snapshot, ledger: ledger)
            return ledger
        }
        if let darwin = snapshot.darwin {
            return try DarwinLedger.build(darwin)
        }
        throw LedgerError("the snapshot holds no memory facts for \(snapshot.meta.os.rawValue)")
    }

    /// Locked shared memory estimated from what was read beyond meminfo.
    ///
    /// Each process's resident locked pages
    /// times its shared share (Pss_Shmem / Pss, or RssShmem / VmRSS when smaps_rollup is unreadable), plus SysV
    /// segments locked with SHM_LOCK. `nil` when processes were not read (or a captured tree holds none).
    static func lockedSharedEstimate(_ snapshot: Snapshot) -> ByteCount? {
        guard let scan = snapshot.processes, scan.processes.contains(where: { $0.kind == .user }) else { return nil }
        var locked = ByteCount.zero
        for process in scan.processes where process.kind == .user {
            let resident = ProcessTable.residentLocked(process)
            guard resident > 0 else { continue }
            let shared = process.smaps.flatMap(\.pssShmem) ?? process.rssShmem ?? 0
            let total = process.smaps?.pss ?? process.rss ?? 0
            if total > 0 {
                locked += ByteCount(
                    bytes: Checked.saturatingInteger((Double(resident) * Double(shared) / Double(total)).rounded())
                )
            }
        }
        locked += (snapshot.owners?.sysvSegments ?? []).filter(\.locked).map { ByteCount(bytes: $0.rss) }.sum()
        return locked
    }
}
