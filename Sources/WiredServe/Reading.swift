public import WiredCore

/// Where `wired serve` gets each reading of the machine: the one seam between the server and the readers.
///
/// The command fills it (today with `SnapshotSource.read`, a live reading or a captured tree); the server never
/// reads /proc or /sys itself. A reading holds the system, processes with their command lines, and owners.
public struct SnapshotReader: Sendable {
    /// Reads one snapshot; an error stops that sample only (the server keeps the last good one).
    public let read: @Sendable () throws -> Snapshot

    /// Creates a reader from a closure.
    public init(_ read: @escaping @Sendable () throws -> Snapshot) {
        self.read = read
    }
}
