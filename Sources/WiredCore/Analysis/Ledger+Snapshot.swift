extension Ledger {
    /// The ledger of a snapshot, built by the analysis for its operating system.
    public static func of(_ snapshot: Snapshot) throws -> Ledger {
        if let linux = snapshot.linux {
            return try LinuxLedger.build(
                linux,
                pageSize: snapshot.meta.pageSize,
                arch: snapshot.meta.arch,
                lockedShared: LockedShared.of(snapshot)
            )
        }
        if let darwin = snapshot.darwin {
            return try DarwinLedger.build(darwin)
        }
        throw LedgerError("the snapshot holds no memory facts for \(snapshot.meta.os.rawValue)")
    }
}
