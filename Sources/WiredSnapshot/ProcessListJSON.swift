import WiredCore
import WiredJSON

/// The process list of a snapshot file, written by hand.
///
/// JSONEncoder took 8–10 ms for 1,000 processes, a tenth of a whole snapshot; this takes under 2 ms. The
/// keys and their omission rules are those of `ProcessFacts`' and `SmapsRollup`'s `Codable` conformances,
/// which read the file back: the snapshot tests decode what this writes and compare every field.
enum ProcessListJSON {
    /// `processes` as JSON array elements, comma-separated, without the brackets (so that slices can be
    /// written apart and joined with a comma).
    static func elements(_ processes: ArraySlice<ProcessFacts>) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(processes.count * 640 + 2)
        var json = JSONWriter(pretty: false, flushThreshold: 1 << 20) { out += $0 }
        json.beginArray()
        for process in processes { write(process, to: &json) }
        json.endArray()
        json.finish()
        // Drop "[", and "]" with finish()'s newline.
        return Array(out.dropFirst().dropLast(2))
    }

    static func write(_ process: ProcessFacts, to json: inout JSONWriter) {
        json.beginObject()
        json.field("pid", Int64(process.pid))
        json.field("parentPID", Int64(process.parentPID))
        json.field("threads", Int64(process.threads))
        if let uid = process.uid { json.field("uid", Int64(uid)) }
        json.key("startTime")
        json.value(process.startTime)
        json.field("kind", process.kind.rawValue)
        json.field("state", process.state)
        json.field("name", process.name)
        if !process.command.isEmpty { json.field("command", process.command) }
        optional("rss", process.rss, &json)
        optional("rssAnon", process.rssAnon, &json)
        optional("rssFile", process.rssFile, &json)
        optional("rssShmem", process.rssShmem, &json)
        optional("vmSwap", process.vmSwap, &json)
        optional("pageTables", process.pageTables, &json)
        optional("locked", process.locked, &json)
        optional("pinned", process.pinned, &json)
        optional("hugetlb", process.hugetlb, &json)
        if let smaps = process.smaps {
            json.key("smaps")
            json.beginObject()
            json.field("rss", smaps.rss)
            json.field("pss", smaps.pss)
            optional("pssAnon", smaps.pssAnon, &json)
            optional("pssFile", smaps.pssFile, &json)
            optional("pssShmem", smaps.pssShmem, &json)
            json.field("uss", smaps.uss)
            json.field("swap", smaps.swap)
            optional("swapPss", smaps.swapPss, &json)
            json.field("locked", smaps.locked)
            json.endObject()
        }
        if let denial = process.denial { json.field("denial", denial) }
        if let cgroup = process.cgroup { json.field("cgroup", cgroup) }
        if let unit = process.unit { json.field("unit", unit) }
        json.endObject()
    }

    /// Writes `name: value` only when there is a value, as `encodeIfPresent` does.
    private static func optional(_ name: String, _ value: Int64?, _ json: inout JSONWriter) {
        if let value { json.field(name, value) }
    }
}
