import WiredCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// The kernel log from one moment on, closed when released.
///
/// `/dev/kmsg` is opened and moved to its end when the earlier counters are read, so that the main reading sees
/// exactly the records logged in between.
public final class KernelLogCursor: Sendable {
    let fd: Int32

    /// Opens `path` (a kernel log device) at its end; `nil` when it cannot be opened (root only on most systems).
    init?(path: String) {
        let fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        guard lseek(fd, 0, SEEK_END) >= 0 else {
            close(fd)
            return nil
        }
        self.fd = fd
    }

    deinit { close(fd) }

    /// The first line of each record from the cursor on, until the log has no more (at most `limit` records).
    func records(limit: Int = 200_000) -> [Substring] {
        var out: [Substring] = []
        var buffer = [UInt8](repeating: 0, count: 8192)
        for _ in 0..<limit {
            let got = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if got < 0 {
                if errno == EPIPE { continue }  // records overwritten before they were read: go on
                break  // EAGAIN: nothing more
            }
            if got == 0 { break }
            let text = String(decoding: buffer[0..<got], as: UTF8.self)
            out.append(text.split(separator: "\n", maxSplits: 1).first ?? Substring(text))
        }
        return out
    }
}

extension LinuxReader {
    /// A cursor at the end of the running system's kernel log; `nil` for a captured tree or an unreadable log.
    func kernelLogCursor() -> KernelLogCursor? {
        guard isLive, FileSystem.isKernelLogDevice("/dev/kmsg") else { return nil }
        return KernelLogCursor(path: "/dev/kmsg")
    }

    /// The OOM kills the kernel log reports: those after `cursor` (live, with an earlier sample), all the log
    /// holds (live without one), or those of a captured tree's `dev/kmsg`, after its `earlier_kmsg_seq` when
    /// the capture recorded one.
    func readOOMLog(_ session: inout ReadSession, cursor: KernelLogCursor?, earlierSequence: Int64?) -> KernelOOMLog? {
        var parser = OOMLogParser()
        if let cursor {
            for record in cursor.records() { parser.add(record: record) }
            return KernelOOMLog(source: "/dev/kmsg", sinceEarlier: true, kills: parser.finish())
        }
        let kmsg = path("/dev/kmsg")
        if isLive {
            // Not readable (root only where dmesg_restrict is set): the analysis says what it could not tell.
            guard FileSystem.isKernelLogDevice(kmsg), let log = KernelLogCursor(path: kmsg) else { return nil }
            // From the start: lseek(SEEK_SET) on /dev/kmsg goes to the first record still held.
            lseek(log.fd, 0, SEEK_SET)
            for record in log.records() { parser.add(record: record) }
            return KernelOOMLog(source: "/dev/kmsg", sinceEarlier: false, kills: parser.finish())
        }
        guard
            let lines = session.parse(
                "/dev/kmsg",
                { buffer, _ in Parsed(value: LineSplitter(buffer).lines.map { Substring($0.string) }, problems: []) },
                quietIfMissing: true
            )
        else { return nil }
        for line in lines { parser.add(record: line) }
        var kills = parser.finish()
        if let earlierSequence { kills = kills.filter { $0.sequence > earlierSequence } }
        return KernelOOMLog(source: kmsg, sinceEarlier: earlierSequence != nil, kills: kills)
    }
}

extension ReadSession {
    /// The memory hierarchy: 2 with its root for the unified one, 1 for the v1 memory controller; `nil` without.
    mutating func memoryHierarchy() -> (version: Int, root: String)? {
        let unified = "/sys/fs/cgroup"
        if let controllers = text(unified + "/cgroup.controllers", quietIfMissing: true),
            controllers.split(separator: " ").contains("memory")
        {
            return (2, unified)
        }
        if FileSystem.exists(reader.path(unified + "/memory/memory.stat")) { return (1, unified + "/memory") }
        return nil
    }

    /// The OOM and limit counters of every memory cgroup under `base` (a captured tree's `/wired-earlier`, or
    /// the root); `nil` when there is no memory controller.
    mutating func memoryEvents(base: String = "") -> CgroupEvents? {
        guard let (version, hierarchy) = memoryHierarchy() else { return nil }
        var groups: [CgroupEventCounts] = []
        var pending = ["/"]
        while let relative = pending.popLast(), groups.count < 4000 {
            let directory = base + hierarchy + (relative == "/" ? "" : relative)
            if let counts = eventCounts(directory, relative: relative, version: version) { groups.append(counts) }
            let children = (try? FileSystem.directories(in: reader.path(directory))) ?? []
            for child in children.sorted(by: >) {
                pending.append(relative == "/" ? "/" + child : relative + "/" + child)
            }
        }
        return CgroupEvents(version: version, groups: groups)
    }

    /// One cgroup's counters: v2 `memory.events` and `memory.max`; v1 `memory.oom_control`, `memory.failcnt`
    /// and `memory.limit_in_bytes` (whose largest value, the page counter's maximum, means no limit).
    mutating func eventCounts(_ directory: String, relative: String, version: Int) -> CgroupEventCounts? {
        let eventsFile = version == 2 ? "/memory.events" : "/memory.oom_control"
        guard var events = parse(directory + eventsFile, KeyValueParser.parse, quietIfMissing: true) else {
            return nil
        }
        let limitFile = version == 2 ? "memory.max" : "memory.limit_in_bytes"
        // "max" (v2), or v1's page-counter maximum (9223372036854771712 with 4 KiB pages): no limit.
        let text = self.text(directory + "/" + limitFile, quietIfMissing: true)
        let limit = text.flatMap { Int64($0) }.flatMap { $0 < 1 << 62 ? $0 : nil }
        if version == 1 {
            events["failcnt"] = number(directory + "/memory.failcnt", bound: .counter, quietIfMissing: true)
        }
        return CgroupEventCounts(path: relative, events: events, limitBytes: limit, limitSource: limitFile)
    }
}

extension LinuxReader {
    /// The memory cgroups' OOM counters and the kernel log's OOM kills, read when they can matter: with an
    /// earlier sample (kills in the interval), or when `/proc/vmstat` counts an OOM kill since boot.
    func readOOMFacts(
        _ facts: inout LinuxFacts,
        _ session: inout ReadSession,
        cursor: KernelLogCursor?,
        kept: inout (count: Int64, log: KernelOOMLog?)?
    ) {
        let killedSinceBoot = (facts.vmstat?["oom_kill"] ?? 0) > 0
        guard facts.earlier != nil || killedSinceBoot else { return }
        facts.memoryEvents = session.memoryEvents()
        var earlierSequence: Int64?
        if !isLive, facts.earlier != nil,
            let record = session.parse("/wired-capture.txt", CaptureRecord.parse, quietIfMissing: true)
        {
            earlierSequence = record["earlier_kmsg_seq"].flatMap { Int64($0) }
        }
        // Live, a whole log is read only when there is a kill to name.
        guard cursor != nil || killedSinceBoot || !isLive else { return }
        // The whole log, live: read again only when vmstat counts a kill since it was last read.
        let count = facts.vmstat?["oom_kill"]
        if cursor == nil, isLive, let count, let kept, kept.count == count {
            facts.oomLog = kept.log
            return
        }
        facts.oomLog = readOOMLog(&session, cursor: cursor, earlierSequence: earlierSequence)
        if cursor == nil, isLive, let count { kept = (count, facts.oomLog) }
    }
}
