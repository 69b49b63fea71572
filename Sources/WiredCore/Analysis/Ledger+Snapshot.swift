extension Ledger {
    /// The ledger of a snapshot, built by the analysis for its operating system.
    public static func of(_ snapshot: Snapshot) throws -> Ledger {
        if let linux = snapshot.linux {
            var ledger = try LinuxLedger.build(
                linux,
                pageSize: snapshot.meta.pageSize,
                arch: snapshot.meta.arch,
                kernel: snapshot.meta.kernel,
                lockedShared: LockedShared.of(snapshot)
            )
            ledger.suspects = UnexplainedSuspects.evaluate(snapshot, ledger: ledger)
            return ledger
        }
        if let darwin = snapshot.darwin {
            return try DarwinLedger.build(darwin)
        }
        throw LedgerError("the snapshot holds no memory facts for \(snapshot.meta.os.rawValue)")
    }
}
