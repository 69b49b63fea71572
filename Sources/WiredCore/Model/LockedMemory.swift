/// Who holds locked memory, read when `/proc/meminfo` shows locked memory that may be shared memory.
///
/// meminfo counts locked shared pages (tmpfs, SysV, memfd) in `Shmem` and off the anonymous lists, but does not
/// say how many there are. These facts settle it (``LockedShared``).
///
/// A `nil` ``LinuxFacts/lockedMemory`` was not read: meminfo left nothing to settle, or the reader predates it.
public struct LockedMemoryFacts: Sendable, Codable, Equatable {
    /// Every process whose `VmLck` (in `/proc/PID/status`) is above zero.
    public var processes: [LockedProcess]
    /// Processes listed in `/proc` whose `status` could not be read (exited, hidden): their locks are unknown.
    public var unreadable: Int
    /// SysV segments (`/proc/sysvipc/shm`), for `SHM_LOCK` and to name `/SYSV…` mappings; `nil` when unreadable.
    public var sysvSegments: [SysVSegment]?
    /// Mount points of tmpfs file systems (`/proc/mounts`), whose files are shared memory.
    public var shmemMounts: [String]
    /// True when read from a captured tree, which holds only the processes it was given: others may lock too.
    public var captured: Bool

    /// Creates a record.
    public init(
        processes: [LockedProcess],
        unreadable: Int,
        sysvSegments: [SysVSegment]?,
        shmemMounts: [String],
        captured: Bool = false
    ) {
        self.processes = processes
        self.unreadable = unreadable
        self.sysvSegments = sysvSegments
        self.shmemMounts = shmemMounts
        self.captured = captured
    }
}

/// A process with locked mappings.
public struct LockedProcess: Sendable, Codable, Equatable {
    /// Process id.
    public var pid: Int32
    /// `Name` in `/proc/PID/status`.
    public var name: String
    /// `VmLck`: the size of its locked mappings, resident or not.
    public var vmLck: Int64
    /// `RssShmem`: the shared memory it maps, locked or not (an upper bound of its locked shared memory).
    public var rssShmem: Int64?
    /// Its locked file-backed mappings (from `/proc/PID/smaps`); `nil` when smaps could not be read.
    public var mappings: [LockedMapping]?
    /// Why `smaps` could not be read ("permission", "not captured").
    public var smapsDenial: String?

    /// Creates a record.
    public init(
        pid: Int32,
        name: String,
        vmLck: Int64,
        rssShmem: Int64? = nil,
        mappings: [LockedMapping]? = nil,
        smapsDenial: String? = nil
    ) {
        self.pid = pid
        self.name = name
        self.vmLck = vmLck
        self.rssShmem = rssShmem
        self.mappings = mappings
        self.smapsDenial = smapsDenial
    }
}

/// One locked, file-backed mapping of a process (a `/proc/PID/smaps` entry whose `Locked` is above zero).
public struct LockedMapping: Sendable, Codable, Equatable {
    /// The mapped file as smaps names it ("/memfd:name (deleted)", "/SYSV0000002a (deleted)", "/dev/shm/x").
    public var path: String
    /// The file's device (encoded as `st_dev` is) and inode; a SysV segment's inode is its shmid.
    public var device: UInt64
    public var inode: UInt64
    /// Offset into the file and length of the mapping, bytes.
    public var offset: Int64
    public var size: Int64
    /// `Rss`: resident pages of the mapping (all locked: mlock faults the whole range in).
    public var rss: Int64
    /// `Locked`: the same pages, PSS-weighted.
    public var locked: Int64
    /// `Anonymous`: pages copied on write in a private mapping (anonymous memory, not the file's).
    public var anonymous: Int64

    /// Creates a record.
    public init(
        path: String,
        device: UInt64,
        inode: UInt64,
        offset: Int64,
        size: Int64,
        rss: Int64,
        locked: Int64,
        anonymous: Int64
    ) {
        self.path = path
        self.device = device
        self.inode = inode
        self.offset = offset
        self.size = size
        self.rss = rss
        self.locked = locked
        self.anonymous = anonymous
    }
}
