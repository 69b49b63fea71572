public import WiredCore

/// One reading of the machine and what the analysis found in it: the unit the server stores and serves.
///
/// Everything served is a view of these findings; nothing here reads the machine.
public struct Sample: Sendable {
    /// Position in this server's sequence (1, 2, …): SSE event ids and `/api/diff` moments.
    public var id: Int
    /// The reading, with command lines redacted (``CommandLineRedactor``).
    public var snapshot: Snapshot
    /// The ledger, `nil` when it could not be built (``ledgerError`` says why).
    public var ledger: Ledger?
    /// Why the ledger could not be built.
    public var ledgerError: String?
    /// The pressure verdict and its reasons.
    public var pressure: PressureReport
    /// The owners tree, when the ledger and owners were read.
    public var owners: OwnersReport?
    /// Seconds the reading and analysis took (the monotonic clock of the sampler).
    public var duration: Double
    /// When the server took the sample (its wall clock, Unix seconds); the reading's own time is
    /// `snapshot.meta.takenAt` (a captured tree's is the capture's, the same at every sample).
    public var sampledAt: Int64

    /// Analyses `snapshot` (read in `duration` seconds) into sample `id`.
    public static func analyse(_ snapshot: Snapshot, id: Int, duration: Double, sampledAt: Int64? = nil) -> Sample {
        var snapshot = snapshot
        CommandLineRedactor.redactCommands(in: &snapshot.processes)
        var ledger: Ledger?
        var ledgerError: String?
        do {
            ledger = try Ledger.of(snapshot)
        } catch let error as LedgerError {
            ledgerError = error.message
        } catch {
            ledgerError = "\(error)"
        }
        let owners = ledger.map { OwnerTree.build(snapshot, ledger: $0) }
        return Sample(
            id: id,
            snapshot: snapshot,
            ledger: ledger,
            ledgerError: ledgerError,
            pressure: PressureAnalysis.judge(snapshot, ledger: ledger),
            owners: owners,
            duration: duration,
            sampledAt: sampledAt ?? snapshot.meta.takenAt.seconds
        )
    }
}
