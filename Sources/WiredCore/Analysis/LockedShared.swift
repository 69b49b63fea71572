/// Locked shared memory (tmpfs files, SysV segments, memfds, shared anonymous mappings) and who holds it.
///
/// `/proc/meminfo` counts a locked shared page in `Shmem`, takes it off the anonymous LRU lists and adds it to
/// `Unevictable` (and to `Mlocked` when a mapping locked it), but never says how many such pages there are. So
/// the ledger's split of the anonymous lists into app and shared memory needs the owners' facts: the locked
/// mappings in each locking process's smaps, and the SysV segments locked with `SHM_LOCK`. No I/O.
public struct LockedShared: Sendable, Equatable {
    /// One locked shared object.
    public struct Object: Sendable, Equatable {
        /// What holds the memory.
        public enum Kind: String, Sendable {
            case memfd, sysv, tmpfsFile, sharedAnonymous
        }

        /// What it is.
        public var kind: Kind
        /// Plain name ("memfd:wired-test", "SysV segment 0x2a (id 3)", "/dev/shm/x").
        public var name: String
        /// The file's device and inode (a SysV segment's inode is its shmid).
        public var device: UInt64
        public var inode: UInt64
        /// Resident locked bytes, each page once.
        public var bytes: ByteCount
        /// The ledger bucket its pages are in: "mlocked" (locked by a mapping) or "unevictable" (`SHM_LOCK`).
        public var bucket: BucketID
        /// The processes mapping it locked (none for a segment locked with `SHM_LOCK` alone).
        public var holders: [Int32]
        /// Where the number comes from.
        public var source: String
    }

    /// Every locked shared object found, biggest first.
    public var objects: [Object]
    /// True when every process holding locked memory was inspected, so ``objects`` is all of it.
    public var complete: Bool
    /// Why it is not complete ("pid 12 (db): smaps: permission").
    public var missing: [String]
    /// The most locked shared memory there can be; `nil` when unbounded (SysV segments unread, a captured tree).
    ///
    /// ``objects`` plus the shared memory mapped by locking processes that could not be inspected (`RssShmem`).
    public var upperBound: ByteCount?
    /// For each inspected process, the `Locked` (PSS) of its locked shared mappings: that part of the process's
    /// locked memory is named by ``objects`` instead.
    public var processShare: [Int32: Int64]

    /// Σ ``objects``.
    public var bytes: ByteCount { objects.map(\.bytes).sum() }

    /// How far apart meminfo's bounds may be and still count as one value: the anonymous lists and
    /// `AnonPages + Shmem` differ by a few hundred KiB on a quiet machine (pages in transit, swap cache).
    public static let tolerance = ByteCount(bytes: 2 << 20)

    /// The locked shared memory meminfo allows, `[low, high]`; `nil` without the fields.
    ///
    /// Locked anonymous plus locked shared memory is `AnonPages + Shmem −` (the anonymous lists less swap cache),
    /// and the shared part lies between that less all anonymous memory and that capped at `Shmem`.
    public static func bounds(_ meminfo: [String: Int64]) -> (low: ByteCount, high: ByteCount)? {
        guard let active = meminfo["Active(anon)"], let inactive = meminfo["Inactive(anon)"],
            let anonPages = meminfo["AnonPages"], let shmem = meminfo["Shmem"]
        else { return nil }
        let lists = ByteCount(bytes: Checked.saturatingAdd(active, inactive))
        let rest = lists - min(ByteCount(bytes: meminfo["SwapCached"] ?? 0), lists)
        let locked = (ByteCount(bytes: anonPages) + ByteCount(bytes: shmem) - rest).nonNegative
        return ((locked - ByteCount(bytes: anonPages)).nonNegative, min(locked, ByteCount(bytes: shmem)))
    }

    /// True when meminfo leaves open how much locked memory is shared memory: then the reader reads the facts.
    public static func needsFacts(_ meminfo: [String: Int64]?) -> Bool {
        guard let meminfo, let (low, high) = bounds(meminfo) else { return false }
        return high - low > tolerance
    }

