public import WiredCore

/// A source of readings: the running system, a captured tree, or a saved snapshot or capture.
///
/// A reader may keep state between readings (a live reader keeps boot-long facts, the previous counters and
/// the processes' PSS), so long-running views hold one and call ``read(_:)`` again and again.
public protocol MemoryReader: AnyObject {
    /// Which source this reader reads.
    var source: ReadSource { get }

    /// One reading of what `request` asks for.
    func read(_ request: ReadRequest) throws -> Reading

    /// What processes cost the kernel on the machine `snapshot` was read on: object sizes from the snapshot's
    /// slab caches, or from `/proc/slabinfo` of the running system or tree when it is readable (root).
    func processCosts(_ snapshot: Snapshot) -> ProcessCosts
}

extension MemoryReader {
    /// Process costs from the snapshot alone: its slab caches, or why they are missing.
    public func processCosts(_ snapshot: Snapshot) -> ProcessCosts {
        ProcessCosts.of(snapshot, slabCaches: snapshot.owners?.slabCaches, unread: ProcessCosts.slabReason(snapshot))
    }
}

extension ProcessCosts {
    /// Costs from `snapshot`'s stack size and architecture, with `slabCaches` (or the reason they are missing).
    static func of(_ snapshot: Snapshot, slabCaches: [SlabCache]?, unread: String?) -> ProcessCosts {
        ProcessCosts(stack: .of(snapshot), arch: snapshot.meta.arch, slabCaches: slabCaches, slabUnread: unread)
    }

    /// Why a snapshot has no slab caches, worded alike whether they were read now or when it was taken.
    static func slabReason(_ snapshot: Snapshot) -> String? {
        guard snapshot.owners?.slabCaches == nil else { return nil }
        let check = snapshot.owners?.checks.first { $0.contains("/proc/slabinfo") } ?? ""
        return check.contains("not present")
            ? "is not present" : check.contains("permission") ? "needs root" : "was not read"
    }
}

/// Where readings come from.
public enum ReadSource: Sendable, Equatable {
    /// The running Linux system.
    case liveLinux
    /// The running Mac.
    case liveMac
    /// A captured Linux tree (`--root DIR`).
    case tree(String)
    /// A saved snapshot file or a macOS capture (`--from FILE`).
    case saved(String)
}
