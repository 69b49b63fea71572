public import WiredCore

/// What one snapshot says, analysed once per reading: the ledger, pressure, every process's row, the owners.
///
/// The screen (``WatchScreen``) is drawn from this, the terminal's size and the ``WatchState``; nothing here is
/// computed again for each frame.
public struct WatchFindings: Sendable {
    /// The snapshot the findings come from.
    public var snapshot: Snapshot
    /// The ledger (`Ledger.of`), or `nil` with ``ledgerProblem`` saying why.
    public var ledger: Ledger?
    /// Why there is no ledger.
    public var ledgerProblem: String?
    /// The pressure verdict (`PressureAnalysis.judge`).
    public var pressure: PressureReport
    /// One row per user process (`ProcessTable.row`, kernel objects from the snapshot's slab caches); empty
    /// when processes were not read.
    public var processes: [ProcessRow]
    /// Each process's parent (`/proc/PID/stat` field 4), for the tree.
    public var parents: [Int32: Int32]
    /// Whether the snapshot holds processes at all.
    public var hasProcesses: Bool
    /// The owners report (`OwnerTree.build`), when owners were read and the ledger could be built.
    public var owners: OwnersReport?

    /// Analyses `snapshot`.
    public init(_ snapshot: Snapshot) {
        self.snapshot = snapshot
        do {
            ledger = try Ledger.of(snapshot)
        } catch {
            ledger = nil
            ledgerProblem = "\(error)"
        }
        pressure = PressureAnalysis.judge(snapshot, ledger: ledger)
        var rows: [ProcessRow] = []
        var parents: [Int32: Int32] = [:]
        if let scan = snapshot.processes {
            let costs = ProcessCosts(snapshot)
            for process in scan.processes where process.kind == .user {
                rows.append(ProcessTable.row(process, scan: scan, costs: costs))
                parents[process.pid] = process.parentPID
            }
        }
        processes = rows
        self.parents = parents
        hasProcesses = snapshot.processes != nil
        if snapshot.owners != nil, let ledger { owners = OwnerTree.build(snapshot, ledger: ledger) }
    }

    /// When the snapshot was taken.
    public var takenAt: Timestamp { snapshot.meta.takenAt }

    /// The installed RAM the bar sums to: installed RAM where known, else MemTotal.
    public var barTotal: ByteCount? { ledger.map { $0.installed?.bytes ?? $0.memTotal } }

    /// Bytes by class across installed RAM: the buckets of each class, and reserved-at-boot for reserved.
    public var byClass: [(MemoryClass, ByteCount)] {
        guard let ledger else { return [] }
        return MemoryClass.allCases.map { memoryClass in
            if memoryClass == .reserved { return (memoryClass, ledger.reserved.map(\.bytes).sum()) }
            return (memoryClass, ledger.buckets.filter { $0.memoryClass == memoryClass }.map(\.bytes).sum())
        }
    }

    /// The wired buckets, biggest first: what Wired is made of.
    public var wiredParts: [LedgerBucket] {
        (ledger?.buckets ?? []).filter { $0.memoryClass == .wired && $0.bytes.bytes > 0 }
            .sorted { $0.bytes > $1.bytes }
    }

    /// Swap in use and its size (`SwapTotal − SwapFree`, `SwapTotal` of /proc/meminfo), when known.
    public var swap: (used: ByteCount, total: ByteCount)? {
        guard let meminfo = snapshot.linux?.meminfo, let total = meminfo["SwapTotal"], let free = meminfo["SwapFree"]
        else { return nil }
        return (ByteCount(bytes: total - free), ByteCount(bytes: total))
    }
}