    /// The evidence a snapshot holds: the locked-memory facts when they were read, else an upper bound from
    /// the processes (their `RssShmem`) and SysV segments; `nil` when it holds neither.
    public static func of(_ snapshot: Snapshot) -> LockedShared? {
        guard let linux = snapshot.linux else { return nil }
        if let facts = linux.lockedMemory {
            return of(facts, meminfo: linux.meminfo ?? [:], openFiles: snapshot.owners?.sharedFiles ?? [])
        }
        guard let scan = snapshot.processes, scan.processes.contains(where: { $0.kind == .user }) else { return nil }
        let locking = scan.processes.filter { $0.kind == .user && ($0.locked ?? 0) > 0 }
        var bound: ByteCount? = locking.map { ByteCount(bytes: $0.rssShmem ?? $0.locked ?? 0) }.sum()
        if let segments = snapshot.owners?.sysvSegments {
            bound = bound.map { $0 + segments.filter(\.locked).map { ByteCount(bytes: $0.rss) }.sum() }
        } else {
            bound = nil
        }
        return LockedShared(
            objects: [],
            complete: false,
            missing: locking.isEmpty
                ? [] : ["the locked mappings of \(locking.count) processes were not read (smaps)"],
            upperBound: bound,
            processShare: [:]
        )
    }

    /// The evidence of `facts`; memfd names come from `openFiles` when the owners were read.
    static func of(_ facts: LockedMemoryFacts, meminfo: [String: Int64], openFiles: [SharedFile]) -> LockedShared {
        var groups: [Key: Group] = [:]
        var missing: [String] = []
        var unbounded = ByteCount.zero
        var share: [Int32: Int64] = [:]
        for process in facts.processes {
            guard let mappings = process.mappings else {
                missing.append("pid \(process.pid) (\(process.name)): smaps \(process.smapsDenial ?? "not read")")
                unbounded += ByteCount(bytes: process.rssShmem ?? process.vmLck)
                continue
            }
            for mapping in mappings {
                guard let kind = kind(of: mapping.path, mounts: facts.shmemMounts) else { continue }
                let fileBytes = max(0, mapping.rss - mapping.anonymous)
                guard fileBytes > 0 else { continue }
                let key = Key(device: mapping.device, inode: mapping.inode)
                var group = groups[key] ?? Group(kind: kind, path: mapping.path)
                let range = "\(mapping.offset)+\(mapping.size)"
                group.ranges[range] = max(group.ranges[range] ?? 0, fileBytes)
                if !group.holders.contains(process.pid) { group.holders.append(process.pid) }
                groups[key] = group
                let scaled = Double(mapping.locked) * Double(fileBytes) / Double(max(mapping.rss, 1))
                share[process.pid, default: 0] += Checked.saturatingInteger(scaled.rounded())
            }
        }
        if facts.unreadable > 0 {
            missing.append("\(facts.unreadable) processes' status could not be read (exited or hidden)")
        }
        if facts.captured {
            missing.append("a captured tree holds only the processes it was given")
        }
        var objects = groups.map { key, group in
            object(key, group, segments: facts.sysvSegments ?? [], openFiles: openFiles)
        }
        let mappedSegments = Set(groups.filter { $0.value.kind == .sysv }.keys.map(\.inode))
        objects += shmLocked(facts, mapped: mappedSegments, meminfo: meminfo)
        objects.sort { $0.bytes != $1.bytes ? $0.bytes > $1.bytes : $0.name < $1.name }
        let found = objects.map(\.bytes).sum()
        return LockedShared(
            objects: objects,
            complete: missing.isEmpty,
            missing: missing,
            upperBound: facts.sysvSegments == nil || facts.captured ? nil : found + unbounded,
            processShare: share
        )
    }

    struct Key: Hashable {
        var device: UInt64
        var inode: UInt64
    }

