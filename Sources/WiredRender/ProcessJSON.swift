public import WiredCore
public import WiredJSON

/// The JSON form of `wired top --json` (contract in the README: keys may be added, never removed).
///
/// Written in three steps so thousands of rows stream out without being held: ``begin``, ``row`` for each,
/// ``end``.
public enum ProcessJSON {
    /// Opens the object and its `processes` (or `groups`) array.
    public static func begin(
        _ snapshot: Snapshot,
        sort: ProcessSort,
        grouping: ProcessGrouping?,
        stackSize: ByteCount,
        to json: inout JSONWriter
    ) {
        json.beginObject()
        json.field("schema", "wired.top/1")
        LedgerJSON.writeMeta(snapshot.meta, to: &json)
        json.field("sort", sort.rawValue)
        json.field("by", grouping?.rawValue)
        json.field("stackSizeBytes", stackSize.bytes)
        json.key(grouping == nil ? "processes" : "groups")
        json.beginArray()
    }

    /// Writes one process or group.
    public static func row(_ row: ProcessRow, scan: ProcessScan?, to json: inout JSONWriter) {
        json.beginObject()
        if let pid = row.pid {
            json.field("pid", Int64(pid))
            json.field("startTime", row.startTime.map { Int64(bitPattern: $0) })
            if let start = row.startTime, let scan, let boot = scan.bootTime, scan.ticksPerSecond > 0 {
                json.field("startedAt", Timestamp(seconds: boot + Int64(start) / scan.ticksPerSecond).iso8601)
            }
            json.field("name", row.name)
            json.field("command", row.command)
        } else {
            json.field("key", row.name)
            json.field("processes", row.processCount)
            json.field("uninspectable", row.uninspectable)
        }
        json.field("user", row.user)
        json.field("inspectable", row.inspectable)
        if let denial = row.denial { json.field("denial", denial) }
        json.field("pssBytes", row.pss?.bytes)
        json.field("ussBytes", row.uss?.bytes)
        json.field("rssBytes", row.rss.bytes)
        json.field("rssAnonBytes", row.rssAnon.bytes)
        json.field("rssFileBytes", row.rssFile.bytes)
        json.field("rssShmemBytes", row.rssShmem.bytes)
        json.field("swapBytes", row.swap?.bytes)
        json.field("vmSwapBytes", row.vmSwap.bytes)
        json.field("threads", row.threads)
        json.field("wiredBytes", row.wired.bytes)
        json.field("pageTableBytes", row.pageTables.bytes)
        json.field("kernelStackBytes", row.kernelStacks.bytes)
        json.field("kernelObjectBytes", row.kernelObjects.bytes)
        json.field("lockedBytes", row.locked.bytes)
        json.field("vmLckBytes", row.vmLck.bytes)
        json.field("pinnedBytes", row.pinned.bytes)
        json.field("hugetlbBytes", row.hugetlb.bytes)
        if let service = row.service { json.field("service", service) }
        json.endObject()
    }

    /// Closes the array and writes the summary, the ledger comparison and the problems.
    public static func end(_ snapshot: Snapshot, summary: ProcessSummary, ledger: Ledger?, to json: inout JSONWriter) {
        let scan = snapshot.processes
        json.endArray()
        json.key("summary")
        json.beginObject()
        json.field("processes", summary.processes)
        json.field("pssTotalBytes", summary.pss.bytes)
        json.field("pssAnonBytes", summary.pssAnon?.bytes)
        json.field("pssFileBytes", summary.pssFile?.bytes)
        json.field("pssShmemBytes", summary.pssShmem?.bytes)
        json.field("swapPssTotalBytes", summary.swap.bytes)
        json.field("uninspectable", summary.uninspectable)
        json.field("uninspectableRssBytes", summary.uninspectableRSS.bytes)
        json.key("denials")
        json.beginObject()
        for (reason, count) in summary.denials.sorted(by: { $0.key < $1.key }) { json.field(reason, count) }
        json.endObject()
        json.field("zombies", summary.zombies)
        json.field("kernelThreads", summary.kernelThreads)
        json.field("kernelThreadStackBytes", summary.kernelThreadStacks.bytes)
        json.field("stackSizeSource", summary.stackSizeSource)
        json.field("gone", summary.gone)
        json.field("hidden", summary.hidden)
        json.field("threads", summary.threads)
        json.field("wiredBytes", summary.wired.bytes)
        json.field("pageTableBytes", summary.pageTables.bytes)
        json.field("kernelStackBytes", summary.kernelStacks.bytes)
        json.field("kernelObjectBytes", summary.kernelObjects.bytes)
        if let sizes = summary.objectSizes {
            json.key("kernelObjectSizes")
            json.beginObject()
            json.field("source", sizes.source)
            for object in sizes.perThread { json.field("perThread." + object.cache, object.bytes) }
            for object in sizes.perProcess { json.field("perProcess." + object.cache, object.bytes) }
            json.endObject()
        }
        json.field("lockedBytes", summary.locked.bytes)
        json.field("pinnedBytes", summary.pinned.bytes)
        json.field("hugetlbBytes", summary.hugetlb.bytes)
        json.field("readAsRoot", scan?.asRoot ?? false)
        json.field("hidepid", scan?.hidepid)
        json.field("hidepidMode", scan?.hidepidMode?.rawValue)
        json.field("hidepidGroup", scan?.hidepidGroup.map { Int64($0) })
        json.field("unlisted", scan?.unlisted.map { Int64($0) })
        if let ledger {
            json.field("ledgerAppBytes", ledger.bucket(.app)?.bytes.bytes ?? 0)
            json.field("ledgerSharedBytes", ledger.bucket(.shmem)?.bytes.bytes ?? 0)
            json.field("ledgerLockedBytes", ledger.bucket(.mlocked)?.bytes.bytes ?? 0)
            json.field("ledgerKernelStackBytes", ledger.bucket(.kernelStacks)?.bytes.bytes)
        }
        json.endObject()
        LedgerJSON.writeProblems(snapshot.problems(processes: true, owners: false), to: &json)
        json.endObject()
    }
}