    struct Group {
        var kind: Object.Kind
        var path: String
        /// Resident locked file bytes per mapped range ("offset+size"): the same range mapped twice counts once.
        var ranges: [String: Int64] = [:]
        var holders: [Int32] = []
    }

    /// What a locked mapping of `path` holds, or `nil` when it is not shared memory (a file on disk).
    static func kind(of path: String, mounts: [String]) -> Object.Kind? {
        if path.hasPrefix("/memfd:") { return .memfd }
        if path.hasPrefix("/SYSV") { return .sysv }
        if path.hasPrefix("/dev/zero") { return .sharedAnonymous }
        let inMount = mounts.contains { mount in
            mount == "/" || path == mount || path.hasPrefix(mount.hasSuffix("/") ? mount : mount + "/")
        }
        return inMount ? .tmpfsFile : nil
    }

    static func object(_ key: Key, _ group: Group, segments: [SysVSegment], openFiles: [SharedFile]) -> Object {
        var bytes = ByteCount(bytes: Checked.saturatingSum(Array(group.ranges.values)))
        let holders = group.holders.sorted()
        let who = holders.map { "pid \($0)" }.joined(separator: ", ")
        var name = group.path.replacingOccurrences(of: " (deleted)", with: "")
        var source = "Rss of the locked mappings in /proc/PID/smaps (\(who))"
        switch group.kind {
        case .sysv:
            if let segment = segments.first(where: { UInt64(bitPattern: $0.id) == key.inode }) {
                let hex = String(UInt64(bitPattern: segment.key), radix: 16)
                name = "SysV segment 0x\(hex) (id \(segment.id), created by pid \(segment.creatorPID))"
                bytes = min(bytes, ByteCount(bytes: segment.rss))
                source += ", at most its rss in /proc/sysvipc/shm"
            }
        case .memfd:
            if let file = openFiles.first(where: { $0.device == key.device && $0.inode == key.inode }) {
                bytes = min(bytes, ByteCount(bytes: file.bytes))
                source += ", at most the file's st_blocks × 512"
            }
            name = String(name.dropFirst())
        case .sharedAnonymous:
            name = "shared anonymous memory (\(who))"
        case .tmpfsFile:
            break
        }
        return Object(
            kind: group.kind,
            name: name,
            device: key.device,
            inode: key.inode,
            bytes: bytes,
            bucket: .mlocked,
            holders: holders,
            source: source
        )
    }

    /// SysV segments locked with `SHM_LOCK` and mapped locked by no process: their pages are unevictable but
    /// not mlocked, capped together at `Unevictable − Mlocked`.
    static func shmLocked(
        _ facts: LockedMemoryFacts,
        mapped: Set<UInt64>,
        meminfo: [String: Int64]
    ) -> [Object] {
        var room = ByteCount(bytes: Checked.saturatingSubtract(meminfo["Unevictable"] ?? 0, meminfo["Mlocked"] ?? 0))
            .nonNegative
        var out: [Object] = []
        for segment in (facts.sysvSegments ?? []).filter({ $0.locked && $0.rss > 0 }).sorted(by: { $0.rss > $1.rss })
        where !mapped.contains(UInt64(bitPattern: segment.id)) {
            let bytes = min(ByteCount(bytes: segment.rss), room)
            room -= bytes
            let hex = String(UInt64(bitPattern: segment.key), radix: 16)
            out.append(
                Object(
                    kind: .sysv,
                    name: "SysV segment 0x\(hex) (id \(segment.id), created by pid \(segment.creatorPID))",
                    device: 0,
                    inode: UInt64(bitPattern: segment.id),
                    bytes: bytes,
                    bucket: .unevictable,
                    holders: [],
                    source: bytes.bytes < segment.rss
                        ? "rss in /proc/sysvipc/shm (SHM_LOCK), capped at Unevictable − Mlocked: the kernel moves such pages to the unevictable list only when reclaim meets them"
                        : "rss in /proc/sysvipc/shm (locked with SHM_LOCK)"
                )
            )
        }
        return out
    }
}
